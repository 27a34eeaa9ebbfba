"""Directory snippets in the admin: choosers and listings show only what the editor may view.

Wagtail's snippet choosers (`/admin/snippets/choose/directory/<model>/`, with `results/`,
`chosen/<id>/` and `chosen-multiple/`) answer anyone who reaches the admin, whatever their
permissions: a family referent read there every structure, service, contact and instance
of other families and instances. Each directory viewset mixes in `VisibleEntriesMixin`,
which asks `hub.access` (through `hub.admin_access.visible_queryset`) for the chooser and
for the listing of those who manage the directory, and hides the usage rows they may not
view. Administrators see everything, as before.

Error reports are not entries with a tier: their label names the reported entry. Nobody
chooses a report in a form, so their chooser is left to those who may open the reports'
listing (Wagtail's own permission on the model), as the listing is.
"""

from django.core.exceptions import PermissionDenied
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import UsageView

from hub.access import can_view_object
from hub.admin_access import HideInvisibleUsageMixin, may_list, visible_queryset


class VisibleObjectListMixin:
    def get_object_list(self):
        return visible_queryset(self.request.user, super().get_object_list())


class VisibleChooseView(VisibleObjectListMixin, ChooseView):
    pass


class VisibleChooseResultsView(VisibleObjectListMixin, ChooseResultsView):
    pass


class VisibleChosenView(SnippetChosenView):
    def get_object(self, pk):
        entry = super().get_object(pk)
        if not can_view_object(self.request.user, entry):
            # Answered as an unknown id (404): the chooser never offered it.
            raise self.model_class.DoesNotExist
        return entry


class VisibleChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return visible_queryset(self.request.user, super().get_objects(pks))


class VisibleSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = VisibleChooseView
    choose_results_view_class = VisibleChooseResultsView
    chosen_view_class = VisibleChosenView
    chosen_multiple_view_class = VisibleChosenMultipleView


class VisibleUsageView(HideInvisibleUsageMixin, UsageView):
    pass


class VisibleEntriesMixin:
    """For the directory's `SnippetViewSet`s of tiered models (structures, services,
    contacts, instances, sectors)."""

    chooser_viewset_class = VisibleSnippetChooserViewSet
    usage_view_class = VisibleUsageView

    def get_queryset(self, request):
        # The listing, for those who hold a permission on the directory.
        return visible_queryset(request.user, self.model.objects.all())


# --- Error reports --------------------------------------------------------------------------


class ReportListingPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_list(request.user, self.model_class):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportChooseView(ReportListingPermissionMixin, ChooseView):
    pass


class ReportChooseResultsView(ReportListingPermissionMixin, ChooseResultsView):
    pass


class ReportChosenView(ReportListingPermissionMixin, SnippetChosenView):
    pass


class ReportChosenMultipleView(ReportListingPermissionMixin, SnippetChosenMultipleView):
    pass


class ReportCreateView(ReportListingPermissionMixin, SnippetCreateView):
    pass


class ReportChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ReportChooseView
    choose_results_view_class = ReportChooseResultsView
    chosen_view_class = ReportChosenView
    chosen_multiple_view_class = ReportChosenMultipleView
    create_view_class = ReportCreateView

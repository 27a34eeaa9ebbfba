"""Admin screens of the guide: the glossary snippets and the editions, with « geler »."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import SnippetViewSet

from guide.models import GlossaryTerm, GuideEdition


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = gettext_lazy("Glossaire du guide")
    menu_name = "guide-glossary"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["term", "definition"]
    search_fields = ["term", "variants", "definition"]
    ordering = ["term"]


class EditionEditView(EditView):
    @cached_property
    def header_buttons(self):
        if self.object.frozen or not self.permission_policy.user_has_permission(
            self.request.user, "change"
        ):
            return []
        return [
            HeaderButton(
                _("Geler cette édition"),
                url=reverse("guide_editions:freeze", args=[self.object.pk]),
                icon_name="lock",
            )
        ]


class FreezeEditionView(View):
    """GET: what freezing means; POST: freeze (once; a frozen edition never changes)."""

    viewset = None

    def dispatch(self, request, pk):
        if not self.viewset.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.edition = get_object_or_404(GuideEdition, pk=pk)
        return super().dispatch(request, pk)

    def get(self, request, pk):
        return TemplateResponse(
            request,
            "guide/admin/freeze_edition.html",
            {
                "edition": self.edition,
                "page_title": _("Geler l’édition"),
                "header_title": _("Geler l’édition"),
            },
        )

    def post(self, request, pk):
        if self.edition.freeze():
            messages.success(
                request,
                _("L’édition « %(name)s » est gelée : %(count)s chapitres enregistrés.")
                % {"name": self.edition.name, "count": self.edition.chapters.count()},
            )
        else:
            messages.warning(request, _("Cette édition était déjà gelée : rien n’a changé."))
        return redirect("guide_editions:index")


class FreezeColumn(Column):
    cell_template_name = "guide/admin/freeze_cell.html"

    def get_value(self, instance):
        return instance


class GuideEditionViewSet(ModelViewSet):
    model = GuideEdition
    icon = "history"
    menu_label = gettext_lazy("Éditions du guide")
    name = "guide_editions"
    add_to_admin_menu = True
    menu_order = 320
    form_fields = ["name", "date", "summary"]
    edit_view_class = EditionEditView
    list_display = [
        "name",
        "date",
        Column("frozen", label=gettext_lazy("gelée")),
        FreezeColumn("freeze", label=gettext_lazy("gel")),
    ]

    def get_urlpatterns(self):
        freeze = FreezeEditionView.as_view(viewset=self)
        return super().get_urlpatterns() + [path("freeze/<int:pk>/", freeze, name="freeze")]

"""The Wagtail admin shows an editor only what `hub.access` lets the editor view (issue 11).

Wagtail lists pages by editing permission, and some of its views name any page or object
whose id they are given. A family referent, who edits guide chapters and the family's
space, thus read other families' and instances' titles in choosers, bulk action
confirmations, reports, usage listings and the dashboard. Here, every such listing is
filtered by `hub.access` (never by a rule of its own); administrators keep seeing
everything, as `visible_pages` and its siblings let them.

- Wagtail's extension points first: page and document permission policies whose
  *listings* (`explorable_instances`, `instances_user_has_any_permission_for`) keep
  visible items only, which covers the explorer, the admin search, the pages of a type,
  the admin API, the site history of pages, the aging pages and workflow reports and the
  document library and chooser; the page chooser and explorer hooks; bulk actions
  registered again over visible items only; the usage view of the page viewset; the
  dashboard panels.
- `hub.admin_access_views` for the few views without a hook (page chooser, link
  conversion, page types usage, locked pages, site history), swapped by a middleware.

Directory snippets (choosers, listings) are in `directory.admin_choosers`.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views import home as dashboard
from wagtail.admin.views.pages import bulk_actions as page_bulk_actions
from wagtail.admin.views.pages.usage import UsageView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.documents import get_document_model, get_document_model_string
from wagtail.documents.models import AbstractDocument
from wagtail.documents.views import bulk_actions as document_bulk_actions
from wagtail.models import Page
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDeleteBulkAction

from hub.access import (
    TieredMixin,
    audience_for,
    can_view_document,
    can_view_object,
    can_view_page,
    visible_documents,
    visible_objects,
    visible_pages,
)

# --- Asking the policy about any admin object ------------------------------------------------


def sees_everything(user):
    return audience_for(user).is_admin


def visible_queryset(user, queryset):
    """`queryset` without what `user` may not view, for the models `hub.access` knows.

    The policy's sub-query is put under a filter on the primary key: the admin often hands
    the result to the search backend, which accepts such a filter and no other."""
    model = queryset.model
    if sees_everything(user):
        return queryset
    if issubclass(model, Page):
        visible = visible_pages(user)
    elif issubclass(model, AbstractDocument):
        visible = visible_documents(user)
    elif issubclass(model, TieredMixin):
        visible = visible_objects(user, model.objects.all())
    else:
        return queryset
    return queryset.filter(pk__in=visible.values("pk"))


def may_list(user, model):
    """Wagtail's own rule for a listing: some permission on the model. For the models
    `hub.access` knows nothing about (error reports, whose label names a directory entry)."""
    policy = policy_registry.get_by_type(model)
    return policy.user_has_any_permission(user, ["add", "change", "delete", "view"])


def knows(model):
    return issubclass(model, (Page, AbstractDocument, TieredMixin))


def can_view(user, obj):
    if isinstance(obj, Page):
        return can_view_page(user, obj)
    if isinstance(obj, AbstractDocument):
        return can_view_document(user, obj)
    if isinstance(obj, TieredMixin):
        return can_view_object(user, obj)
    return True


def restricted_models():
    """Models other than pages whose objects `hub.access` may hide (log entries, usage)."""
    tiered = [model for model in apps.get_models() if issubclass(model, TieredMixin)]
    return [get_document_model(), *tiered]


def ids_as_text(queryset):
    # Log entries keep the object's id in a text column.
    return queryset.annotate(id_text=Cast("pk", CharField())).values("id_text")


# --- Page listings: Wagtail's own permission policy, narrowed to visible pages ---------------


class VisiblePagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, unchanged for every decision; only the querysets that
    Wagtail *lists* (pages one may explore, pages one holds a permission on) leave out the
    pages the editor may not view. An editor who may edit a page without viewing it (a
    page of their space restricted to an instance they are not in) no longer finds it in
    listings, reports or choosers."""

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return visible_queryset(user, pages)

    def explorable_instances(self, user):
        # The ancestors added to the explorable pages are filtered too.
        return visible_queryset(user, super().explorable_instances(user))


class VisibleDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """The same for documents: the library, its chooser and its bulk actions list only
    the documents the editor may view (a sub-collection restricted to an instance)."""

    def instances_user_has_any_permission_for(self, user, actions):
        documents = super().instances_user_has_any_permission_for(user, actions)
        return visible_queryset(user, documents)


# --- Hooks --------------------------------------------------------------------------------------


def filter_page_chooser(pages, request):
    return visible_queryset(request.user, pages)


def filter_explorer(parent_page, pages, request):
    return visible_queryset(request.user, pages)


def use_visible_pages_api(router):
    router.register_endpoint("pages", VisiblePagesAdminAPIViewSet)


class VisiblePagesAdminAPIViewSet(PagesAdminAPIViewSet):
    # The explorer menu's API: listing, search and detail, over visible pages only.
    def get_base_queryset(self):
        return visible_queryset(self.request.user, super().get_base_queryset())


class VisibleItemsOnlyBulkAction:
    """A bulk action's confirmation page lists the chosen items, those the editor may not
    act on included, by title: items the editor may not view (or, for a model the policy
    does not know, may not list) are left out of both lists, and so out of the action."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        no_access = extra.get("items_with_no_access", [])
        user = self.request.user
        chosen = self.model.objects.filter(pk__in=[obj.pk for obj in [*objects, *no_access]])
        if not knows(self.model) and not may_list(user, self.model):
            chosen = chosen.none()
        visible = set(visible_queryset(user, chosen).values_list("pk", flat=True))
        extra["items_with_no_access"] = [obj for obj in no_access if obj.pk in visible]
        return [obj for obj in objects if obj.pk in visible], extra


BULK_ACTIONS = [
    page_bulk_actions.DeleteBulkAction,
    page_bulk_actions.MoveBulkAction,
    page_bulk_actions.PublishBulkAction,
    page_bulk_actions.UnpublishBulkAction,
    document_bulk_actions.DeleteBulkAction,
    document_bulk_actions.AddTagsBulkAction,
    document_bulk_actions.AddToCollectionBulkAction,
    SnippetDeleteBulkAction,
]


def _visible_only(action_class):
    return type(action_class.__name__, (VisibleItemsOnlyBulkAction, action_class), {})


class HideInvisibleUsageMixin:
    """Usage listings name the objects that use the page (or snippet). Wagtail already
    hides the title of those the editor may not edit; those they may not view are hidden
    the same way."""

    def get_table(self, object_list, **kwargs):
        table = super().get_table(object_list, **kwargs)
        for row in table.data:
            if not can_view(self.request.user, row["object"]):
                row.update(label=gettext("(contenu privé)"), edit_url=None, edit_link_title=None)
        return table


class VisibleUsageView(HideInvisibleUsageMixin, UsageView):
    pass


class VisiblePageViewSet(PageViewSet):
    """Wagtail's default viewset for every page type, with the usage view above."""

    usage_view_class = VisibleUsageView


# The dashboard panels that list pages: the editor's recent edits, locks, requests for
# approval, and the pages awaiting their review. A reviewer who may not view a page (the
# follow-up committee and a chapter for one family only) no longer finds it there:
# `hub.access` has no rule letting reviewers view what they are asked to approve.
class VisibleRecentEditsPanel(dashboard.RecentEditsPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        edits = context["last_edits"]
        pages = Page.objects.filter(pk__in=[page.pk for _, page in edits])
        user = parent_context["request"].user
        visible = set(visible_pages(user, pages).values_list("pk", flat=True))
        context["last_edits"] = [(date, page) for date, page in edits if page.pk in visible]
        return context


class VisibleLockedPagesPanel(dashboard.LockedPagesPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["locked_pages"] = visible_pages(
            parent_context["request"].user, context["locked_pages"]
        )
        return context


class VisibleWorkflowRequestsPanel(dashboard.UserObjectsInWorkflowModerationPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["workflow_states"] = [
            state for state in context["workflow_states"] if can_view(user, state.content_object)
        ]
        return context


class VisibleReviewsPanel(dashboard.WorkflowObjectsToModeratePanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["states"] = [state for state in context["states"] if can_view(user, state["obj"])]
        return context


PANELS = {
    dashboard.RecentEditsPanel: VisibleRecentEditsPanel,
    dashboard.LockedPagesPanel: VisibleLockedPagesPanel,
    dashboard.UserObjectsInWorkflowModerationPanel: VisibleWorkflowRequestsPanel,
    dashboard.WorkflowObjectsToModeratePanel: VisibleReviewsPanel,
}


def filter_dashboard_panels(request, panels):
    for index, panel in enumerate(panels):
        replacement = PANELS.get(type(panel))
        if replacement is not None:
            panels[index] = replacement()


def register_hooks():
    """Called once from `hub.wagtail_hooks`."""
    register_permission_policy(Page, VisiblePagePermissionPolicy(Page))
    # Built as wagtail.documents.get_permission_policy() builds Wagtail's own, and for the
    # exact class: wagtail.documents registers its own when its app is ready, which may
    # come after these hooks are loaded, and an exact-class policy is looked up first.
    document_policy = VisibleDocumentPermissionPolicy(
        get_document_model_string(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    )
    register_permission_policy(get_document_model(), document_policy, exact_class=True)
    hooks.register("construct_page_chooser_queryset", filter_page_chooser)
    hooks.register("construct_explorer_page_queryset", filter_explorer)
    hooks.register("construct_admin_api", use_visible_pages_api)
    hooks.register("construct_homepage_panels", filter_dashboard_panels)
    # After Wagtail's own registrations (order -1 and 0): the last one registered for the
    # base page model, or for an action of a model, wins.
    hooks.register("register_admin_viewset", lambda: VisiblePageViewSet(), order=100)
    for action_class in BULK_ACTIONS:
        hooks.register("register_bulk_action", _visible_only(action_class), order=100)

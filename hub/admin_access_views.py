"""Wagtail admin views without a hook, shown to an editor only as `hub.access` allows.

Wagtail routes these views from its own URL list, which no hook can change. Once Django
has resolved the URL, `AdminVisibilityMiddleware` runs the subclass below instead of
Wagtail's view, with the same arguments and Wagtail's own decorators:

- the page chooser (`/admin/choose-page/<id>/`, `chosen-multiple/`): the parent page
  heading the chooser, and pages chosen by id, must be visible;
- the conversion of an external link into a link to one of the site's pages (with its
  title): only to a visible page;
- a document chosen by id (`/admin/documents/chooser/chosen/<id>/`): only a visible one;
- the reports: page types usage (counts and last edited page), locked pages, site history
  (entries of directory entries and documents).

The rest (listings by permission, choosers' querysets, bulk actions, usage, dashboard) goes
through Wagtail's extension points, in `hub.admin_access`.
"""

from __future__ import annotations

import json

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents.views.chooser import DocumentChosenView
from wagtail.models import Page, PageLogEntry

from hub.access import can_view_document, can_view_page, visible_pages
from hub.admin_access import ids_as_text, restricted_models, sees_everything, visible_queryset


class VisibleBrowseView(chooser.BrowseView):
    def get_object_list(self):
        # Wagtail has just picked the parent page, whose title heads the chooser: the one
        # in the URL, or the lowest common ancestor of the pages of the requested types.
        if not can_view_page(self.request.user, self.parent_page):
            if self.kwargs.get("parent_page_id"):
                raise Http404
            self.parent_page = Page.get_first_root_node().specific
        return super().get_object_list()


class VisibleChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        # The chooser only offers visible pages: any other id was typed by hand.
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        pages = visible_pages(request.user, Page.objects.filter(pk__in=ids))
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in pages.values_list("pk", flat=True)])
        return super().get(request)


class VisibleExternalLinkView(chooser.ExternalLinkView):
    """An external link to one of the site's pages is turned into a link to the page, with
    its title: only when the editor may view that page; otherwise it stays external."""

    def post(self, request):
        response = super().post(request)
        try:
            data = json.loads(response.content)
        except ValueError:
            data = {}
        # The page's data: under "internal" when the editor is asked to confirm, under
        # "result" when the link is converted at once; an external result has no id.
        page_id = (data.get("internal") or data.get("result") or {}).get("id")
        page = Page.objects.filter(pk=page_id).first() if page_id is not None else None
        if page is not None and not can_view_page(request.user, page):
            return self.render_chosen_response(self.get_result_data())
        return response


class VisibleDocumentChosenView(DocumentChosenView):
    # Wagtail checks the "choose" permission on the collection, which a sub-collection
    # restricted to an instance inherits.
    def get_object(self, pk):
        document = super().get_object(pk)
        if not can_view_document(self.request.user, document):
            raise Http404
        return document


class VisiblePageTypesUsageReportView(PageTypesUsageReportView):
    """Each page type's count and last edited page, among the pages the editor may view."""

    def get_queryset(self):
        queryset = super().get_queryset()
        pages = Page.objects.filter(content_type=OuterRef("pk"))
        if language_code := self.filters.form.cleaned_data.get("page_locale"):
            pages = pages.filter(locale__language_code=language_code)
        if site_root_path := self.filters.form.cleaned_data.get("site"):
            pages = pages.filter(path__startswith=site_root_path)
        pages = visible_pages(self.request.user, pages)
        count = pages.order_by().values("content_type").annotate(n=Count("pk")).values("n")
        last_edited = pages.order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        ).values("pk")[:1]
        return queryset.annotate(
            visible_count=Coalesce(Subquery(count), 0),
            visible_last_edited_page_id=Subquery(last_edited),
        ).order_by("-visible_count", "app_label", "model")

    def decorate_paginated_queryset(self, page_types):
        for item in page_types:
            item.count = item.visible_count
            item.last_edited_page_id = item.visible_last_edited_page_id
        return super().decorate_paginated_queryset(page_types)


class VisibleLockedPagesView(LockedPagesView):
    # Wagtail adds the pages the editor locked, whatever their permissions now.
    def get_queryset(self):
        return visible_queryset(self.request.user, super().get_queryset())


class VisibleLogEntriesView(LogEntriesView):
    """Site history: Wagtail shows the entries of every object of a model the editor holds
    any permission on (a directory entry, a document), and of pages deleted since."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if sees_everything(user):
            return queryset
        if issubclass(queryset.model, PageLogEntry):
            return queryset.filter(page_id__in=visible_pages(user).values("pk"))
        for model in restricted_models():
            hidden = Q(content_type=ContentType.objects.get_for_model(model)) & ~Q(
                object_id__in=ids_as_text(visible_queryset(user, model.objects.all()))
            )
            queryset = queryset.exclude(hidden)
        return queryset


REPLACEMENTS = {
    chooser.BrowseView: VisibleBrowseView,
    chooser.ChosenMultipleView: VisibleChosenMultipleView,
    chooser.ExternalLinkView: VisibleExternalLinkView,
    DocumentChosenView: VisibleDocumentChosenView,
    PageTypesUsageReportView: VisiblePageTypesUsageReportView,
    LockedPagesView: VisibleLockedPagesView,
    LogEntriesView: VisibleLogEntriesView,
}


class AdminVisibilityMiddleware:
    """Wagtail routes these views from its own URL list, which no hook can change: once
    Django has resolved the URL, the middleware runs the subclass instead, with the same
    arguments and Wagtail's own decorators (admin access required, never cached)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        replacement = REPLACEMENTS.get(getattr(view_func, "view_class", None))
        if replacement is None:
            return None
        view = replacement.as_view(**getattr(view_func, "view_initkwargs", {}))
        return never_cache(require_admin_access(view))(request, *view_args, **view_kwargs)

"""The home page: what the hub is, the four territories, the entry points."""

from django.utils.translation import gettext_lazy as _

from hub.access import visible_pages
from hub.models.base import HubBasePage


class HomePage(HubBasePage):
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "hub.CharterPage",
        "hub.TerritoryIndexPage",
        "hub.ProjectIndexPage",
        "hub.StandardPage",
        "hub.PartnerSpaceIndexPage",
        "guide.GuideIndexPage",
    ]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        from hub.models.charter import CharterPage
        from hub.models.projects import ProjectSheetPage
        from hub.models.territories import TerritoryPage

        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["territories"] = visible_pages(user, TerritoryPage.objects.live()).order_by("path")
        # Lazy, like the two querysets: read only when the page's fragment is not cached
        # (issue 20); `{% with charter=charter %}` in the template calls it once.
        context["charter"] = visible_pages(user, CharterPage.objects.live()).first
        context["projects"] = visible_pages(user, ProjectSheetPage.objects.live()).order_by("path")
        return context

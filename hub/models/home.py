"""The home page: what the hub is, the four territories, the entry points."""

from django.utils.translation import gettext_lazy as _

from hub.models.base import HubBasePage


class HomePage(HubBasePage):
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "hub.CharterPage",
        "hub.TerritoryIndexPage",
        "hub.ProjectIndexPage",
        "hub.StandardPage",
    ]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        from hub.models.charter import CharterPage
        from hub.models.projects import ProjectSheetPage
        from hub.models.territories import TerritoryPage

        context = super().get_context(request, *args, **kwargs)
        context["territories"] = TerritoryPage.objects.live().public().order_by("path")
        context["charter"] = CharterPage.objects.live().public().first()
        context["projects"] = ProjectSheetPage.objects.live().public().order_by("path")
        return context

"""What every page's header and footer need: the site's main sections."""

from django.urls import reverse
from django.utils.translation import gettext as _


def site_chrome(request):
    from hub.models import CharterPage, ProjectIndexPage, TerritoryIndexPage

    sections = []
    for model, fallback in (
        (CharterPage, _("La charte")),
        (TerritoryIndexPage, _("Territoires")),
        (ProjectIndexPage, _("Fiches projet")),
    ):
        page = model.objects.live().public().only("title", "url_path", "path").first()
        if page is not None:
            sections.append({"title": page.title or fallback, "url": page.url})
    legal = None
    from hub.models import StandardPage

    legal = StandardPage.objects.live().public().filter(slug="mentions-legales").first()
    return {
        "main_sections": sections,
        "legal_page": legal,
        "admin_url": reverse("wagtailadmin_home"),
    }

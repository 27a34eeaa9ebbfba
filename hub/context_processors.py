"""What every page's header and footer need: the main sections the reader may see."""

from django.urls import reverse
from django.utils.translation import gettext as _

from hub.access import audience_for, visible_pages


def site_chrome(request):
    from hub.models import (
        CharterPage,
        PartnerSpaceIndexPage,
        ProjectIndexPage,
        StandardPage,
        TerritoryIndexPage,
    )

    user = getattr(request, "user", None)
    sections = []
    for model, fallback in (
        (CharterPage, _("La charte")),
        (TerritoryIndexPage, _("Territoires")),
        (ProjectIndexPage, _("Fiches projet")),
    ):
        page = visible_pages(user, model.objects.live()).first()
        if page is not None:
            sections.append({"title": page.title or fallback, "url": page.url})
    from guide.models import GuideIndexPage

    guide = visible_pages(user, GuideIndexPage.objects.live()).first()
    if guide is not None:
        sections.append({"title": _("Le guide"), "url": guide.url})
    # The directory is public (what it lists is filtered entry by entry).
    sections.append({"title": _("Annuaire"), "url": reverse("directory:search")})
    sections.append({"title": _("Qui contacter ?"), "url": reverse("directory:who_covers")})
    # The partner spaces are listed for everyone: their name is not secret, and an
    # anonymous visitor who follows the link is asked to log in.
    spaces = PartnerSpaceIndexPage.objects.live().first()
    if spaces is not None:
        sections.append({"title": spaces.title, "url": spaces.url})
    legal = visible_pages(user, StandardPage.objects.live().filter(slug="mentions-legales"))
    accessibility = visible_pages(user, StandardPage.objects.live().filter(slug="accessibilite"))
    return {
        "main_sections": sections,
        "legal_page": legal.first(),
        "accessibility_page": accessibility.first(),
        "admin_url": reverse("wagtailadmin_home"),
        "audience": audience_for(user),
    }

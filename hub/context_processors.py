"""What every page's header and footer need: the main sections the reader may see.

The menu's labels are fixed, translated words, one per kind of section (not the pages'
titles): a page title is French content with no English version, and a menu keeps short,
stable labels whatever an editor calls the page. A section whose page is missing, or that
the reader may not see, is left out.
"""

from django.urls import reverse
from django.utils.translation import pgettext

from hub.access import audience_for, visible_pages


def site_chrome(request):
    from guide.models import GuideIndexPage
    from hub.models import (
        CharterPage,
        PartnerSpaceIndexPage,
        ProjectIndexPage,
        StandardPage,
        TerritoryIndexPage,
    )

    user = getattr(request, "user", None)
    sections = []
    for model, label in (
        (CharterPage, pgettext("menu", "Charte")),
        (TerritoryIndexPage, pgettext("menu", "Territoires")),
        (ProjectIndexPage, pgettext("menu", "Fiches projet")),
        (GuideIndexPage, pgettext("menu", "Guide")),
    ):
        page = visible_pages(user, model.objects.live()).first()
        if page is not None:
            sections.append({"title": label, "url": page.url})
    # The directory is public (what it lists is filtered entry by entry).
    sections.append({"title": pgettext("menu", "Annuaire"), "url": reverse("directory:search")})
    sections.append(
        {"title": pgettext("menu", "Qui contacter ?"), "url": reverse("directory:who_covers")}
    )
    # The partner spaces are listed for everyone: their name is not secret, and an
    # anonymous visitor who follows the link is asked to log in.
    spaces = PartnerSpaceIndexPage.objects.live().first()
    if spaces is not None:
        sections.append({"title": pgettext("menu", "Espaces partenaires"), "url": spaces.url})
    legal = visible_pages(user, StandardPage.objects.live().filter(slug="mentions-legales"))
    accessibility = visible_pages(user, StandardPage.objects.live().filter(slug="accessibilite"))
    return {
        "main_sections": sections,
        "legal_page": legal.first(),
        "accessibility_page": accessibility.first(),
        "admin_url": reverse("wagtailadmin_home"),
        "audience": audience_for(user),
    }

"""URLs of the hub. French, stable: partners bookmark them (see ARCHITECTURE.md).

The apps' URLconfs are included by their dotted names, as INSTALLED_APPS names the apps:
hub imports nothing above it (hub/hooks.py)."""

import re

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.documents import urls as wagtaildocs_urls

from hub.api import api_router
from hub.archive_views import export_space_view
from hub.hooks import SITEMAPS, provided
from hub.privacy.views import personal_data


def sitemaps() -> dict:
    """hub's pages, then the sections the apps register (hub/hooks.py, `maillage_sitemaps`)."""
    sections = {"pages": Sitemap}
    for registered in provided(SITEMAPS):
        sections.update(registered)
    return sections


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "compte/referent/espaces/<int:page_id>/export/",
        export_space_view,
        name="export_space",
    ),
    path("compte/", include("hub.accounts.urls")),
    path("compte/", include("hub.security.urls")),
    path("api/v2/", api_router.urls),
    path("api/", include("directory.api_urls")),
    path("", include("directory.urls")),
    # The guide's routes at the root (the crisis path), before Wagtail's pages.
    path("", include("guide.root_urls")),
    path("recherche/", include("search.urls")),
    # /agenda/ (events, feeds) and /compte/agenda/ (the personal feed's secret address).
    path("", include("hub.agenda.urls")),
    # /evaluation/ (accredited partners), /evaluation/synthese/ (public figures only).
    path("", include("hub.evaluation.urls")),
    # /formations/: the trainings (catalogue, sessions, registrations, evaluations).
    path("formations/", include("hub.trainings.urls")),
    path("donnees-personnelles/", personal_data, name="personal_data"),
    # /espaces/…: members' contributions, comments, the managers' list (hub/collab/).
    path("espaces/", include("hub.collab.urls")),
    # Exempt from CSRF so that public pages carry no token and can be cached (the
    # language switch only sets the interface language).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": sitemaps()},
        name="sitemap",
    ),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns
    from django.urls import re_path

    from hub.debug_media import serve_public_media

    urlpatterns += staticfiles_urlpatterns()
    # Images only: documents go through Wagtail's serve view, which checks their privacy.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", serve_public_media)]

urlpatterns += [
    # /charte/charte.pdf, /guide/guide.pdf, /guide/<chapitre>/chapitre.pdf: Wagtail's own
    # routing never matches a last segment with a dot (see guide/pdf/urls.py).
    path("", include("guide.pdf.urls")),
    path("", include(wagtail_urls)),
]

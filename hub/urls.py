"""URLs of the hub. French, stable: partners bookmark them (see ARCHITECTURE.md)."""

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

from directory.sitemaps import DirectorySitemap
from guide.views.crisis import crisis_path
from hub.api import api_router
from hub.archive_views import export_space_view
from hub.privacy.views import personal_data

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
    path("guide/en-cas-de-crise/", crisis_path, name="crisis_path"),
    path("recherche/", include("search.urls")),
    path("donnees-personnelles/", personal_data, name="personal_data"),
    # Exempt from CSRF so that public pages carry no token and can be cached (the
    # language switch only sets the interface language).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": Sitemap, "annuaire": DirectorySitemap}},
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

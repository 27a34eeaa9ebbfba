"""Let `/<page path>/<name>.pdf` reach Wagtail's routing.

Wagtail's catch-all (`^((?:[\\w\\-]+/)*)$`) never matches a path whose last segment holds
a dot, so `/charte/charte.pdf` or `/guide/guide.pdf` would 404 before any page is asked.
This pattern hands such paths to Wagtail's own `serve` view unchanged: the page's
`RoutablePageMixin.route` receives `charte.pdf` as its last component (and resolves its
`charte.pdf/` route), and the `before_serve_page` hooks run as for any page (access
policy, `Cache-Control: private, no-store`).

Include it in `hub/urls.py` just before Wagtail's URLs:

    path("", include("guide.pdf.urls")),

It also holds the one PDF that is not a page's: the printable sheet of a commune,
`/qui-contacter/<code INSEE>/fiche.pdf` (`guide.pdf.commune_sheet`), next to the
`/qui-contacter/` page it prints (the directory app does not import the guide).
"""

from django.urls import path, re_path
from wagtail import views as wagtail_views

from guide.pdf.commune_sheet import commune_sheet_pdf

PDF_NAMES = ("charte", "guide", "chapitre")

urlpatterns = [
    path("qui-contacter/<str:code>/fiche.pdf", commune_sheet_pdf, name="commune_sheet"),
    re_path(
        r"^((?:[\w\-]+/)+(?:%s)\.pdf)$" % "|".join(PDF_NAMES),  # noqa: UP031
        wagtail_views.serve,
        name="maillage_pdf_serve",
    ),
]

"""Let `/<page path>/<name>.pdf` reach Wagtail's routing.

Wagtail's catch-all (`^((?:[\\w\\-]+/)*)$`) never matches a path whose last segment holds
a dot, so `/charte/charte.pdf` or `/guide/guide.pdf` would 404 before any page is asked.
This pattern hands such paths to Wagtail's own `serve` view unchanged: the page's
`RoutablePageMixin.route` receives `charte.pdf` as its last component (and resolves its
`charte.pdf/` route), and the `before_serve_page` hooks run as for any page (access
policy, `Cache-Control: private, no-store`).

Include it in `hub/urls.py` just before Wagtail's URLs:

    path("", include("guide.pdf.urls")),
"""

from django.urls import re_path
from wagtail import views as wagtail_views

PDF_NAMES = ("charte", "guide", "chapitre")

urlpatterns = [
    re_path(
        r"^((?:[\w\-]+/)+(?:%s)\.pdf)$" % "|".join(PDF_NAMES),  # noqa: UP031
        wagtail_views.serve,
        name="maillage_pdf_serve",
    ),
]

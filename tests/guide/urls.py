"""The hub's URLs with the PDF addresses first (guide.pdf.urls, which hub/urls.py should
include before Wagtail's catch-all)."""

from django.urls import include, path

from hub.urls import urlpatterns as hub_urlpatterns

urlpatterns = [path("", include("guide.pdf.urls")), *hub_urlpatterns]

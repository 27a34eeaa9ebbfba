"""The guide's routes that are views, not pages: « En cas de crise »
(`/guide/en-cas-de-crise/`, guide/views/crisis.py). The PDFs have their own module,
`guide.pdf.urls`, included last (see there).

Included by `hub/urls.py` by its dotted name (`include("guide.root_urls")`), before
Wagtail's catch-all, which would otherwise look for a page of that slug under the guide.
The URL name stays `crisis_path`, without a namespace.
"""

from django.urls import path

from guide.views.crisis import crisis_path

urlpatterns = [
    path("guide/en-cas-de-crise/", crisis_path, name="crisis_path"),
]

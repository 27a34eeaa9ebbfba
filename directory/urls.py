"""Public URLs of the directory (see docs/architecture.md): French, stable, bookmarked.

Each view module owns one area: `listing` (search and facets), `entry` (one entry),
`who` ("qui contacter ?"), `map_page` (the map and its accessible list), `report` ("signaler
une erreur"). Every view reads entries through `hub.access`.
"""

from django.urls import path

from directory.views import entry, listing, map_page, report, who

app_name = "directory"

urlpatterns = [
    path("annuaire/", listing.directory_search, name="search"),
    path("annuaire/carte/", map_page.directory_map, name="map"),
    path("annuaire/secteurs/<int:pk>/", entry.sector_detail, name="sector"),
    path("annuaire/<slug:slug>/", entry.entry_detail, name="entry"),
    path("annuaire/<slug:slug>/signaler/", report.report_error, name="report"),
    path("annuaire/<slug:slug>/signaler/merci/", report.report_sent, name="report_sent"),
    path("qui-contacter/", who.who_covers_view, name="who_covers"),
]

"""The directory's read API under /api/ (see docs/architecture.md). Every response is built from
what the requesting user may see (`hub.access`), and joins the leak matrix."""

from django.urls import path

from directory.api import data_inclusion, exports, geojson

app_name = "directory_api"

urlpatterns = [
    path("annuaire.geojson", geojson.directory_geojson, name="geojson"),
    path("annuaire.csv", exports.directory_csv, name="csv"),
    path("annuaire.xlsx", exports.directory_xlsx, name="xlsx"),
    path("data-inclusion/structures.json", data_inclusion.structures, name="di_structures"),
    path("data-inclusion/services.json", data_inclusion.services, name="di_services"),
]

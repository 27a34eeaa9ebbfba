"""`/annuaire/carte/`: the directory on a map, with its accessible list.

The page takes the query string of `/annuaire/` (`DirectorySearchForm`). The server renders
the search form, a status line and the list of results (kind, title, commune, 100 per
page): the list is the page's content, and it works without JavaScript, without tiles
and if the script fails. The script (`directory/js/map.js`, over the vendored Leaflet
and Leaflet.markercluster) then loads the markers from `/api/annuaire.geojson` with the
same query. The list, the count of entries without a position (`map_counts`) and the
markers (`map_points`) all come from the selected search engine with the same query, so
they agree, and all are filtered by `hub.access`.

The tile server and its attribution come from the settings (`MAILLAGE_MAP_TILE_URL`,
`MAILLAGE_MAP_ATTRIBUTION`) as data attributes; with no tile server the page says at once
that the background map is unavailable.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from directory.api.geojson import feature_id
from directory.query import DirectorySearchForm, map_counts, search_directory
from hub.query_strings import query_string
from search.models import SearchDocument

PER_PAGE = 100
KIND_LABELS = dict(SearchDocument.Kind.choices)


@dataclass
class ListedEntry:
    """One line of the accessible list. Built from what the search returns (a search
    document or an engine's hit: both carry these fields)."""

    key: str  # the GeoJSON feature's id, for « voir sur la carte »
    kind_label: str
    title: str
    subtitle: str
    url: str
    commune: str
    mapped: bool
    distance_km: float | None

    @classmethod
    def of(cls, result):
        return cls(
            key=feature_id(result.source, result.object_id),
            kind_label=result.subkind_label or str(KIND_LABELS.get(result.kind, result.kind)),
            title=result.title,
            subtitle=result.subtitle,
            url=result.url,
            commune=result.commune_name,
            mapped=result.latitude is not None and result.longitude is not None,
            distance_km=getattr(result, "distance_km", None),
        )


@require_GET
def directory_map(request):
    form = DirectorySearchForm(request.GET)
    results = unmapped = None
    place_choices = []
    if form.is_valid():
        query = form.to_query()
        results = search_directory(request.user, query, per_page=PER_PAGE, labels=form.facet_labels)
        unmapped = map_counts(request.user, query, results.place).unplaced
        if results.place.status in ("not_found", "too_many"):
            # Next to the field, which keeps what was typed.
            form.add_error("lieu", results.place.message)
            results.messages.remove(results.place.message)
        # Each choice designates its commune exactly: following it never asks again.
        place_choices = [
            {
                "choice": choice,
                "url": "?" + query_string(request.GET, page=None, lieu=choice.value),
            }
            for choice in results.place.choices
        ]
    criteria = query_string(request.GET, page=None)
    page = results.page if results else None
    context = {
        "form": form,
        "results": results,
        "entries": [ListedEntry.of(result) for result in page.object_list] if page else [],
        "unmapped": unmapped,
        "map_url": reverse("directory:map"),
        "place_choices": place_choices,
        "list_url": reverse("directory:search") + (f"?{criteria}" if criteria else ""),
        "geojson_url": reverse("directory_api:geojson") + (f"?{criteria}" if criteria else ""),
        "tile_url": settings.MAILLAGE_MAP_TILE_URL or "",
        "tile_host": urlsplit(settings.MAILLAGE_MAP_TILE_URL or "").hostname or "",
        "attribution": settings.MAILLAGE_MAP_ATTRIBUTION or "",
        "previous_query": (
            query_string(request.GET, page=str(page.previous_page_number()))
            if page is not None and page.has_previous()
            else ""
        ),
        "next_query": (
            query_string(request.GET, page=str(page.next_page_number()))
            if page is not None and page.has_next()
            else ""
        ),
    }
    return render(request, "directory/map.html", context)

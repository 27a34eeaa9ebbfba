"""`/api/annuaire.geojson`: the directory's entries that have a position, as a GeoJSON
FeatureCollection, for the map (`/annuaire/carte/`) and for partners' own tools.

It takes the query string of `/annuaire/` (q, lieu, rayon and the facets) and asks the
selected search engine for the matching positions (`directory.query.map_points`), with
the list's own query, so the map and the list always agree and the access tiers are
filtered inside the engine's query (`hub.access`). Entries without a position are
left out here; the map page lists them.

Each feature's `properties.id` is the entry's stable key (`feature_id`: its source and id
there), which the map page's list uses for its « voir sur la carte » buttons; its
`properties.url` is the entry's page as an absolute URL on the host the request used
(`hub.absolute_urls`).

Built for size and speed (20,000 entries within 300 ms, measured by `bench/geojson.py`):
on the database engine one `values_list` query, no model instances, compact JSON written
feature by feature, coordinates rounded to 5 decimals (about one metre), gzip when the
client accepts it (the logic of Django's GZipMiddleware, at a faster level). At most
`MAX_FEATURES` features: beyond, the collection says `"tronque": true` and why.

A place that matches several communes (`?lieu=13014`: Marseille 14e's postcode, and
Berre-l'Étang's INSEE code) gives no feature, a `message` and `choix`: each choice's
`lieu` value designates its commune exactly (`?lieu=13214`, `?lieu=Berre-l'Étang
(13014)`).

Caching: an anonymous answer is the same for every anonymous visitor (`public,
max-age=300`); a logged-in person's answer depends on their tiers (`private, no-store`).
Both vary on the cookie and the encoding.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from json.encoder import encode_basestring

from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.query import DirectorySearchForm, map_points, resolve_place
from hub.absolute_urls import site_root
from search.models import SearchDocument

MAX_FEATURES = 50_000
PUBLIC_MAX_AGE = 300
CONTENT_TYPE = "application/geo+json; charset=utf-8"
# Django's own gzip (GZipMiddleware, gzip_page) uses level 6; level 4 gives nearly the same
# size for half the time on this repetitive JSON (bench/geojson.py).
GZIP_LEVEL = 4
GZIP_MIN_LENGTH = 200  # as GZipMiddleware: below, gzip's header costs more than it saves
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# One feature, as compact JSON with the keys in this order. Strings go through the json
# module's own C encoder, numbers through repr(): the result is exactly what
# json.dumps(separators=(",", ":"), ensure_ascii=False) would write for the same dict, for
# about two thirds of the time (no 20,000 nested dicts to build and walk).
FEATURE = (
    '{"type":"Feature","geometry":{"type":"Point","coordinates":[%r,%r]},'
    '"properties":{"id":%s,"kind":%s,"kind_label":%s,"title":%s,"subtitle":%s,'
    '"url":%s,"commune":%s}}'
)


def feature_id(source: str, object_id: int) -> str:
    """The stable key of an entry, on the map and in the list: its source and its id there
    (search documents are rebuilt, so their own primary key is not stable)."""
    return f"{source.replace('.', '-')}-{object_id}"


def feature_strings(rows, root: str = "") -> list[str]:
    """`root` (`hub.absolute_urls.site_root`) makes each entry's `url` absolute: the
    features are read by partners' own tools, where a bare path means nothing."""
    kind_labels = {value: str(label) for value, label in SearchDocument.Kind.choices}
    encode = encode_basestring
    features = []
    for source, object_id, kind, label, title, subtitle, url, commune, lng, lat in rows:
        if not (math.isfinite(lng) and math.isfinite(lat)):
            continue  # not a position JSON can carry
        features.append(
            FEATURE
            % (
                round(lng, 5),
                round(lat, 5),
                encode(feature_id(source, object_id)),
                encode(kind),
                encode(label or kind_labels.get(kind, kind)),
                encode(title),
                encode(subtitle),
                encode(root + url if url.startswith("/") else url),
                encode(commune),
            )
        )
    return features


def _dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _collection(features: list[str], members: dict) -> bytes:
    """{"type":"FeatureCollection","features":[...], ...members}, compact."""
    tail = _dumps(members)[1:-1] if members else b""
    return b"".join(
        [
            b'{"type":"FeatureCollection","features":[',
            ",".join(features).encode("utf-8"),
            b"]",
            b"," + tail if tail else b"",
            b"}",
        ]
    )


def _response(body: bytes, request, status=200) -> HttpResponse:
    if len(body) >= GZIP_MIN_LENGTH and ACCEPTS_GZIP.search(
        request.META.get("HTTP_ACCEPT_ENCODING", "")
    ):
        response = HttpResponse(
            gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
            content_type=CONTENT_TYPE,
            status=status,
        )
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body, content_type=CONTENT_TYPE, status=status)
    if status == 200 and not request.user.is_authenticated:
        # The same bytes for every anonymous visitor: a shared cache may keep them a while.
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        # What a logged-in person sees depends on their tiers; errors are not worth keeping.
        patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    return response


@require_GET
def directory_geojson(request):
    form = DirectorySearchForm(request.GET)
    if not form.is_valid():
        errors = {
            field: [str(error) for error in messages] for field, messages in form.errors.items()
        }
        return _response(_dumps({"erreurs": errors}), request, status=400)
    query = form.to_query()
    place = resolve_place(query.place)
    # With a radius, the nearest come first, so that a cut keeps them.
    points = map_points(request.user, query, place, MAX_FEATURES)
    # The rows are `search.engines.base.POINT_FIELDS` tuples.
    features = feature_strings(points.rows, site_root(request))
    members = {}
    if points.truncated:
        members["tronque"] = True
        members["message"] = _(
            "Trop d’entrées pour une seule carte : seules les %(count)s premières sont "
            "renvoyées. Précisez la recherche (mots-clés, commune, filtres)."
        ) % {"count": MAX_FEATURES}
    elif place.message:
        # Not found, too many, or a choice: no feature, the message, and for a choice the
        # `lieu` values that designate each commune exactly (`directory.places`).
        members["message"] = place.message
        if place.choices:
            members["choix"] = [
                {"lieu": choice.value, "libelle": choice.label} for choice in place.choices
            ]
    return _response(_collection(features, members), request)

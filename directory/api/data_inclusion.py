"""`/api/data-inclusion/structures.json` and `/api/data-inclusion/services.json`: the
directory as data·inclusion schema v1 records, as the requesting user may see it.

The answer is one JSON array, streamed (StreamingHttpResponse) rather than paginated: the
data·inclusion tools read a whole array or JSON Lines, and streaming keeps memory flat
whatever the size of the directory. Each record is built by `directory.exports`, which
filters through `hub.access`; the response depends on the user, so it is never stored
by a shared cache (`private, no-store`).

`lien_source` names the entry's page on the host the request used (`hub.absolute_urls`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from directory.exports import iter_service_records, iter_structure_records


def _json_array(records: Iterable[dict]) -> Iterator[str]:
    yield "["
    separator = ""
    for record in records:
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "]\n"


def _response(records: Iterable[dict]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _json_array(records), content_type="application/json; charset=utf-8"
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def structures(request):
    return _response(iter_structure_records(request.user, request))


@require_GET
def services(request):
    return _response(iter_service_records(request.user, request))

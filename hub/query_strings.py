"""Links that keep the reader's query string with a few parameters changed.

The directory's list (`/annuaire/`) and its map (`/annuaire/carte/`) build their filter,
pagination and place-choice links with these, so that both write query strings the same
way.
"""

from __future__ import annotations

from django.http import QueryDict


def query_string(params: QueryDict, **changes) -> str:
    """`params` url-encoded, changed: a value None removes the parameter, a list sets all
    its values, anything else sets one value."""
    params = params.copy()
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        elif isinstance(value, list):
            params.setlist(name, value)
        else:
            params[name] = str(value)
    return params.urlencode()


def with_params(base: str, params: QueryDict, **changes) -> str:
    """`base` with `params`, changed as `query_string` does (no "?" when nothing is left)."""
    query = query_string(params, **changes)
    return f"{base}?{query}" if query else base

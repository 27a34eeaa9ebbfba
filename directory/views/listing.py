"""/annuaire/: the directory search, a plain GET form that works without JavaScript.

The form is `directory.query.DirectorySearchForm`, the search `search_directory` (tier
filter inside the SQL, facet counts on the same visible documents). This module only turns
the result into what the page shows: the active filters with a link removing each, the
pagination links keeping the query string, the suggestions when nothing matches.

An invalid query string (a radius without a place, a 300-character text, an unknown facet
value) never answers 500: the invalid criteria are left out, the page says which and why
at the top, and the search runs with what is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.query import (
    FACET_PARAMS,
    RADIUS_CHOICES,
    DirectorySearchForm,
    search_directory,
)
from hub.query_strings import with_params

# Parameters the page reads; anything else in the query string is dropped from its links.
KNOWN_PARAMS = ["q", "lieu", "rayon", *FACET_PARAMS.values()]


@dataclass(frozen=True)
class ActiveFilter:
    label: str  # "Mots-clés", "Type"...
    value: str  # what was chosen, in words
    remove_url: str


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis
    url: str
    current: bool


def clean_params(data: QueryDict, form) -> QueryDict:
    """The query string reduced to the search's own valid parameters, page excluded: the
    links of the page never carry an error along."""
    params = QueryDict(mutable=True)
    invalid = set(form.errors)
    if not form.cleaned_data.get("lieu"):
        invalid.add("rayon")
    for name in KNOWN_PARAMS:
        if name in invalid:
            continue
        values = [value for value in data.getlist(name) if value.strip()]
        if values:
            params.setlist(name, values)
    return params


def active_filters(form, params: QueryDict, base: str) -> list[ActiveFilter]:
    data = form.cleaned_data
    filters = []
    if data.get("q"):
        filters.append(
            ActiveFilter(str(form.fields["q"].label), data["q"], with_params(base, params, q=None))
        )
    if data.get("lieu"):
        # Without a place, a radius means nothing: both go together.
        url = with_params(base, params, lieu=None, rayon=None)
        filters.append(ActiveFilter(_("Lieu"), data["lieu"], url))
    if data.get("rayon") and data.get("lieu"):
        value = _("à moins de %(km)d km") % {"km": data["rayon"]}
        filters.append(ActiveFilter(_("Rayon"), value, with_params(base, params, rayon=None)))
    for param in FACET_PARAMS.values():
        field = form.fields[param]
        labels = dict(field.choices)
        chosen = data.get(param) or []
        for value in chosen:
            rest = [other for other in chosen if other != value]
            url = with_params(base, params, **{param: rest or None})
            filters.append(ActiveFilter(str(field.label), str(labels.get(value, value)), url))
    return filters


def page_links(page, params: QueryDict, base: str) -> list[PageLink]:
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == Paginator.ELLIPSIS:
            links.append(PageLink(None, "", False))
        else:
            links.append(
                PageLink(
                    number,
                    with_params(base, params, page=number if number > 1 else None),
                    number == page.number,
                )
            )
    return links


def suggestions(form, results, params: QueryDict, base: str) -> list[dict]:
    """What to try when nothing matches: a wider radius, fewer criteria, « qui contacter ? »."""
    data = form.cleaned_data
    found = results.place.status == "found"
    items = []
    radius = data.get("rayon")
    if found:
        wider = [km for km in RADIUS_CHOICES if radius is None or km > radius]
        if wider:
            items.append(
                {
                    "text": _("Élargir la recherche à %(km)d km autour de %(place)s")
                    % {"km": wider[0], "place": results.place.commune.name},
                    "url": with_params(base, params, rayon=wider[0]),
                }
            )
    if any(data.get(param) for param in FACET_PARAMS.values()):
        items.append(
            {
                "text": _("Retirer les filtres (type, thématique, public…)"),
                "url": with_params(base, params, **dict.fromkeys(FACET_PARAMS.values())),
            }
        )
    if data.get("q"):
        items.append(
            {
                "text": _("Chercher sans les mots-clés"),
                "url": with_params(base, params, q=None),
            }
        )
    who = reverse("directory:who_covers")
    typed = (form.data.get("lieu") or "").strip()[: form.fields["lieu"].max_length]
    place = results.place.commune.query_value if found else typed
    items.append(
        {
            "text": _("Demander « qui contacter ? » pour un lieu : secteur, CMP, équipe mobile"),
            "url": f"{who}?{QueryDict.fromkeys(['lieu'], place).urlencode()}" if place else who,
        }
    )
    return items


def field_errors(form) -> list[dict]:
    """The errors of the visible fields, for the summary on top of the page (the hidden
    `page` parameter only falls back to page 1)."""
    errors = []
    for field in form:
        if field.name == "page":
            continue
        for error in field.errors:
            target = field.auto_id
            errors.append({"label": field.label, "message": error, "target": target})
    return errors


@require_GET
def directory_search(request):
    base = reverse("directory:search")
    form = DirectorySearchForm(request.GET)
    form.is_valid()  # what is invalid is left out of `cleaned_data`, and listed on top
    query = form.to_query()
    results = search_directory(request.user, query, labels=form.facet_labels)
    if results.place.status in ("not_found", "too_many"):
        # Next to the field (which keeps what was typed) rather than above the results.
        form.add_error("lieu", results.place.message)
        results.messages.remove(results.place.message)
    params = clean_params(request.GET, form)
    place_choice_params = params.copy()
    place_choice_params.pop("lieu", None)
    # Each choice designates its commune exactly: following it never asks again.
    place_choices = [
        {"choice": choice, "url": with_params(base, place_choice_params, lieu=choice.value)}
        for choice in results.place.choices
    ]
    page = results.page
    context = {
        "form": form,
        "results": results,
        "query": query,
        "errors": field_errors(form),
        "active_filters": active_filters(form, params, base),
        "clear_url": base,
        "page_links": page_links(page, params, base) if page.paginator.num_pages > 1 else [],
        "previous_url": (
            with_params(base, params, page=page.previous_page_number() if page.number > 2 else None)
            if page.has_previous()
            else ""
        ),
        "next_url": (
            with_params(base, params, page=page.next_page_number()) if page.has_next() else ""
        ),
        "place_choices": place_choices,
        "suggestions": suggestions(form, results, params, base) if not results.total else [],
        "map_url": with_params(reverse("directory:map"), params),
    }
    return render(request, "directory/search.html", context)

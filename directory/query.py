"""Directory search: text, place (commune, postcode, arrondissement), distance from a
commune, and facets, over the search documents (`search.models`), for one user.

The list (`/annuaire/`, `search_directory`), the map's counts (`map_counts`) and the
GeoJSON API (`map_points`) all ask the selected engine (`search.engines.get_engine()`)
with the same `engine_query()`, so they always agree, on the database as on
Elasticsearch. Tier filtering happens inside the engine's query
(`hub.access.search_filter_terms`), once, whatever the number of restricted entries.

The place filter keeps entries that are in, cover, or serve the commune; Paris, Lyon and
Marseille also match their arrondissements, and an arrondissement matches entries that
serve the whole city. With a radius, entries are kept within that distance of the
commune's centre and ordered by distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory import places
from directory.models import Commune, OrganisationKind
from directory.models.vocabularies import CATEGORIES, PUBLIC_LABELS
from directory.places import PlaceChoice
from directory.search_documents import SPECS as DIRECTORY_SPECS
from hub.access import visible_pages
from search.engines import get_engine
from search.engines.base import MapCounts, MapPoints, SearchQuery
from search.models import SearchFacet
from search.text import MAX_QUERY_LENGTH, query_terms

Facet = SearchFacet.Name
FACETS = [Facet.TYPE, Facet.THEMATIQUE, Facet.PUBLIC, Facet.FAMILY, Facet.TERRITORY]
FACET_PARAMS = {
    Facet.TYPE: "type",
    Facet.THEMATIQUE: "thematique",
    Facet.PUBLIC: "public",
    Facet.FAMILY: "famille",
    Facet.TERRITORY: "territoire",
}
RADIUS_CHOICES = [5, 10, 20, 50]
PER_PAGE = 20
MAX_FACET_VALUES = 40
# What the directory lists: the kinds of its own documents (`directory.search_documents`),
# not guide chapters nor hub pages.
DIRECTORY_KINDS = [spec.kind for spec in DIRECTORY_SPECS]


class DirectorySearchForm(forms.Form):
    """The query string of /annuaire/ (and of the map and the GeoJSON API)."""

    q = forms.CharField(
        label=gettext_lazy("Mots-clés"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=gettext_lazy("Par exemple « CMP », « logement accompagné », « curatelle »."),
        error_messages={
            "max_length": gettext_lazy(
                "La recherche est trop longue : %(limit_value)d caractères au plus."
            )
        },
    )
    lieu = forms.CharField(
        label=gettext_lazy("Commune, code postal ou arrondissement"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Par exemple « Metz », « 57000 » ou « Paris 11e »."),
    )
    rayon = forms.TypedChoiceField(
        label=gettext_lazy("Autour de la commune"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("dans la commune"))]
        + [(km, gettext_lazy("à moins de %(km)d km") % {"km": km}) for km in RADIUS_CHOICES],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per form: the page's facet counts reuse them (`search_directory`).
        self.facet_labels = {name: facet_labels(name) for name in FACET_PARAMS}
        for name, param in FACET_PARAMS.items():
            # Values are checked against the facet's known values by `facet_labels`.
            self.fields[param] = forms.MultipleChoiceField(
                required=False, choices=self.facet_labels[name].items(), label=Facet(name).label
            )

    def clean(self):
        data = super().clean()
        if data.get("rayon") and not data.get("lieu"):
            self.add_error("lieu", _("Indiquez une commune pour chercher autour d'elle."))
        return data

    def to_query(self) -> DirectoryQuery:
        data = self.cleaned_data
        return DirectoryQuery(
            text=data.get("q") or "",
            place=data.get("lieu") or "",
            radius_km=data.get("rayon"),
            facets={
                name: list(data.get(param) or [])
                for name, param in FACET_PARAMS.items()
                if data.get(param)
            },
            page=data.get("page") or 1,
        )


def facet_labels(name: str) -> dict[str, str]:
    """The values a facet may take, with their French labels."""
    if name == Facet.TYPE:
        labels = {value: str(label) for value, label in OrganisationKind.choices}
        labels.update(
            {
                "service": _("Service"),
                "instance": _("Instance de coordination"),
                "secteur": _("Secteur psychiatrique"),
            }
        )
        return labels
    if name == Facet.THEMATIQUE:
        return {code: str(label) for code, label in CATEGORIES.items()}
    if name == Facet.PUBLIC:
        return {code: str(label) for code, label in PUBLIC_LABELS.items()}
    if name == Facet.FAMILY:
        from hub.accounts.models import PartnerFamily

        return dict(PartnerFamily.objects.order_by("name").values_list("slug", "name"))
    if name == Facet.TERRITORY:
        from hub.models import TerritoryPage

        # The public territories: what an anonymous visitor may see, through the policy's
        # one correlated filter rather than Wagtail's `public()`, which writes one clause
        # per restricted page of the whole site (wagtail#14108).
        public = visible_pages(None, TerritoryPage.objects.live())
        return dict(public.values_list("slug", "title"))
    raise ValueError(name)


@dataclass
class DirectoryQuery:
    text: str = ""
    place: str = ""
    radius_km: int | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1

    @property
    def is_empty(self):
        return not (self.text or self.place or self.facets)


@dataclass
class Place:
    """What the place typed resolved to."""

    # "found", "ambiguous", "too_many", "not_found", or "" when none was typed
    status: str
    commune: Commune | None = None
    # The places to choose from (`directory.places.PlaceChoice`), postcode readings first.
    choices: list[PlaceChoice] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    message: str = ""


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class DirectoryResults:
    query: DirectoryQuery
    place: Place
    page: object  # a django.core.paginator.Page of the engine's hits
    total: int
    facets: dict[str, list[FacetValue]]
    messages: list[str] = field(default_factory=list)
    # The selected engine failed and the database answered.
    degraded: bool = False
    # More entries match than `total` (TOTAL_BOUND): « plus de 1 000 résultats ».
    total_is_lower_bound: bool = False
    # The facet counts were made over the first matches only.
    facets_sampled: bool = False


def resolve_place(text: str) -> Place:
    if not text.strip():
        return Place(status="")
    # The same reading of a place as « qui contacter ? » (`directory.places`): one commune,
    # or the communes to choose from, postcode readings first.
    resolution = places.resolve(text)
    if resolution.status != places.Status.FOUND:
        return Place(
            status=str(resolution.status), choices=resolution.choices, message=resolution.message
        )
    commune = resolution.commune
    codes = {commune.code}
    # Paris, Lyon, Marseille: the city and its arrondissements; an arrondissement: it and
    # its city.
    codes |= set(commune.arrondissements.values_list("code", flat=True))
    if commune.parent_id:
        codes.add(commune.parent.code)
    return Place(status="found", commune=commune, codes=sorted(codes))


def engine_query(query: DirectoryQuery, place: Place, **options) -> SearchQuery:
    """The directory query as the engines read it."""
    near = None
    codes = []
    if place.commune is not None:
        if query.radius_km and place.commune.latitude is not None:
            near = (place.commune.latitude, place.commune.longitude, float(query.radius_km))
        else:
            codes = place.codes
    return SearchQuery(
        text=query.text,
        kinds=list(DIRECTORY_KINDS),
        facets={name: values for name, values in query.facets.items() if values},
        commune_codes=codes,
        near=near,
        page=query.page,
        **options,
    )


def map_points(user, query: DirectoryQuery, place: Place, limit: int) -> MapPoints:
    """The positions of the entries matching `query` that `user` may see, at most
    `limit` (nearest first with a radius), from the selected engine."""
    if query.place and place.status != "found":
        return MapPoints(rows=[])
    return get_engine().map_points(user, engine_query(query, place), limit)


def map_counts(user, query: DirectoryQuery, place: Place) -> MapCounts:
    """How many entries match `query` for `user`, and how many of them have no position,
    from the selected engine."""
    if query.place and place.status != "found":
        return MapCounts(total=0, unplaced=0)
    return get_engine().map_counts(user, engine_query(query, place))


def facet_values(
    counted: dict[str, list[tuple[str, int]]],
    selected: dict[str, list[str]],
    known: dict[str, dict[str, str]] | None = None,
) -> dict[str, list[FacetValue]]:
    """The engine's facet counts with their French labels (`known`: the labels the form
    already read, per facet); a selected value stays on screen (with 0) so that it can be
    unticked."""
    facets = {}
    for name in FACETS:
        labels = known[name] if known is not None and name in known else facet_labels(name)
        chosen = set(selected.get(name, []))
        values = [
            FacetValue(value, labels[value], count, value in chosen)
            for value, count in counted.get(name, [])[:MAX_FACET_VALUES]
            if value in labels
        ]
        present = {value.value for value in values}
        values += [FacetValue(v, labels.get(v, v), 0, True) for v in sorted(chosen - present)]
        facets[name] = values
    return facets


class _Window:
    """What a Paginator needs of a result list: its length, and the page of hits the
    engine returned (the only slice the Paginator asks for)."""

    def __init__(self, total, hits):
        self.total, self.hits = total, hits

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        return self.hits


def search_directory(
    user, query: DirectoryQuery, per_page: int = PER_PAGE, labels=None
) -> DirectoryResults:
    """One page of the directory for `user`, from the selected search engine. `labels`:
    the facets' labels already read (`DirectorySearchForm.facet_labels`)."""
    place = resolve_place(query.place)
    messages = [place.message] if place.message else []
    if query.place and place.status != "found":
        empty = Paginator([], per_page).get_page(1)
        return DirectoryResults(
            query, place, empty, 0, facet_values({}, query.facets, labels), messages
        )
    if query.text.strip() and not query_terms(query.text):
        # Only words too common to search on, or punctuation: the entries of the place
        # (or of the whole directory) are listed, saying why.
        messages.append(
            _(
                "Les mots « %(text)s » sont trop courants pour chercher : voici les entrées "
                "%(where)s. Ajoutez un mot précis (« CMP », « logement », « curatelle »…)."
            )
            % {
                "text": query.text.strip()[:60],
                "where": _("de cette commune") if place.commune else _("de l’annuaire"),
            }
        )
    engine = get_engine()
    search_query = engine_query(query, place, per_page=per_page, highlight=bool(query.text))
    result = engine.search(user, search_query)
    last_page = max(1, math.ceil(result.total / per_page))
    if query.page > last_page:
        search_query.page = last_page
        result = engine.search(user, search_query)
    page = Paginator(_Window(result.total, result.hits), per_page).get_page(search_query.page)
    if result.degraded:
        messages.append(
            _(
                "Le moteur de recherche ne répond pas : ces résultats viennent de la base de "
                "données et peuvent être incomplets."
            )
        )
    return DirectoryResults(
        query=query,
        place=place,
        page=page,
        total=result.total,
        facets=facet_values(result.facets, query.facets, labels),
        messages=messages,
        degraded=result.degraded,
        total_is_lower_bound=result.total_is_lower_bound,
        facets_sampled=result.facets_sampled,
    )

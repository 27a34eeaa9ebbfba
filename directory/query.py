"""Directory search: text, place (commune, postcode, arrondissement), distance from a
commune, and facets, over the search documents (`search.models`), for one user.

The list (`/annuaire/`), the map (`/annuaire/carte/`) and the GeoJSON API all read
`filter_documents()`, so they always agree. Tier filtering happens inside the SQL query
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
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory import who_covers
from directory.models import Commune, OrganisationKind
from directory.models.vocabularies import CATEGORIES, PUBLIC_LABELS
from hub.access import search_filter_terms
from search.models import SearchDocument, SearchDocumentGroup, SearchFacet
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
KM_PER_DEGREE = 111.32


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
        for name, param in FACET_PARAMS.items():
            # Values are checked against the facet's known values by `facet_labels`.
            self.fields[param] = forms.MultipleChoiceField(
                required=False, choices=facet_labels(name).items(), label=Facet(name).label
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

        return dict(TerritoryPage.objects.live().public().values_list("slug", "title"))
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

    status: str  # "found", "ambiguous", "not_found" or "" when none was typed
    commune: Commune | None = None
    choices: list[Commune] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


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
    page: object  # a django.core.paginator.Page of SearchDocument
    total: int
    facets: dict[str, list[FacetValue]]
    messages: list[str] = field(default_factory=list)


def resolve_place(text: str) -> Place:
    if not text.strip():
        return Place(status="")
    # The same reading of a place as "qui contacter ?" (exact code or name first, the
    # arrondissement of a Paris, Lyon or Marseille postcode).
    communes, status = who_covers.resolve(text)
    if status == who_covers.Status.NOT_FOUND:
        return Place(status="not_found")
    if status == who_covers.Status.AMBIGUOUS:
        return Place(status="ambiguous", choices=communes)
    commune = communes[0]
    codes = {commune.code}
    # Paris, Lyon, Marseille: the city and its arrondissements; an arrondissement: it and
    # its city.
    codes |= set(commune.arrondissements.values_list("code", flat=True))
    if commune.parent_id:
        codes.add(commune.parent.code)
    return Place(status="found", commune=commune, codes=sorted(codes))


def visible_documents(user, queryset=None):
    """Search documents `user` may see, filtered in SQL (see hub.access)."""
    queryset = SearchDocument.objects.all() if queryset is None else queryset
    terms = search_filter_terms(user)
    if terms["all"]:
        return queryset
    allowed = Q(access_tier__in=terms["tiers"])
    if terms["groups"]:
        in_group = SearchDocumentGroup.objects.filter(
            document=OuterRef("pk"), group_id__in=terms["groups"]
        )
        allowed |= Q(access_tier__in=["family", "instance"]) & Exists(in_group)
    return queryset.filter(allowed)


def _with_facet(queryset, name, values):
    # "pk IN (ids from the facet index)": both databases read the index first and probe
    # documents by key, instead of testing every document (as a correlated EXISTS would).
    return queryset.filter(
        pk__in=SearchFacet.objects.filter(name=name, value__in=values).values("document_id")
    )


def filter_documents(user, query: DirectoryQuery, place: Place | None = None):
    """The documents matching `query` that `user` may see, ordered (by distance when a
    radius is given), annotated with `distance2` (squared degrees) when geographic."""
    place = place if place is not None else resolve_place(query.place)
    documents = visible_documents(user, SearchDocument.objects.all())
    for term in query_terms(query.text):
        documents = documents.filter(search_text__contains=term)
    for name, values in query.facets.items():
        if values:
            documents = _with_facet(documents, name, values)
    if query.place and place.status != "found":
        return documents.none()
    if place.commune is not None and query.radius_km and place.commune.latitude is not None:
        lat0, lng0 = place.commune.latitude, place.commune.longitude
        cos0 = math.cos(math.radians(lat0))
        dlat = query.radius_km / KM_PER_DEGREE
        dlng = dlat / max(cos0, 0.01)
        documents = (
            documents.filter(
                latitude__range=(lat0 - dlat, lat0 + dlat),
                longitude__range=(lng0 - dlng, lng0 + dlng),
            )
            .annotate(
                distance2=(F("latitude") - lat0) * (F("latitude") - lat0)
                + (F("longitude") - lng0) * (F("longitude") - lng0) * (cos0 * cos0)
            )
            .filter(distance2__lte=dlat * dlat)
            .order_by("distance2", "title", "pk")
        )
        return documents
    if place.commune is not None:
        documents = _with_facet(documents, Facet.COMMUNE, place.codes)
    return documents.order_by("kind", "title", "pk")


def distance_km(document, commune: Commune | None) -> float | None:
    """Great-circle distance from the commune's centre, for display."""
    if commune is None or document.latitude is None or commune.latitude is None:
        return None
    lat1, lng1, lat2, lng2 = map(
        math.radians, (commune.latitude, commune.longitude, document.latitude, document.longitude)
    )
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def facet_counts(documents, selected: dict[str, list[str]]) -> dict[str, list[FacetValue]]:
    """How many matching documents carry each value, per facet, in one query (the counts
    obey the same tier filter as the results, being computed on them)."""
    matching = documents.order_by().values("pk")
    rows = (
        SearchFacet.objects.filter(name__in=FACETS, document__in=matching)
        .values("name", "value")
        .annotate(count=Count("id"))
        .order_by()
    )
    counted = {name: [] for name in FACETS}
    for row in rows:
        counted[row["name"]].append((row["value"], row["count"]))
    facets = {}
    for name in FACETS:
        labels = facet_labels(name)
        chosen = set(selected.get(name, []))
        pairs = sorted(counted[name], key=lambda pair: (-pair[1], pair[0]))[:MAX_FACET_VALUES]
        values = [
            FacetValue(value, labels[value], count, value in chosen)
            for value, count in pairs
            if value in labels
        ]
        present = {value.value for value in values}
        # A selected value stays on screen (with 0) so that it can be unticked.
        values += [FacetValue(v, labels.get(v, v), 0, True) for v in sorted(chosen - present)]
        facets[name] = values
    return facets


def search_directory(user, query: DirectoryQuery, per_page: int = PER_PAGE) -> DirectoryResults:
    place = resolve_place(query.place)
    documents = filter_documents(user, query, place)
    paginator = Paginator(documents, per_page)
    page = paginator.get_page(query.page)
    messages = []
    if place.status == "not_found":
        messages.append(
            _("Aucune commune ne correspond à « %(place)s ». Vérifiez l'orthographe ou le code.")
            % {"place": query.place}
        )
    elif place.status == "ambiguous":
        messages.append(_("Plusieurs communes correspondent : précisez laquelle."))
    if query.radius_km and place.commune is not None:
        for document in page.object_list:
            document.distance_km = distance_km(document, place.commune)
    return DirectoryResults(
        query=query,
        place=place,
        page=page,
        total=paginator.count,
        facets=facet_counts(documents, query.facets),
        messages=messages,
    )

"""Places as people type them: from what a landlord agent types (a commune, a postcode, an
INSEE code, "Paris 11e", "Marly (57)") to one place, or to the places to choose from.

`resolve()` is the one reading of a place, shared by « Qui contacter ? » and the crisis
path (`directory.who_covers`) and by the directory, its map and its GeoJSON
(`directory.query`):

- one match goes straight through;
- several matches are a choice, never a silent pick: a postcode shared by communes, a
  code that is both a postcode and another commune's INSEE code (13014: Marseille 14e's
  postcode, Berre-l'Étang's INSEE code), a name shared by communes. Postcode readings
  come first, and each choice says its department and how the code was read;
- a postcode of Paris, Lyon or Marseille serves both the city and one arrondissement:
  the arrondissement is the precise answer;
- each choice carries a `value` that designates exactly its commune (`Commune.
  query_value`: the INSEE code, or "Berre-l'Étang (13014)" when that code is also a
  postcode), so that following a choice never asks again;
- no match, or too many (a name prefix matching dozens of communes): a French message.

Nothing here logs or keeps what was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from directory.models import Commune, PostalCode, Reading

# Names that start with what was typed: beyond this many, ask for more letters.
MAX_PREFIX_CHOICES = 10
# Any other reading: a postcode serves up to 46 communes (51300), a name is shared by up
# to 12 (Sainte-Colombe); all of them are offered.
MAX_CHOICES = 60
_POSTCODE_IN = re.compile(r"\d{5}")


class Status(StrEnum):
    FOUND = "found"
    # Paris, Lyon and Marseille: the sectors follow the arrondissements.
    NEEDS_ARRONDISSEMENT = "needs_arrondissement"
    # Several communes match (homonyms, a postcode shared by several communes, a code that
    # is both a postcode and an INSEE code).
    AMBIGUOUS = "ambiguous"
    # So many communes match that a list would not help ("Saint").
    TOO_MANY = "too_many"
    NOT_FOUND = "not_found"
    EMPTY = "empty"


@dataclass(frozen=True)
class PlaceChoice:
    """One place to choose from: its commune, how the query matched it (`reading`), what
    designates it exactly (`value`, for `?lieu=`) and what tells it apart (`detail`).

    `label`: « Marseille 14e Arrondissement (13) — code postal 13014 »,
    « Berre-l'Étang (13) — code INSEE »; templates render the same parts with the word
    « département » for screen readers (`directory/includes/place_choice.html`)."""

    commune: Commune
    reading: str  # a `directory.models.Reading`
    value: str
    detail: str = ""

    @property
    def code(self) -> str:
        return self.commune.code

    @property
    def name(self) -> str:
        return self.commune.name

    @property
    def department(self) -> str:
        return self.commune.department

    @property
    def label(self) -> str:
        place = f"{self.name} ({self.department})"
        return f"{place} — {self.detail}" if self.detail else place


@dataclass
class Resolution:
    query: str
    status: Status
    message: str = ""
    # The place found (one commune), or the city whose arrondissement is asked.
    communes: list[Commune] = field(default_factory=list)
    choices: list[PlaceChoice] = field(default_factory=list)

    @property
    def commune(self) -> Commune | None:
        return self.communes[0] if self.status == Status.FOUND else None


def resolve(text: str | None) -> Resolution:
    """The place `text` designates, or the places to choose from, or why neither."""
    query = (text or "").strip()
    if not query:
        return Resolution(
            query,
            Status.EMPTY,
            _("Saisissez une commune, un code postal, un code INSEE ou un arrondissement."),
        )
    candidates = list(Commune.objects.lookup(query)[: MAX_CHOICES + 1])
    exact = [c for c in candidates if c.reading in (Reading.CODE, Reading.ARRONDISSEMENT)]
    if exact:
        return Resolution(query, Status.FOUND, communes=exact[:1])
    names = [c for c in candidates if c.reading == Reading.NAME]
    if names:  # an exact name wins over the longer names that start with it
        candidates = names
    first = [c for c in candidates if c.reading != Reading.INSEE]
    # A postcode of Paris, Lyon or Marseille serves both the city and one arrondissement:
    # the arrondissement is the precise answer.
    parents = {commune.parent_id for commune in first if commune.parent_id}
    pool = [c for c in first if c.pk not in parents]
    # The INSEE reading of a code comes after its postcode readings.
    pool += [c for c in candidates if c.reading == Reading.INSEE and c not in first]
    if not pool:
        return Resolution(query, Status.NOT_FOUND, not_found_message(query))
    if len(pool) == 1:
        return Resolution(query, Status.FOUND, communes=pool)
    limit = MAX_PREFIX_CHOICES if pool[0].reading == Reading.PREFIX else MAX_CHOICES
    if len(pool) > limit:
        return Resolution(query, Status.TOO_MANY, too_many_message(query, limit))
    return Resolution(
        query,
        Status.AMBIGUOUS,
        _("Plusieurs communes correspondent à « %(query)s » : précisez laquelle.")
        % {"query": query},
        choices=choices_of(pool, query),
    )


def not_found_message(query: str) -> str:
    return _(
        "Aucune commune ne correspond à « %(query)s ». Vérifiez l'orthographe, ou saisissez "
        "un code postal ou un code INSEE."
    ) % {"query": query}


def too_many_message(query: str, limit: int) -> str:
    return _(
        "Trop de communes correspondent à « %(query)s » (plus de %(limit)d) : précisez le "
        "nom, ajoutez le département entre parenthèses, par exemple « Marly (57) », ou "
        "saisissez le code postal."
    ) % {"query": query, "limit": limit}


def choices_of(communes: list[Commune], query: str = "") -> list[PlaceChoice]:
    """The communes as choices: each says how the query matched it (the postcode typed,
    or the INSEE code), or else its first postcode, which tells homonyms apart."""
    codes = [commune.code for commune in communes]
    # The INSEE codes that are also postcodes: their value names the commune in full.
    postcodes = set(PostalCode.objects.filter(code__in=codes).values_list("code", flat=True))
    typed = _POSTCODE_IN.search(query.replace(" ", ""))
    first_postcode = _first_postcodes(communes)
    choices = []
    for commune in communes:
        reading = getattr(commune, "reading", Reading.NAME)
        if commune.code in postcodes:
            commune.query_value = f"{commune.name} ({commune.code})"
        else:
            commune.query_value = commune.code
        if reading == Reading.POSTCODE and typed:
            detail = _("code postal %(postcode)s") % {"postcode": typed[0]}
        elif reading == Reading.INSEE:
            detail = _("code INSEE")
        elif commune.pk in first_postcode:
            detail = _("code postal %(postcode)s") % {"postcode": first_postcode[commune.pk]}
        else:
            detail = ""
        choices.append(PlaceChoice(commune, reading, commune.query_value, detail))
    return choices


def arrondissement_choices(city: Commune) -> list[PlaceChoice]:
    """The arrondissements of Paris, Lyon or Marseille, to choose one."""
    arrondissements = list(city.arrondissements.order_by("code"))
    for arrondissement in arrondissements:
        arrondissement.reading = Reading.ARRONDISSEMENT
    return choices_of(arrondissements)


def _first_postcodes(communes: list[Commune]) -> dict[int, str]:
    """Each commune's smallest postcode."""
    first: dict[int, str] = {}
    rows = PostalCode.objects.filter(commune__in=communes).order_by("code")
    for commune_id, code in rows.values_list("commune_id", "code"):
        first.setdefault(commune_id, code)
    return first

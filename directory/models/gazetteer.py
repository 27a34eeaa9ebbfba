"""The communes gazetteer: every French commune and municipal arrondissement, with its
postcodes, loaded from the vendored Etalab file by `manage.py load_communes`.

`Commune.objects.lookup(query)` turns what a person types (an INSEE code, a postcode, a
name, "Paris 11e", "Marly (57)") into communes; `directory.places.resolve` turns that
into one place or a choice.
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# The names' search key (`Commune.search_name`), shared with search and redaction.
from hub.text import normalize_name

# An INSEE code: 5 characters, the department part may be 2A/2B (Corsica).
_INSEE_CODE = re.compile(r"\d[\dAB]\d{3}")
_POSTCODE = re.compile(r"\d{5}")
_DEPARTMENT = re.compile(r"\d[\dAB]|9[78]\d")
# A name with a qualifier: "Marly (57)" (a department), "Berre-l'Étang (13014)" (an
# INSEE code or a postcode), "Marseille 13014", "13014 Marseille".
_NAME = r"(?P<name>[^()]*[^\s()\d][^()]*?)"
_QUALIFIED = [
    re.compile(_NAME + r"\s*\(\s*(?P<qualifier>[0-9A-Za-z]{2,5})\s*\)"),
    re.compile(_NAME + r"\s+(?P<qualifier>\d[\dABab]\d{3})"),
    re.compile(r"(?P<qualifier>\d[\dABab]\d{3})\s+(?P<name>[^()\s\d][^()]*)"),
]
# "paris 11", "paris 11e", "paris 1er", "marseille 14eme", "lyon 3e arrondissement"
# (after normalize_name(), so accents and case are gone already).
_ARRONDISSEMENT = re.compile(
    r"(?P<city>paris|lyon|marseille) ?(?P<number>\d{1,2}) ?"
    r"(?:e|er|ere|re|eme|ieme)?(?: (?:arrondissement|arrdt|arr))?"
)
# City -> (first arrondissement INSEE code minus one, number of arrondissements).
# INSEE numbers the arrondissements in sequence: Paris 1er = 75101, Lyon 1er = 69381,
# Marseille 1er = 13201.
_ARRONDISSEMENT_CODES = {"paris": (75100, 20), "lyon": (69380, 9), "marseille": (13200, 16)}


class Reading:
    """How `lookup()` read the query for one commune: its `reading` annotation."""

    POSTCODE = "postcode"  # "13014": the commune carries this postcode
    INSEE = "insee"  # "13014": the commune has this INSEE code
    CODE = "code"  # "Berre-l'Étang (13014)": this commune, named with its INSEE code
    NAME = "name"  # "Marly": the commune has exactly this name
    PREFIX = "prefix"  # "Mar": the commune's name starts with it
    ARRONDISSEMENT = "arrondissement"  # "Paris 11e"


class CommuneQuerySet(models.QuerySet):
    def lookup(self, query: str | None) -> CommuneQuerySet:
        """Communes matching what a person typed; an empty queryset if nothing matches.

        Each commune carries a `reading` annotation (see `Reading`), and comes in this
        order:

        - 5 characters that form a postcode or an INSEE code ("13014", "2A004"): the
          communes served by that postcode first, then the commune with that INSEE code
          (a 5-digit string may be both: 13014 is Marseille 14e's postcode and
          Berre-l'Étang's INSEE code);
        - a name with an INSEE code or a postcode ("Berre-l'Étang (13014)", "Marseille
          13014"): the commune of that name with that INSEE code first, then the ones of
          that name served by that postcode;
        - a name with a department ("Marly (57)"): the names of that department;
        - "Paris 11e", "Paris 11", "Lyon 3e", "Marseille 14ème", "Paris 1er
          arrondissement": that municipal arrondissement only;
        - otherwise a name, compared without case or accents ("montigny les metz"):
          exact matches first, then the names that start with it.

        Within each group, the most populated commune comes first, then by name. The
        result is a lazy queryset: slice it (`[:10]`) for suggestions.
        """
        text = (query or "").strip()
        compact = text.replace(" ", "").upper()
        if _INSEE_CODE.fullmatch(compact):
            return self._by_code(compact)
        for pattern in _QUALIFIED:
            qualified = pattern.fullmatch(text)
            if qualified:
                key = normalize_name(qualified["name"])
                qualifier = qualified["qualifier"].upper()
                if key and _INSEE_CODE.fullmatch(qualifier):
                    return self._by_code(qualifier, key)
                if key and _DEPARTMENT.fullmatch(qualifier):
                    return self._by_name(key).filter(department=qualifier)
                return self.none()
        key = normalize_name(text)
        if not key:
            return self.none()
        arrondissement = _ARRONDISSEMENT.fullmatch(key)
        if arrondissement:
            return self._by_arrondissement(arrondissement["city"], int(arrondissement["number"]))
        return self._by_name(key)

    def _by_code(self, code: str, name: str = "") -> CommuneQuerySet:
        """`name` (a search key) given: only the communes whose name starts with it, and
        the one with that INSEE code is exactly the one meant."""
        same_code = Value(Reading.CODE if name else Reading.INSEE)
        if _POSTCODE.fullmatch(code):
            # A subquery rather than a join: no duplicates, so no DISTINCT needed.
            served = PostalCode.objects.filter(code=code).values("commune_id")
            condition = Q(code=code) | Q(pk__in=served)
            if name:
                reading = Case(When(code=code, then=same_code), default=Value(Reading.POSTCODE))
            else:
                reading = Case(When(pk__in=served, then=Value(Reading.POSTCODE)), default=same_code)
        else:
            condition, reading = Q(code=code), same_code
        matches = self.filter(condition)
        if name:
            matches = matches.filter(search_name__startswith=name)
        return matches.annotate(reading=reading).order_by(
            Case(
                When(reading=Reading.CODE, then=Value(0)),
                When(reading=Reading.POSTCODE, then=Value(1)),
                default=Value(2),
            ),
            Case(When(code=code, then=Value(0)), default=Value(1)),
            *self._tie_breakers(),
        )

    def _by_name(self, key: str) -> CommuneQuerySet:
        exact = Q(search_name=key)
        return (
            self.filter(search_name__startswith=key)
            .annotate(
                reading=Case(When(exact, then=Value(Reading.NAME)), default=Value(Reading.PREFIX))
            )
            .order_by(Case(When(exact, then=Value(0)), default=Value(1)), *self._tie_breakers())
        )

    def _by_arrondissement(self, city: str, number: int) -> CommuneQuerySet:
        base, count = _ARRONDISSEMENT_CODES[city]
        if not 1 <= number <= count:
            return self.none()
        return self.filter(code=str(base + number), kind=Commune.Kind.ARRONDISSEMENT).annotate(
            reading=Value(Reading.ARRONDISSEMENT)
        )

    @staticmethod
    def _tie_breakers():
        return (F("population").desc(nulls_last=True), "name", "code")


class Commune(models.Model):
    """A current commune, or a municipal arrondissement of Paris, Lyon or Marseille."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        ARRONDISSEMENT = "arrondissement", _("Arrondissement municipal")

    # unique=True already creates the index (a second db_index would be ignored).
    code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    search_name = models.CharField(
        _("nom de recherche"),
        max_length=100,
        db_index=True,
        editable=False,
        help_text=_("Nom en minuscules, sans accents ni tirets ni apostrophes."),
    )
    kind = models.CharField(_("type"), max_length=14, choices=Kind, default=Kind.COMMUNE)
    department = models.CharField(_("département"), max_length=3, db_index=True)
    region = models.CharField(_("région"), max_length=3)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("commune parente"),
        null=True,
        blank=True,
        # An arrondissement cannot outlive its city; deleting Paris must be deliberate.
        on_delete=models.PROTECT,
        related_name="arrondissements",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @cached_property
    def query_value(self) -> str:
        """What to type (or put in `?lieu=`) to get exactly this commune from `lookup()`:
        its INSEE code, or "Berre-l'Étang (13014)" when that code is also a postcode."""
        if PostalCode.objects.filter(code=self.code).exists():
            return f"{self.name} ({self.code})"
        return self.code


class PostalCode(models.Model):
    """One postcode of a commune; a commune may have several, a postcode several communes."""

    code = models.CharField(_("code postal"), max_length=5, db_index=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        related_name="postal_codes",
    )

    class Meta:
        verbose_name = _("code postal")
        verbose_name_plural = _("codes postaux")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "commune"], name="directory_postalcode_unique_code_commune"
            )
        ]

    def __str__(self) -> str:
        return self.code

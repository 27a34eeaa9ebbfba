"""The communes gazetteer: every French commune and municipal arrondissement, with its
postcodes, loaded from the vendored Etalab file by `manage.py load_communes`.

`Commune.objects.lookup(query)` turns what a person types (an INSEE code, a postcode, a
name, "Paris 11e") into communes; it backs the future "who covers this place?" search.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

# Letters that Unicode does not decompose into a base letter plus an accent.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_name(text: str) -> str:
    """Search key of a place name: lower case, no accents, every other character than a
    letter or a digit (hyphen, apostrophe, parenthesis...) turned into one space.

    "Montigny-lès-Metz" -> "montigny les metz", "L'Haÿ-les-Roses" -> "l hay les roses".
    The loader stores it in `Commune.search_name`; `lookup()` applies it to the query, so
    both sides always agree.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_ALNUM.sub(" ", without_accents).strip()


# An INSEE code: 5 characters, the department part may be 2A/2B (Corsica).
_INSEE_CODE = re.compile(r"\d[\dAB]\d{3}")
_POSTCODE = re.compile(r"\d{5}")
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


class CommuneQuerySet(models.QuerySet):
    def lookup(self, query: str | None) -> CommuneQuerySet:
        """Communes matching what a person typed; an empty queryset if nothing matches.

        - 5 characters that form an INSEE code ("57463", "2A004") or a postcode ("57000"):
          the commune with that INSEE code first, then the communes served by that
          postcode (a 5-digit string may be both);
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
        key = normalize_name(text)
        if not key:
            return self.none()
        arrondissement = _ARRONDISSEMENT.fullmatch(key)
        if arrondissement:
            return self._by_arrondissement(arrondissement["city"], int(arrondissement["number"]))
        return self.filter(search_name__startswith=key).order_by(
            Case(When(search_name=key, then=Value(0)), default=Value(1)),
            *self._tie_breakers(),
        )

    def _by_code(self, code: str) -> CommuneQuerySet:
        condition = Q(code=code)
        if _POSTCODE.fullmatch(code):
            # A subquery rather than a join: no duplicates, so no DISTINCT needed.
            served = PostalCode.objects.filter(code=code).values("commune_id")
            condition |= Q(pk__in=served)
        return self.filter(condition).order_by(
            Case(When(code=code, then=Value(0)), default=Value(1)),
            *self._tie_breakers(),
        )

    def _by_arrondissement(self, city: str, number: int) -> CommuneQuerySet:
        base, count = _ARRONDISSEMENT_CODES[city]
        if not 1 <= number <= count:
            return self.none()
        return self.filter(code=str(base + number), kind=Commune.Kind.ARRONDISSEMENT)

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

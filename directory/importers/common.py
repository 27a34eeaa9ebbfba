"""What the CSV and data·inclusion imports share: the report they return, the French
error lines, unique slugs, the communes lookup, dates, and the optional progress bar.

The report is plain data: a command prints it, a view renders it. Line numbers are the
ones a spreadsheet shows (the header is line 1), record numbers start at 1.

Control characters are refused in every imported text field (`control_character`): they
are invisible on screen and can hide a formula from a spreadsheet ("\x01=HYPERLINK(…)").
Long texts (descriptions) may hold line breaks, nothing else.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.models import Commune, CoordinationInstance, Organisation

# C0 controls, DEL and C1 controls. A multi-line text keeps LF and CR (a spreadsheet
# writes a line break inside a cell as LF or CRLF); a tab is refused everywhere.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str, multiline: bool = False) -> str | None:
    """The French error for the first control character of `text`, or None if it has
    none; `multiline` allows line breaks (long texts such as descriptions)."""
    match = (_CONTROL_MULTILINE if multiline else _CONTROL).search(text)
    if match is None:
        return None
    return _(
        "caractère de contrôle interdit (U+%(code)04X, position %(position)s) : "
        "retirez-le de la cellule"
    ) % {"code": ord(match.group()), "position": match.start() + 1}


def control_errors(values: dict, columns, multiline) -> list[tuple[str, str]]:
    """(column, French error) for each of `columns` whose text value in `values` holds a
    control character; `multiline` names the columns where line breaks are allowed."""
    errors = []
    for column in columns:
        value = values.get(column)
        message = control_character(value, column in multiline) if isinstance(value, str) else None
        if message:
            errors.append((column, message))
    return errors


class ImportFileError(Exception):
    """The file cannot be read at all (missing, not UTF-8, missing header, not JSON):
    one French message, before any row is looked at."""


@dataclass(frozen=True)
class RowError:
    """One problem of one row: `where` is "ligne 7" or "enregistrement 12"."""

    file_label: str
    where: str
    column: str
    message: str

    def __str__(self) -> str:
        prefix = f"{self.file_label}, " if self.file_label else ""
        if self.column:
            return _("%(prefix)s%(where)s, colonne %(column)s : %(message)s") % {
                "prefix": prefix,
                "where": self.where,
                "column": self.column,
                "message": self.message,
            }
        return f"{prefix}{self.where} : {self.message}"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # upserts that found the entry already as in the file


@dataclass
class ImportReport:
    """What an import did (or would have done, for a dry run, or before a rollback)."""

    dry_run: bool = False
    structures: Counts = field(default_factory=Counts)
    services: Counts = field(default_factory=Counts)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def committed(self) -> bool:
        return not self.dry_run and not self.errors

    def add_error(self, file_label: str, where: str, column: str, message: str) -> None:
        self.errors.append(RowError(file_label, where, column, str(message)))

    def summary(self) -> str:
        """The last line of the report: counts, errors, time, and what was kept."""
        text = _(
            "Structures : %(s_created)s créée(s), %(s_updated)s mise(s) à jour ; "
            "services : %(v_created)s créé(s), %(v_updated)s mis à jour ; "
            "%(errors)s"
        ) % {
            "s_created": self.structures.created,
            "s_updated": self.structures.updated,
            "v_created": self.services.created,
            "v_updated": self.services.updated,
            "errors": ngettext("%(count)s erreur", "%(count)s erreurs", len(self.errors))
            % {"count": len(self.errors)},
        }
        unchanged = self.structures.unchanged + self.services.unchanged
        if unchanged:
            text += _(" ; %(count)s entrée(s) inchangée(s)") % {"count": unchanged}
        text += _(", en %(seconds)s s.") % {"seconds": f"{self.seconds:.1f}".replace(".", ",")}
        if self.dry_run:
            text += " " + _("Simulation : rien n'a été enregistré.")
        elif self.errors:
            text += " " + _("Import annulé : rien n'a été enregistré.")
        return text

    def lines(self) -> list[str]:
        """Every error, then every warning, then the summary."""
        return [str(error) for error in self.errors] + self.warnings + [self.summary()]


class SlugAllocator:
    """Unique slugs for new structures, in the slug space structures share with the
    coordination instances (see `directory.lookup`). Existing slugs are read once."""

    def __init__(self, max_length: int = 100):
        self.max_length = max_length
        self.taken = set(Organisation.objects.values_list("slug", flat=True))
        self.taken |= set(CoordinationInstance.objects.values_list("slug", flat=True))
        # Last number tried per base: 1,000 "CMP Adultes de Paris" stay linear.
        self.last_number: dict[str, int] = {}

    def allocate(self, name: str) -> str:
        base = (slugify(name) or "structure")[: self.max_length - 8].strip("-")
        slug, number = base, self.last_number.get(base, 1)
        if number > 1:
            slug = f"{base}-{number}"
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.last_number[base] = number
        self.taken.add(slug)
        return slug


class CommuneIndex:
    """INSEE code -> commune, read once (35,000 rows at most), so that an import of
    100,000 records does not ask the database 100,000 times."""

    def __init__(self):
        self.by_code = {
            code: (pk, lat, lng)
            for code, pk, lat, lng in Commune.objects.values_list(
                "code", "pk", "latitude", "longitude"
            )
        }
        self._postcodes: dict[str, tuple | None] = {}

    def by_insee(self, code: str):
        return self.by_code.get(code.strip().upper())

    def by_postcode(self, postcode: str):
        """The most populated commune served by this postcode (`Commune.objects.lookup`
        orders them so; a postcode that is also an INSEE code keeps only served ones)."""
        if postcode not in self._postcodes:
            commune = Commune.objects.lookup(postcode).filter(postal_codes__code=postcode).first()
            self._postcodes[postcode] = (
                None if commune is None else (commune.pk, commune.latitude, commune.longitude)
            )
        return self._postcodes[postcode]


def parse_date(text: str) -> date:
    """JJ/MM/AAAA or AAAA-MM-JJ; ValueError otherwise."""
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


@contextlib.contextmanager
def progress(total: int | None, label: str, unit: str) -> Iterator[Callable[[int], object]]:
    """A tqdm bar on stderr when it is an interactive terminal (long commands show their
    progress); silent in tests, CI and pipes."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield lambda n=1: None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=label, unit=unit, leave=False, file=sys.stderr) as bar:
        yield bar.update

"""The documented CSV format of the directory's import (`docs/import-csv.md`, and the
example files beside this module): its columns, and the reading of a file into rows.

A file is read whole before any row is looked at: it must be UTF-8 (with or without the
byte order mark Excel writes), separated by semicolons or commas, and carry the required
headers; rows keep their spreadsheet line number (the header is line 1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from directory.importers.common import ImportFileError
from hub.access import Tier

STRUCTURE_COLUMNS = [
    "identifiant_externe",
    "nom",
    "type",
    "adresse",
    "complement_adresse",
    "code_postal",
    "code_insee",
    "latitude",
    "longitude",
    "site_internet",
    "siret",
    "description",
    "thematiques",
    "horaires_accueil",
    "famille",
    "visibilite",
    "source",
    "verifie_le",
]
STRUCTURE_REQUIRED = ["identifiant_externe", "nom", "type"]

SERVICE_COLUMNS = [
    "identifiant_externe",
    "identifiant_externe_structure",
    "nom",
    "description",
    "types",
    "thematiques",
    "publics",
    "modes_accueil",
    "frais",
    "zone_eligibilite",
    "horaires_accueil",
    "visibilite",
    "source",
    "verifie_le",
]
SERVICE_REQUIRED = ["identifiant_externe", "identifiant_externe_structure", "nom"]

# Model field -> CSV column, to put full_clean()'s messages in the right column.
STRUCTURE_FIELD_COLUMNS = {
    "external_id": "identifiant_externe",
    "name": "nom",
    "slug": "nom",
    "kind": "type",
    "address": "adresse",
    "address_complement": "complement_adresse",
    "postal_code": "code_postal",
    "commune": "code_insee",
    "latitude": "latitude",
    "longitude": "longitude",
    "website": "site_internet",
    "siret": "siret",
    "description": "description",
    "thematiques": "thematiques",
    "horaires_accueil": "horaires_accueil",
    "partner_family": "famille",
    "access_tier": "visibilite",
    "source": "source",
    "verified_on": "verifie_le",
}
SERVICE_FIELD_COLUMNS = {
    "external_id": "identifiant_externe",
    "organisation": "identifiant_externe_structure",
    "name": "nom",
    "description": "description",
    "types": "types",
    "thematiques": "thematiques",
    "publics": "publics",
    "modes_accueil": "modes_accueil",
    "frais": "frais",
    "zone_eligibilite": "zone_eligibilite",
    "horaires_accueil": "horaires_accueil",
    "access_tier": "visibilite",
    "source": "source",
    "verified_on": "verifie_le",
}
# Simple text columns: copied as they are (stripped).
STRUCTURE_TEXT = {
    "nom": "name",
    "adresse": "address",
    "complement_adresse": "address_complement",
    "code_postal": "postal_code",
    "site_internet": "website",
    "description": "description",
    "horaires_accueil": "horaires_accueil",
    "source": "source",
}
SERVICE_TEXT = {
    "nom": "name",
    "description": "description",
    "horaires_accueil": "horaires_accueil",
    "source": "source",
}
# The only columns where a line break is allowed (long texts).
MULTILINE_COLUMNS = {"description"}
SERVICE_CODE_LISTS = ["types", "thematiques", "publics", "modes_accueil", "frais"]
VISIBILITIES = {"public": Tier.PUBLIC, "partners": Tier.PARTNERS, "partenaires": Tier.PARTNERS}
DEFAULT_SOURCE = "Import CSV"

Source = str | Path | bytes | BinaryIO


@dataclass
class Table:
    label: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_table(source: Source, label: str, known: list[str], required: list[str]) -> Table:
    """Decode, sniff the separator and check the headers; rows keep their line number."""
    if isinstance(source, (str, Path)):
        try:
            raw = Path(source).read_bytes()
        except FileNotFoundError:
            raise ImportFileError(_("Fichier introuvable : %(path)s.") % {"path": source}) from None
        except OSError as error:
            raise ImportFileError(
                _("Impossible de lire %(path)s : %(error)s.")
                % {"path": source, "error": error.strerror}
            ) from None
    elif isinstance(source, bytes):
        raw = source
    else:
        raw = source.read()
    try:
        # utf-8-sig drops the byte order mark Excel writes, and accepts files without it.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "Le fichier %(label)s n'est pas en UTF-8 (octet invalide à la position "
                "%(position)s). Enregistrez-le en « CSV UTF-8 » et recommencez."
            )
            % {"label": label, "position": error.start}
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [header.strip().lower() for header in next(reader)]
    except StopIteration:
        raise ImportFileError(_("Le fichier %(label)s est vide.") % {"label": label}) from None
    missing = [column for column in required if column not in headers]
    if missing:
        raise ImportFileError(
            _(
                "Le fichier %(label)s n'a pas la ou les colonnes obligatoires : %(missing)s. "
                "Colonnes lues : %(headers)s."
            )
            % {
                "label": label,
                "missing": ", ".join(missing),
                "headers": ", ".join(headers) or "—",
            }
        )
    rows = []
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # blank lines, often at the end of a spreadsheet export
            row = {header: "" for header in headers}
            row.update(zip(headers, (cell.strip() for cell in cells), strict=False))
            rows.append((line, row))
    except csv.Error as error:
        raise ImportFileError(
            _("Le fichier %(label)s est mal formé (ligne %(line)s) : %(error)s.")
            % {"label": label, "line": reader.line_num, "error": error}
        ) from None
    return Table(label, headers, rows)

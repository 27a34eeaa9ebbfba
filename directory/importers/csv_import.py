"""Import structures and services from the documented CSV format (docs/import-csv.md).

Why it looks like this:
- one transaction for the whole import, rolled back when any row is bad or for a dry run,
  so a partner never ends up with half a file; rows are still saved one by one inside it
  (in a savepoint each), so that a service may name a structure created a few lines up;
- every row is read and every problem collected, with the spreadsheet line number and the
  column, before anything is decided: the person fixes the whole file in one go;
- every row goes through the model's `full_clean()`: the same rules as the admin forms;
- rows are upserted on `identifiant_externe`, which is therefore required: importing the
  same file twice updates entries instead of duplicating them;
- a column absent from the file leaves that field untouched on update; a column present
  but empty clears it.

The format has no column for a person: a structure is an organisation and contacts are
not imported (they are role-based and carry their own visibility, see
`directory.models.contacts`). Nothing else is checked for nominative data: the format
documentation says so.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from directory.importers.common import (
    CommuneIndex,
    ImportFileError,
    ImportReport,
    SlugAllocator,
    control_errors,
    parse_date,
)
from directory.models import Organisation, OrganisationKind, Service
from hub.access import Tier
from hub.accounts.models import PartnerFamily
from search import indexing

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


def split_codes(value: str) -> list[str]:
    return [code.strip() for code in value.split("|") if code.strip()]


def parse_float(value: str) -> float:
    return float(value.replace(",", ".").replace(" ", ""))


@dataclass
class Context:
    report: ImportReport
    communes: CommuneIndex
    slugs: SlugAllocator
    families: dict[str, int]
    structure_pks: dict[str, int] = field(default_factory=dict)  # this file's, saved
    failed_structures: set[str] = field(default_factory=set)


class RowErrors:
    """The problems of one row, column by column."""

    def __init__(self, report: ImportReport, label: str, line: int):
        self.report, self.label, self.where = report, label, _("ligne %(line)s") % {"line": line}
        self.columns: set[str] = set()
        self.count = 0

    def add(self, column: str, message) -> None:
        self.report.add_error(self.label, self.where, column, message)
        self.columns.add(column)
        self.count += 1

    def add_validation(self, error: ValidationError, field_columns: dict[str, str]) -> None:
        for field_name, messages in error.message_dict.items():
            column = "" if field_name == NON_FIELD_ERRORS else field_columns.get(field_name, "")
            for message in messages:
                self.add(column, message)


def _common_fields(obj, row: dict, errors: RowErrors, text_columns: dict[str, str]) -> None:
    """Text columns, visibility, source and verification date (structures and services)."""
    for column, field_name in text_columns.items():
        if column in row:
            setattr(obj, field_name, row[column])
    if "visibilite" in row:
        value = row["visibilite"].lower() or "public"
        if value in VISIBILITIES:
            obj.access_tier = VISIBILITIES[value]
        else:
            errors.add(
                "visibilite",
                _(
                    "visibilité « %(value)s » inconnue : public ou partners (les visibilités "
                    "famille et instance se règlent dans l'administration)"
                )
                % {"value": row["visibilite"]},
            )
    if not obj.source:
        obj.source = DEFAULT_SOURCE
    if "verifie_le" in row:
        if not row["verifie_le"]:
            obj.verified_on = None
        else:
            try:
                obj.verified_on = parse_date(row["verifie_le"])
            except ValueError:
                errors.add(
                    "verifie_le",
                    _("date invalide « %(value)s » : attendue au format JJ/MM/AAAA ou AAAA-MM-JJ")
                    % {"value": row["verifie_le"]},
                )


def _external_id(row: dict, errors: RowErrors, seen: dict[str, int], line: int) -> str:
    external_id = row["identifiant_externe"]
    if not external_id:
        errors.add(
            "identifiant_externe",
            _(
                "identifiant externe obligatoire : il permet de mettre à jour l'entrée "
                "au prochain import"
            ),
        )
    elif external_id in seen:
        errors.add(
            "identifiant_externe",
            _("identifiant « %(value)s » déjà utilisé ligne %(line)s de ce fichier")
            % {"value": external_id, "line": seen[external_id]},
        )
    else:
        seen[external_id] = line
    return external_id


def _save(obj, errors: RowErrors, field_columns: dict[str, str]) -> bool:
    """full_clean() then save in a savepoint; False (and errors) when the row is bad."""
    exclude = [name for name, column in field_columns.items() if column in errors.columns]
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        errors.add_validation(error, field_columns)
    if errors.count:
        return False
    try:
        with transaction.atomic():
            obj.save()
    except DatabaseError as error:  # a race with another import, a constraint: say it
        errors.add(
            "", _("enregistrement refusé par la base de données : %(error)s") % {"error": error}
        )
        return False
    return True


def import_structure_row(ctx: Context, table: Table, line: int, row: dict, seen: dict) -> None:
    errors = RowErrors(ctx.report, table.label, line)
    for column, message in control_errors(row, STRUCTURE_COLUMNS, MULTILINE_COLUMNS):
        errors.add(column, message)
    external_id = _external_id(row, errors, seen, line)
    existing = Organisation.objects.filter(external_id=external_id).first() if external_id else None
    org = existing or Organisation(external_id=external_id)
    _common_fields(org, row, errors, STRUCTURE_TEXT)
    if row["type"] not in OrganisationKind.values:
        errors.add(
            "type",
            _("type de structure inconnu « %(value)s » (codes possibles : %(codes)s)")
            % {"value": row["type"], "codes": ", ".join(OrganisationKind.values)},
        )
    else:
        org.kind = row["type"]
    if "siret" in row:
        org.siret = row["siret"].replace(" ", "")
    if "thematiques" in row:
        org.thematiques = split_codes(row["thematiques"])
    if "famille" in row:
        if not row["famille"]:
            org.partner_family_id = None
        elif row["famille"] in ctx.families:
            org.partner_family_id = ctx.families[row["famille"]]
        else:
            errors.add(
                "famille",
                _(
                    "famille de partenaires inconnue « %(value)s » "
                    "(identifiants possibles : %(slugs)s)"
                )
                % {"value": row["famille"], "slugs": ", ".join(sorted(ctx.families))},
            )
    _place(ctx, org, row, errors)
    if not org.slug:
        org.slug = ctx.slugs.allocate(org.name or external_id)
    if _save(org, errors, STRUCTURE_FIELD_COLUMNS):
        ctx.structure_pks[external_id] = org.pk
        counts = ctx.report.structures
        if existing:
            counts.updated += 1
        else:
            counts.created += 1
    elif external_id:
        ctx.failed_structures.add(external_id)


def _place(ctx: Context, org: Organisation, row: dict, errors: RowErrors) -> None:
    """Commune from code_insee, else from code_postal; position from latitude/longitude,
    else from the commune's centroid."""
    commune = None
    touched = "code_insee" in row or "code_postal" in row
    if row.get("code_insee"):
        commune = ctx.communes.by_insee(row["code_insee"])
        if commune is None:
            errors.add(
                "code_insee", _("code INSEE inconnu « %(value)s »") % {"value": row["code_insee"]}
            )
    elif row.get("code_postal"):
        commune = ctx.communes.by_postcode(row["code_postal"])
        if commune is None:
            errors.add(
                "code_postal",
                _("code postal inconnu « %(value)s »") % {"value": row["code_postal"]},
            )
    if touched and "code_insee" not in errors.columns and "code_postal" not in errors.columns:
        org.commune_id = commune[0] if commune else None
    position_given = False
    for column in ("latitude", "longitude"):
        if row.get(column):
            position_given = True
            try:
                setattr(org, column, parse_float(row[column]))
            except ValueError:
                errors.add(column, _("nombre invalide « %(value)s »") % {"value": row[column]})
        elif column in row:
            setattr(org, column, None)
    if not position_given and commune and commune[1] is not None:
        org.latitude, org.longitude = commune[1], commune[2]


def import_service_row(ctx: Context, table: Table, line: int, row: dict, seen: dict) -> None:
    errors = RowErrors(ctx.report, table.label, line)
    for column, message in control_errors(row, SERVICE_COLUMNS, MULTILINE_COLUMNS):
        errors.add(column, message)
    external_id = _external_id(row, errors, seen, line)
    existing = Service.objects.filter(external_id=external_id).first() if external_id else None
    service = existing or Service(external_id=external_id)
    _common_fields(service, row, errors, SERVICE_TEXT)
    structure = row["identifiant_externe_structure"]
    if structure in ctx.structure_pks:
        service.organisation_id = ctx.structure_pks[structure]
    elif structure in ctx.failed_structures:
        errors.add(
            "identifiant_externe_structure",
            _("la structure « %(value)s » est en erreur dans le fichier des structures")
            % {"value": structure},
        )
    else:
        pk = Organisation.objects.filter(external_id=structure).values_list("pk", flat=True).first()
        if structure and pk:
            service.organisation_id = pk
        else:
            errors.add(
                "identifiant_externe_structure",
                _("structure « %(value)s » introuvable, ni dans le fichier ni dans l'annuaire")
                % {"value": structure},
            )
    for column in SERVICE_CODE_LISTS:
        if column in row:
            setattr(service, column, split_codes(row[column]))
    if "zone_eligibilite" in row:
        service.zone_eligibilite = [code.upper() for code in split_codes(row["zone_eligibilite"])]
    if _save(service, errors, SERVICE_FIELD_COLUMNS):
        counts = ctx.report.services
        if existing:
            counts.updated += 1
        else:
            counts.created += 1


def import_csv(
    structures: Source | None,
    services: Source | None = None,
    *,
    dry_run: bool = False,
    progress: Callable[[int, str], object] | None = None,
    structures_label: str = "structures",
    services_label: str = "services",
) -> ImportReport:
    """Import a structures file and/or a services file; see the module docstring.

    Raises ImportFileError when a file cannot be read or lacks a required header (before
    any row is written). `progress(n, label)` is called as rows go by."""
    started = time.perf_counter()
    report = ImportReport(dry_run=dry_run)
    tables = []
    if structures is not None:
        tables.append(
            (read_table(structures, structures_label, STRUCTURE_COLUMNS, STRUCTURE_REQUIRED),
             STRUCTURE_COLUMNS, import_structure_row)
        )  # fmt: skip
    if services is not None:
        tables.append(
            (read_table(services, services_label, SERVICE_COLUMNS, SERVICE_REQUIRED),
             SERVICE_COLUMNS, import_service_row)
        )  # fmt: skip
    for table, known, _handler in tables:
        unknown = [header for header in table.headers if header not in known]
        if unknown:
            report.warnings.append(
                _("%(label)s : colonne(s) inconnue(s) ignorée(s) : %(columns)s.")
                % {"label": table.label, "columns": ", ".join(unknown)}
            )
    # Search documents are written once, after the commit (none if the import is undone).
    with indexing.deferred(), transaction.atomic():
        ctx = Context(
            report=report,
            communes=CommuneIndex(),
            slugs=SlugAllocator(),
            families=dict(PartnerFamily.objects.values_list("slug", "pk")),
        )
        for table, _known, handler in tables:
            seen: dict[str, int] = {}
            for line, row in table.rows:
                handler(ctx, table, line, row, seen)
                if progress:
                    progress(1, table.label)
        if report.errors or dry_run:
            # All or nothing: a bad row anywhere, or a dry run, and nothing is kept.
            transaction.set_rollback(True)
    report.seconds = time.perf_counter() - started
    return report

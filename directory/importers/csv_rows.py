"""The rows of a CSV import: each row mapped onto a structure or a service, checked
column by column, then upserted on its external id (`directory.importers.upsert`).

Every problem of a row is reported with its line and column; a column absent from the
file leaves that field untouched on update, a column present but empty clears it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from directory.importers.common import (
    CommuneIndex,
    ImportReport,
    SlugAllocator,
    control_errors,
    parse_date,
)
from directory.importers.csv_format import (
    DEFAULT_SOURCE,
    MULTILINE_COLUMNS,
    SERVICE_CODE_LISTS,
    SERVICE_COLUMNS,
    SERVICE_FIELD_COLUMNS,
    SERVICE_TEXT,
    STRUCTURE_COLUMNS,
    STRUCTURE_FIELD_COLUMNS,
    STRUCTURE_TEXT,
    VISIBILITIES,
    Table,
)
from directory.importers.upsert import Upsert
from directory.models import Organisation, OrganisationKind


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
    structures: Upsert
    services: Upsert
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


def _save(upsert: Upsert, obj, errors: RowErrors, field_columns: dict[str, str]) -> bool:
    """full_clean() then save in a savepoint; False (and errors) when the row is bad."""
    exclude = [name for name, column in field_columns.items() if column in errors.columns]
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        errors.add_validation(error, field_columns)
    if errors.count:
        return False
    try:
        upsert.save(obj)
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
    org = ctx.structures.find([external_id]).get(external_id) or ctx.structures.new(external_id)
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
    if _save(ctx.structures, org, errors, STRUCTURE_FIELD_COLUMNS):
        ctx.structure_pks[external_id] = org.pk
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
    service = ctx.services.find([external_id]).get(external_id) or ctx.services.new(external_id)
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
    _save(ctx.services, service, errors, SERVICE_FIELD_COLUMNS)

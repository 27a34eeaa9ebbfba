"""data·inclusion records checked and mapped onto the directory's fields.

Each record is validated with the official pydantic models (`v1.Structure`, `v1.Service`);
their messages are kept (they are precise) inside a French sentence that names the record
and the field. The model checks that would ask the database once per record (uniqueness,
foreign keys) are replaced by in-memory indexes (slugs, external ids, communes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pydantic
from data_inclusion.schema import v1
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from directory.importers.common import CommuneIndex, ImportReport, SlugAllocator, control_errors

_COMMUNE_CODE = re.compile(r"\d[\dAB]\d{3}")
# Checked in memory or set by the importer itself: the database is not asked per record.
NOT_CLEANED = ["commune", "parent", "partner_family", "verified_by", "organisation", "contact"]

# The record's text fields that the import keeps (the others are not stored, so their
# content does not refuse a record): checked for control characters before pydantic.
IMPORTED_TEXT = [
    "source", "id", "structure_id", "nom", "description", "siret", "adresse",
    "complement_adresse", "code_postal", "code_insee", "site_web", "horaires_accueil",
]  # fmt: skip
MULTILINE_TEXT = {"description"}


@dataclass
class Run:
    report: ImportReport
    communes: CommuneIndex
    slugs: SlugAllocator
    progress: Callable[[int], object]
    # external id -> pk of every structure (pk None when created in a run that writes
    # nothing, so that services can still be checked against it).
    structures: dict[str, int | None] = field(default_factory=dict)
    skipped_zones: int = 0

    @property
    def writing(self) -> bool:
        return not self.report.errors


def _where(index: int) -> str:
    return _("enregistrement %(index)s") % {"index": index}


def _pydantic_errors(run: Run, label: str, index: int, error: pydantic.ValidationError):
    for detail in error.errors():
        column = ".".join(str(part) for part in detail["loc"]) or "—"
        run.report.add_error(
            label,
            _where(index),
            column,
            _("valeur refusée par le schéma data·inclusion (%(message)s)")
            % {"message": detail["msg"]},
        )


def _django_errors(run: Run, label: str, index: int, error: ValidationError):
    for field_name, messages in error.message_dict.items():
        for message in messages:
            run.report.add_error(label, _where(index), field_name, message)


def validate(run, label, index, raw, model, seen):
    """The pydantic record and its external id, or (None, None) after reporting."""
    if not isinstance(raw, dict):
        run.report.add_error(
            label, _where(index), "", _("un enregistrement doit être un objet JSON")
        )
        return None, None
    hostile = control_errors(raw, IMPORTED_TEXT, MULTILINE_TEXT)
    for column, message in hostile:
        run.report.add_error(label, _where(index), column, message)
    if hostile:
        return None, None
    try:
        record = model.model_validate(raw)
    except pydantic.ValidationError as error:
        _pydantic_errors(run, label, index, error)
        return None, None
    external_id = f"{record.source}--{record.id}"
    if external_id in seen:
        run.report.add_error(
            label,
            _where(index),
            "id",
            _("identifiant « %(id)s » déjà présent (enregistrement %(other)s)")
            % {"id": external_id, "other": seen[external_id]},
        )
        return None, None
    seen[external_id] = index
    return record, external_id


def structure_values(run: Run, label: str, index: int, record: v1.Structure, raw: dict):
    commune = None
    if record.code_insee:
        commune = run.communes.by_insee(record.code_insee)
        if commune is None:
            run.report.add_error(
                label,
                _where(index),
                "code_insee",
                _("code INSEE inconnu « %(value)s »") % {"value": record.code_insee},
            )
            return None
    elif record.code_postal:
        commune = run.communes.by_postcode(record.code_postal)
    latitude, longitude = record.latitude, record.longitude
    if latitude is None and longitude is None and commune:
        latitude, longitude = commune[1], commune[2]
    return {
        "name": record.nom,
        "description": record.description or "",
        "siret": record.siret or "",
        "address": record.adresse or "",
        "address_complement": record.complement_adresse or "",
        "postal_code": record.code_postal or "",
        "commune_id": commune[0] if commune else None,
        "latitude": latitude,
        "longitude": longitude,
        # The text as given: pydantic's HttpUrl would add a trailing slash.
        "website": (raw.get("site_web") or "").strip(),
        "horaires_accueil": record.horaires_accueil or "",
        "reseaux_porteurs": sorted(code.value for code in record.reseaux_porteurs or []),
        "verified_on": record.date_maj,
        "source": f"data·inclusion ({record.source})",
    }


def clean(run: Run, label: str, index: int, obj) -> bool:
    try:
        obj.clean_fields(exclude=NOT_CLEANED)
        obj.clean()
    except ValidationError as error:
        _django_errors(run, label, index, error)
        return False
    return True


def service_values(run: Run, label: str, index: int, record: v1.Service):
    structure_id = f"{record.source}--{record.structure_id}"
    if structure_id not in run.structures:
        run.report.add_error(
            label,
            _where(index),
            "structure_id",
            _("structure « %(id)s » introuvable, ni dans le fichier des structures ni dans "
              "l'annuaire") % {"id": structure_id},
        )  # fmt: skip
        return None
    zones = []
    for code in record.zone_eligibilite or []:
        if _COMMUNE_CODE.fullmatch(code) and not code.startswith("99"):
            zones.append(code)
        else:
            run.skipped_zones += 1
    return {
        "organisation_id": run.structures[structure_id],
        "name": record.nom,
        "description": record.description,
        "types": [record.type.value] if record.type else [],
        "thematiques": sorted(code.value for code in record.thematiques or []),
        "frais": [record.frais.value] if record.frais else [],
        "publics": sorted(code.value for code in record.publics or []),
        "modes_accueil": sorted(code.value for code in record.modes_accueil or []),
        "zone_eligibilite": zones,
        "horaires_accueil": record.horaires_accueil or "",
        "verified_on": record.date_maj,
        "source": f"data·inclusion ({record.source})",
    }

"""Import data·inclusion schema v1 records (structures, services) into the directory.

Why it looks like this:
- every record is validated with the official pydantic models (`v1.Structure`,
  `v1.Service`); their messages are kept (they are precise) inside a French sentence that
  names the record and the field;
- entries are upserted on `external_id = "<source>--<id>"`, so a new extract updates the
  entries of the previous one;
- like the CSV import, it is all or nothing: one transaction, every error reported, a
  rollback when there is any (or for a dry run);
- it must take a national extract (100,000 records) in minutes and under 1 GB: files are
  read record by record (a JSON array is decoded incrementally, JSON Lines line by line),
  written in chunks with bulk_create / bulk_update, and the model checks that would ask
  the database once per record (uniqueness, foreign keys) are replaced by in-memory
  indexes (slugs, external ids, communes);
- once an error is found, nothing more is written (it would be rolled back), but every
  remaining record is still validated and reported.

What is not imported, on purpose: `contact_nom_prenom` (a person's name: the hub never
stores one), the structures' and services' `telephone` and `courriel` (our contacts are
role-based, with their own visibility, and are entered by the partners), a service's own
address (our services sit at their structure's address), and `zone_eligibilite` codes
that are not communes (departments, EPCI, countries, "france"): counted in a warning.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

import pydantic
from data_inclusion.schema import v1
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.importers.common import (
    CommuneIndex,
    ImportFileError,
    ImportReport,
    SlugAllocator,
    control_errors,
)
from directory.models import Organisation, OrganisationKind, Service
from hub.access import Tier
from search import indexing

CHUNK = 1000
# bulk_update writes one CASE per field over the batch: small batches keep SQLite linear.
UPDATE_BATCH = 100
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

STRUCTURE_FIELDS = [
    "name",
    "description",
    "siret",
    "address",
    "address_complement",
    "postal_code",
    "commune",
    "latitude",
    "longitude",
    "website",
    "horaires_accueil",
    "reseaux_porteurs",
    "verified_on",
    "source",
]
SERVICE_FIELDS = [
    "organisation",
    "name",
    "description",
    "types",
    "thematiques",
    "frais",
    "publics",
    "modes_accueil",
    "zone_eligibilite",
    "horaires_accueil",
    "verified_on",
    "source",
]


# --- Reading --------------------------------------------------------------------------------


def iter_records(path: str | Path) -> Iterator[tuple[int, object]]:
    """(1-based index, decoded value) for each record of a JSON array or a JSON Lines file."""
    path = Path(path)
    try:
        stream = path.open(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFileError(_("Fichier introuvable : %(path)s.") % {"path": path}) from None
    with stream:
        try:
            head = stream.read(1 << 16)
            start = len(head) - len(head.lstrip())
            if head[start : start + 1] == "[":
                yield from _iter_array(stream, head, start + 1, path)
            else:
                yield from _iter_lines(stream, head, path)
        except UnicodeDecodeError:
            raise ImportFileError(
                _("Le fichier %(path)s n'est pas en UTF-8.") % {"path": path.name}
            ) from None


def _iter_array(stream, buffer: str, position: int, path: Path) -> Iterator[tuple[int, object]]:
    decoder = json.JSONDecoder()
    index = 0
    eof = False
    while True:
        # Skip blanks and the comma between two records; read more when needed.
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n,":
                position += 1
            if position < len(buffer) or eof:
                break
            more = stream.read(1 << 20)
            eof = not more
            buffer, position = buffer[position:] + more, 0
        if position >= len(buffer):
            raise ImportFileError(
                _("Le fichier %(path)s est incomplet : le tableau JSON n'est pas fermé.")
                % {"path": path.name}
            )
        if buffer[position] == "]":
            return
        try:
            value, end = decoder.raw_decode(buffer, position)
        except json.JSONDecodeError as error:
            if eof:
                raise ImportFileError(
                    _("JSON invalide dans %(path)s, enregistrement %(index)s : %(error)s.")
                    % {"path": path.name, "index": index + 1, "error": error.msg}
                ) from None
            more = stream.read(1 << 20)
            eof = not more
            buffer, position = buffer[position:] + more, 0
            continue
        index += 1
        yield index, value
        position = end
        if position > 1 << 20:  # drop what has been decoded
            buffer, position = buffer[position:], 0


def _iter_lines(stream, head: str, path: Path) -> Iterator[tuple[int, object]]:
    def lines():
        pending = ""
        for chunk in chain([head], iter(lambda: stream.read(1 << 20), "")):
            *complete, pending = (pending + chunk).split("\n")
            yield from complete
        yield pending

    index = 0
    for line_number, line in enumerate(lines(), start=1):
        if not line.strip():
            continue
        index += 1
        try:
            yield index, json.loads(line)
        except json.JSONDecodeError as error:
            raise ImportFileError(
                _("JSON invalide dans %(path)s, ligne %(line)s : %(error)s.")
                % {"path": path.name, "line": line_number, "error": error.msg}
            ) from None


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- Import ---------------------------------------------------------------------------------


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


def _validate(run, label, index, raw, model, seen):
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


def _structure_values(run: Run, label: str, index: int, record: v1.Structure, raw: dict):
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


def _clean(run: Run, label: str, index: int, obj) -> bool:
    try:
        obj.clean_fields(exclude=NOT_CLEANED)
        obj.clean()
    except ValidationError as error:
        _django_errors(run, label, index, error)
        return False
    return True


def _import_structures(run: Run, path, label: str) -> None:
    seen: dict[str, int] = {}
    for chunk in _chunks(iter_records(path), CHUNK):
        rows = []
        for index, raw in chunk:
            run.progress(1)
            record, external_id = _validate(run, label, index, raw, v1.Structure, seen)
            if record is None:
                continue
            values = _structure_values(run, label, index, record, raw)
            if values is not None:
                rows.append((index, external_id, values))
        _write_structures(run, label, rows)


def _assign(obj, values: dict) -> bool:
    """Set the values; True when one of them differs (unchanged entries are not written)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _by_external_id(model, rows) -> dict:
    # Not in_bulk(): the unique constraint on external_id is partial (blank ids allowed).
    external_ids = [external_id for _index, external_id, _values in rows]
    return {obj.external_id: obj for obj in model.objects.filter(external_id__in=external_ids)}


def _write_structures(run: Run, label: str, rows: list) -> None:
    existing = _by_external_id(Organisation, rows)
    to_create, to_update = [], []
    for index, external_id, values in rows:
        organisation = existing.get(external_id)
        if organisation is None:
            organisation = Organisation(
                external_id=external_id,
                kind=OrganisationKind.OTHER,
                access_tier=Tier.PUBLIC,
                slug=run.slugs.allocate(values["name"]),
            )
        changed = _assign(organisation, values)
        if not _clean(run, label, index, organisation):
            continue
        run.structures[external_id] = organisation.pk
        if organisation.pk is None:
            to_create.append(organisation)
        elif changed:
            to_update.append(organisation)
        else:
            run.report.structures.unchanged += 1
    run.report.structures.created += len(to_create)
    run.report.structures.updated += len(to_update)
    if run.writing:
        Organisation.objects.bulk_create(to_create, batch_size=CHUNK)
        Organisation.objects.bulk_update(to_update, STRUCTURE_FIELDS, batch_size=UPDATE_BATCH)
        # Bulk writes send no signals: their search documents are scheduled here (written
        # after commit, and never if the import is rolled back).
        indexing.schedule(Organisation, [o.pk for o in to_create + to_update])
        for organisation in to_create:
            run.structures[organisation.external_id] = organisation.pk


def _service_values(run: Run, label: str, index: int, record: v1.Service):
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


def _import_services(run: Run, path, label: str) -> None:
    seen: dict[str, int] = {}
    for chunk in _chunks(iter_records(path), CHUNK):
        rows = []
        for index, raw in chunk:
            run.progress(1)
            record, external_id = _validate(run, label, index, raw, v1.Service, seen)
            if record is None:
                continue
            values = _service_values(run, label, index, record)
            if values is not None:
                rows.append((index, external_id, values))
        existing = _by_external_id(Service, rows)
        to_create, to_update = [], []
        for index, external_id, values in rows:
            service = existing.get(external_id) or Service(
                external_id=external_id, access_tier=Tier.PUBLIC
            )
            changed = _assign(service, values)
            if not _clean(run, label, index, service):
                continue
            if service.pk is None:
                to_create.append(service)
            elif changed:
                to_update.append(service)
            else:
                run.report.services.unchanged += 1
        run.report.services.created += len(to_create)
        run.report.services.updated += len(to_update)
        if run.writing:
            Service.objects.bulk_create(to_create, batch_size=CHUNK)
            Service.objects.bulk_update(to_update, SERVICE_FIELDS, batch_size=UPDATE_BATCH)
            changed = to_create + to_update
            indexing.schedule(Service, [service.pk for service in changed])
            # A structure's document carries its public services' words and facets.
            indexing.schedule(Organisation, {service.organisation_id for service in changed})


def import_data_inclusion(
    structures: str | Path | None,
    services: str | Path | None = None,
    *,
    dry_run: bool = False,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    """Import a structures file and/or a services file (JSON array or JSON Lines).

    Raises ImportFileError when a file is missing or is not JSON."""
    started = time.perf_counter()
    report = ImportReport(dry_run=dry_run)
    for path in (structures, services):
        if path is not None and not Path(path).is_file():
            raise ImportFileError(_("Fichier introuvable : %(path)s.") % {"path": path})
    with indexing.deferred(), transaction.atomic():
        run = Run(
            report=report,
            communes=CommuneIndex(),
            slugs=SlugAllocator(),
            progress=progress or (lambda n: None),
            structures=dict(
                Organisation.objects.exclude(external_id="").values_list("external_id", "pk")
            ),
        )
        if structures is not None:
            _import_structures(run, structures, Path(structures).name)
        if services is not None:
            _import_services(run, services, Path(services).name)
        if run.skipped_zones:
            report.warnings.append(
                _(
                    "%(count)s code(s) de zone d'éligibilité ignoré(s) : seuls les codes de "
                    "communes sont gardés (pas les départements, EPCI, pays ni « france »)."
                )
                % {"count": run.skipped_zones}
            )
        if report.errors or dry_run:
            transaction.set_rollback(True)
    report.seconds = time.perf_counter() - started
    return report

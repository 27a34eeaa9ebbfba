"""Import data·inclusion schema v1 records (structures, services) into the directory.

Why it looks like this:
- every record is validated with the official pydantic models (`v1.Structure`,
  `v1.Service`) and mapped onto our fields (`data_inclusion_rows`); their messages are
  kept (they are precise) inside a French sentence that names the record and the field;
- entries are upserted on `external_id = "<source>--<id>"`, so a new extract updates the
  entries of the previous one;
- like the CSV import, it is all or nothing: one transaction, every error reported, a
  rollback when there is any (or for a dry run);
- it must take a national extract (100,000 records) in minutes and under 1 GB: files are
  read record by record (`json_records`: a JSON array is decoded incrementally, JSON
  Lines line by line), written in chunks with bulk_create / bulk_update (`upsert`), and
  the model checks that would ask
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

import time
from collections.abc import Callable
from pathlib import Path

from data_inclusion.schema import v1
from django.db import transaction
from django.utils.translation import gettext as _

from directory.importers.common import CommuneIndex, ImportFileError, ImportReport, SlugAllocator
from directory.importers.data_inclusion_rows import (
    Run,
    clean,
    service_values,
    structure_values,
    validate,
)
from directory.importers.json_records import chunks, iter_records
from directory.importers.upsert import Upsert, assign
from directory.models import Organisation, OrganisationKind, Service
from hub.access import Tier
from search import indexing

CHUNK = 1000
# bulk_update writes one CASE per field over the batch: small batches keep SQLite linear.
UPDATE_BATCH = 100

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


def _records(run: Run, path, label: str, model, values):
    """Chunks of (index, external id, values) of the valid records of the file."""
    seen: dict[str, int] = {}
    for chunk in chunks(iter_records(path), CHUNK):
        rows = []
        for index, raw in chunk:
            run.progress(1)
            record, external_id = validate(run, label, index, raw, model, seen)
            if record is None:
                continue
            row_values = values(index, record, raw)
            if row_values is not None:
                rows.append((index, external_id, row_values))
        yield rows


def _import_structures(run: Run, path, label: str) -> None:
    upsert = Upsert(Organisation, run.report.structures, kind=OrganisationKind.OTHER,
                    access_tier=Tier.PUBLIC)  # fmt: skip

    def values(index, record, raw):
        return structure_values(run, label, index, record, raw)

    for rows in _records(run, path, label, v1.Structure, values):
        existing = upsert.find(external_id for _index, external_id, _values in rows)
        for index, external_id, row_values in rows:
            organisation = existing.get(external_id) or upsert.new(
                external_id, slug=run.slugs.allocate(row_values["name"])
            )
            changed = assign(organisation, row_values)
            if clean(run, label, index, organisation):
                run.structures[external_id] = organisation.pk
                upsert.file(organisation, changed)
        for organisation in upsert.write(STRUCTURE_FIELDS, run.writing, CHUNK, UPDATE_BATCH):
            run.structures[organisation.external_id] = organisation.pk


def _import_services(run: Run, path, label: str) -> None:
    upsert = Upsert(Service, run.report.services, access_tier=Tier.PUBLIC)

    def values(index, record, raw):
        return service_values(run, label, index, record)

    for rows in _records(run, path, label, v1.Service, values):
        existing = upsert.find(external_id for _index, external_id, _values in rows)
        for index, external_id, row_values in rows:
            service = existing.get(external_id) or upsert.new(external_id)
            changed = assign(service, row_values)
            if clean(run, label, index, service):
                upsert.file(service, changed)
        written = upsert.write(SERVICE_FIELDS, run.writing, CHUNK, UPDATE_BATCH)
        # A structure's document carries its public services' words and facets.
        indexing.schedule(Organisation, {service.organisation_id for service in written})


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

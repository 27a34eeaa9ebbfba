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

import time
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from directory.importers.common import CommuneIndex, ImportReport, SlugAllocator
from directory.importers.csv_format import (
    SERVICE_COLUMNS,
    SERVICE_REQUIRED,
    STRUCTURE_COLUMNS,
    STRUCTURE_REQUIRED,
    Source,
    read_table,
)
from directory.importers.csv_rows import Context, import_service_row, import_structure_row
from directory.importers.upsert import Upsert
from directory.models import Organisation, Service
from hub.accounts.models import PartnerFamily
from search import indexing


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
            structures=Upsert(Organisation, report.structures),
            services=Upsert(Service, report.services),
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

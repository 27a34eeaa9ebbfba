"""The one upsert of the imports: entries of one model found on their external id, created
or updated, and counted in the report as created, updated or unchanged.

The CSV import saves its entries one by one (`save`), so that a service may name a
structure created a few lines up; data·inclusion files them by chunks (`file`) and writes
each chunk in bulk (`write`). Both count the same way.
"""

from __future__ import annotations

from django.db import transaction

from directory.importers.common import Counts
from search import indexing


class Upsert:
    """Entries of `model` upserted on `external_id`; new ones are made with `defaults`."""

    def __init__(self, model, counts: Counts, **defaults):
        self.model, self.counts, self.defaults = model, counts, defaults
        self.to_create: list = []
        self.to_update: list = []

    def find(self, external_ids) -> dict:
        """The existing entries of these external ids, by external id (one query)."""
        # Not in_bulk(): the unique constraint on external_id is partial (blank ids allowed).
        external_ids = [external_id for external_id in external_ids if external_id]
        if not external_ids:
            return {}
        return {
            obj.external_id: obj for obj in self.model.objects.filter(external_id__in=external_ids)
        }

    def new(self, external_id: str, **fields):
        """A new, unsaved entry."""
        return self.model(external_id=external_id, **self.defaults, **fields)

    def save(self, obj) -> None:
        """Save one entry now, in a savepoint, and count it (DatabaseError goes up)."""
        created = obj.pk is None
        with transaction.atomic():
            obj.save()
        if created:
            self.counts.created += 1
        else:
            self.counts.updated += 1

    def file(self, obj, changed: bool) -> None:
        """Count an entry, and keep it for `write` unless it is unchanged."""
        if obj.pk is None:
            self.to_create.append(obj)
            self.counts.created += 1
        elif changed:
            self.to_update.append(obj)
            self.counts.updated += 1
        else:
            self.counts.unchanged += 1

    def write(self, fields: list[str], writing: bool, batch_size: int, update_batch_size: int):
        """Write the filed entries in bulk (only when `writing`) and forget them; return
        the entries written."""
        written = self.to_create + self.to_update
        if writing:
            self.model.objects.bulk_create(self.to_create, batch_size=batch_size)
            self.model.objects.bulk_update(self.to_update, fields, batch_size=update_batch_size)
            # Bulk writes send no signals: their search documents are scheduled here
            # (written after commit, and never if the import is rolled back).
            indexing.schedule(self.model, [obj.pk for obj in written])
        self.to_create, self.to_update = [], []
        return written if writing else []


def assign(obj, values: dict) -> bool:
    """Set the values; True when one of them differs (unchanged entries are not written)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed

"""What hub's privacy code asks of the apps above it, which it does not import.

Two contracts, each registered as `fn() -> instance` under its hook (hub/hooks.py):

- `PersonalData` (`maillage_personal_data`): one kind of rows that holds personal data:
  the directory's contacts and error reports, search's daily counts. The erasure, the
  right of access, the register of erasures and the retention purge ask every holder.
- `DerivedData` (`maillage_derived_data`): a copy built from the sources (the search
  documents, the PDF cache). An erasure rebuilds what named the person and empties the
  caches; a restore rebuilds the whole copy.

Every method's default means "nothing here": a holder overrides only what applies to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hub.hooks import DERIVED_DATA, PERSONAL_DATA, provided


@dataclass(frozen=True)
class Card:
    """How a contact reaches its person: an address, a number, and a label (a role) that
    the erasure looks for only in the rows about the contact itself."""

    email: str = ""
    phone: str = ""
    label: str = ""


class PersonalData:
    """One kind of rows, above hub, that holds personal data."""

    # Its rows' model: a journal entry about one of them may name a person, so the right
    # of access shows its label only when the row is the person's own. None: no rows.
    model: type | None = None
    # Its key in the right-of-access document and its line in the document's counts
    # (hub/privacy/access_request.py); "" when the right of access does not list it.
    section: str = ""
    label: str = ""

    # --- Contacts: rows that *are* a person (a role with an address, a number). An
    # erasure deletes them with the person; an erasure may ask for one by its id.

    def contact(self, pk):
        """The contact `pk`, or None."""
        return None

    def contacts_with_emails(self, emails: set[str]) -> list:
        """The contacts whose address is one of `emails` (lower case), any case."""
        return []

    def contacts_named(self, needles) -> list:
        """The contacts whose label (a role) is one of the person's full names
        (`hub.privacy.redaction.Needles` of names)."""
        return []

    def card(self, contact) -> Card:
        return Card()

    # --- The right of access.

    def rows_of(self, person) -> list:
        """The rows of `person` (`hub.privacy.erasure.Person`) that the document lists."""
        return []

    def export(self, row) -> dict:
        """One row as the document shows it (French keys)."""
        return {}

    # --- The register of erasures, replayed after a restore.

    def to_erase_again(self, erased: Callable) -> tuple[set[str], set]:
        """(addresses, contact ids) that the register names. `erased(kind, value,
        created=None)` says whether `value` was erased (after `created`, if given)."""
        return set(), set()

    # --- Retention.

    def purges(self, now) -> list:
        """`hub.privacy.retention.Purge`s of its rows past their period at `now`."""
        return []


class ErasurePart:
    """What an erasure does to one copy of derived data, planned before anything changes."""

    def names_person(self) -> bool:
        """Something of this copy still names the person (the erasure is not empty)."""
        return False

    def line(self) -> str | None:
        """The plan's line in French, or None when there is nothing to say."""
        return None

    def apply(self, needles) -> int:
        """Inside the erasure's transaction, once the sources are redacted."""
        return 0


class DerivedData:
    """A copy built from the sources, kept by an app above hub."""

    # Named in the erasure's « Caches vidés » line when `empty()` empties a cache.
    cache_label: str = ""

    def plan_erasure(self, changes: dict, needles) -> ErasurePart | None:
        """What to rebuild: `changes` is the erasure's {model: {pk: {field: value}}}."""
        return None

    def empty(self) -> None:
        """After an erasure, once it is committed."""

    def rebuild(self) -> dict[str, int]:
        """After a restore: the copy rebuilt from the restored sources; counts by kind."""
        return {}


def personal_data() -> list[PersonalData]:
    return provided(PERSONAL_DATA)


def derived_data() -> list[DerivedData]:
    return provided(DERIVED_DATA)

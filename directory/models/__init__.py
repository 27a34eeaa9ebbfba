"""The directory's models, one module per concept; import them from here.

- `gazetteer`: communes and arrondissements, postcodes (loaded by `load_communes`);
- `vocabularies`: data·inclusion's vocabularies and the local ones, validators;
- `entries`: structures (organisations), services, coordination instances;
- `sectors`: psychiatric sectors;
- `contacts`: role-based contacts with a tier per field;
- `reports`: public error reports, kept in moderation.
"""

from directory.models.contacts import Contact, FieldTier
from directory.models.entries import (
    CoordinationInstance,
    Organisation,
    OrganisationTag,
    Service,
)
from directory.models.gazetteer import (
    Commune,
    CommuneQuerySet,
    PostalCode,
    Reading,
    normalize_name,
)
from directory.models.reports import ErrorReport
from directory.models.sectors import PsychiatricSector
from directory.models.vocabularies import OrganisationKind

__all__ = [
    "Commune",
    "CommuneQuerySet",
    "Contact",
    "CoordinationInstance",
    "ErrorReport",
    "FieldTier",
    "Organisation",
    "OrganisationKind",
    "OrganisationTag",
    "PostalCode",
    "PsychiatricSector",
    "Reading",
    "Service",
    "normalize_name",
]

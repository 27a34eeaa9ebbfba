"""What the directory gives away, shaped for each channel: data·inclusion v1 records
(structures, services) and the rows of the CSV / XLSX spreadsheets.

Every function takes the requesting user and starts from `hub.access.visible_objects`:
an export shows exactly what the user may see in the directory, never more. A contact's
e-mail or phone line is added only when `hub.access.can_view_field` allows it, and a
service is exported only when its structure is visible too (its record names the
structure).

The local kinds of structure (bailleur social, CMP, GEM...) have no data·inclusion code:
they are never put in a data·inclusion field; the records carry them in a clearly named
local extension, `maillage`, which the schema's models ignore.

Spreadsheet cells are neutralised against formula injection (`neutralise`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from directory.models import Contact, Organisation, OrganisationKind, Service
from hub.absolute_urls import absolute_url, site_root
from hub.access import can_view_field, visible_objects

SOURCE = "maillage"
CHUNK = 500

# --- Formula neutralisation -------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@")
# A phone number ("+33 3 87 00 00 00", "+33387000000"): a plus, then only digits, spaces or
# dots. It cannot call anything, so it is kept as it is (people copy it to dial).
_PHONE = re.compile(r"\+\d[\d .]{7,18}\d")
# C0 and C1 control characters but the line feed: XLSX refuses most of them, and a
# spreadsheet may drop them before reading the cell (a hidden "\x01=HYPERLINK(...)").
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def neutralise(value) -> str:
    """A cell as text a spreadsheet will not run.

    Control characters go first (a tab becomes a space, a carriage return a line feed,
    the others disappear), so that what is checked is what the spreadsheet will read;
    then a value whose first visible character is =, +, -, or @ gets a leading
    apostrophe, except a phone number. Leading blanks do not hide a formula: some
    spreadsheets trim them when they open a CSV."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    if text.lstrip().startswith(_FORMULA_START) and not _PHONE.fullmatch(text):
        return "'" + text
    return text


# --- Querysets, as the user may see them -----------------------------------------------------


def visible_organisations(user):
    contacts = visible_objects(user, Contact.objects.all()).order_by("role", "pk")
    return (
        visible_objects(user, Organisation.objects.all())
        .select_related("commune", "partner_family")
        .prefetch_related(Prefetch("contacts", queryset=contacts, to_attr="visible_contacts"))
        .order_by("name", "pk")
    )


def visible_services(user):
    """Services the user may see, whose structure the user may see too."""
    organisations = visible_objects(user, Organisation.objects.all()).values("pk")
    contacts = visible_objects(user, Contact.objects.all())
    return (
        visible_objects(user, Service.objects.all())
        .filter(organisation__in=organisations)
        .select_related("organisation", "organisation__commune")
        .prefetch_related(Prefetch("contact", queryset=contacts))
        .order_by("organisation__name", "name", "pk")
    )


def contact_lines(user, contacts) -> tuple[str, str]:
    """The first e-mail and the first phone line the user may see among `contacts`.

    The querysets above already leave out contacts of hidden tiers (a service's contact
    is prefetched through the same filter, so it is None when hidden); `can_view_field`
    checks the contact's tier again and the field's own tier."""
    email = phone = ""
    for contact in contacts:
        if contact is None:
            continue
        if not email and contact.email and can_view_field(user, contact, "email"):
            email = contact.email
        if not phone and contact.phone and can_view_field(user, contact, "phone"):
            phone = contact.phone
    return email, phone


# --- data·inclusion v1 ------------------------------------------------------------------------


def e164(phone: str) -> str:
    """ "03 87 99 00 42" -> "+33387990042", as data·inclusion prefers."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        return "+" + digits
    if len(digits) == 10 and digits.startswith("0"):
        return "+33" + digits[1:]
    return phone


def _written_on(obj) -> date | None:
    """The day `obj` was last written: `updated_at`, else its latest admin revision (a row
    no save has stamped since the field was added: one query, for those rows only)."""
    if obj.updated_at is not None:
        return timezone.localdate(obj.updated_at)
    if getattr(obj, "latest_revision_id", None):
        return timezone.localdate(obj.latest_revision.created_at)
    return None


def _date_maj(obj) -> str | None:
    """data·inclusion requires `date_maj` (never null), in this century and not in the
    future. It is a true date or none: the verification date when there is one, else the
    day the entry was last written (an edit, an import, the demo). Never today's date for
    want of one: an entry with neither gets `None`, and `iter_*_records` leave it out."""
    # The schema checks "not in the future" with the server's calendar.
    today = min(timezone.localdate(), date.today())
    candidates = [obj.verified_on]
    written = _written_on(obj)
    if written is not None:
        # Written a moment ago, past midnight in Paris but not yet by the server's calendar.
        candidates.append(min(written, today))
    for candidate in candidates:
        if candidate is not None and date(2000, 1, 1) <= candidate <= today:
            return candidate.isoformat()
    return None


def _text(value: str, minimum: int = 0, maximum: int = 10000) -> str | None:
    value = (value or "").strip()
    if len(value) < max(minimum, 1):
        return None
    return value[:maximum]


def _entry_url(slug: str, root: str | None) -> str | None:
    """The entry's page as an absolute URL on `root` (`hub.absolute_urls.site_root`: the
    request's host, else the configured site), None when no root is known."""
    if root is None:
        root = site_root()
    path = reverse("directory:entry", args=[slug])
    return absolute_url(path, root=root) if root else None


def structure_record(user, organisation: Organisation, root: str | None = None) -> dict:
    email, phone = contact_lines(user, getattr(organisation, "visible_contacts", []))
    commune = organisation.commune
    postal_code = (
        organisation.postal_code if re.fullmatch(r"\d{5}", organisation.postal_code or "") else None
    )
    return {
        "source": SOURCE,
        "id": organisation.slug,
        "nom": _text(organisation.name, 3, 150) or organisation.slug,
        "date_maj": _date_maj(organisation),
        "description": _text(organisation.description, 5),
        "lien_source": _entry_url(organisation.slug, root),
        "siret": organisation.siret or None,
        "commune": commune.name if commune else None,
        "code_postal": postal_code,
        "code_insee": commune.code if commune else None,
        "adresse": organisation.address or None,
        "complement_adresse": organisation.address_complement or None,
        "longitude": organisation.longitude,
        "latitude": organisation.latitude,
        "telephone": e164(phone) if phone else None,
        "courriel": email or None,
        "site_web": organisation.website or None,
        "horaires_accueil": organisation.horaires_accueil or None,
        "accessibilite_lieu": None,
        "reseaux_porteurs": sorted(organisation.reseaux_porteurs) or None,
        # Local extension: our own vocabulary, never a data·inclusion code.
        "maillage": {
            "type_structure": organisation.kind,
            "type_structure_libelle": str(OrganisationKind(organisation.kind).label)
            if organisation.kind in OrganisationKind.values
            else organisation.kind,
            "thematiques": sorted(organisation.thematiques),
        },
    }


def service_record(user, service: Service, root: str | None = None) -> dict:
    organisation = service.organisation
    commune = organisation.commune
    email, phone = contact_lines(user, [service.contact])
    publics = sorted(service.publics)
    if "tous-publics" in publics and len(publics) > 1:
        # The schema forbids `tous-publics` with other values: the precise ones win.
        publics.remove("tous-publics")
    description = _text(service.description, 5) or f"{service.name} ({organisation.name})"
    return {
        "source": SOURCE,
        "structure_id": organisation.slug,
        "id": f"{organisation.slug}--{service.pk}",
        "nom": _text(service.name, 3, 150) or f"Service {service.pk}",
        "description": description[:10000],
        "lien_source": _entry_url(organisation.slug, root),
        "date_maj": _date_maj(service),
        # The schema has one type and one fee per service; we keep lists: the first wins.
        "type": service.types[0] if service.types else None,
        "thematiques": sorted(service.thematiques) or None,
        "frais": service.frais[0] if service.frais else None,
        "publics": publics or None,
        "commune": commune.name if commune else None,
        "code_insee": commune.code if commune else None,
        "code_postal": organisation.postal_code
        if re.fullmatch(r"\d{5}", organisation.postal_code or "")
        else None,
        "adresse": organisation.address or None,
        "complement_adresse": organisation.address_complement or None,
        "longitude": organisation.longitude,
        "latitude": organisation.latitude,
        "telephone": e164(phone) if phone else None,
        "courriel": email or None,
        "modes_accueil": sorted(service.modes_accueil) or None,
        "zone_eligibilite": list(service.zone_eligibilite) or None,
        "horaires_accueil": service.horaires_accueil or None,
    }


def iter_structure_records(user, request=None) -> Iterator[dict]:
    """`request` gives the links' host; without it (a command), the configured site's."""
    root = site_root(request)
    for organisation in visible_organisations(user).iterator(chunk_size=CHUNK):
        record = structure_record(user, organisation, root)
        if record["date_maj"] is not None:  # no true date, no record (`_date_maj`)
            yield record


def iter_service_records(user, request=None) -> Iterator[dict]:
    root = site_root(request)
    for service in visible_services(user).iterator(chunk_size=CHUNK):
        record = service_record(user, service, root)
        # Its structure's record must be in the export too: it names it.
        if record["date_maj"] is not None and _date_maj(service.organisation) is not None:
            yield record


# --- Spreadsheets (CSV, XLSX) -----------------------------------------------------------------

STRUCTURE_HEADERS = [
    "Identifiant",
    "Nom",
    "Type de structure",
    "Adresse",
    "Complément d'adresse",
    "Code postal",
    "Commune",
    "Code INSEE",
    "Latitude",
    "Longitude",
    "Site internet",
    "SIRET",
    "Description",
    "Thématiques",
    "Horaires d'accueil",
    "Famille de partenaires",
    "Courriel",
    "Téléphone",
    "Source",
    "Vérifié le",
    "Services",
]
SERVICE_HEADERS = [
    "Identifiant de la structure",
    "Structure",
    "Service",
    "Description",
    "Types",
    "Thématiques",
    "Publics",
    "Modes d'accueil",
    "Frais",
    "Zone d'éligibilité (codes INSEE)",
    "Horaires d'accueil",
    "Courriel",
    "Téléphone",
    "Source",
    "Vérifié le",
]


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _number(value) -> str:
    return "" if value is None else str(value)


def _codes(values) -> str:
    return " | ".join(values or [])


def structure_rows(user) -> Iterator[list[str]]:
    """One row per visible structure; the `Services` column lists its visible services."""
    services: dict[int, list[str]] = {}
    for organisation_id, name in visible_services(user).values_list("organisation_id", "name"):
        services.setdefault(organisation_id, []).append(name)
    for organisation in visible_organisations(user).iterator(chunk_size=CHUNK):
        email, phone = contact_lines(user, organisation.visible_contacts)
        commune = organisation.commune
        kind = (
            OrganisationKind(organisation.kind).label
            if organisation.kind in OrganisationKind.values
            else organisation.kind
        )
        row = [
            organisation.slug,
            organisation.name,
            str(kind),
            organisation.address,
            organisation.address_complement,
            organisation.postal_code,
            commune.name if commune else "",
            commune.code if commune else "",
            _number(organisation.latitude),
            _number(organisation.longitude),
            organisation.website,
            organisation.siret,
            organisation.description,
            _codes(organisation.thematiques),
            organisation.horaires_accueil,
            organisation.partner_family.name if organisation.partner_family else "",
            email,
            phone,
            organisation.source,
            _date(organisation.verified_on),
            " | ".join(services.get(organisation.pk, [])),
        ]
        yield [neutralise(cell) for cell in row]


def service_rows(user) -> Iterator[list[str]]:
    for service in visible_services(user).iterator(chunk_size=CHUNK):
        email, phone = contact_lines(user, [service.contact])
        row = [
            service.organisation.slug,
            service.organisation.name,
            service.name,
            service.description,
            _codes(service.types),
            _codes(service.thematiques),
            _codes(service.publics),
            _codes(service.modes_accueil),
            _codes(service.frais),
            _codes(service.zone_eligibilite),
            service.horaires_accueil,
            email,
            phone,
            service.source,
            _date(service.verified_on),
        ]
        yield [neutralise(cell) for cell in row]

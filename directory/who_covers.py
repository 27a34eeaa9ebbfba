""" "Who covers this place?": from what a landlord agent types (a commune, a postcode, an
INSEE code, "Paris 11e"), the people to call, in the order they need them.

1. the psychiatric sector(s) covering the place, with their CMP(s);
2. the mobile team(s);
3. the CLSM and the other coordination instances;
4. the accompanied-housing operators;
5. the other local partners.

Everything goes through `hub.access`: each list through `visible_objects`, each contact
line through `can_view_field` (a line kept for partners becomes "réservé aux
partenaires"). Nothing here raises on a person's input: a problem is a French message in
the result. The `/qui-contacter/` page (issue 4, next part) only renders this result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Q
from django.utils.translation import gettext as _

from directory.models import (
    Commune,
    Contact,
    CoordinationInstance,
    Organisation,
    OrganisationKind,
    PsychiatricSector,
    normalize_name,
)
from hub.access import can_view_field, visible_objects

# How many communes to offer when the query is ambiguous ("Marly": Moselle or Nord?).
MAX_CHOICES = 10


class Status(StrEnum):
    FOUND = "found"
    # Paris, Lyon and Marseille: the sectors follow the arrondissements.
    NEEDS_ARRONDISSEMENT = "needs_arrondissement"
    # Several communes match (homonyms, a postcode shared by several communes).
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"
    EMPTY = "empty"


def hidden_note() -> str:
    return _("réservé aux partenaires")


@dataclass(frozen=True)
class ContactCard:
    """A contact as this user may see it: a hidden line holds `hidden_note()` instead,
    and `*_hidden` says so for templates that want to style it."""

    role: str
    organisation: str
    email: str
    email_hidden: bool
    phone: str
    phone_hidden: bool
    phone_hours: str
    contact: Contact = field(repr=False, compare=False)


@dataclass(frozen=True)
class Entry:
    """One organisation or instance of the answer, with its visible contacts."""

    item: object
    contacts: list[ContactCard]


@dataclass(frozen=True)
class SectorEntry:
    sector: PsychiatricSector
    hospital: Entry | None
    cmps: list[Entry]


@dataclass
class WhoCoversResult:
    query: str
    status: Status
    message: str = ""
    communes: list[Commune] = field(default_factory=list)
    # The communes to choose from (ambiguous query) or the arrondissements of the city.
    choices: list[Commune] = field(default_factory=list)
    sectors: list[SectorEntry] = field(default_factory=list)
    mobile_teams: list[Entry] = field(default_factory=list)
    instances: list[Entry] = field(default_factory=list)
    housing_operators: list[Entry] = field(default_factory=list)
    partners: list[Entry] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.status == Status.FOUND

    @property
    def is_empty(self) -> bool:
        """Found the place, but nobody is known to cover it yet."""
        return self.found and not any(
            (self.sectors, self.mobile_teams, self.instances, self.housing_operators, self.partners)
        )


def who_covers(query: str | None, user) -> WhoCoversResult:
    text = (query or "").strip()
    if not text:
        return WhoCoversResult(
            text,
            Status.EMPTY,
            _("Saisissez une commune, un code postal, un code INSEE ou un arrondissement."),
        )
    communes, status = resolve(text)
    if status == Status.NOT_FOUND:
        return WhoCoversResult(
            text,
            status,
            _(
                "Aucune commune ne correspond à « %(query)s ». Vérifiez l'orthographe, ou "
                "saisissez un code postal ou un code INSEE."
            )
            % {"query": text},
        )
    if status == Status.AMBIGUOUS:
        return WhoCoversResult(
            text,
            status,
            _("Plusieurs communes correspondent à « %(query)s » : précisez laquelle.")
            % {"query": text},
            choices=communes,
        )
    commune = communes[0]
    arrondissements = list(commune.arrondissements.order_by("code"))
    if arrondissements:
        return WhoCoversResult(
            text,
            Status.NEEDS_ARRONDISSEMENT,
            _(
                "À %(city)s, les secteurs psychiatriques suivent les arrondissements : "
                "précisez l'arrondissement (par exemple « %(example)s »)."
            )
            % {"city": commune.name, "example": arrondissements[0].name},
            communes=[commune],
            choices=arrondissements,
        )
    result = WhoCoversResult(text, Status.FOUND, communes=[commune])
    _fill(result, commune, user)
    if result.is_empty:
        result.message = _(
            "Aucun secteur, aucune instance ni aucun partenaire n'est encore renseigné pour "
            "%(commune)s."
        ) % {"commune": commune.name}
    return result


def resolve(text: str) -> tuple[list[Commune], Status]:
    """The commune(s) a query designates and whether they are one place or a choice.

    An INSEE code wins over a postcode; an exact name wins over names starting with it."""
    matches = Commune.objects.lookup(text)
    candidates = list(matches[: MAX_CHOICES + 1])
    if not candidates:
        return [], Status.NOT_FOUND
    compact = text.replace(" ", "").upper()
    exact_code = [commune for commune in candidates if commune.code == compact]
    if exact_code:
        return exact_code, Status.FOUND
    key = normalize_name(text)
    exact_name = [commune for commune in candidates if commune.search_name == key]
    pool = exact_name or candidates
    # A postcode of Paris, Lyon or Marseille serves both the city and one arrondissement:
    # the arrondissement is the precise answer.
    parents = {commune.parent_id for commune in pool if commune.parent_id}
    pool = [commune for commune in pool if commune.pk not in parents]
    if len(pool) == 1:
        return pool, Status.FOUND
    return pool[:MAX_CHOICES], Status.AMBIGUOUS


def _places(commune: Commune) -> list[int]:
    """An arrondissement is also covered by what covers its whole city."""
    return [commune.pk] + ([commune.parent_id] if commune.parent_id else [])


def _fill(result: WhoCoversResult, commune: Commune, user) -> None:
    places = _places(commune)
    sectors = (
        visible_objects(user, PsychiatricSector.objects.filter(communes__in=places))
        .distinct()
        .select_related("hospital")
    )
    visible_orgs = visible_objects(user, Organisation.objects.all())
    visible_ids = set()  # what is already listed, so that nobody appears twice
    mobile_teams: dict[int, Organisation] = {}
    for sector in sectors:
        hospital = sector.hospital if visible_orgs.filter(pk=sector.hospital_id).exists() else None
        cmps = list(visible_orgs.filter(cmp_of_sectors=sector))
        for team in visible_orgs.filter(mobile_team_of_sectors=sector):
            mobile_teams.setdefault(team.pk, team)
        result.sectors.append(
            SectorEntry(
                sector=sector,
                hospital=_entry(hospital, user) if hospital else None,
                cmps=[_entry(cmp, user) for cmp in cmps],
            )
        )
        visible_ids.update(cmp.pk for cmp in cmps)
        if hospital:
            visible_ids.add(hospital.pk)
    # Mobile teams of the sectors, then any other mobile team working there.
    covering = visible_orgs.filter(
        Q(commune__in=places) | Q(coverage__in=places) | _territory_match(commune)
    ).distinct()
    for team in covering.filter(kind=OrganisationKind.MOBILE_TEAM):
        mobile_teams.setdefault(team.pk, team)
    result.mobile_teams = [_entry(team, user) for team in mobile_teams.values()]
    visible_ids.update(mobile_teams)

    instances = (
        visible_objects(user, CoordinationInstance.objects.filter(communes__in=places))
        .exclude(status=CoordinationInstance.Status.DISSOLVED)
        .distinct()
        .select_related("coordinator", "lead_organisation")
    )
    # CLSMs first: they are where the partners of a territory meet.
    ordered = sorted(instances, key=lambda i: (i.kind != CoordinationInstance.Kind.CLSM, i.name))
    result.instances = [_instance_entry(instance, user) for instance in ordered]

    # What is left: accompanied housing first, then everyone else (a CMP not yet linked to
    # a sector included: better listed among the partners than not at all).
    rest = covering.exclude(pk__in=visible_ids)
    result.housing_operators = [
        _entry(org, user) for org in rest.filter(kind=OrganisationKind.HOUSING_OPERATOR)
    ]
    result.partners = [
        _entry(org, user) for org in rest.exclude(kind=OrganisationKind.HOUSING_OPERATOR)
    ]


def _territory_match(commune: Commune) -> Q:
    # Territory pages list their communes as space-separated INSEE codes.
    codes = [commune.code] + ([commune.parent.code] if commune.parent_id else [])
    condition = Q()
    for code in codes:
        condition |= Q(territories__commune_codes__contains=code)
    return condition


def _entry(organisation: Organisation, user) -> Entry:
    contacts = visible_objects(user, organisation.contacts.all())
    return Entry(organisation, [contact_card(contact, user) for contact in contacts])


def _instance_entry(instance: CoordinationInstance, user) -> Entry:
    contacts = []
    if instance.coordinator_id:
        visible = visible_objects(user, Contact.objects.filter(pk=instance.coordinator_id))
        contacts = [contact_card(contact, user) for contact in visible]
    return Entry(instance, contacts)


def contact_card(contact: Contact, user) -> ContactCard:
    """The contact as `user` may see it, each line through `can_view_field`."""
    # An empty line has nothing to hide: it stays empty rather than "réservé".
    email_ok = not contact.email or can_view_field(user, contact, "email")
    phone_ok = not contact.phone or can_view_field(user, contact, "phone")
    return ContactCard(
        role=contact.role,
        organisation=str(contact.organisation),
        email=contact.email if email_ok else hidden_note(),
        email_hidden=not email_ok,
        phone=contact.phone if phone_ok else hidden_note(),
        phone_hidden=not phone_ok,
        phone_hours=contact.phone_hours if phone_ok else "",
        contact=contact,
    )

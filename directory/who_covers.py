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
the result. The `/qui-contacter/` page (`directory.views.who`) only renders this result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from directory.models import (
    Commune,
    Contact,
    CoordinationInstance,
    Organisation,
    OrganisationKind,
    PsychiatricSector,
)
from directory.places import PlaceChoice, Status, arrondissement_choices, resolve
from directory.public_lines import PublicLine, has_reserved_line, public_line
from hub.access import can_view_field, visible_objects
from hub.models.territories import perimeter_condition

# Organisations that serve psychiatric sectors: where they work comes from their sectors
# and their own communes, never from a whole partnership territory.
SECTOR_BOUND = [OrganisationKind.CMP, OrganisationKind.MOBILE_TEAM]


def hidden_note() -> str:
    return _("réservé aux partenaires")


@dataclass(frozen=True)
class ContactCard:
    """A contact as this user may see it: a hidden line holds `hidden_note()` instead,
    and `*_hidden` says so for templates that want to style it. When the phone line is
    hidden, `public_line` is the structure's public number, if it has one
    (`directory.public_lines`). `contact` gives the card its own « vérifié le »: a contact
    line is checked apart from its structure (its own snippet and `verified_on`), so it
    never borrows the structure's date."""

    role: str
    organisation: str
    email: str
    email_hidden: bool
    phone: str
    phone_hidden: bool
    phone_hours: str
    contact: Contact = field(repr=False, compare=False)
    public_line: PublicLine | None = None


@dataclass(frozen=True)
class Entry:
    """One organisation or instance of the answer, with its visible contacts.

    `reserved_line`: the structure also has a partners-only direct line that this reader
    would see once logged in; `public_line` is then its public number, if any."""

    item: object
    contacts: list[ContactCard]
    reserved_line: bool = False
    public_line: PublicLine | None = None


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
    # The places to choose from (ambiguous query) or the arrondissements of the city.
    choices: list[PlaceChoice] = field(default_factory=list)
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
    resolution = resolve(query)
    text = resolution.query
    if resolution.status != Status.FOUND:
        return WhoCoversResult(
            text, resolution.status, resolution.message, choices=resolution.choices
        )
    commune = resolution.commune
    if commune.arrondissements.exists():
        choices = arrondissement_choices(commune)
        return WhoCoversResult(
            text,
            Status.NEEDS_ARRONDISSEMENT,
            _(
                "À %(city)s, les secteurs psychiatriques suivent les arrondissements : "
                "précisez l'arrondissement (par exemple « %(example)s »)."
            )
            % {"city": commune.name, "example": choices[0].name},
            communes=[commune],
            choices=choices,
        )
    result = WhoCoversResult(text, Status.FOUND, communes=[commune])
    _fill(result, commune, user)
    if result.is_empty:
        result.message = _(
            "Aucun secteur, aucune instance ni aucun partenaire n'est encore renseigné pour "
            "%(commune)s."
        ) % {"commune": commune.name}
    return result


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
    # A partner of a partnership territory covers its whole perimeter (the Grand Lyon's:
    # the Métropole de Lyon); a CMP or a mobile team serves its sectors, not a territory.
    in_territory = _territory_match(commune) & ~Q(kind__in=SECTOR_BOUND)
    covering = visible_orgs.filter(
        Q(commune__in=places) | Q(coverage__in=places) | in_territory
    ).distinct()
    for team in covering.filter(kind=OrganisationKind.MOBILE_TEAM):
        mobile_teams.setdefault(team.pk, team)
    result.mobile_teams = [_entry(team, user) for team in mobile_teams.values()]
    visible_ids.update(mobile_teams)

    # An instance covers its own communes, and the perimeter of its partnership territory
    # (the Grand Lyon project committee: the 58 communes of the Métropole de Lyon).
    in_place = Q(communes__in=places) | _territory_match(commune, "territory_page__")
    instances = (
        visible_objects(user, CoordinationInstance.objects.filter(in_place))
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


def _territory_match(commune: Commune, path: str = "territories__") -> Q:
    """What lies in a partnership territory (`TerritoryPage`) whose perimeter holds the
    commune, or the city of the arrondissement; `path` leads to the territory page."""
    codes = [commune.code] + ([commune.parent.code] if commune.parent_id else [])
    return perimeter_condition(codes, path)


def _entry(organisation: Organisation, user) -> Entry:
    contacts = list(visible_objects(user, organisation.contacts.all()))
    cards = [contact_card(contact, user) for contact in contacts]
    if has_reserved_line(organisation, user, [contact.pk for contact in contacts]):
        return Entry(organisation, cards, True, public_line(organisation, user))
    return Entry(organisation, cards)


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
        # Never the hidden number: another line of the structure that the reader may see.
        public_line=None if phone_ok else public_line(contact.organisation, user, [contact.pk]),
    )

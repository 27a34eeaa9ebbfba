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

from django.db.models import Q, prefetch_related_objects
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
from directory.public_lines import (
    PublicLine,
    has_reserved_line,
    public_line,
    would_see_after_login,
)
from hub.access import GROUP_TIERS, can_view_field, visible_objects
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
    """A fixed number of queries whatever the number of sectors, structures and contacts:
    each list is read once (`visible_objects`), then sorted out here in the order the
    per-sector queries gave (structures by name)."""
    places = _places(commune)
    sectors = list(
        visible_objects(user, PsychiatricSector.objects.filter(communes__in=places))
        .distinct()
        .select_related("hospital")
    )
    visible_orgs = visible_objects(user, Organisation.objects.all())
    cmp_links = _sector_links("cmps", sectors)
    team_links = _sector_links("mobile_teams", sectors)
    wanted = {sector.hospital_id for sector in sectors}
    for links in (cmp_links, team_links):
        for ids in links.values():
            wanted |= ids
    # The sectors' hospitals, CMPs and mobile teams the reader may see, by name.
    linked = _organisations(visible_orgs.filter(pk__in=wanted)) if wanted else []
    by_pk = {org.pk: org for org in linked}
    visible_ids = set()  # what is already listed, so that nobody appears twice
    mobile_teams: dict[int, Organisation] = {}
    sector_rows = []
    for sector in sectors:
        hospital = by_pk.get(sector.hospital_id)
        cmps = [org for org in linked if org.pk in cmp_links.get(sector.pk, ())]
        for team in linked:
            if team.pk in team_links.get(sector.pk, ()):
                mobile_teams.setdefault(team.pk, team)
        sector_rows.append((sector, hospital, cmps))
        visible_ids.update(cmp.pk for cmp in cmps)
        if hospital:
            visible_ids.add(hospital.pk)
    # Mobile teams of the sectors, then any other mobile team working there.
    # A partner of a partnership territory covers its whole perimeter (the Grand Lyon's:
    # the Métropole de Lyon); a CMP or a mobile team serves its sectors, not a territory.
    in_territory = _territory_match(commune) & ~Q(kind__in=SECTOR_BOUND)
    covering = _organisations(
        visible_orgs.filter(
            Q(commune__in=places) | Q(coverage__in=places) | in_territory
        ).distinct()
    )
    for team in covering:
        if team.kind == OrganisationKind.MOBILE_TEAM:
            mobile_teams.setdefault(team.pk, team)
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

    # What is left: accompanied housing first, then everyone else (a CMP not yet linked to
    # a sector included: better listed among the partners than not at all).
    rest = [org for org in covering if org.pk not in visible_ids]
    housing = [org for org in rest if org.kind == OrganisationKind.HOUSING_OPERATOR]
    others = [org for org in rest if org.kind != OrganisationKind.HOUSING_OPERATOR]

    listed = [hospital for _, hospital, _ in sector_rows if hospital]
    listed += [cmp for _, _, cmps in sector_rows for cmp in cmps]
    listed += [*mobile_teams.values(), *housing, *others]
    entries = _Entries(user, listed)
    result.sectors = [
        SectorEntry(
            sector=sector,
            hospital=entries.entry(hospital) if hospital else None,
            cmps=[entries.entry(cmp) for cmp in cmps],
        )
        for sector, hospital, cmps in sector_rows
    ]
    result.mobile_teams = [entries.entry(team) for team in mobile_teams.values()]
    result.instances = entries.instance_entries(ordered)
    result.housing_operators = [entries.entry(org) for org in housing]
    result.partners = [entries.entry(org) for org in others]


def _territory_match(commune: Commune, path: str = "territories__") -> Q:
    """What lies in a partnership territory (`TerritoryPage`) whose perimeter holds the
    commune, or the city of the arrondissement; `path` leads to the territory page."""
    codes = [commune.code] + ([commune.parent.code] if commune.parent_id else [])
    return perimeter_condition(codes, path)


def _sector_links(name: str, sectors) -> dict[int, set[int]]:
    """sector pk → the pks of its structures through the many-to-many `name` (the CMPs,
    the mobile teams), in one query for all the sectors."""
    if not sectors:
        return {}
    relation = PsychiatricSector._meta.get_field(name)
    own, other = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    rows = relation.remote_field.through.objects.filter(
        **{f"{own}_id__in": [sector.pk for sector in sectors]}
    ).values_list(f"{own}_id", f"{other}_id")
    links: dict[int, set[int]] = {}
    for sector_id, organisation_id in rows:
        links.setdefault(sector_id, set()).add(organisation_id)
    return links


def _organisations(queryset) -> list[Organisation]:
    """The structures with what their card and their access read (commune, groups), and
    their parent structure, where a public number is looked for (`public_line`, which
    names it only to who may see it)."""
    return _with_groups(list(queryset.select_related("commune", "parent")))


def _with_groups(objects: list) -> list:
    """Read, in one query, the groups of the objects whose tier names some (family,
    instance): `hub.access.effective_access` reads them, and no other tier has any to read."""
    named = [obj for obj in objects if obj.access_tier in GROUP_TIERS]
    if named:
        prefetch_related_objects(named, "access_groups")
    return objects


class _Entries:
    """The entries of one answer, with their contacts read in one query for all of them
    (each through `visible_objects`), the partners-only lines looked for only where a
    hidden line exists, and each structure's public number looked for once."""

    def __init__(self, user, organisations):
        self.user = user
        self.contacts: dict[int, list[Contact]] = {}
        self.lines: dict[int, PublicLine | None] = {}
        holders = {org.pk: org for org in organisations}
        if holders:
            found = visible_objects(user, Contact.objects.filter(organisation__in=list(holders)))
            for contact in _with_groups(list(found)):
                # The structure already read (its groups prefetched): no query per contact.
                contact.organisation = holders[contact.organisation_id]
                self.contacts.setdefault(contact.organisation_id, []).append(contact)
        self.reserved: set[int] = set()
        if holders and would_see_after_login(user):
            # `has_reserved_line` finds nothing where every line with a phone is shown.
            shown = [contact.pk for contacts in self.contacts.values() for contact in contacts]
            self.reserved = set(
                Contact.objects.filter(organisation__in=list(holders))
                .exclude(pk__in=shown)
                .exclude(phone="")
                .values_list("organisation_id", flat=True)
            )

    def public_line(self, organisation: Organisation) -> PublicLine | None:
        if organisation.pk not in self.lines:
            self.lines[organisation.pk] = public_line(organisation, self.user)
        return self.lines[organisation.pk]

    def entry(self, organisation: Organisation) -> Entry:
        contacts = self.contacts.get(organisation.pk, [])
        cards = [contact_card(contact, self.user, self.public_line) for contact in contacts]
        if organisation.pk in self.reserved and has_reserved_line(
            organisation, self.user, [contact.pk for contact in contacts]
        ):
            return Entry(organisation, cards, True, self.public_line(organisation))
        return Entry(organisation, cards)

    def instance_entries(self, instances) -> list[Entry]:
        """Each instance with its coordination contact, when the reader may see it."""
        ids = {instance.coordinator_id for instance in instances if instance.coordinator_id}
        coordinators = {}
        if ids:
            found = visible_objects(self.user, Contact.objects.filter(pk__in=ids))
            found = _with_groups(list(found.select_related("organisation")))
            _with_groups([contact.organisation for contact in found])
            coordinators = {contact.pk: contact for contact in found}
        entries = []
        for instance in instances:
            contact = coordinators.get(instance.coordinator_id)
            cards = [contact_card(contact, self.user, self.public_line)] if contact else []
            entries.append(Entry(instance, cards))
        return entries


def contact_card(contact: Contact, user, lines=None) -> ContactCard:
    """The contact as `user` may see it, each line through `can_view_field`.

    `lines(organisation)`, when given, answers `public_line(organisation, user)` from what
    the page already looked for: the same number, since the hidden line itself is never
    one the reader may see."""
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
        public_line=None if phone_ok else _public_line(contact, user, lines),
    )


def _public_line(contact: Contact, user, lines) -> PublicLine | None:
    if lines is not None:
        return lines(contact.organisation)
    return public_line(contact.organisation, user, [contact.pk])

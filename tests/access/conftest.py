"""The world of the leak matrix: the demo, plus a "canary" page and document in each tier,
and "nested" canaries whose visibility composes along the directory's graph.

It is built once per test module inside a transaction that is rolled back at the end;
each test runs in its own savepoint within it.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from hub.accounts.models import AccountProfile, PartnerFamily
from hub.demo import sync
from hub.demo.load_spaces import ensure_document
from hub.demo.text import to_html
from hub.models import (
    DocumentLibraryPage,
    HomePage,
    MeetingPage,
    PartnerSpacePage,
    StandardPage,
)
from tests.support.demo import kept_fixture

TIERS = ["public", "partners", "family_a", "family_b", "instance"]
MARKERS = {tier: f"CANARI-{tier.upper().replace('_', '-')}" for tier in TIERS}

# The nested canaries (`build_nested_canaries`), one marker each. They say "NICHE", never
# "CANARI", so that the counts of the tests searching for "canari" stay as they are. Each
# marker's second word is found in no other marker (not even as a prefix), so that a search
# for that word alone finds that canary, and what names it, only.
NESTED_MARKERS = {
    key: f"NICHE-{word}"
    for key, word in {
        # A family A structure, with a family B service and a public contact.
        # Words far apart even after French stemming (PostgreSQL matches stem prefixes:
        # "structfama" would find "structfamb").
        "structure_family_a": "STRUCTALPHA",
        "service_family_b_in_family_a": "SERVFAMBINFAMA",
        "contact_public_in_family_a": "CONTACTPUBINFAMA",
        # A partners-only structure, with an instance-only service.
        "structure_partners": "STRUCTPARTNERS",
        "service_instance_in_partners": "SERVINSTINPARTNERS",
        # A family B structure, and its public unit (`parent` is not containment).
        "structure_family_b": "STRUCTBRAVO",
        "unit_public_of_family_b": "UNITPUBLIC",
        # A public instance led by the family A structure, with an instance-only member
        # and the family A structure's public contact as its coordinator.
        "structure_instance": "STRUCTINST",
        "instance_public": "INSTANCEPUBLIC",
        # A public sector whose hospital is for partners and whose CMP is for family B.
        "hospital_partners": "HOSPPARTNERS",
        "cmp_family_b": "CMPFAMB",
        "sector_public": "SECTORPUBLIC",
    }.items()
}

# Who sees which tier. Everything not listed must never reach the role, by any channel.
VISIBLE = {
    "anonymous": {"public"},
    "partner": {"public", "partners"},
    "family_a": {"public", "partners", "family_a"},
    "family_b": {"public", "partners", "family_b"},
    "instance": {"public", "partners", "instance"},
    "referent": {"public", "partners", "family_a"},
    "expired": {"public"},
}
ROLES = list(VISIBLE)
USERNAMES = {
    "anonymous": None,
    "partner": "membre.social",
    "family_a": "membre.bailleurs",
    "family_b": "membre.psychiatrie",
    "instance": "membre.clsm-metz",
    "referent": "referent.bailleurs",
    "expired": "membre.expire",
}


@dataclass
class World:
    pages: dict = field(default_factory=dict)  # tier -> canary page
    documents: dict = field(default_factory=dict)  # tier -> canary document
    spaces: dict = field(default_factory=dict)  # tier -> space page holding the canary
    # Directory canaries, one of each per tier: a structure in Metz with a service and a
    # contact, and a coordination instance covering Metz, all named with the tier's marker.
    organisations: dict = field(default_factory=dict)
    services: dict = field(default_factory=dict)
    contacts: dict = field(default_factory=dict)
    instances: dict = field(default_factory=dict)
    # A public contact of the public canary structure whose phone line is for partners.
    partner_phone: str = "03 87 99 00 42"
    # The nested canaries, by key of NESTED_MARKERS.
    nested: dict = field(default_factory=dict)


def _space(slug):
    return PartnerSpacePage.objects.get(slug=slug)


def build_world():
    call_command("load_demo", stdout=io.StringIO())
    world = World()
    home = HomePage.objects.get()
    world.spaces = {
        "partners": _space("commun"),
        "family_a": _space("famille-bailleurs-gestionnaires"),
        "family_b": _space("famille-psychiatrie-publique"),
        "instance": _space("instance-clsm-metz"),
    }
    page, _ = sync.ensure_page(
        home,
        StandardPage,
        "canari-public",
        {
            "title": f"Page {MARKERS['public']}",
            "intro": MARKERS["public"],
        },
    )
    world.pages["public"] = page
    from wagtail.models import Collection

    world.documents["public"] = ensure_document(
        f"Document {MARKERS['public']}",
        "canari-public.txt",
        f"{MARKERS['public']} contenu".encode(),
        Collection.get_first_root_node(),
    )
    for tier, space in world.spaces.items():
        marker = MARKERS[tier]
        page, _ = sync.ensure_page(
            space,
            MeetingPage,
            f"canari-{tier}",
            {
                "title": f"Réunion {marker}",
                "date": timezone.now(),
                "agenda": to_html([("p", f"Ordre du jour {marker}")]),
                "minutes": to_html([("p", f"Compte rendu {marker}")]),
            },
        )
        world.pages[tier] = page
        world.documents[tier] = ensure_document(
            f"Document {marker}",
            f"canari-{tier}.txt",
            f"{marker} contenu".encode(),
            space.ensure_collection(),
        )
    # An editor's slip: the family A document is also chosen in the shared space's
    # library. Partners outside family A see the library, never the document.
    library = DocumentLibraryPage.objects.child_of(world.spaces["partners"]).get()
    values = [
        ("document", {"document": doc.id, "description": ""})
        for doc in (world.documents["partners"], world.documents["family_a"])
    ]
    sync.ensure_page(
        world.spaces["partners"],
        DocumentLibraryPage,
        library.slug,
        {"documents": lambda old: sync.stream(old, values)},
    )
    # An account of family A whose accreditation ended yesterday.
    User = get_user_model()
    expired = User.objects.create_user("membre.expire", "membre.expire@example.org", "x" * 16)
    expired.groups.add(PartnerFamily.objects.get(slug="bailleurs-gestionnaires").group)
    AccountProfile.objects.create(
        user=expired,
        organisation="Organisation de démonstration",
        job_role="membre",
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    build_directory_canaries(world)
    build_nested_canaries(world)
    return world


def build_directory_canaries(world):
    from directory.models import (
        Commune,
        Contact,
        CoordinationInstance,
        Organisation,
        OrganisationKind,
        Service,
    )

    metz = Commune.objects.get(code="57463")
    clsm_metz = world.spaces["instance"].instance
    groups = {
        "family_a": PartnerFamily.objects.get(slug="bailleurs-gestionnaires").group,
        "family_b": PartnerFamily.objects.get(slug="psychiatrie-publique").group,
        "instance": clsm_metz.group,
    }
    tier_values = {"family_a": "family", "family_b": "family"}
    for index, tier in enumerate(TIERS):
        marker = MARKERS[tier]
        access = {"access_tier": tier_values.get(tier, tier)}
        organisation = Organisation.objects.create(
            name=f"Structure {marker}",
            slug=f"canari-{tier.replace('_', '-')}",
            kind=OrganisationKind.ASSOCIATION,
            commune=metz,
            postal_code="57000",
            address=f"{index + 1} rue {marker}",
            latitude=49.11 + index / 1000,
            longitude=6.17 + index / 1000,
            description=f"Description {marker}",
            thematiques=["sante--sante-mentale"],
            **access,
        )
        organisation.coverage.add(metz)
        service = Service.objects.create(
            organisation=organisation,
            name=f"Service {marker}",
            description=f"Service {marker}",
            thematiques=["logement-hebergement--se-maintenir-dans-le-logement"],
            publics=["personnes-en-situation-de-handicap"],
            zone_eligibilite=["57463"],
            **access,
        )
        contact = Contact.objects.create(
            organisation=organisation,
            role=f"Accueil {marker}",
            email=f"{marker.lower()}@example.org",
            **access,
        )
        instance = CoordinationInstance.objects.create(
            name=f"Instance {marker}",
            slug=f"instance-canari-{tier.replace('_', '-')}",
            kind=CoordinationInstance.Kind.WORKING_GROUP,
            description=f"Instance {marker}",
            lead_organisation=organisation,
            **access,
        )
        instance.communes.add(metz)
        if tier in groups:
            for obj in (organisation, service, contact, instance):
                obj.access_groups.add(groups[tier])
        world.organisations[tier] = organisation
        world.services[tier] = service
        world.contacts[tier] = contact
        world.instances[tier] = instance
    Contact.objects.create(
        organisation=world.organisations["public"],
        role="Ligne directe du canari public",
        phone=world.partner_phone,
        phone_tier="partners",
    )


def build_nested_canaries(world):
    """Canaries hanging from one another, in Metz (57463), each named with its marker.

    A service or a contact hangs from its structure: it is seen only by who sees both.
    A unit's parent, an instance's lead, members and coordinator, a sector's hospital and
    CMPs are not containment: they are named only to who may see them."""
    from directory.models import (
        Commune,
        Contact,
        CoordinationInstance,
        Organisation,
        OrganisationKind,
        PsychiatricSector,
        Service,
    )

    metz = Commune.objects.get(code="57463")
    groups = {
        "family_a": PartnerFamily.objects.get(slug="bailleurs-gestionnaires").group,
        "family_b": PartnerFamily.objects.get(slug="psychiatrie-publique").group,
        "instance": world.spaces["instance"].instance.group,
    }
    tiers = {"family_a": "family", "family_b": "family"}

    def restrict(obj, tier):
        obj.access_tier = tiers.get(tier, tier)
        obj.save(update_fields=["access_tier"])
        if tier in groups:
            obj.access_groups.add(groups[tier])
        return obj

    def structure(key, tier, kind=OrganisationKind.ASSOCIATION, **fields):
        marker = NESTED_MARKERS[key]
        index = len(world.nested)
        organisation = Organisation.objects.create(
            name=f"Structure {marker}",
            slug=marker.lower(),
            kind=kind,
            commune=metz,
            postal_code="57000",
            address=f"{index + 1} rue des Nichoirs",
            latitude=49.12 + index / 1000,
            longitude=6.18 + index / 1000,
            description=f"Description {marker}",
            **fields,
        )
        organisation.coverage.add(metz)
        world.nested[key] = restrict(organisation, tier)
        return organisation

    def service(key, tier, organisation):
        marker = NESTED_MARKERS[key]
        created = Service.objects.create(
            organisation=organisation,
            name=f"Service {marker}",
            description=f"Service {marker}",
            zone_eligibilite=["57463"],
        )
        world.nested[key] = restrict(created, tier)
        return created

    family_a = structure("structure_family_a", "family_a")
    service("service_family_b_in_family_a", "family_b", family_a)
    marker = NESTED_MARKERS["contact_public_in_family_a"]
    contact = Contact.objects.create(
        organisation=family_a, role=f"Accueil {marker}", email=f"{marker.lower()}@example.org"
    )
    world.nested["contact_public_in_family_a"] = contact

    partners = structure("structure_partners", "partners")
    service("service_instance_in_partners", "instance", partners)

    family_b = structure("structure_family_b", "family_b")
    structure("unit_public_of_family_b", "public", kind=OrganisationKind.CMP, parent=family_b)

    member = structure("structure_instance", "instance")
    marker = NESTED_MARKERS["instance_public"]
    instance = CoordinationInstance.objects.create(
        name=f"Instance {marker}",
        slug=marker.lower(),
        kind=CoordinationInstance.Kind.WORKING_GROUP,
        description=f"Instance {marker}",
        lead_organisation=family_a,
        coordinator=contact,
    )
    instance.communes.add(metz)
    instance.members.add(member)
    world.nested["instance_public"] = instance

    hospital = structure("hospital_partners", "partners", kind=OrganisationKind.HOSPITAL)
    cmp = structure("cmp_family_b", "family_b", kind=OrganisationKind.CMP)
    marker = NESTED_MARKERS["sector_public"]
    sector = PsychiatricSector.objects.create(
        code=marker, name=f"Secteur {marker}", hospital=hospital, description=f"Secteur {marker}"
    )
    sector.communes.add(metz)
    sector.cmps.add(cmp)
    world.nested["sector_public"] = sector


# The world, built once and kept while the modules that read it follow each other
# (tests/support/demo.py); each module works in its own savepoint.
world = kept_fixture("world", build_world)


@pytest.fixture
def as_role(client, world):
    """A test client logged in as the given role (or anonymous)."""

    def login(role):
        username = USERNAMES[role]
        if username is not None:
            client.force_login(get_user_model().objects.get(username=username))
        return client

    return login

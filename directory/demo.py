"""The directory's demo content, from the four seeds (hub/demo/seeds/), idempotently.

`load_directory_demo()` is meant to be called by `manage.py load_demo` (after the territories, the
families and the partner spaces; through the `maillage_demo` hook, directory/hub_hooks.py)
and by `manage.py load_directory_demo` on its own. `ensure_instances()` creates, before the
spaces, the coordination instances that have one.

Honesty rules, as for the rest of the demo (docs/sources.md):
- organisations are the ones the seeds name; where a fact is not in the seeds (a sector
  code, a CMP's exact name, an address), it says "[à vérifier par le territoire]";
- an entry built from the seeds has their label as its source and their own date as its
  verification date (hub/demo/sources.py); a placeholder (a sector, a CMP the seeds do not
  name) has none and stays « À vérifier »;
- positions are the centroids of the communes (no address is known), see `centroid()`;
- contacts are roles, with example.org addresses and numbers of the 01 99 00 xx xx range
  (reserved for fiction in France), and their `source` says they are invented: they have
  no verification date.
- one phone line (the ERAH's direct line) is kept for partners: the canary that the
  access policy hides it from anonymous visitors.
- in each territory, a few fictitious entries nest restricted ones (`ACCESS_DEMOS`): their
  name starts with « [Démo] », their description and source say they are invented to show
  the access levels, and they carry no fact about a real structure.
"""

from __future__ import annotations

import gzip
import json

from django.conf import settings
from django.db import transaction

from directory import gazetteer
from directory.demo_data import (
    ACCESS_DEMO_FAMILY,
    ACCESS_DEMO_SOURCE,
    ACCESS_DEMOS,
    CONTACT_SOURCE,
    CONTACTS,
    EXTRA_COMMUNES,
    INSTANCES,
    ORGANISATIONS,
    PERIMETERS,
    SECTORS,
    SERVICES,
    TO_CHECK,
    access_demo_entries,
)
from directory.models import (
    Commune,
    Contact,
    CoordinationInstance,
    Organisation,
    OrganisationKind,
    PsychiatricSector,
    Service,
)
from hub.access import Tier


def needed_communes() -> list[str]:
    codes = [code for perimeter in PERIMETERS.values() for code in perimeter]
    return sorted(set(codes + EXTRA_COMMUNES))


def ensure_communes(codes: list[str]) -> None:
    """Load the communes the demo needs from the vendored gazetteer if they are missing
    (`make run` loads the whole gazetteer first; tests and a bare database do not)."""
    missing = set(codes) - set(
        Commune.objects.filter(code__in=codes).values_list("code", flat=True)
    )
    if not missing:
        return
    with gzip.open(settings.MAILLAGE_GAZETTEER_FILE, "rt", encoding="utf-8") as stream:
        by_code = {row["code"]: row for row in json.load(stream)}
    wanted = set(missing)
    # An arrondissement needs its city.
    wanted |= {by_code[code]["commune"] for code in missing if by_code[code].get("commune")}
    gazetteer.save_communes(gazetteer.parse_rows([by_code[code] for code in sorted(wanted)]))


def centroid(commune: Commune) -> tuple[float | None, float | None]:
    """The commune's centroid; for an arrondissement without one (some Lyon and Marseille
    rows of the gazetteer have none), its city's; otherwise none: the entry is still
    listed, only not placed on the map."""
    for place in (commune, commune.parent):
        if place is not None and place.latitude is not None and place.longitude is not None:
            return place.latitude, place.longitude
    return None, None


def _write(obj, fields: dict):
    """Give `obj` these field values and save it only if it is new or one differs: a save
    stamps `updated_at`, and running the demo twice must write nothing."""
    if obj.pk is not None and all(getattr(obj, name) == value for name, value in fields.items()):
        return obj
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()
    return obj


def _upsert(model, lookup: dict, fields: dict):
    """The row of `model` matching `lookup`, created or brought to `fields` (see `_write`)."""
    return _write(model.objects.filter(**lookup).first() or model(**lookup), fields)


def _set_tags(org, wanted) -> None:
    wanted = sorted(wanted)
    if org.pk is None or sorted(tag.name for tag in org.tags.all()) != wanted:
        # Setting equal tags again would recreate their links (new rows).
        org.tags.set(wanted)
        if org.pk is not None:
            org.save()


def ensure_instances() -> dict[str, CoordinationInstance]:
    """The coordination instances that have a partner space in the demo
    (hub/demo/spaces.py), each with its group « Instance : <nom> », by slug. `load_demo`
    runs it before the spaces (the `maillage_demo` hook, directory/hub_hooks.py);
    `load_directory_demo` then completes them."""
    from django.contrib.auth.models import Group

    from hub.demo.spaces import INSTANCES as SPACE_INSTANCES

    instances = {}
    for data in SPACE_INSTANCES:
        group, _created = Group.objects.get_or_create(name=f"Instance : {data['name']}"[:150])
        instance = CoordinationInstance.objects.filter(slug=data["slug"]).first()
        if instance is None:
            instance = CoordinationInstance.objects.create(
                slug=data["slug"], name=data["name"], kind=data["kind"], group=group
            )
        instances[data["slug"]] = instance
    return instances


@transaction.atomic
def load_directory_demo() -> dict[str, int]:
    """Create or update the demo entries; returns counts for the summary line."""
    from django.contrib.auth.models import Group

    from hub.accounts.models import PartnerFamily
    from hub.models import TerritoryPage

    ensure_communes(needed_communes())
    communes = {c.code: c for c in Commune.objects.filter(code__in=needed_communes())}
    families = {f.slug: f for f in PartnerFamily.objects.all()}
    territories = {t.slug: t for t in TerritoryPage.objects.all()}

    organisations: dict[str, Organisation] = {}
    for data in ORGANISATIONS:
        commune = communes[data.commune]
        org = Organisation.objects.filter(slug=data.slug).first() or Organisation(slug=data.slug)
        latitude, longitude = centroid(commune)
        _set_tags(org, ["démo", data.territory])
        _write(
            org,
            {
                "name": data.name,
                "kind": data.kind,
                "partner_family": families.get(data.family),
                "commune": commune,
                "postal_code": "",
                "address": TO_CHECK,
                "latitude": latitude,
                "longitude": longitude,
                "description": data.description,
                "thematiques": list(data.thematiques),
                "source": data.source,
                "verified_on": data.verified_on,
                "parent": organisations.get(data.parent),
            },
        )
        # The partners of a partnership are listed on the communes of its perimeter.
        org.coverage.set([communes[code] for code in PERIMETERS[data.territory]])
        org.territories.set([territories[data.territory]] if data.territory in territories else [])
        organisations[data.slug] = org

    contacts: dict[tuple[str, str], Contact] = {}
    for slug, role, email, phone, phone_tier in CONTACTS:
        contact = _upsert(
            Contact,
            {"organisation": organisations[slug], "role": role},
            {
                "email": email,
                "phone": phone,
                "phone_tier": phone_tier,
                "email_tier": "public",
                "source": CONTACT_SOURCE,
                "verified_on": None,
            },
        )
        contacts[(slug, role)] = contact

    for data in SECTORS:
        sector = _upsert(
            PsychiatricSector,
            {"code": data["code"]},
            {
                "name": data["name"],
                "hospital": organisations[data["hospital"]],
                "description": data.get("description", ""),
                "source": data["source"],
                "verified_on": data["verified_on"],
            },
        )
        sector.communes.set([communes[code] for code in data["communes"]])
        sector.cmps.set([organisations[slug] for slug in data["cmps"]])
        sector.mobile_teams.set([organisations[slug] for slug in data["mobile_teams"]])

    for data in INSTANCES:
        instance = CoordinationInstance.objects.filter(slug=data["slug"]).first()
        if instance is None:
            # Same naming as `ensure_instances`, whichever runs first.
            group, _created = Group.objects.get_or_create(name=f"Instance : {data['name']}"[:150])
            instance = CoordinationInstance(
                slug=data["slug"], name=data["name"], kind=data["kind"], group=group
            )
        coordinator = data["coordinator"]
        _write(
            instance,
            {
                "lead_organisation": organisations.get(data["lead"]),
                "coordinator": contacts[coordinator] if coordinator else None,
                "description": data["description"],
                "meeting_rhythm": data.get("meeting_rhythm", ""),
                "status": CoordinationInstance.Status.ACTIVE,
                "territory_page": territories.get(data["territory"]),
                "source": data["source"],
                "verified_on": data["verified_on"],
            },
        )
        instance.communes.set([communes[code] for code in PERIMETERS[data["territory"]]])
        instance.members.set([organisations[slug] for slug in data["members"]])

    for data in SERVICES:
        organisation = organisations[data["organisation"]]
        _upsert(
            Service,
            {"organisation": organisation, "name": data["name"]},
            {
                "types": data["types"],
                "thematiques": data["thematiques"],
                "publics": data["publics"],
                "modes_accueil": ["en-presentiel"],
                "zone_eligibilite": data["zone"],
                "contact": contacts.get((data["organisation"], data["contact"])),
                "source": data["source"],
                "verified_on": data["verified_on"],
            },
        )

    added = load_access_demos(communes, families, territories)

    return {
        "organisations": len(organisations) + added["organisations"],
        "contacts": len(contacts),
        "sectors": len(SECTORS) + added["sectors"],
        "instances": len(INSTANCES),
        "services": len(SERVICES) + added["services"],
    }


def _set_groups(obj, groups=()) -> None:
    """Name the families or the instance that may see `obj`; write nothing when they are
    already so (running the demo twice changes nothing)."""
    wanted = {group.pk for group in groups}
    if set(obj.access_groups.values_list("pk", flat=True)) != wanted:
        obj.access_groups.set(wanted)


def _ensure_demo_organisation(
    slug, *, name, kind, description, tier, groups=(), commune, demo, page, parent=None
):
    """A fictitious structure of `ACCESS_DEMOS`, matched on its slug (run twice: same rows)."""
    org = Organisation.objects.filter(slug=slug).first() or Organisation(slug=slug)
    latitude, longitude = centroid(commune)
    _set_tags(org, ["démo", "niveaux d'accès", demo.territory])
    _write(
        org,
        {
            "name": name,
            "kind": kind,
            "partner_family": None,
            "commune": commune,
            "postal_code": "",
            "address": "",
            "latitude": latitude,
            "longitude": longitude,
            "description": description,
            "thematiques": [],
            "source": ACCESS_DEMO_SOURCE,
            "parent": parent,
            "access_tier": tier,
        },
    )
    org.coverage.set([commune])
    org.territories.set([page] if page is not None else [])
    _set_groups(org, groups)
    return org


def load_access_demos(communes, families, territories) -> dict[str, int]:
    """In each territory, the fictitious entries of `ACCESS_DEMOS` (see demo_data.py): a
    partners-only structure with an instance-only service, a family-only establishment
    with a public unit, and a public sector attached to that establishment."""
    family = families[ACCESS_DEMO_FAMILY]
    counts = {"organisations": 0, "services": 0, "sectors": 0}
    for demo in ACCESS_DEMOS:
        instance = CoordinationInstance.objects.get(slug=demo.instance)
        entries = access_demo_entries(demo, instance.name)
        commune = communes[demo.commune]
        place = {"commune": commune, "demo": demo, "page": territories.get(demo.territory)}

        data = entries["partners"]
        partners = _ensure_demo_organisation(
            data["slug"],
            name=data["name"],
            kind=OrganisationKind.ASSOCIATION,
            description=data["description"],
            tier=Tier.PARTNERS,
            **place,
        )
        data = entries["service"]
        service = _upsert(
            Service,
            {"organisation": partners, "name": data["name"]},
            {
                "description": data["description"],
                "types": [],
                "thematiques": [],
                "publics": [],
                "modes_accueil": [],
                "zone_eligibilite": [demo.commune],
                "contact": None,
                "source": ACCESS_DEMO_SOURCE,
                "access_tier": Tier.INSTANCE,
            },
        )
        _set_groups(service, [instance.group])

        data = entries["family"]
        establishment = _ensure_demo_organisation(
            data["slug"],
            name=data["name"],
            kind=OrganisationKind.HOSPITAL,
            description=data["description"],
            tier=Tier.FAMILY,
            groups=[family.group],
            **place,
        )
        data = entries["unit"]
        unit = _ensure_demo_organisation(
            data["slug"],
            name=data["name"],
            kind=OrganisationKind.CMP,
            description=data["description"],
            tier=Tier.PUBLIC,
            **place,
            parent=establishment,
        )

        data = entries["sector"]
        sector = _upsert(
            PsychiatricSector,
            {"code": data["code"]},
            {
                "name": data["name"],
                "hospital": establishment,
                "description": data["description"],
                "source": ACCESS_DEMO_SOURCE,
                "access_tier": Tier.PUBLIC,
            },
        )
        sector.communes.set([communes[code] for code in demo.sector_communes])
        sector.cmps.set([unit])
        sector.mobile_teams.set([])
        counts["organisations"] += 3
        counts["services"] += 1
        counts["sectors"] += 1
    return counts

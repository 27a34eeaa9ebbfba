"""The directory's demo content, from the four seeds (hub/demo/seeds/), idempotently.

`load_directory_demo()` is meant to be called by `manage.py load_demo` (after the territories, the
families and the partner spaces) and by `manage.py load_directory_demo` on its own.

Honesty rules, as for the rest of the demo:
- organisations are the ones the seeds name; where a fact is not in the seeds (a sector
  code, a CMP's exact name, an address), it says "[à vérifier par le territoire]";
- positions are the centroids of the communes (no address is known), see `centroid()`;
- contacts are roles, with example.org addresses and numbers of the 01 99 00 xx xx range
  (reserved for fiction in France), and their `source` says they are demo data.
- one phone line (the ERAH's direct line) is kept for partners: the canary that the
  access policy hides it from anonymous visitors.
"""

from __future__ import annotations

import gzip
import json

from django.conf import settings
from django.db import transaction

from directory import gazetteer
from directory.demo_data import (
    CONTACTS,
    DEMO_SOURCE,
    EXTRA_COMMUNES,
    INSTANCES,
    ORGANISATIONS,
    PERIMETERS,
    SECTORS,
    SERVICES,
    TO_CHECK,
)
from directory.models import (
    Commune,
    Contact,
    CoordinationInstance,
    Organisation,
    PsychiatricSector,
    Service,
)


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
        org.name = data.name
        org.kind = data.kind
        org.partner_family = families.get(data.family)
        org.commune = commune
        org.postal_code = ""
        org.address = TO_CHECK
        org.latitude, org.longitude = centroid(commune)
        org.description = data.description
        org.thematiques = list(data.thematiques)
        org.source = f"{data.source} ; {DEMO_SOURCE}"
        org.parent = organisations.get(data.parent)
        wanted_tags = sorted(["démo", data.territory])
        if org.pk is None or sorted(tag.name for tag in org.tags.all()) != wanted_tags:
            # Setting equal tags again would recreate their links (new rows).
            org.tags.set(wanted_tags)
        org.save()
        # The partners of a partnership are listed on the communes of its perimeter.
        org.coverage.set([communes[code] for code in PERIMETERS[data.territory]])
        org.territories.set([territories[data.territory]] if data.territory in territories else [])
        organisations[data.slug] = org

    contacts: dict[tuple[str, str], Contact] = {}
    for slug, role, email, phone, phone_tier in CONTACTS:
        contact, _created = Contact.objects.update_or_create(
            organisation=organisations[slug],
            role=role,
            defaults={
                "email": email,
                "phone": phone,
                "phone_tier": phone_tier,
                "email_tier": "public",
                "source": DEMO_SOURCE,
            },
        )
        contacts[(slug, role)] = contact

    for data in SECTORS:
        sector, _created = PsychiatricSector.objects.update_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "hospital": organisations[data["hospital"]],
                "source": f"{data['source']} ; {DEMO_SOURCE}",
            },
        )
        sector.communes.set([communes[code] for code in data["communes"]])
        sector.cmps.set([organisations[slug] for slug in data["cmps"]])
        sector.mobile_teams.set([organisations[slug] for slug in data["mobile_teams"]])

    for data in INSTANCES:
        instance = CoordinationInstance.objects.filter(slug=data["slug"]).first()
        if instance is None:
            # Same naming as hub/demo/load_spaces.py, whichever runs first.
            group, _created = Group.objects.get_or_create(name=f"Instance : {data['name']}"[:150])
            instance = CoordinationInstance(
                slug=data["slug"], name=data["name"], kind=data["kind"], group=group
            )
        instance.lead_organisation = organisations.get(data["lead"])
        coordinator = data["coordinator"]
        instance.coordinator = contacts[coordinator] if coordinator else None
        instance.description = data["description"]
        instance.meeting_rhythm = data.get("meeting_rhythm", "")
        instance.status = CoordinationInstance.Status.ACTIVE
        instance.territory_page = territories.get(data["territory"])
        instance.source = f"{data['source']} ; {DEMO_SOURCE}"
        instance.save()
        instance.communes.set([communes[code] for code in PERIMETERS[data["territory"]]])
        instance.members.set([organisations[slug] for slug in data["members"]])

    for data in SERVICES:
        organisation = organisations[data["organisation"]]
        Service.objects.update_or_create(
            organisation=organisation,
            name=data["name"],
            defaults={
                "types": data["types"],
                "thematiques": data["thematiques"],
                "publics": ["personnes-en-situation-de-handicap"],
                "modes_accueil": ["en-presentiel"],
                "zone_eligibilite": data["zone"],
                "contact": contacts.get((data["organisation"], data["contact"])),
                "source": DEMO_SOURCE,
            },
        )

    return {
        "organisations": len(organisations),
        "contacts": len(contacts),
        "sectors": len(SECTORS),
        "instances": len(INSTANCES),
        "services": len(SERVICES),
    }

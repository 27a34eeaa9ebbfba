"""One directory entry: /annuaire/<slug>/ (a structure or a coordination instance) and
/annuaire/secteurs/<pk>/ (a psychiatric sector).

The entry itself is found as the user may see it (`directory.lookup.find_entry`): a
restricted entry answers 404 exactly like a missing one. Everything it links to (parent
structure, services, contacts, instances, sectors, members) goes through
`hub.access.visible_objects`, and each contact line through `can_view_field`, by the same
`contact_card` as « qui contacter ? »: a line kept for partners shows « réservé aux
partenaires », never its value.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from directory.lookup import find_entry
from directory.models import (
    Commune,
    Contact,
    CoordinationInstance,
    Organisation,
    PsychiatricSector,
    Service,
)
from directory.models.vocabularies import (
    CATEGORIES,
    FRAIS,
    MODES_ACCUEIL,
    PUBLIC_LABELS,
    TYPES_SERVICE,
    category_of,
)
from directory.who_covers import Entry, contact_card
from hub.access import visible_objects, visible_pages


@dataclass(frozen=True)
class ServiceView:
    service: Service
    types: list[str]
    thematiques: list[str]
    publics: list[str]
    modes_accueil: list[str]
    frais: list[str]
    communes: list[Commune]
    contacts: list


def labels(codes, vocabulary) -> list[str]:
    return [str(vocabulary.get(code, code)) for code in codes or ()]


def categories(codes) -> list[str]:
    """The French labels of the top-level thématiques, once each, in order."""
    seen = dict.fromkeys(category_of(code) for code in codes or () if code)
    return [str(CATEGORIES.get(code, code)) for code in seen]


def communes_by_code(codes) -> dict[str, Commune]:
    return {c.code: c for c in Commune.objects.filter(code__in=set(codes)).order_by("name")}


def with_contacts(organisation: Organisation, user) -> Entry:
    """A structure with the contacts `user` may see, each line through `can_view_field`."""
    contacts = visible_objects(user, organisation.contacts.all())
    return Entry(organisation, [contact_card(contact, user) for contact in contacts])


def visible(user, queryset):
    return list(visible_objects(user, queryset))


def organisation_context(organisation: Organisation, user) -> dict:
    services = visible(user, organisation.services.select_related("contact"))
    zone = communes_by_code(code for s in services for code in s.zone_eligibilite)
    service_views = []
    for service in services:
        contact = service.contact
        if contact is not None:
            contact = visible_objects(user, Contact.objects.filter(pk=contact.pk)).first()
        service_views.append(
            ServiceView(
                service=service,
                types=labels(service.types, TYPES_SERVICE),
                thematiques=categories(service.thematiques),
                publics=labels(service.publics, PUBLIC_LABELS),
                modes_accueil=labels(service.modes_accueil, MODES_ACCUEIL),
                frais=labels(service.frais, FRAIS),
                communes=[zone[code] for code in service.zone_eligibilite if code in zone],
                contacts=[contact_card(contact, user)] if contact else [],
            )
        )
    parent = None
    if organisation.parent_id:
        parent = visible_objects(user, Organisation.objects.filter(pk=organisation.parent_id))
        parent = parent.first()
    territories = visible_pages(user, organisation.territories.live()).specific()
    return {
        "entry": organisation,
        "parent": parent,
        "units": visible(user, organisation.units.all()),
        "territories": list(territories),
        "thematiques": categories(organisation.thematiques),
        "coverage": list(organisation.coverage.order_by("name")),
        "services": service_views,
        "contacts": with_contacts(organisation, user).contacts,
        "led_instances": visible(user, organisation.led_instances.all()),
        "member_instances": visible(
            user, organisation.member_of_instances.exclude(lead_organisation=organisation)
        ),
        "hospital_sectors": visible(user, organisation.sectors.all()),
        "cmp_sectors": visible(user, organisation.cmp_of_sectors.all()),
        "mobile_team_sectors": visible(user, organisation.mobile_team_of_sectors.all()),
    }


def instance_context(instance: CoordinationInstance, user) -> dict:
    lead = None
    if instance.lead_organisation_id:
        lead = visible_objects(
            user, Organisation.objects.filter(pk=instance.lead_organisation_id)
        ).first()
    coordinator = []
    if instance.coordinator_id:
        contacts = visible_objects(user, Contact.objects.filter(pk=instance.coordinator_id))
        # The card names the contact's structure, and its access reads it: read with it.
        contacts = contacts.select_related("organisation")
        coordinator = [contact_card(contact, user) for contact in contacts]
    # The partner space is linked only for those who may open it: the policy's own filter
    # (`visible_pages`, the same rule as `can_view_page`), in the query that lists them.
    spaces = list(visible_pages(user, instance.spaces.live()).specific())
    territory = None
    if instance.territory_page_id:
        from hub.models import TerritoryPage

        pages = TerritoryPage.objects.live().filter(pk=instance.territory_page_id)
        territory = visible_pages(user, pages).first()
    return {
        "entry": instance,
        "communes": list(instance.communes.order_by("name")),
        "lead": lead,
        "coordinator": coordinator,
        "members": visible(user, instance.members.order_by("name")),
        "spaces": spaces,
        "territory": territory,
    }


@require_GET
def entry_detail(request, slug):
    entry = find_entry(slug, request.user)
    if isinstance(entry, CoordinationInstance):
        context = instance_context(entry, request.user)
        return render(request, "directory/entry_instance.html", context)
    context = organisation_context(entry, request.user)
    return render(request, "directory/entry_organisation.html", context)


@require_GET
def sector_detail(request, pk):
    sector = (
        visible_objects(request.user, PsychiatricSector.objects.filter(pk=pk))
        .select_related("hospital")
        .first()
    )
    if sector is None:
        raise Http404("Secteur introuvable")
    user = request.user
    hospital = visible_objects(user, Organisation.objects.filter(pk=sector.hospital_id)).first()
    context = {
        "entry": sector,
        "sector": sector,
        "hospital": with_contacts(hospital, user) if hospital else None,
        "communes": list(sector.communes.order_by("name")),
        "cmps": [with_contacts(cmp, user) for cmp in visible(user, sector.cmps.all())],
        "mobile_teams": [
            with_contacts(team, user) for team in visible(user, sector.mobile_teams.all())
        ],
    }
    return render(request, "directory/entry_sector.html", context)

"""The directory's search documents: structures, services, coordination instances and
psychiatric sectors, declared to `search.registry` (registered by `DirectoryConfig.ready`).

To add a new kind of directory entry to search: write its builder here (it returns
`search.registry.document(...)`), declare a `DocumentSpec` (its kind, facets, relations,
and which other documents show something of it: `dependents`), and add it to `SPECS`.

Privacy rules of the documents:

- a document carries its source's effective access (`hub.access.effective_access`): its
  own tier and that of everything it hangs from, as a conjunction of clauses. A service
  of family B under a structure of family A is found only by people in both families;
- a document names a related entry (a unit's parent, an instance's lead, a sector's
  hospital and CMPs) only when every reader of the document may see that entry
  (`hub.access.may_name`); otherwise the name is left out of its text and subtitle;
- a structure's document includes the text and facets of the services every reader of
  the structure may see, so a more restricted service never shows through its structure;
- contacts (e-mails, phone lines) are never indexed: they are read from the source, field
  by field, through `hub.access` when an entry is shown.
"""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language

from directory.models import (
    CoordinationInstance,
    Organisation,
    OrganisationTag,
    PsychiatricSector,
    Service,
)
from directory.models.vocabularies import (
    CATEGORIES,
    PUBLIC_LABELS,
    OrganisationKind,
    category_of,
)
from hub.access import effective_access, may_name
from search.models import SearchDocument, SearchFacet
from search.registry import DocumentSpec, document, label, register
from search.text import normalize

Kind = SearchDocument.Kind
Facet = SearchFacet.Name


@lru_cache(maxsize=512)
def _category_label(code, language):
    return str(CATEGORIES.get(category_of(code), ""))


def category_label(code) -> str:
    return _category_label(code, get_language())


@lru_cache(maxsize=64)
def _public_label(code, language):
    return str(PUBLIC_LABELS.get(code, ""))


def _thematique_facets(codes) -> set[tuple[str, str]]:
    return {(Facet.THEMATIQUE, category_of(code)) for code in codes or () if code}


def _place_facets(commune_codes) -> set[tuple[str, str]]:
    return {(Facet.COMMUNE, code) for code in commune_codes if code}


def _position(obj, commune):
    if getattr(obj, "latitude", None) is not None and obj.longitude is not None:
        return obj.latitude, obj.longitude
    if commune is not None and commune.latitude is not None:
        return commune.latitude, commune.longitude
    return None, None


def _mean_position(communes):
    points = [(c.latitude, c.longitude) for c in communes if c.latitude is not None]
    if not points:
        return None, None
    return (
        sum(lat for lat, _lng in points) / len(points),
        sum(lng for _lat, lng in points) / len(points),
    )


def _address(organisation: Organisation) -> str:
    commune = organisation.commune
    place = " ".join(filter(None, [organisation.postal_code, commune.name if commune else ""]))
    return ", ".join(filter(None, [organisation.address, place]))


def entry_url(obj) -> str:
    if isinstance(obj, PsychiatricSector):
        return reverse("directory:sector", args=[obj.pk])
    return reverse("directory:entry", args=[obj.slug])


def _organisation_context(organisation: Organisation):
    """Facets a structure passes on to its services: family, territories, places."""
    facets = set()
    if organisation.partner_family_id:
        facets.add((Facet.FAMILY, organisation.partner_family.slug))
    facets |= {(Facet.TERRITORY, page.slug) for page in organisation.territories.all()}
    codes = [organisation.commune.code] if organisation.commune_id else []
    codes += [commune.code for commune in organisation.coverage.all()]
    facets |= _place_facets(codes)
    return facets


def _named(access, relative) -> str:
    """The name of a related entry, or "" when some reader of the document may not see it."""
    return relative.name if may_name(access, relative) else ""


def _places(commune, communes=None):
    if communes is not None:
        first = communes[0] if communes else None
        return {
            "commune_code": first.code if first else "",
            "commune_name": ", ".join(c.name for c in communes[:3])[:100],
        }
    return {
        "commune_code": commune.code if commune else "",
        "commune_name": commune.name if commune else "",
    }


# --- Structures ----------------------------------------------------------------------------


def build_organisation(organisation: Organisation, access):
    services = [
        service
        for service in organisation.services.all()
        if access.implies(effective_access(service))
    ]
    commune = organisation.commune
    latitude, longitude = _position(organisation, commune)
    facets = {(Facet.TYPE, organisation.kind)} | _organisation_context(organisation)
    facets |= _thematique_facets(organisation.thematiques)
    for service in services:
        facets |= _thematique_facets(service.thematiques)
        facets |= {(Facet.PUBLIC, code) for code in service.publics}
        facets |= _place_facets(service.zone_eligibilite)
    kind_label = label(OrganisationKind, organisation.kind)
    tags = getattr(organisation, "tag_names", None)
    if tags is None:
        tags = [tag.name for tag in organisation.tags.all()]
    address = _address(organisation)
    text = normalize(
        organisation.name,
        kind_label,
        organisation.description,
        address,
        " ".join(tags),
        " ".join(category_label(code) for code in organisation.thematiques),
        *(f"{service.name} {service.description}" for service in services),
    )
    return document(
        Kind.STRUCTURE,
        organisation.kind,
        kind_label,
        organisation.name,
        entry_url(organisation),
        text,
        facets=facets,
        subtitle=_named(access, organisation.parent) if organisation.parent_id else "",
        summary=organisation.description,
        address=address[:255],
        latitude=latitude,
        longitude=longitude,
        verified_on=organisation.verified_on,
        **_places(commune),
    )


def prepare_organisations(organisations) -> None:
    """Their tags in one query (modelcluster's tag manager does not prefetch)."""
    names = {}
    rows = OrganisationTag.objects.filter(
        content_object_id__in=[organisation.pk for organisation in organisations]
    ).values_list("content_object_id", "tag__name")
    for organisation_id, name in rows:
        names.setdefault(organisation_id, []).append(name)
    for organisation in organisations:
        organisation.tag_names = names.get(organisation.pk, [])


def organisation_dependents(organisations):
    """A structure's name or tier shows in other documents: its services hang from it
    (they take its access); its units, the sectors and instances that name it show its
    name only when their readers may see it."""
    pks = [organisation.pk for organisation in organisations]
    yield Service, Service.objects.filter(organisation__in=pks).values_list("pk", flat=True)
    yield Organisation, Organisation.objects.filter(parent__in=pks).values_list("pk", flat=True)
    yield (
        PsychiatricSector,
        PsychiatricSector.objects.filter(Q(hospital__in=pks) | Q(cmps__in=pks)).values_list(
            "pk", flat=True
        ),
    )
    yield (
        CoordinationInstance,
        CoordinationInstance.objects.filter(lead_organisation__in=pks).values_list("pk", flat=True),
    )


# --- Services ------------------------------------------------------------------------------


def build_service(service: Service, access):
    organisation = service.organisation
    latitude, longitude = _position(organisation, organisation.commune)
    facets = {(Facet.TYPE, "service")} | _organisation_context(organisation)
    facets |= _thematique_facets(service.thematiques)
    facets |= {(Facet.PUBLIC, code) for code in service.publics}
    facets |= _place_facets(service.zone_eligibilite)
    publics = " ".join(_public_label(code, get_language()) for code in service.publics)
    address = _address(organisation)
    # The structure is the service's container: whoever sees the service sees it.
    return document(
        Kind.SERVICE,
        "service",
        label(Kind, Kind.SERVICE),
        service.name,
        f"{entry_url(organisation)}#service-{service.pk}",
        normalize(
            service.name,
            organisation.name,
            service.description,
            publics,
            " ".join(category_label(code) for code in service.thematiques),
            address,
        ),
        facets=facets,
        subtitle=organisation.name,
        summary=service.description,
        address=address[:255],
        latitude=latitude,
        longitude=longitude,
        verified_on=service.verified_on,
        **_places(organisation.commune),
    )


def service_dependents(services):
    """A structure's document holds the text and facets of the services its readers may
    see."""
    yield Organisation, [service.organisation_id for service in services]


# --- Coordination instances ------------------------------------------------------------------


def build_instance(instance: CoordinationInstance, access):
    communes = list(instance.communes.all())
    lead = instance.lead_organisation
    if lead is not None and not may_name(access, lead):
        # A lead some readers may not see: neither its name, nor its family, nor its
        # address (as the instance's position) show through the instance.
        lead = None
    if lead is not None and lead.latitude is not None:
        latitude, longitude = lead.latitude, lead.longitude
    else:
        latitude, longitude = _mean_position(communes)
    facets = {(Facet.TYPE, "instance")} | _place_facets(c.code for c in communes)
    if instance.territory_page_id:
        facets.add((Facet.TERRITORY, instance.territory_page.slug))
    if lead is not None and lead.partner_family_id:
        facets.add((Facet.FAMILY, lead.partner_family.slug))
    kind_label = label(CoordinationInstance.Kind, instance.kind)
    lead_name = lead.name if lead else ""
    return document(
        Kind.INSTANCE,
        instance.kind,
        kind_label,
        instance.name,
        entry_url(instance),
        normalize(
            instance.name,
            kind_label,
            instance.description,
            lead_name,
            " ".join(commune.name for commune in communes),
        ),
        facets=facets,
        subtitle=lead_name,
        summary=instance.description,
        latitude=latitude,
        longitude=longitude,
        verified_on=instance.verified_on,
        **_places(None, communes),
    )


# --- Psychiatric sectors ---------------------------------------------------------------------


def build_sector(sector: PsychiatricSector, access):
    communes = list(sector.communes.all())
    hospital = sector.hospital
    latitude, longitude = _mean_position(communes)
    facets = {(Facet.TYPE, "secteur")} | _place_facets(c.code for c in communes)
    hospital_name = _named(access, hospital)
    if hospital_name and hospital.partner_family_id:
        facets.add((Facet.FAMILY, hospital.partner_family.slug))
    # The territories are public pages: naming them says where the sector is, not who.
    facets |= {(Facet.TERRITORY, page.slug) for page in hospital.territories.all()}
    facets.add((Facet.THEMATIQUE, "sante"))
    cmp_names = [_named(access, cmp) for cmp in sector.cmps.all()]
    return document(
        Kind.SECTOR,
        "secteur",
        label(Kind, Kind.SECTOR),
        f"{sector.name} ({sector.code})",
        entry_url(sector),
        normalize(
            sector.name,
            sector.code,
            "secteur psychiatrique psychiatrie",
            hospital_name,
            sector.description,
            " ".join(commune.name for commune in communes),
            " ".join(name for name in cmp_names if name),
        ),
        facets=facets,
        subtitle=hospital_name,
        summary=sector.description,
        latitude=latitude,
        longitude=longitude,
        verified_on=sector.verified_on,
        **_places(None, communes),
    )


# --- The specs -------------------------------------------------------------------------------

PLACED = frozenset({Facet.TYPE, Facet.FAMILY, Facet.TERRITORY, Facet.COMMUNE})
DETAILED = PLACED | {Facet.THEMATIQUE, Facet.PUBLIC}

SPECS = [
    DocumentSpec(
        model=Organisation,
        kind=Kind.STRUCTURE,
        build=build_organisation,
        facets=DETAILED,
        prefetch=(
            "services__access_groups",
            "coverage",
            "territories",
            "access_groups",
            "parent__access_groups",
        ),
        select=("commune", "parent", "partner_family"),
        prepare=prepare_organisations,
        relations=("coverage", "territories", "access_groups"),
        dependents=organisation_dependents,
    ),
    DocumentSpec(
        model=Service,
        kind=Kind.SERVICE,
        build=build_service,
        facets=DETAILED,
        prefetch=(
            "access_groups",
            "organisation__access_groups",
            "organisation__coverage",
            "organisation__territories",
        ),
        select=("organisation__commune", "organisation__partner_family"),
        relations=("access_groups",),
        dependents=service_dependents,
    ),
    DocumentSpec(
        model=CoordinationInstance,
        kind=Kind.INSTANCE,
        build=build_instance,
        facets=PLACED,
        prefetch=("communes", "access_groups", "lead_organisation__access_groups"),
        select=("lead_organisation__partner_family", "territory_page"),
        relations=("communes", "access_groups"),
    ),
    DocumentSpec(
        model=PsychiatricSector,
        kind=Kind.SECTOR,
        build=build_sector,
        facets=PLACED | {Facet.THEMATIQUE},
        prefetch=(
            "communes",
            "cmps__access_groups",
            "access_groups",
            "hospital__territories",
            "hospital__access_groups",
        ),
        select=("hospital__partner_family",),
        relations=("communes", "cmps", "access_groups"),
    ),
]


def register_documents() -> None:
    register(*SPECS)

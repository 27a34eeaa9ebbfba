"""From source objects to search documents: what each kind of entry shows and matches.

One function per source model returns a `Projected` (the document's fields, its facets
and its access groups). Privacy rules of the projection:

- a document carries exactly its source's tier and groups; a service under a restricted
  structure takes the structure's access (a service cannot be more public than its
  structure);
- a structure's document includes the text and facets of its *public* services only, so
  a restricted service never shows through its structure;
- contacts (e-mails, phone lines) are never indexed: they are read from the source, field
  by field, through `hub.access` when an entry is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.models import Page

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
from hub.access import Tier
from search.models import SearchDocument, SearchFacet
from search.text import normalize

SUMMARY_LENGTH = 300
Kind = SearchDocument.Kind
Facet = SearchFacet.Name


@dataclass
class Projected:
    source: str
    object_id: int
    fields: dict
    facets: set[tuple[str, str]] = field(default_factory=set)
    group_ids: set[int] = field(default_factory=set)


@lru_cache(maxsize=512)
def _label(choices_class, value, language):
    """A choice's label as text, once per language: evaluating lazy translations is the
    costliest part of projecting 200,000 documents."""
    return str(dict(choices_class.choices).get(value, value))


def label(choices_class, value) -> str:
    return _label(choices_class, value, get_language())


@lru_cache(maxsize=512)
def _category_label(code, language):
    return str(CATEGORIES.get(category_of(code), ""))


def category_label(code) -> str:
    return _category_label(code, get_language())


@lru_cache(maxsize=64)
def _public_label(code, language):
    return str(PUBLIC_LABELS.get(code, ""))


def source_of(model) -> str:
    return model._meta.label_lower


def _summary(text: str) -> str:
    return Truncator(text or "").chars(SUMMARY_LENGTH)


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


def _access(obj) -> tuple[str, set[int]]:
    return obj.access_tier, {group.pk for group in obj.access_groups.all()}


def project_organisation(organisation: Organisation) -> Projected:
    public_services = [s for s in organisation.services.all() if s.access_tier == Tier.PUBLIC]
    commune = organisation.commune
    latitude, longitude = _position(organisation, commune)
    facets = {(Facet.TYPE, organisation.kind)} | _organisation_context(organisation)
    facets |= _thematique_facets(organisation.thematiques)
    for service in public_services:
        facets |= _thematique_facets(service.thematiques)
        facets |= {(Facet.PUBLIC, code) for code in service.publics}
        facets |= _place_facets(service.zone_eligibilite)
    tier, groups = _access(organisation)
    kind_label = label(OrganisationKind, organisation.kind)
    tags = getattr(organisation, "tag_names", None)
    if tags is None:
        tags = [tag.name for tag in organisation.tags.all()]
    text = normalize(
        organisation.name,
        kind_label,
        organisation.description,
        _address(organisation),
        " ".join(tags),
        " ".join(category_label(code) for code in organisation.thematiques),
        *(f"{service.name} {service.description}" for service in public_services),
    )
    return Projected(
        source=source_of(Organisation),
        object_id=organisation.pk,
        fields={
            "kind": Kind.STRUCTURE,
            "subkind": organisation.kind,
            "subkind_label": kind_label,
            "title": organisation.name,
            "subtitle": organisation.parent.name if organisation.parent_id else "",
            "summary": _summary(organisation.description),
            "url": entry_url(organisation),
            "search_text": text,
            "commune_code": commune.code if commune else "",
            "commune_name": commune.name if commune else "",
            "address": _address(organisation)[:255],
            "latitude": latitude,
            "longitude": longitude,
            "verified_on": organisation.verified_on,
            "access_tier": tier,
        },
        facets=facets,
        group_ids=groups,
    )


def project_service(service: Service) -> Projected:
    organisation = service.organisation
    latitude, longitude = _position(organisation, organisation.commune)
    facets = {(Facet.TYPE, "service")} | _organisation_context(organisation)
    facets |= _thematique_facets(service.thematiques)
    facets |= {(Facet.PUBLIC, code) for code in service.publics}
    facets |= _place_facets(service.zone_eligibilite)
    # A service is never more public than its structure.
    holder = organisation if organisation.access_tier != Tier.PUBLIC else service
    tier, groups = _access(holder)
    publics = " ".join(_public_label(code, get_language()) for code in service.publics)
    return Projected(
        source=source_of(Service),
        object_id=service.pk,
        fields={
            "kind": Kind.SERVICE,
            "subkind": "service",
            "subkind_label": label(Kind, Kind.SERVICE),
            "title": service.name,
            "subtitle": organisation.name,
            "summary": _summary(service.description),
            "url": f"{entry_url(organisation)}#service-{service.pk}",
            "search_text": normalize(
                service.name,
                organisation.name,
                service.description,
                publics,
                " ".join(category_label(code) for code in service.thematiques),
                _address(organisation),
            ),
            "commune_code": organisation.commune.code if organisation.commune_id else "",
            "commune_name": organisation.commune.name if organisation.commune_id else "",
            "address": _address(organisation)[:255],
            "latitude": latitude,
            "longitude": longitude,
            "verified_on": service.verified_on,
            "access_tier": tier,
        },
        facets=facets,
        group_ids=groups,
    )


def project_instance(instance: CoordinationInstance) -> Projected:
    communes = list(instance.communes.all())
    lead = instance.lead_organisation
    if lead is not None and lead.latitude is not None:
        latitude, longitude = lead.latitude, lead.longitude
    else:
        latitude, longitude = _mean_position(communes)
    facets = {(Facet.TYPE, "instance")} | _place_facets(c.code for c in communes)
    if instance.territory_page_id:
        facets.add((Facet.TERRITORY, instance.territory_page.slug))
    if lead is not None and lead.partner_family_id:
        facets.add((Facet.FAMILY, lead.partner_family.slug))
    tier, groups = _access(instance)
    kind_label = label(CoordinationInstance.Kind, instance.kind)
    first = communes[0] if communes else None
    return Projected(
        source=source_of(CoordinationInstance),
        object_id=instance.pk,
        fields={
            "kind": Kind.INSTANCE,
            "subkind": instance.kind,
            "subkind_label": kind_label,
            "title": instance.name,
            "subtitle": lead.name if lead else "",
            "summary": _summary(instance.description),
            "url": entry_url(instance),
            "search_text": normalize(
                instance.name,
                kind_label,
                instance.description,
                lead.name if lead else "",
                " ".join(commune.name for commune in communes),
            ),
            "commune_code": first.code if first else "",
            "commune_name": ", ".join(commune.name for commune in communes[:3])[:100],
            "address": "",
            "latitude": latitude,
            "longitude": longitude,
            "verified_on": instance.verified_on,
            "access_tier": tier,
        },
        facets=facets,
        group_ids=groups,
    )


def project_sector(sector: PsychiatricSector) -> Projected:
    communes = list(sector.communes.all())
    hospital = sector.hospital
    latitude, longitude = _mean_position(communes)
    facets = {(Facet.TYPE, "secteur")} | _place_facets(c.code for c in communes)
    if hospital.partner_family_id:
        facets.add((Facet.FAMILY, hospital.partner_family.slug))
    facets |= {(Facet.TERRITORY, page.slug) for page in hospital.territories.all()}
    facets.add((Facet.THEMATIQUE, "sante"))
    tier, groups = _access(sector)
    first = communes[0] if communes else None
    return Projected(
        source=source_of(PsychiatricSector),
        object_id=sector.pk,
        fields={
            "kind": Kind.SECTOR,
            "subkind": "secteur",
            "subkind_label": label(Kind, Kind.SECTOR),
            "title": f"{sector.name} ({sector.code})",
            "subtitle": hospital.name,
            "summary": _summary(sector.description),
            "url": entry_url(sector),
            "search_text": normalize(
                sector.name,
                sector.code,
                "secteur psychiatrique psychiatrie",
                hospital.name,
                sector.description,
                " ".join(commune.name for commune in communes),
                " ".join(cmp.name for cmp in sector.cmps.all()),
            ),
            "commune_code": first.code if first else "",
            "commune_name": ", ".join(commune.name for commune in communes[:3])[:100],
            "address": "",
            "latitude": latitude,
            "longitude": longitude,
            "verified_on": sector.verified_on,
            "access_tier": tier,
        },
        facets=facets,
        group_ids=groups,
    )


# --- Pages -------------------------------------------------------------------------------------


def page_kind(page) -> str:
    """Which kind of result a page is: a guide chapter, a project sheet, a partner space
    page, or another page of the hub."""
    label = page.specific_class._meta.label_lower if page.specific_class else ""
    if label.startswith("guide."):
        return Kind.CHAPTER if "chapter" in label else Kind.PAGE
    if label == "hub.projectsheetpage":
        return Kind.PROJECT
    if label.startswith("hub.") and any(
        word in label for word in ("partnerspace", "workinggroup", "meeting", "documentlibrary")
    ):
        return Kind.SPACE
    return Kind.PAGE


def page_text(page) -> list[str]:
    """The text of a page's search fields (Wagtail's own declaration of what is
    searchable): `SearchField.get_value` already reduces StreamFields and rich text to
    their searchable content."""
    from django.utils.html import strip_tags
    from wagtail.search import index

    parts = []
    for search_field in page.search_fields:
        if not isinstance(search_field, index.SearchField):
            continue
        value = search_field.get_value(page)
        if value in (None, ""):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        parts += [strip_tags(str(item)) for item in values]
    return parts


def project_page(page) -> Projected | None:
    """A live page, with its access from `hub.access.page_access`; None (no document)
    for a page that is not live, the tree's root, or restricted in a way the hub's tiers
    do not know (a shared password)."""
    from hub.access import page_access

    if not page.live or page.depth < 2:
        return None
    tier, groups = page_access(page)
    if tier is None:
        return None
    page = page.specific
    kind = page_kind(page)
    summary = getattr(page, "search_description", "") or getattr(page, "intro", "") or ""
    facets = {(Facet.TYPE, kind)}
    territory = next(
        (
            ancestor
            for ancestor in page.get_ancestors(inclusive=True).specific()
            if ancestor.specific_class._meta.label_lower == "hub.territorypage"
        ),
        None,
    )
    if territory is not None:
        facets.add((Facet.TERRITORY, territory.slug))
    owner = getattr(page, "owner_family", None)
    if owner is not None:
        facets.add((Facet.FAMILY, owner.slug))
    return Projected(
        source=source_of(Page),
        object_id=page.pk,
        fields={
            "kind": kind,
            "subkind": page.specific_class._meta.model_name,
            "subkind_label": str(page.specific_class._meta.verbose_name),
            "title": page.title[:255],
            "subtitle": page.get_parent().title[:255] if page.depth > 2 else "",
            "summary": _summary(summary),
            "url": page.get_url() or "",
            "search_text": normalize(page.title, *page_text(page)),
            "commune_code": "",
            "commune_name": "",
            "address": "",
            "latitude": None,
            "longitude": None,
            "verified_on": page.last_published_at.date() if page.last_published_at else None,
            "access_tier": tier,
        },
        facets=facets,
        group_ids=set(groups),
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


# Source model -> (projection, the prefetches that make a batch of them cheap).
PROJECTIONS = {
    Organisation: (
        project_organisation,
        ["services", "coverage", "territories", "access_groups"],
        ["commune", "parent", "partner_family"],
    ),
    Service: (
        project_service,
        [
            "access_groups",
            "organisation__access_groups",
            "organisation__coverage",
            "organisation__territories",
        ],
        ["organisation__commune", "organisation__partner_family"],
    ),
    CoordinationInstance: (
        project_instance,
        ["communes", "access_groups"],
        ["lead_organisation__partner_family", "territory_page"],
    ),
    PsychiatricSector: (
        project_sector,
        ["communes", "cmps", "access_groups", "hospital__territories"],
        ["hospital__partner_family"],
    ),
}

PROJECTIONS[Page] = (project_page, [], [])

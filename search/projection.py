"""From source objects to search documents: what each kind of entry shows and matches.

One function per source model returns a `Projected` (the document's fields, its facets
and its access groups). Privacy rules of the projection:

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
from hub.access import Access, effective_access, may_name
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
    access: Access
    facets: set[tuple[str, str]] = field(default_factory=set)


def document_fields(kind, subkind, subkind_label, title, url, search_text, **extra) -> dict:
    """The fields of a document; what a source does not have stays empty."""
    fields = {
        "kind": kind,
        "subkind": subkind,
        "subkind_label": subkind_label,
        "title": title[:255],
        "subtitle": "",
        "summary": "",
        "url": url,
        "search_text": search_text,
        "commune_code": "",
        "commune_name": "",
        "address": "",
        "latitude": None,
        "longitude": None,
        "verified_on": None,
    }
    unknown = set(extra) - set(fields)
    if unknown:
        raise TypeError(f"Champs de document inconnus : {sorted(unknown)}")
    fields.update(extra)
    fields["subtitle"] = fields["subtitle"][:255]
    return fields


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


def project_organisation(organisation: Organisation) -> Projected:
    access = effective_access(organisation)
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
    parent_name = _named(access, organisation.parent) if organisation.parent_id else ""
    text = normalize(
        organisation.name,
        kind_label,
        organisation.description,
        _address(organisation),
        " ".join(tags),
        " ".join(category_label(code) for code in organisation.thematiques),
        *(f"{service.name} {service.description}" for service in services),
    )
    return Projected(
        source=source_of(Organisation),
        object_id=organisation.pk,
        fields=document_fields(
            Kind.STRUCTURE,
            organisation.kind,
            kind_label,
            organisation.name,
            entry_url(organisation),
            text,
            subtitle=parent_name,
            summary=_summary(organisation.description),
            address=_address(organisation)[:255],
            latitude=latitude,
            longitude=longitude,
            verified_on=organisation.verified_on,
            **_places(commune),
        ),
        access=access,
        facets=facets,
    )


def project_service(service: Service) -> Projected:
    organisation = service.organisation
    latitude, longitude = _position(organisation, organisation.commune)
    facets = {(Facet.TYPE, "service")} | _organisation_context(organisation)
    facets |= _thematique_facets(service.thematiques)
    facets |= {(Facet.PUBLIC, code) for code in service.publics}
    facets |= _place_facets(service.zone_eligibilite)
    publics = " ".join(_public_label(code, get_language()) for code in service.publics)
    # The structure is the service's container: whoever sees the service sees it.
    return Projected(
        source=source_of(Service),
        object_id=service.pk,
        fields=document_fields(
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
                _address(organisation),
            ),
            subtitle=organisation.name,
            summary=_summary(service.description),
            address=_address(organisation)[:255],
            latitude=latitude,
            longitude=longitude,
            verified_on=service.verified_on,
            **_places(organisation.commune),
        ),
        access=effective_access(service),
        facets=facets,
    )


def project_instance(instance: CoordinationInstance) -> Projected:
    access = effective_access(instance)
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
    return Projected(
        source=source_of(CoordinationInstance),
        object_id=instance.pk,
        fields=document_fields(
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
            subtitle=lead_name,
            summary=_summary(instance.description),
            latitude=latitude,
            longitude=longitude,
            verified_on=instance.verified_on,
            **_places(None, communes),
        ),
        access=access,
        facets=facets,
    )


def project_sector(sector: PsychiatricSector) -> Projected:
    access = effective_access(sector)
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
    return Projected(
        source=source_of(PsychiatricSector),
        object_id=sector.pk,
        fields=document_fields(
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
            subtitle=hospital_name,
            summary=_summary(sector.description),
            latitude=latitude,
            longitude=longitude,
            verified_on=sector.verified_on,
            **_places(None, communes),
        ),
        access=access,
        facets=facets,
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
    access = page_access(page)
    if access is None:
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
        fields=document_fields(
            kind,
            page.specific_class._meta.model_name,
            str(page.specific_class._meta.verbose_name),
            page.title,
            page.get_url() or "",
            normalize(page.title, *page_text(page)),
            # The parent is an ancestor: its restrictions are already the page's.
            subtitle=page.get_parent().title if page.depth > 2 else "",
            summary=_summary(summary),
            verified_on=page.last_published_at.date() if page.last_published_at else None,
        ),
        access=access,
        facets=facets,
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
        [
            "services__access_groups",
            "coverage",
            "territories",
            "access_groups",
            "parent__access_groups",
        ],
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
        ["communes", "access_groups", "lead_organisation__access_groups"],
        ["lead_organisation__partner_family", "territory_page"],
    ),
    PsychiatricSector: (
        project_sector,
        [
            "communes",
            "cmps__access_groups",
            "access_groups",
            "hospital__territories",
            "hospital__access_groups",
        ],
        ["hospital__partner_family"],
    ),
}

PROJECTIONS[Page] = (project_page, [], [])

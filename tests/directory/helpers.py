"""Small factories for the directory tests (`make_*`), and a loader of the few communes
they need, read once per process from the vendored gazetteer."""

from __future__ import annotations

import gzip
import json
from functools import cache

from django.conf import settings
from django.utils.text import slugify

from directory import gazetteer
from directory.demo import load_directory_demo, needed_communes
from directory.models import (
    Commune,
    Contact,
    CoordinationInstance,
    Organisation,
    OrganisationKind,
    PsychiatricSector,
)


@cache
def _gazetteer_rows() -> dict[str, dict]:
    with gzip.open(settings.MAILLAGE_GAZETTEER_FILE, "rt", encoding="utf-8") as stream:
        return {row["code"]: row for row in json.load(stream)}


def load_communes(*codes: str) -> dict[str, Commune]:
    """Save these communes (and their cities) from the vendored file; {code: commune}."""
    rows = _gazetteer_rows()
    wanted = set(codes) | {rows[code]["commune"] for code in codes if rows[code].get("commune")}
    gazetteer.save_communes(gazetteer.parse_rows([rows[code] for code in sorted(wanted)]))
    return {commune.code: commune for commune in Commune.objects.filter(code__in=wanted)}


def load_demo_directory() -> None:
    """The directory demo, with its communes loaded from the cached rows."""
    load_communes(*needed_communes())
    load_directory_demo()


def make_organisation(name="Structure de test", kind=OrganisationKind.ASSOCIATION, **fields):
    slug = fields.pop("slug", None) or slugify(name)
    return Organisation.objects.create(name=name, slug=slug, kind=kind, **fields)


def make_contact(organisation=None, role="Accueil", **fields):
    organisation = organisation or make_organisation()
    fields.setdefault("email", "accueil@example.org")
    return Contact.objects.create(organisation=organisation, role=role, **fields)


def make_sector(code="[à vérifier] test", hospital=None, communes=(), cmps=(), **fields):
    hospital = hospital or (
        Organisation.objects.filter(slug="hopital-de-test").first()
        or make_organisation("Hôpital de test", OrganisationKind.HOSPITAL)
    )
    sector = PsychiatricSector.objects.create(
        code=code, name=fields.pop("name", f"Secteur {code}"), hospital=hospital, **fields
    )
    sector.communes.set(communes)
    sector.cmps.set(cmps)
    return sector


def make_instance(name="CLSM de test", communes=(), **fields):
    slug = fields.pop("slug", None) or slugify(name)
    fields.setdefault("kind", CoordinationInstance.Kind.CLSM)
    instance = CoordinationInstance.objects.create(name=name, slug=slug, **fields)
    instance.communes.set(communes)
    return instance

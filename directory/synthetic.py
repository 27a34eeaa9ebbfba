"""Synthetic directory entries, for benchmarks and load tests: realistic in shape, fake in
substance.

- Places are real: communes drawn from the `Commune` table, weighted by population, so
  that Paris gets many entries and a hamlet few; positions are jittered (about 2 km)
  around the commune's centroid.
- Everything else is made up and says so: names built from templates (« CMP Adultes de
  <commune> », « Association <X> logement accompagné »), no person, phone numbers in the
  01 99 00 xx xx range (reserved for fiction in France), e-mails at example.org, and a
  `source` naming them as synthetic data.
- It is deterministic: the same seed gives the same entries (dates included).

`iter_data_inclusion_records()` yields data·inclusion v1 dicts (for the import benchmark);
`create_entries()` writes Organisation, Service and Contact rows with bulk_create.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from directory.models import (
    Commune,
    Contact,
    Organisation,
    OrganisationKind,
    PostalCode,
    Service,
)
from directory.models.vocabularies import MODES_ACCUEIL, PUBLICS, THEMATIQUES
from hub.access import Tier

SOURCE = "synthetique"
SOURCE_LABEL = "Données synthétiques (fictives), Maillage"
K = OrganisationKind
# Templates per kind: (kind, name template, service name, service type, thématiques).
TEMPLATES = [
    (K.CMP, "CMP Adultes de {commune}", "Consultations de secteur", "accompagnement",
     ["sante--sante-mentale", "sante--acces-aux-soins"]),
    (K.CMP, "CMP Enfants et adolescents de {commune}", "Consultations pédopsychiatriques",
     "accompagnement", ["sante--sante-mentale"]),
    (K.MOBILE_TEAM, "Équipe mobile psychiatrie précarité de {commune}", "Visites à domicile",
     "accompagnement", ["sante--sante-mentale",
                        "logement-hebergement--se-maintenir-dans-le-logement"]),
    (K.HOUSING_OPERATOR, "Association {word} logement accompagné", "Sous-location et bail glissant",
     "accompagnement", ["logement-hebergement--se-maintenir-dans-le-logement",
                        "logement-hebergement--louer-un-logement"]),
    (K.ASSOCIATION, "Association {word} de {commune}", "Accompagnement social lié au logement",
     "accompagnement",
     ["logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement"]),
    (K.LANDLORD, "{word} Habitat {commune}", "Accueil des locataires", "information",
     ["logement-hebergement--reduire-les-impayes-de-loyer",
      "logement-hebergement--se-maintenir-dans-le-logement"]),
    (K.GEM, "GEM {word} de {commune}", "Accueil et entraide entre pairs", "atelier",
     ["sante--sante-mentale"]),
]  # fmt: skip
WORDS = [
    "Horizon", "Passerelle", "Escale", "Boussole", "Relais", "Trait d'union", "Tremplin",
    "Ancrage", "Solidarités", "Cap", "Renouer", "Étape", "Abri", "Lien", "Rivage",
]  # fmt: skip
HOURS = ["Mo-Fr 09:00-12:00,14:00-17:00", "Mo-Fr 09:00-17:00", "Mo,We,Fr 14:00-18:00", ""]
PUBLIC_CODES = [
    code for code in ("personnes-en-situation-de-handicap", "familles", "jeunes", "seniors")
    if code in PUBLICS
]  # fmt: skip
DATE_BASE = date(2025, 1, 1)


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    postal_code: str
    latitude: float
    longitude: float


def load_places() -> tuple[list[Place], list[int]]:
    """Communes with a centroid and a population, and their populations as weights."""
    postcodes: dict[int, str] = {}
    for commune_id, code in PostalCode.objects.order_by("code").values_list("commune_id", "code"):
        postcodes.setdefault(commune_id, code)
    places, weights = [], []
    rows = Commune.objects.filter(
        latitude__isnull=False, longitude__isnull=False, population__gt=0
    ).values_list("pk", "code", "name", "latitude", "longitude", "population")
    for pk, code, name, latitude, longitude, population in rows.order_by("code"):
        places.append(Place(code, name, postcodes.get(pk, ""), latitude, longitude))
        weights.append(population)
    if not places:
        raise RuntimeError(
            "Aucune commune avec position et population : lancez d'abord manage.py load_communes."
        )
    return places, weights


@dataclass(frozen=True)
class Entry:
    """One synthetic structure and its service, source-neutral."""

    number: int
    kind: str
    name: str
    place: Place
    latitude: float
    longitude: float
    address: str
    description: str
    hours: str
    service_name: str
    service_type: str
    thematiques: list[str]
    publics: list[str]
    modes_accueil: list[str]
    phone: str
    email: str
    verified_on: date


def iter_entries(n: int, seed: int = 0) -> Iterator[Entry]:
    rng = random.Random(seed)
    places, weights = load_places()
    chosen = rng.choices(places, weights=weights, k=n)
    for number, place in enumerate(chosen, start=1):
        kind, template, service_name, service_type, thematiques = rng.choice(TEMPLATES)
        word = rng.choice(WORDS)
        name = template.format(commune=place.name, word=word)[:150].rstrip(".")
        thematiques = [code for code in thematiques if code in THEMATIQUES]
        yield Entry(
            number=number,
            kind=kind,
            name=name,
            place=place,
            # About 0.02 degree: a couple of kilometres around the centroid.
            latitude=round(place.latitude + rng.uniform(-0.02, 0.02), 6),
            longitude=round(place.longitude + rng.uniform(-0.02, 0.02), 6),
            address=f"{rng.randint(1, 120)} rue {word}",
            description=(
                f"Structure fictive générée pour les tests de charge ({SOURCE_LABEL}). "
                f"{service_name} à {place.name}."
            ),
            hours=rng.choice(HOURS),
            service_name=service_name,
            service_type=service_type,
            thematiques=thematiques,
            publics=rng.sample(PUBLIC_CODES, k=rng.randint(1, 2)),
            modes_accueil=sorted(rng.sample(sorted(MODES_ACCUEIL), k=rng.randint(1, 2))),
            # 01 99 00 xx xx: a range reserved for fiction.
            phone=f"01 99 00 {number // 100 % 100:02d} {number % 100:02d}",
            email=f"accueil-{seed}-{number}@example.org",
            verified_on=DATE_BASE + timedelta(days=rng.randint(0, 364)),
        )


def iter_data_inclusion_records(n: int, seed: int = 0) -> Iterator[tuple[dict, dict]]:
    """(structure, service) pairs of data·inclusion v1 dicts, valid against the schema."""
    for entry in iter_entries(n, seed):
        structure_id = f"{seed}-{entry.number}"
        common = {
            "commune": entry.place.name,
            "code_postal": entry.place.postal_code or None,
            "code_insee": entry.place.code,
            "adresse": entry.address,
            "latitude": entry.latitude,
            "longitude": entry.longitude,
            "telephone": entry.phone,
            "courriel": entry.email,
            "horaires_accueil": entry.hours or None,
            "date_maj": entry.verified_on.isoformat(),
        }
        structure = {
            "source": SOURCE,
            "id": structure_id,
            "nom": entry.name,
            "description": entry.description,
            "site_web": f"https://www.example.org/structures/{structure_id}",
            **common,
        }
        service = {
            "source": SOURCE,
            "id": f"{structure_id}-service",
            "structure_id": structure_id,
            "nom": entry.service_name,
            "description": entry.description,
            "type": entry.service_type,
            "thematiques": entry.thematiques,
            "publics": entry.publics,
            "modes_accueil": entry.modes_accueil,
            "frais": "gratuit",
            "zone_eligibilite": [entry.place.code],
            **common,
        }
        yield structure, service


def create_entries(n: int, seed: int = 0, batch_size: int = 1000) -> int:
    """Create `n` synthetic structures, each with one service and one contact, in batches.
    Entries of this seed that already exist are skipped; returns how many were created."""
    prefix = f"{SOURCE}--{seed}-"
    existing = set(
        Organisation.objects.filter(external_id__startswith=prefix).values_list(
            "external_id", flat=True
        )
    )
    communes = dict(Commune.objects.values_list("code", "pk"))
    created = 0
    entries = iter_entries(n, seed)
    while True:
        batch = [entry for _index, entry in zip(range(batch_size), entries, strict=False)]
        if not batch:
            return created
        organisations = []
        for entry in batch:
            external_id = f"{prefix}{entry.number}"
            if external_id in existing:
                continue
            organisations.append(
                Organisation(
                    name=entry.name,
                    slug=f"synthetique-{seed}-{entry.number}",
                    kind=entry.kind,
                    external_id=external_id,
                    address=entry.address,
                    postal_code=entry.place.postal_code,
                    commune_id=communes.get(entry.place.code),
                    latitude=entry.latitude,
                    longitude=entry.longitude,
                    description=entry.description,
                    thematiques=entry.thematiques,
                    horaires_accueil=entry.hours,
                    source=SOURCE_LABEL,
                    verified_on=entry.verified_on,
                    access_tier=Tier.PUBLIC,
                )
            )
        Organisation.objects.bulk_create(organisations, batch_size=batch_size)
        by_number = {org.external_id: org for org in organisations}
        contacts, services = [], []
        for entry in batch:
            organisation = by_number.get(f"{prefix}{entry.number}")
            if organisation is None:
                continue
            contacts.append(
                Contact(
                    organisation=organisation,
                    role="Accueil",
                    email=entry.email,
                    phone=entry.phone,
                    source=SOURCE_LABEL,
                )
            )
            services.append(
                Service(
                    organisation=organisation,
                    name=entry.service_name,
                    description=entry.description,
                    external_id=f"{prefix}{entry.number}-service",
                    types=[entry.service_type],
                    thematiques=entry.thematiques,
                    publics=entry.publics,
                    modes_accueil=entry.modes_accueil,
                    frais=["gratuit"],
                    zone_eligibilite=[entry.place.code],
                    horaires_accueil=entry.hours,
                    source=SOURCE_LABEL,
                    verified_on=entry.verified_on,
                )
            )
        Contact.objects.bulk_create(contacts, batch_size=batch_size)
        Service.objects.bulk_create(services, batch_size=batch_size)
        created += len(organisations)

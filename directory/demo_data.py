"""The directory's demo entries, as data: organisations named in the seeds, role-based
contacts, psychiatric sectors, the links of the coordination instances, a few services.
`directory/demo.py` writes them; read its docstring for the honesty rules they follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import OrganisationKind

K = OrganisationKind
TO_CHECK = "[à vérifier par le territoire]"
DEMO_SOURCE = "Données de démonstration (fictives), Maillage"
METZ = "Réunion de présentation ARELOR Hlm / CH de Jury, 18 juin 2018"
SELO = "Fiche projet SELO, juin 2020"
DLAI = "Fiche projet DLAI, protocole du 5 novembre 2018"
LYON = "Convention Santé Psychique et Logement, avril 2013"

# The perimeters of the four partnerships (as in hub/demo/territories.py).
PERIMETERS = {
    "metz": ["57463", "57480", "57447"],
    "marseille": ["13214", "13215", "13216"],
    "paris": ["75111", "75117", "75119"],
    "grand-lyon": ["69123", *(str(69380 + n) for n in range(1, 10))],
}
# Communes where organisations sit, beyond the perimeters (Jury: CH de Jury; Bron: Le
# Vinatier; Saint-Cyr-au-Mont-d'Or), and the cities of the arrondissements.
EXTRA_COMMUNES = ["57351", "69029", "69191", "75056", "13055"]


@dataclass(frozen=True)
class Org:
    slug: str
    name: str
    kind: str
    family: str
    territory: str
    commune: str
    source: str
    description: str = ""
    parent: str = ""
    thematiques: tuple[str, ...] = ()


ORGANISATIONS = [
    # --- Metz ---------------------------------------------------------------------------
    Org(
        "arelor-hlm",
        "ARELOR Hlm",
        K.LANDLORD_ASSOCIATION,
        "bailleurs-gestionnaires",
        "metz",
        "57463",
        METZ,
        "Association régionale des organismes Hlm de Lorraine. Copilote du partenariat avec "
        "le CH de Jury ; coordonnateur inter-organismes, interlocuteur commun des bailleurs.",
    ),
    *(
        Org(slug, name, K.LANDLORD, "bailleurs-gestionnaires", "metz", commune, METZ,
            "Bailleur messin associé au partenariat par ARELOR Hlm.")
        for slug, name, commune in [
            ("batigere", "Batigère", "57463"),
            ("moselis", "Moselis", "57463"),
            ("logiest", "Logiest", "57463"),
            ("icf-habitat-nord-est", "ICF Habitat Nord-Est", "57463"),
            ("i3f-grand-est", "I3F Grand Est", "57463"),
            ("oph-montigny-les-metz", "OPH de Montigny-lès-Metz", "57480"),
            ("metz-habitat-territoire", "Metz Habitat Territoire (MHT)", "57463"),
            ("presence-habitat", "Présence Habitat", "57463"),
        ]
    ),  # fmt: skip
    Org(
        "ch-jury",
        "Centre hospitalier de Jury",
        K.HOSPITAL,
        "psychiatrie-publique",
        "metz",
        "57351",
        METZ,
        "Psychiatrie publique : prévention, diagnostic, soin, réadaptation et réinsertion "
        "sociale. Le Pôle 5 porte le CLSM du territoire messin et copilote le partenariat.",
        thematiques=("sante--sante-mentale",),
    ),
    Org(
        "erah-ch-jury",
        "ERAH, équipe réseau des alternatives à l'hospitalisation (CH de Jury)",
        K.MOBILE_TEAM,
        "psychiatrie-publique",
        "metz",
        "57463",
        METZ,
        "Mise en place en 2012 au CH de Jury : contrat de soin formalisé avec le futur "
        "résident, prise en charge soignante continue (et astreinte téléphonique), "
        "évaluation clinique, accompagnement du projet de vie.",
        parent="ch-jury",
        thematiques=("sante--sante-mentale", "logement-hebergement--se-maintenir-dans-le-logement"),
    ),
    Org(
        "cmp-metz-ch-jury",
        f"CMP de Metz (CH de Jury) {TO_CHECK}",
        K.CMP,
        "psychiatrie-publique",
        "metz",
        "57463",
        DEMO_SOURCE,
        f"Centre médico-psychologique du secteur. Nom, adresse et horaires {TO_CHECK}.",
        parent="ch-jury",
        thematiques=("sante--sante-mentale",),
    ),
    Org(
        "metz-metropole",
        "Metz Métropole",
        K.LOCAL_AUTHORITY,
        "collectivites-etat",
        "metz",
        "57463",
        METZ,
        "Piste de financement (AMI Logement d'abord).",
    ),
    # --- Marseille ----------------------------------------------------------------------
    Org(
        "logirem",
        "Logirem",
        K.LANDLORD,
        "bailleurs-gestionnaires",
        "marseille",
        "13214",
        SELO,
        "Co-porteur du projet SELO : coordination globale par son Pôle Innovation sociale, "
        "orientation des situations de vulnérabilité psycho-sociale parmi ses locataires, "
        "logements adaptés pour le volet accès.",
    ),
    Org(
        "soliha-provence",
        "Soliha Provence",
        K.ASSOCIATION,
        "social-medico-social",
        "marseille",
        "13214",
        SELO,
        "Co-porteur du projet SELO : accompagnement et coordination pédagogique.",
        thematiques=("logement-hebergement--se-maintenir-dans-le-logement",),
    ),
    Org(
        "gcs-galile",
        "GCS Galilé",
        K.ASSOCIATION,
        "social-medico-social",
        "marseille",
        "13214",
        SELO,
        "Co-porteur du projet SELO : accompagnement.",
    ),
    Org(
        "ch-edouard-toulouse",
        "Centre hospitalier Édouard Toulouse",
        K.HOSPITAL,
        "psychiatrie-publique",
        "marseille",
        "13215",
        SELO,
        "Partenaire du projet SELO ; CMP du territoire.",
        thematiques=("sante--sante-mentale",),
    ),
    Org(
        "cmp-marseille-nord",
        f"CMP des 14e-16e arrondissements (CH Édouard Toulouse) {TO_CHECK}",
        K.CMP,
        "psychiatrie-publique",
        "marseille",
        "13215",
        DEMO_SOURCE,
        f"Les CMP du territoire orientent des bénéficiaires (volet accès). Nom et adresse "
        f"{TO_CHECK}.",
        parent="ch-edouard-toulouse",
    ),
    # --- Paris --------------------------------------------------------------------------
    Org(
        "ght-paris-psychiatrie-neurosciences",
        "GHT Paris psychiatrie et neurosciences",
        K.HOSPITAL,
        "psychiatrie-publique",
        "paris",
        "75111",
        DLAI,
        "Porteur du DLAI (EPS Maison Blanche, hôpital Saint-Maurice) ; psychiatrie de secteur "
        "des arrondissements. Position : centroïde du 11e arrondissement, pas une adresse.",
        thematiques=("sante--sante-mentale",),
    ),
    *(
        Org(f"cmp-paris-{n}", f"CMP du {n}e arrondissement (GHT Paris) {TO_CHECK}", K.CMP,
            "psychiatrie-publique", "paris", f"751{n}", DEMO_SOURCE,
            f"CMP du secteur du {n}e arrondissement. Nom, adresse et horaires {TO_CHECK}.",
            parent="ght-paris-psychiatrie-neurosciences")
        for n in ("11", "17", "19")
    ),  # fmt: skip
    Org(
        "oeuvre-falret",
        "Œuvre Falret",
        K.HOUSING_OPERATOR,
        "social-medico-social",
        "paris",
        "75111",
        DLAI,
        "Opérateur médico-social du DLAI (logement accompagné pour l'inclusion).",
        thematiques=("logement-hebergement--se-maintenir-dans-le-logement",),
    ),
    Org(
        "aorif",
        "AORIF",
        K.LANDLORD_ASSOCIATION,
        "bailleurs-gestionnaires",
        "paris",
        "75111",
        DLAI,
        "Union des bailleurs sociaux d'Île-de-France ; porteur du DLAI.",
    ),
    Org(
        "ville-de-paris-dases",
        "Ville de Paris (DASES, pôle santé mentale et résilience)",
        K.LOCAL_AUTHORITY,
        "collectivites-etat",
        "paris",
        "75056",
        DLAI,
        "Porteur du DLAI.",
    ),
    Org(
        "unafam",
        "UNAFAM",
        K.USERS_FAMILIES,
        "usagers-familles",
        "paris",
        "75111",
        DLAI,
        "Union nationale de familles et amis de personnes malades et/ou handicapées "
        "psychiques ; représentant des usagers (DLAI), signataire de la convention lyonnaise.",
    ),
    # --- Grand Lyon ---------------------------------------------------------------------
    Org("grand-lyon", "Grand Lyon", K.LOCAL_AUTHORITY, "collectivites-etat", "grand-lyon",
        "69123", LYON, "Signataire ; anime le comité de projet et la plénière."),
    Org("ch-le-vinatier", "Centre hospitalier Le Vinatier", K.HOSPITAL, "psychiatrie-publique",
        "grand-lyon", "69029", LYON, "Signataire de la convention."),
    Org("ch-saint-jean-de-dieu", "Centre hospitalier Saint Jean de Dieu", K.HOSPITAL,
        "psychiatrie-publique", "grand-lyon", "69388", LYON, "Signataire de la convention."),
    Org("ch-saint-cyr-au-mont-d-or", "Centre hospitalier de Saint-Cyr-au-Mont-d'Or", K.HOSPITAL,
        "psychiatrie-publique", "grand-lyon", "69191", LYON, "Signataire de la convention."),
    Org("abc-hlm", "ABC HLM", K.LANDLORD_ASSOCIATION, "bailleurs-gestionnaires", "grand-lyon",
        "69123", LYON, "Association des bailleurs sociaux ; signataire de la convention."),
    Org("collectif-logement-rhone", "Collectif Logement Rhône", K.HOUSING_OPERATOR,
        "logement-accompagne", "grand-lyon", "69123", LYON, "Signataire de la convention."),
    Org("unafo", "UNAFO", K.HOUSING_OPERATOR, "logement-accompagne", "grand-lyon", "69123", LYON,
        "Union professionnelle du logement accompagné ; signataire de la convention."),
]  # fmt: skip

# (organisation slug, role, e-mail, phone, phone tier)
CONTACTS = [
    ("cmp-metz-ch-jury", "Accueil CMP", "accueil-cmp-metz@example.org", "01 99 00 57 01", "public"),
    # The canary: a direct line for partners only.
    ("erah-ch-jury", "Ligne directe ERAH", "erah@example.org", "01 99 00 57 02", "partners"),
    ("ch-jury", "Coordination CLSM", "clsm-metz@example.org", "01 99 00 57 03", "partners"),
    ("arelor-hlm", "Coordination inter-organismes", "arelor@example.org", "", "public"),
    ("cmp-paris-11", "Accueil CMP", "accueil-cmp-paris-11@example.org", "01 99 00 75 11", "public"),
    ("cmp-paris-17", "Accueil CMP", "accueil-cmp-paris-17@example.org", "01 99 00 75 17", "public"),
    ("cmp-paris-19", "Accueil CMP", "accueil-cmp-paris-19@example.org", "01 99 00 75 19", "public"),
    ("ville-de-paris-dases", "Coordination CLSM", "clsm-paris@example.org", "01 99 00 75 00",
     "partners"),
    ("oeuvre-falret", "Accueil DLAI", "dlai@example.org", "", "public"),
    ("logirem", "Pôle Innovation sociale", "innovation-sociale@example.org", "01 99 00 13 01",
     "partners"),
    ("cmp-marseille-nord", "Accueil CMP", "accueil-cmp-marseille@example.org", "01 99 00 13 14",
     "public"),
]  # fmt: skip

# Sector codes are not in the seeds: each says so rather than inventing an ARS code.
SECTORS = [
    {
        "code": "[à vérifier] Metz – CH de Jury",
        "name": f"Secteur de psychiatrie adulte du territoire messin (CH de Jury) {TO_CHECK}",
        "hospital": "ch-jury",
        "communes": PERIMETERS["metz"],
        "cmps": ["cmp-metz-ch-jury"],
        "mobile_teams": ["erah-ch-jury"],
        "source": f"{METZ} (sectorisation psychiatrique en Moselle) ; périmètre {TO_CHECK}",
    },
    *(
        {
            "code": f"[à vérifier] Paris {n}e",
            "name": f"Secteur de psychiatrie du {n}e arrondissement (GHT Paris) {TO_CHECK}",
            "hospital": "ght-paris-psychiatrie-neurosciences",
            "communes": [f"751{n}"],
            "cmps": [f"cmp-paris-{n}"],
            "mobile_teams": [],
            "source": f"{DLAI} (secteurs de psychiatrie des arrondissements) ; code {TO_CHECK}",
        }
        for n in ("11", "17", "19")
    ),
    {
        "code": "[à vérifier] Marseille 14e-16e",
        "name": f"Secteur de psychiatrie des 14e-16e (CH Édouard Toulouse) {TO_CHECK}",
        "hospital": "ch-edouard-toulouse",
        "communes": PERIMETERS["marseille"],
        "cmps": ["cmp-marseille-nord"],
        "mobile_teams": [],
        "source": f"{SELO} ; périmètre et code {TO_CHECK}",
    },
]

# Links of the coordination instances of hub/demo/spaces.py (same slugs, same names).
INSTANCES = [
    {
        "slug": "clsm-metz",
        "name": "CLSM du territoire messin",
        "kind": "clsm",
        "territory": "metz",
        "lead": "ch-jury",
        "coordinator": ("ch-jury", "Coordination CLSM"),
        "members": ["arelor-hlm", "ch-jury", "erah-ch-jury", "metz-habitat-territoire"],
        "description": "Porté par le CH de Jury ; ses groupes de travail « Logement » ont "
        "donné naissance au partenariat bailleurs sociaux / psychiatrie publique.",
        "source": METZ,
    },
    {
        "slug": "rsml-marseille",
        "name": "Réseau Santé Mentale et Logement de Marseille (RSML)",
        "kind": "rsml",
        "territory": "marseille",
        "lead": None,
        "coordinator": None,
        "members": ["logirem", "ch-edouard-toulouse"],
        "description": f"Professionnels médicaux (CMP) participant aux RSML. Porteur {TO_CHECK}.",
        "source": SELO,
    },
    {
        "slug": "clsm-paris-11-17-19",
        "name": "CLSM des 11e, 17e et 19e arrondissements de Paris",
        "kind": "clsm",
        "territory": "paris",
        "lead": None,
        "coordinator": ("ville-de-paris-dases", "Coordination CLSM"),
        "members": ["ville-de-paris-dases", "ght-paris-psychiatrie-neurosciences", "aorif"],
        "description": f"Porteur et composition {TO_CHECK}.",
        "source": DLAI,
    },
    {
        "slug": "comite-projet-grand-lyon",
        "name": "Comité de projet Santé Psychique et Logement (Grand Lyon)",
        "kind": "groupe-travail",
        "territory": "grand-lyon",
        "lead": "grand-lyon",
        "coordinator": None,
        "members": ["grand-lyon", "abc-hlm", "ch-le-vinatier", "unafam"],
        "description": "Se réunit six fois par an (convention de 2013).",
        "meeting_rhythm": "6 fois par an",
        "source": LYON,
    },
]

SERVICES = [
    {
        "organisation": "erah-ch-jury",
        "name": "Accompagnement soignant dans le logement (ERAH)",
        "types": ["accompagnement"],
        "thematiques": [
            "sante--sante-mentale",
            "logement-hebergement--se-maintenir-dans-le-logement",
        ],
        "zone": PERIMETERS["metz"],
        "contact": "Ligne directe ERAH",
    },
    {
        "organisation": "oeuvre-falret",
        "name": "Logement accompagné pour l'inclusion (DLAI)",
        "types": ["accompagnement"],
        "thematiques": ["logement-hebergement--louer-un-logement"],
        "zone": PERIMETERS["paris"],
        "contact": "Accueil DLAI",
    },
    {
        "organisation": "soliha-provence",
        "name": "Accompagnement SELO (accès et maintien)",
        "types": ["accompagnement"],
        "thematiques": ["logement-hebergement--se-maintenir-dans-le-logement"],
        "zone": PERIMETERS["marseille"],
        "contact": None,
    },
]  # fmt: skip

# --- Access levels, shown on fictitious entries ---------------------------------------------
# The seeds say nothing about who may see which entry: these placeholders are invented, say
# so in their name, description and source, and describe no real structure. In each
# territory they nest restricted entries so that every reader meets the rule « an entry is
# seen only by who may see what it hangs from; a relative is named only to who may see it »:
# - a structure for partners only, whose service is for the members of the territory's
#   coordination instance only;
# - an establishment for the « Psychiatrie publique » family only, with a public unit (a
#   CMP) attached to it;
# - a public sector whose establishment is that family-only one and whose CMP is the unit.
ACCESS_DEMO_SOURCE = "Entrée fictive de démonstration des niveaux d'accès"
ACCESS_DEMO_NOTE = (
    "Entrée fictive, créée pour montrer les niveaux d'accès du hub : elle ne décrit aucune "
    "structure réelle."
)
ACCESS_DEMO_FAMILY = "psychiatrie-publique"
ACCESS_DEMO_FAMILY_NAME = "Psychiatrie publique"


@dataclass(frozen=True)
class AccessDemo:
    territory: str  # slug of the territory (PERIMETERS, TerritoryPage)
    label: str
    commune: str  # where the fictitious entries are placed (the commune's centroid)
    instance: str  # slug of the territory's coordination instance (INSTANCES)
    sector_communes: tuple[str, ...]  # what the fictitious sector covers


ACCESS_DEMOS = [
    AccessDemo("metz", "Metz", "57463", "clsm-metz", ("57447",)),
    AccessDemo("marseille", "Marseille 14e-16e", "13214", "rsml-marseille", ("13216",)),
    AccessDemo("paris", "Paris 11e, 17e, 19e", "75111", "clsm-paris-11-17-19", ("75119",)),
    AccessDemo("grand-lyon", "Grand Lyon", "69123", "comite-projet-grand-lyon", ("69383",)),
]


def access_demo_entries(demo: AccessDemo, instance_name: str) -> dict:
    """The names, slugs and texts of one territory's fictitious entries."""
    family = f"« {ACCESS_DEMO_FAMILY_NAME} »"
    instance = f"« {instance_name} »"
    return {
        "partners": {
            "slug": f"demo-acces-{demo.territory}-partenaires",
            "name": f"[Démo] Structure réservée aux partenaires ({demo.label})",
            "description": f"{ACCESS_DEMO_NOTE} Cette structure n'est visible que des "
            f"partenaires accrédités ; son service est réservé aux membres de l'instance "
            f"{instance}.",
        },
        "service": {
            "name": f"[Démo] Ligne directe réservée aux membres de l'instance {instance}",
            "description": f"{ACCESS_DEMO_NOTE} Ce service n'est visible que des membres de "
            f"l'instance {instance}, et seulement s'ils voient aussi sa structure, réservée "
            f"aux partenaires.",
        },
        "family": {
            "slug": f"demo-acces-{demo.territory}-etablissement-famille",
            "name": f"[Démo] Établissement réservé à la famille {family} ({demo.label})",
            "description": f"{ACCESS_DEMO_NOTE} Cet établissement n'est visible que des "
            f"membres de la famille de partenaires {family}.",
        },
        "unit": {
            "slug": f"demo-acces-{demo.territory}-unite-publique",
            "name": f"[Démo] Unité publique d'un établissement réservé ({demo.label})",
            "description": f"{ACCESS_DEMO_NOTE} Cette unité est publique ; l'établissement "
            f"auquel elle est rattachée n'est nommé qu'aux membres de la famille {family}.",
        },
        "sector": {
            "code": f"[Démo] Secteur {demo.territory}",  # 40 characters at most
            "name": f"[Démo] Secteur fictif rattaché à un établissement réservé ({demo.label})",
            "description": f"{ACCESS_DEMO_NOTE} Ce secteur est public ; son établissement de "
            f"rattachement est réservé à la famille {family} et n'est nommé qu'à ses membres ; "
            f"son CMP est l'unité publique de cet établissement.",
        },
    }

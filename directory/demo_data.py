"""The directory's demo entries, as data: organisations named in the seeds, role-based
contacts, psychiatric sectors, the links of the coordination instances, a few services.
`directory/demo.py` writes them; read its docstring for the honesty rules they follow.

Every entry built from the seeds lists its `facts` (ids of the sources table,
hub/demo/sources.py): its « source » names their seeds and its verification date is the
seeds' own date. An entry whose very identity the seeds do not give (a CMP, a sector, the
establishment of Lyon's sectors) says `PLACEHOLDER` in its name, has no verification date
and stays « à vérifier ».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from directory.models import OrganisationKind
from hub.demo.sources import PLACEHOLDER, cite, cite_partly, seed_date, uses

K = OrganisationKind
TO_CHECK = PLACEHOLDER
# The source of an entry the seeds do not name (no « ; » in it: an entry page prints each
# part of a source once, tests/directory/test_entry_source.py).
DEMO_SOURCE = f"Entrée de démonstration absente des documents sources, {PLACEHOLDER}"
# Contacts: the seeds give no contact detail; every line of the demo is invented.
CONTACT_SOURCE = (
    "Contact fictif de démonstration (adresse example.org, numéro de la tranche 01 99 00 "
    "réservée à la fiction)"
)

# The perimeters of the four partnerships (as in hub/demo/territories.py).
PERIMETERS = {
    "metz": ["57463", "57480", "57447"],
    "marseille": ["13214", "13215", "13216"],
    "paris": ["75111", "75117", "75119"],
    "grand-lyon": ["69123", *(str(69380 + n) for n in range(1, 10))],
}
# Communes where organisations sit, beyond the perimeters: the seeds give no address, so an
# organisation sits in its partnership's city unless its own name says where (Jury: CH de
# Jury; Saint-Cyr-au-Mont-d'Or), and the cities of the arrondissements.
EXTRA_COMMUNES = ["57351", "69191", "75056", "13055"]


@dataclass(frozen=True)
class Org:
    slug: str
    name: str
    kind: str
    family: str
    territory: str
    commune: str
    facts: tuple[str, ...]  # what the entry rests on; () for an entry the seeds do not name
    description: str = ""
    parent: str = ""
    thematiques: tuple[str, ...] = ()
    missing: str = ""  # what the seeds do not say, when its identity is itself to verify

    @property
    def source(self) -> str:
        if not self.facts:
            return DEMO_SOURCE
        return cite_partly(self.facts, self.missing) if self.missing else cite(*self.facts)

    @property
    def verified_on(self) -> date | None:
        """The seeds' date, for an entry they name; none for a placeholder."""
        return seed_date(*self.facts) if self.facts and not self.missing else None

    def __post_init__(self):
        uses(*self.facts)


def sourced(facts: tuple[str, ...], missing: str = "") -> dict:
    """The `source` and `verified_on` of a sector, an instance or a service."""
    uses(*facts)
    if missing:
        return {"source": cite_partly(facts, missing), "verified_on": None}
    return {"source": cite(*facts), "verified_on": seed_date(*facts)}


METZ_LANDLORD = "Bailleur messin cité avec ARELOR Hlm dans la présentation du partenariat."
LYON_SIGNATORY = "Signataire de la convention ; membre du comité de projet."
CMP_UNNAMED = "Nom, rattachement, adresse et horaires"

ORGANISATIONS = [
    # --- Metz ---------------------------------------------------------------------------
    Org(
        "arelor-hlm",
        "ARELOR Hlm",
        K.LANDLORD_ASSOCIATION,
        "bailleurs-gestionnaires",
        "metz",
        "57463",
        ("metz-arelor", "metz-copiloted", "metz-arelor-role"),
        "Association territoriale des organismes Hlm de Lorraine, membre de l'Union régionale "
        "Hlm Grand Est. Copilote du partenariat avec le CH de Jury ; coordonnateur "
        "inter-organismes, interlocuteur commun des bailleurs.",
    ),
    *(
        Org(slug, name, K.LANDLORD, "bailleurs-gestionnaires", "metz", commune,
            ("metz-landlords",), METZ_LANDLORD)
        for slug, name, commune in [
            ("batigere", "Batigère", "57463"),
            ("moselis", "Moselis", "57463"),
            ("logiest", "Logiest", "57463"),
            # The seed gives these two by their initials only: so does the demo.
            ("icf-habitat-nord-est", "ICF HNE", "57463"),
            ("i3f-grand-est", "I3F Grand Est", "57463"),
            ("oph-montigny-les-metz", "OPH de Montigny-lès-Metz", "57480"),
            ("metz-habitat-territoire", "MHT", "57463"),
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
        ("metz-jury-mission", "metz-jury-pole-5", "metz-copiloted"),
        "Psychiatrie publique : prévention, diagnostic, soin, réadaptation et réinsertion "
        "sociale. Porteur du CLSM du territoire messin ; son Pôle 5 copilote le partenariat "
        "avec ARELOR Hlm.",
        thematiques=("sante--sante-mentale",),
    ),
    Org(
        "erah-ch-jury",
        "ERAH, équipe réseau des alternatives à l'hospitalisation (CH de Jury)",
        K.MOBILE_TEAM,
        "psychiatrie-publique",
        "metz",
        "57463",
        ("metz-erah-2012", "metz-erah-care", "metz-erah-on-call", "metz-erah-life-project"),
        "Mise en place depuis 2012 au CH de Jury : contrat de soin formalisé avec le futur "
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
        (),
        f"Centre médico-psychologique : la présentation de 2018 n'en nomme aucun. "
        f"{CMP_UNNAMED} {TO_CHECK}.",
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
        ("metz-funding",),
        "Piste de financement spécifique du partenariat (AMI Logement d'abord).",
    ),
    # --- Marseille ----------------------------------------------------------------------
    Org(
        "logirem",
        "Logirem",
        K.LANDLORD,
        "bailleurs-gestionnaires",
        "marseille",
        "13055",
        ("selo-bearers", "selo-logirem-coordination", "selo-logirem-dwellings"),
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
        "13055",
        ("selo-bearers", "selo-associations", "selo-staff-soliha"),
        "Co-porteur du projet SELO : accompagnement et coordination pédagogique.",
        thematiques=("logement-hebergement--se-maintenir-dans-le-logement",),
    ),
    Org(
        "gcs-galile",
        "GCS Galilé",
        K.ASSOCIATION,
        "social-medico-social",
        "marseille",
        "13055",
        ("selo-bearers", "selo-associations"),
        "Co-porteur du projet SELO : accompagnement.",
    ),
    Org(
        "ch-edouard-toulouse",
        "Centre hospitalier Édouard Toulouse",
        K.HOSPITAL,
        "psychiatrie-publique",
        "marseille",
        "13055",
        ("selo-partner-hospital",),
        "Partenaire du projet SELO.",
        thematiques=("sante--sante-mentale",),
    ),
    Org(
        "cmp-marseille-nord",
        f"CMP des 14e-16e arrondissements (CH Édouard Toulouse) {TO_CHECK}",
        K.CMP,
        "psychiatrie-publique",
        "marseille",
        "13055",
        ("selo-cmp-referral", "selo-cmp-rsml"),
        f"Les CMP du territoire orientent des bénéficiaires de SELO (volet accès) ; la fiche "
        f"ne les nomme pas et ne dit pas qui les gère. {CMP_UNNAMED} {TO_CHECK}.",
        parent="ch-edouard-toulouse",
        missing="nom, rattachement et adresse du CMP",
    ),
    # --- Paris --------------------------------------------------------------------------
    Org(
        "ght-paris-psychiatrie-neurosciences",
        "GHT Paris psychiatrie et neurosciences",
        K.HOSPITAL,
        "psychiatrie-publique",
        "paris",
        "75056",
        ("dlai-bearers", "dlai-protocol"),
        "Porteur du DLAI (EPS Maison Blanche et hôpital Saint-Maurice) ; signataire du "
        "protocole « santé mentale et logement ».",
        thematiques=("sante--sante-mentale",),
    ),
    *(
        Org(f"cmp-paris-{n}", f"CMP du {n}e arrondissement (GHT Paris) {TO_CHECK}", K.CMP,
            "psychiatrie-publique", "paris", f"751{n}", ("dlai-public",),
            f"Les personnes du DLAI sont suivies par les secteurs de psychiatrie des "
            f"arrondissements ; la fiche ne nomme aucun CMP. {CMP_UNNAMED} {TO_CHECK}.",
            parent="ght-paris-psychiatrie-neurosciences",
            missing="nom, rattachement et adresse du CMP")
        for n in ("11", "17", "19")
    ),  # fmt: skip
    Org(
        "oeuvre-falret",
        "Œuvre Falret",
        K.HOUSING_OPERATOR,
        "social-medico-social",
        "paris",
        "75056",
        ("dlai-bearers", "dlai-committed"),
        "Opérateur du DLAI, engagé comme structure médico-sociale dans le dispositif.",
        thematiques=("logement-hebergement--se-maintenir-dans-le-logement",),
    ),
    Org(
        "aorif",
        "AORIF",
        K.LANDLORD_ASSOCIATION,
        "bailleurs-gestionnaires",
        "paris",
        "75056",
        ("dlai-bearers", "dlai-protocol"),
        "Porteur du DLAI ; signataire du protocole « santé mentale et logement ».",
    ),
    Org(
        "ville-de-paris-dases",
        "Ville de Paris (DASES, pôle santé mentale et résilience)",
        K.LOCAL_AUTHORITY,
        "collectivites-etat",
        "paris",
        "75056",
        ("dlai-bearers",),
        "Porteur du DLAI (DASES, sous-direction de la Santé, pôle santé mentale et résilience).",
    ),
    Org(
        "unafam",
        "UNAFAM",
        K.USERS_FAMILIES,
        "usagers-familles",
        "paris",
        "75056",
        ("dlai-partners", "dlai-co-built", "lyon-signatory-unafam"),
        "Union nationale de familles et amis de personnes malades et/ou handicapées "
        "psychiques ; partenaire du DLAI, co-construit avec les représentants des usagers ; "
        "signataire de la convention lyonnaise.",
    ),
    # --- Grand Lyon ---------------------------------------------------------------------
    Org("grand-lyon", "Grand Lyon", K.LOCAL_AUTHORITY, "collectivites-etat", "grand-lyon",
        "69123", ("lyon-parties", "lyon-project-committee-rhythm", "lyon-plenary-rhythm"),
        "Signataire ; anime le comité de projet et la plénière."),
    Org("ch-le-vinatier", "Centre hospitalier Le Vinatier", K.HOSPITAL, "psychiatrie-publique",
        "grand-lyon", "69123",
        ("lyon-parties", "lyon-signatory-vinatier", "lyon-project-committee-members"),
        LYON_SIGNATORY),
    Org("ch-saint-jean-de-dieu", "Centre hospitalier Saint Jean de Dieu", K.HOSPITAL,
        "psychiatrie-publique", "grand-lyon", "69123",
        ("lyon-parties", "lyon-signatory-saint-jean-de-dieu", "lyon-project-committee-members"),
        LYON_SIGNATORY),
    Org("ch-saint-cyr-au-mont-d-or", "Centre hospitalier de Saint-Cyr-au-Mont-d'Or", K.HOSPITAL,
        "psychiatrie-publique", "grand-lyon", "69191",
        ("lyon-parties", "lyon-signatory-saint-cyr", "lyon-project-committee-members"),
        LYON_SIGNATORY),
    Org("abc-hlm", "ABC HLM", K.LANDLORD_ASSOCIATION, "bailleurs-gestionnaires", "grand-lyon",
        "69123", ("lyon-parties", "lyon-signatory-abc-hlm", "lyon-project-committee-members"),
        LYON_SIGNATORY),
    Org("collectif-logement-rhone", "Collectif Logement Rhône", K.HOUSING_OPERATOR,
        "logement-accompagne", "grand-lyon", "69123", ("lyon-parties", "lyon-signatory-clr"),
        "Signataire de la convention."),
    Org("unafo", "UNAFO", K.HOUSING_OPERATOR, "logement-accompagne", "grand-lyon", "69123",
        ("lyon-parties-unions", "lyon-signatory-unafo"),
        "Union Professionnelle du Logement accompagné ; signataire de la convention."),
    # The convention names three hospitals but not which one has which sector of Lyon: one
    # placeholder establishment, sector and CMP stand for the real ones until the
    # territory fills them in.
    Org("secteurs-lyon-etablissement", f"Établissement de rattachement des secteurs de Lyon "
        f"{TO_CHECK}", K.HOSPITAL, "psychiatrie-publique", "grand-lyon", "69123",
        ("lyon-parties",),
        "La convention de 2013 nomme trois centres hospitaliers signataires (Le Vinatier, "
        "Saint Jean de Dieu et Saint-Cyr au Mont d'Or) sans dire lequel a la charge de quels "
        f"secteurs de Lyon. Établissement, secteurs et communes couvertes {TO_CHECK}.",
        missing="établissement de rattachement des secteurs de Lyon"),
    Org("cmp-lyon", f"CMP de Lyon {TO_CHECK}", K.CMP, "psychiatrie-publique", "grand-lyon",
        "69123", (),
        f"Centre médico-psychologique : la convention de 2013 n'en nomme aucun. "
        f"{CMP_UNNAMED} {TO_CHECK}.",
        parent="secteurs-lyon-etablissement", thematiques=("sante--sante-mentale",)),
]  # fmt: skip

# (organisation slug, role, e-mail, phone, phone tier): all invented (`CONTACT_SOURCE`).
CONTACTS = [
    ("cmp-metz-ch-jury", "Accueil CMP", "accueil-cmp-metz@example.org", "01 99 00 57 01", "public"),
    # The canary: a direct line for partners only.
    ("erah-ch-jury", "Ligne directe ERAH", "erah@example.org", "01 99 00 57 02", "partners"),
    ("ch-jury", "Coordination CLSM", "clsm-metz@example.org", "01 99 00 57 03", "partners"),
    ("arelor-hlm", "Coordination inter-organismes", "arelor@example.org", "", "public"),
    ("cmp-paris-11", "Accueil CMP", "accueil-cmp-paris-11@example.org", "01 99 00 75 11", "public"),
    ("cmp-paris-17", "Accueil CMP", "accueil-cmp-paris-17@example.org", "01 99 00 75 17", "public"),
    ("cmp-paris-19", "Accueil CMP", "accueil-cmp-paris-19@example.org", "01 99 00 75 19", "public"),
    ("oeuvre-falret", "Accueil DLAI", "dlai@example.org", "", "public"),
    ("logirem", "Pôle Innovation sociale", "innovation-sociale@example.org", "01 99 00 13 01",
     "partners"),
    ("cmp-marseille-nord", "Accueil CMP", "accueil-cmp-marseille@example.org", "01 99 00 13 14",
     "public"),
]  # fmt: skip

# Sector codes are not in the seeds: each says so rather than inventing an ARS code. No
# seed gives a sector's communes or CMP: every sector is a placeholder, without a date.
SECTORS = [
    {
        "code": "[à vérifier] Metz – CH de Jury",
        "name": f"Secteur de psychiatrie adulte du territoire messin (CH de Jury) {TO_CHECK}",
        "hospital": "ch-jury",
        "communes": PERIMETERS["metz"],
        "cmps": ["cmp-metz-ch-jury"],
        "mobile_teams": ["erah-ch-jury"],
        **sourced(
            ("metz-sectorisation", "metz-criterion-jury"), "code, communes et CMP du secteur"
        ),
    },
    *(
        {
            "code": f"[à vérifier] Paris {n}e",
            "name": f"Secteur de psychiatrie du {n}e arrondissement (GHT Paris) {TO_CHECK}",
            "hospital": "ght-paris-psychiatrie-neurosciences",
            "communes": [f"751{n}"],
            "cmps": [f"cmp-paris-{n}"],
            "mobile_teams": [],
            **sourced(("dlai-public",), "code, rattachement et CMP du secteur"),
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
        **sourced(
            ("selo-partner-hospital", "selo-cmp-referral"),
            "rattachement, code, communes et CMP du secteur",
        ),
    },
    {
        "code": "[à vérifier] Lyon",
        "name": f"Secteur de psychiatrie adulte — Lyon {TO_CHECK}",
        "hospital": "secteurs-lyon-etablissement",
        "communes": PERIMETERS["grand-lyon"],
        "cmps": ["cmp-lyon"],
        "mobile_teams": [],
        "description": (
            "La convention de 2013 ne décrit pas la sectorisation psychiatrique de Lyon : ce "
            "secteur tient la place des secteurs réels de ses arrondissements. Secteurs, "
            f"établissements et CMP {TO_CHECK}."
        ),
        **sourced(("lyon-parties",), "secteurs, établissements et CMP de Lyon"),
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
        "members": ["ch-jury"],
        "description": "Plateforme de concertation et de coordination dans le champ de la "
        "santé mentale, portée par le centre hospitalier de Jury. Ses groupes de travail "
        "« Logement » de 2017 ont conduit au partenariat copiloté par ARELOR Hlm et le CH de "
        f"Jury. Autres membres {TO_CHECK}.",
        **sourced(("metz-clsm", "metz-working-groups-2017", "metz-copiloted")),
    },
    {
        "slug": "rsml-marseille",
        "name": "Réseau Santé Mentale et Logement de Marseille (RSML)",
        "kind": "rsml",
        "territory": "marseille",
        "lead": None,
        "coordinator": None,
        "members": ["cmp-marseille-nord"],
        "description": "Cité par la fiche SELO ; les professionnels médicaux (CMP) y "
        f"participent. Porteur et autres membres {TO_CHECK}.",
        **sourced(("selo-genesis", "selo-cmp-rsml")),
    },
    {
        "slug": "clsm-paris-11-17-19",
        "name": "CLSM des 11e, 17e et 19e arrondissements de Paris",
        "kind": "clsm",
        "territory": "paris",
        "lead": None,
        "coordinator": None,
        "members": [],
        "description": "Le DLAI est porté par les acteurs des arrondissements concernés au "
        f"sein des CLSM. Porteur, coordination et composition {TO_CHECK}.",
        **sourced(("dlai-success-clsm", "dlai-clsm-diagnosis")),
    },
    {
        "slug": "comite-projet-grand-lyon",
        "name": "Comité de projet Santé Psychique et Logement (Grand Lyon)",
        "kind": "groupe-travail",
        "territory": "grand-lyon",
        "lead": "grand-lyon",
        "coordinator": None,
        "members": [
            "grand-lyon",
            "abc-hlm",
            "ch-le-vinatier",
            "ch-saint-cyr-au-mont-d-or",
            "ch-saint-jean-de-dieu",
        ],
        "description": "Composé des représentants techniques du Grand Lyon, de l'État, du "
        "Département, d'ABC HLM et des centres hospitaliers Le Vinatier, Saint-Cyr au Mont "
        "d'Or et Saint Jean de Dieu ; animé par le Grand Lyon, il se réunit six fois par an "
        "pour le compte du comité de pilotage (convention de 2013).",
        "meeting_rhythm": "6 fois par an",
        **sourced(("lyon-project-committee-members", "lyon-project-committee-rhythm")),
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
        # « Etre en situation de handicap ou déficience psychique » (metz-criterion-handicap).
        "publics": ["personnes-en-situation-de-handicap"],
        "zone": PERIMETERS["metz"],
        "contact": "Ligne directe ERAH",
        **sourced(("metz-erah-care", "metz-erah-on-call", "metz-criterion-handicap")),
    },
    {
        "organisation": "oeuvre-falret",
        "name": "Logement accompagné pour l'inclusion (DLAI)",
        "types": ["accompagnement"],
        "thematiques": ["logement-hebergement--louer-un-logement"],
        "publics": [],
        "zone": PERIMETERS["paris"],
        "contact": "Accueil DLAI",
        **sourced(("dlai-committed", "dlai-37-dwellings")),
    },
    {
        "organisation": "soliha-provence",
        "name": "Accompagnement SELO (accès et maintien)",
        "types": ["accompagnement"],
        "thematiques": ["logement-hebergement--se-maintenir-dans-le-logement"],
        "publics": [],
        "zone": PERIMETERS["marseille"],
        "contact": None,
        **sourced(("selo-associations", "selo-pair")),
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

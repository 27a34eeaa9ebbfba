"""Partner spaces of the demo: one shared space, one per partner family, and one per
coordination instance of the seed territories, each with content at its own tier.

Meetings and working groups come from the seeds (the Lyon governance bodies, the Metz
working group of 19 July 2018, the SELO monthly follow-up meetings, the DLAI protocol);
each lists the `facts` it rests on (hub/demo/sources.py). Minutes carry logistics and
decisions only: no situation of a tenant or a patient.

A meeting page needs a date and a time, which the seeds rarely give. A day the seed gives
is kept, at 00:00, and its place says that the time and place are `PLACEHOLDER`; a meeting
whose date is invented to show the spaces is titled « [Démo] … », and its place says that
its date is fictitious.
"""

from hub.demo.sources import PLACEHOLDER, uses
from hub.demo.text import to_html

# The place of a meeting whose date is invented for the demo.
FICTITIOUS_DATE = f"Date fictive (démonstration) ; date, heure et lieu {PLACEHOLDER}"

NO_CASES = (
    "p",
    "Rappel : aucune situation individuelle n'est discutée ni consignée sur le hub ; les "
    "situations se traitent en instance, selon les règles de confidentialité définies "
    "localement.",
)

# Coordination instances whose members form the `instance` tier in the demo.
INSTANCES = [
    {
        "slug": "clsm-metz",
        "name": "CLSM du territoire messin",
        "kind": "clsm",
        "territory": "metz",
    },
    {
        "slug": "rsml-marseille",
        "name": "Réseau Santé Mentale et Logement de Marseille (RSML)",
        "kind": "rsml",
        "territory": "marseille",
    },
    {
        "slug": "clsm-paris-11-17-19",
        "name": "CLSM des 11e, 17e et 19e arrondissements de Paris",
        "kind": "clsm",
        "territory": "paris",
    },
    {
        "slug": "comite-projet-grand-lyon",
        "name": "Comité de projet Santé Psychique et Logement (Grand Lyon)",
        "kind": "groupe-travail",
        "territory": "grand-lyon",
    },
]

SHARED_SPACE = {
    "slug": "commun",
    "title": "Espace commun des partenaires",
    "intro": (
        "L'espace de tous les partenaires accrédités : la vie du réseau, les plénières, "
        "les documents de travail partagés entre territoires."
    ),
    "working_groups": [
        {
            "slug": "site-et-guide",
            "title": "Comité de suivi du site et du guide",
            "intro": "Le comité de suivi prévu par la fiche action 2 de la convention lyonnaise.",
            "facts": uses("lyon-follow-up-committee", "lyon-referent-per-family", "lyon-guide-pdf"),
            "mandate": to_html(
                [
                    (
                        "p",
                        "Mise en place d'un comité de suivi pour le site et la rédaction du guide (convention Santé Psychique et Logement, fiche action 2, moyens).",
                    ),
                    (
                        "ul",
                        [
                            "Formation d'un référent par famille de partenaire au fonctionnement du site afin d'en alimenter directement le contenu.",
                            "Actualisation du guide santé psychique et logement pour une mise à disposition sur le site au format PDF.",
                        ],
                    ),
                ]
            ),
            "members": f"Composition {PLACEHOLDER} (la convention prévoit la formation d'un référent par famille de partenaires au fonctionnement du site)",
        }
    ],
    "meetings": [
        {
            "slug": "pleniere-annuelle",
            "title": "[Démo] Plénière annuelle des partenaires",
            "facts": uses("lyon-plenary-rhythm", "lyon-plenary-tasks"),
            "date": "2026-12-10T14:00",
            "place": FICTITIOUS_DATE,
            "agenda": to_html(
                [
                    (
                        "ul",
                        [
                            "informer sur les actions à mettre en place dans le cadre de la convention et l'avancement des travaux de l'année écoulée",
                            "mettre en place des groupes de travail, pour les thématiques à traiter",
                            "ajuster et relayer au niveau opérationnel les modalités de participation aux actions déclinées dans le cadre de la convention",
                            "identifier les nouveaux besoins et suggérer les actions futures",
                        ],
                    ),
                ]
            ),
            "minutes": "",
            "minutes_status": "none",
        }
    ],
    "document": ("Programme de la plénière (démo)", "programme-pleniere.txt"),
}

FAMILY_SPACE_INTRO = (
    "L'espace de travail de la famille « {family} » : ses référents y déposent les "
    "documents de travail propres à leur métier."
)

INSTANCE_SPACES = {
    "clsm-metz": {
        "title": "CLSM du territoire messin : groupe Logement",
        "intro": (
            "L'espace des membres du CLSM messin : la convention cadre ARELOR Hlm / CH de Jury, "
            "l'accès au logement accompagné et la procédure de signalement."
        ),
        "meetings": [
            {
                "slug": "groupe-de-travail-2018-07-19",
                "title": "Groupe de travail du 19 juillet 2018",
                "facts": uses(
                    "metz-working-group-19-07",
                    "metz-open-operator",
                    "metz-open-funding",
                    "metz-open-evaluation",
                ),
                "date": "2018-07-19T00:00",
                "place": f"Heure et lieu {PLACEHOLDER} (le document source donne le jour seulement)",
                "agenda": to_html(
                    [
                        (
                            "ul",
                            [
                                "Choix de l'opérateur associatif",
                                "Modalités de financement et de sécurisation du dispositif sur le long terme",
                                "L'évaluation collégiale liée à l'accès et au parcours résidentiel du ménage",
                            ],
                        ),
                    ]
                ),
                "minutes": to_html(
                    [
                        ("p", "[Compte rendu à déposer par le CLSM.]"),
                        NO_CASES,
                    ]
                ),
                "minutes_status": "draft",
            },
            {
                "slug": "seminaire-signalement",
                "title": "[Démo] Séminaire partenarial : procédure de signalement et d'intervention",
                "facts": uses("metz-seminar", "metz-objective-reporting", "metz-model-form"),
                "date": "2018-10-15T09:00",
                "place": f"Date fictive (démonstration) : le document source dit « automne 2018 » ; date, heure et lieu {PLACEHOLDER}",
                "agenda": to_html(
                    [
                        (
                            "p",
                            "Définir un dispositif de signalement et d'intervention en cas de troubles dans le parc Hlm (cf. fiche modèle).",
                        ),
                    ]
                ),
                "minutes": "",
                "minutes_status": "none",
            },
        ],
        "document": (
            "Fiche modèle de signalement : version de travail (démo)",
            "fiche-modele-signalement.txt",
        ),
    },
    "rsml-marseille": {
        "title": "RSML Marseille",
        "intro": (
            "L'espace des membres du Réseau Santé Mentale et Logement. En démonstration : la "
            "logistique de réunions mensuelles de suivi, comme celles du projet SELO."
        ),
        "meetings": [
            {
                "slug": "suivi-mensuel-selo",
                "title": "[Démo] Réunion mensuelle de suivi SELO",
                "facts": uses("selo-monthly-meetings"),
                "date": "2026-12-03T10:00",
                "place": FICTITIOUS_DATE,
                "agenda": to_html(
                    [
                        (
                            "p",
                            "État d'avancement des accompagnements, problèmes rencontrés et solutions qui peuvent être apportées (fiche projet SELO).",
                        ),
                        NO_CASES,
                    ]
                ),
                "minutes": "",
                "minutes_status": "none",
            }
        ],
        "document": ("Calendrier des réunions de suivi (démo)", "calendrier-suivi-selo.txt"),
    },
    "clsm-paris-11-17-19": {
        "title": "CLSM Paris 11e, 17e, 19e",
        "intro": (
            "L'espace des membres des CLSM des trois arrondissements, au sein desquels le DLAI "
            "est porté. En démonstration : le suivi du protocole santé mentale et logement et "
            "de la passerelle inversée."
        ),
        "meetings": [
            {
                "slug": "comite-de-suivi-dlai",
                "title": "[Démo] Réunion du dispositif DLAI",
                "facts": uses("dlai-37-dwellings", "dlai-reverse-bridge", "dlai-research-action"),
                "date": "2027-01-14T14:00",
                "place": FICTITIOUS_DATE,
                "agenda": to_html(
                    [
                        (
                            "ul",
                            [
                                "Logements mobilisés sur les contingents de la Ville et de la Préfecture",
                                "Fonctionnement de la passerelle inversée",
                                "Point d'étape de la recherche-action",
                            ],
                        ),
                        NO_CASES,
                    ]
                ),
                "minutes": "",
                "minutes_status": "none",
            }
        ],
        "document": (
            "Protocole santé mentale et logement : notes de travail (démo)",
            "notes-protocole-dlai.txt",
        ),
    },
    "comite-projet-grand-lyon": {
        "title": "Comité de projet Santé Psychique et Logement",
        "intro": (
            "L'espace du comité de projet animé par le Grand Lyon, qui se réunit six fois par "
            "an pour le compte du comité de pilotage."
        ),
        "meetings": [
            {
                "slug": "comite-de-projet",
                "title": "[Démo] Comité de projet",
                "facts": uses("lyon-project-committee-rhythm", "lyon-project-committee-tasks"),
                "date": "2026-12-17T09:30",
                "place": FICTITIOUS_DATE,
                "agenda": to_html(
                    [
                        (
                            "ul",
                            [
                                "les travaux nécessaires à la réalisation des objectifs de la convention et à sa déclinaison opérationnelle",
                                "réaliser le bilan de l'année écoulée",
                                "évaluer les fiches action",
                            ],
                        ),
                    ]
                ),
                "minutes": "",
                "minutes_status": "none",
            }
        ],
        "document": ("Bilan de l'année écoulée : trame (démo)", "trame-bilan.txt"),
    },
}


def demo_document_text(title, audience):
    """The text of a demo working document: says what it is, names no one."""
    return (
        f"{title}\n\n"
        "Document de démonstration du hub Maillage.\n"
        f"Visible par : {audience}.\n\n"
        "Il ne contient aucune donnée nominative ni aucune donnée de santé.\n"
    ).encode()

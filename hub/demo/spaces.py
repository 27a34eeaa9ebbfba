"""Partner spaces of the demo: one shared space, one per partner family, and one per
coordination instance of the seed territories, each with content at its own tier.

Meetings and working groups come from the seeds (the Lyon governance bodies, the Metz
working group of 19 July 2018, the SELO monthly follow-up meetings, the DLAI protocol).
Minutes carry logistics and decisions only: no situation of a tenant or a patient.
Dates before the seed's own date are real; later ones are marked as demo planning.
"""

from hub.demo.text import to_html

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
            "members": "Un référent par famille de partenaires",
        }
    ],
    "meetings": [
        {
            "slug": "pleniere-annuelle",
            "title": "Plénière annuelle des partenaires",
            "date": "2026-12-10T14:00",
            "place": "[Lieu à préciser : planning de démonstration]",
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
                "date": "2018-07-19T14:00",
                "place": "[Lieu non précisé dans le document source]",
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
                "title": "Séminaire partenarial : procédure de signalement et d'intervention",
                "date": "2018-10-15T09:00",
                "place": "[Date et lieu à préciser : « automne 2018 » dans le document source]",
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
        "title": "RSML Marseille : suivi SELO",
        "intro": (
            "L'espace des membres du Réseau Santé Mentale et Logement : la logistique des "
            "réunions mensuelles de suivi du projet SELO."
        ),
        "meetings": [
            {
                "slug": "suivi-mensuel-selo",
                "title": "Réunion mensuelle de suivi SELO",
                "date": "2026-12-03T10:00",
                "place": "[Lieu à préciser : planning de démonstration]",
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
        "title": "CLSM Paris 11e, 17e, 19e : dispositif DLAI",
        "intro": (
            "L'espace des membres des CLSM des trois arrondissements : le suivi du protocole "
            "santé mentale et logement et de la passerelle inversée."
        ),
        "meetings": [
            {
                "slug": "comite-de-suivi-dlai",
                "title": "Comité de suivi du DLAI",
                "date": "2027-01-14T14:00",
                "place": "[Lieu à préciser : planning de démonstration]",
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
                "title": "Comité de projet",
                "date": "2026-12-17T09:30",
                "place": "[Lieu à préciser : planning de démonstration]",
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

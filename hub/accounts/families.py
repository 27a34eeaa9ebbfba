"""The six partner families of the Lyon convention, as data.

A data migration creates them on every database, so they exist even without the demo.
"""

from django.utils.translation import gettext_noop

FAMILIES = [
    {
        "slug": "collectivites-etat",
        "name": gettext_noop("Collectivités et État"),
        "description": gettext_noop(
            "Les collectivités et les services de l'État qui portent les politiques du "
            "logement et de la santé : métropole, ville, département, préfecture et DDCS, "
            "Agence régionale de santé."
        ),
        "examples": "Métropole de Lyon, Ville de Paris, Département, Préfecture, ARS",
    },
    {
        "slug": "bailleurs-gestionnaires",
        "name": gettext_noop("Bailleurs et gestionnaires"),
        "description": gettext_noop(
            "Les bailleurs sociaux, leurs associations régionales et les gestionnaires de "
            "biens : ceux qui logent, gèrent le bail et voient en premier les difficultés "
            "d'un locataire."
        ),
        "examples": "ABC HLM, ARELOR Hlm, AORIF, Logirem, Batigère, Moselis, UNIS",
    },
    {
        "slug": "psychiatrie-publique",
        "name": gettext_noop("Psychiatrie publique"),
        "description": gettext_noop(
            "Les hôpitaux et leurs secteurs de psychiatrie, les centres médico-psychologiques "
            "(CMP) et les équipes mobiles, qui soignent et accompagnent vers le soin."
        ),
        "examples": "CH Le Vinatier, CH de Jury (ERAH), CH Édouard Toulouse, GHT Paris psychiatrie et neurosciences",
    },
    {
        "slug": "social-medico-social",
        "name": gettext_noop("Social et médico-social"),
        "description": gettext_noop(
            "Les associations et services de l'accompagnement social et médico-social, le "
            "SIAO et la veille sociale, les conseillères et conseillers en économie sociale "
            "et familiale (CESF)."
        ),
        "examples": "Soliha, GCS Galilé, Œuvre Falret, Coordination 69, SIAO, Maison de la Veille Sociale",
    },
    {
        "slug": "logement-accompagne",
        "name": gettext_noop("Logement accompagné"),
        "description": gettext_noop(
            "Les gestionnaires de résidences accueil, de pensions de famille et les opérateurs "
            "de sous-location qui offrent un logement avec un accompagnement."
        ),
        "examples": "UNAFO, Collectif Logement Rhône, résidences accueil, pensions de famille",
    },
    {
        "slug": "usagers-familles",
        "name": gettext_noop("Usagers et familles"),
        "description": gettext_noop(
            "Les associations de familles et d'usagers de la psychiatrie, qui portent le point "
            "de vue des personnes concernées et de leurs proches."
        ),
        "examples": "UNAFAM, groupes d'entraide mutuelle (GEM)",
    },
]


def group_name(family):
    """The Django group that carries a family's members (and its page restrictions)."""
    return f"Famille : {family['name']}"

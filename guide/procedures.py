"""What the seeds say about each territory's reporting and intervention procedure, for the
« En cas de crise » path (`guide.crisis`, `guide/views/crisis.py`).

Facts come only from the project's four source documents (the seeds): each procedure cites
its source, quotes it where it can, and says what the source leaves for the territory to
complete rather than inventing a step.

- Metz: the partnership ARELOR Hlm / CH de Jury (June 2018) announces a reporting and
  intervention procedure « en cours de définition »: facts, no step.
- Paris 11e, 17e, 19e: the DLAI project sheet (protocol of 5 November 2018) opens the
  « passerelle inversée » to social landlords: its two steps, and only in the three
  arrondissements the sheet names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Procedure:
    """A territory's reporting and intervention procedure, as far as its seed says.

    `steps` stay empty when the source document does not give them: the page then says
    that the territory must complete them, rather than inventing any. `communes` are the
    INSEE codes of the perimeter the seed names: when given, the procedure applies there
    and only there, whatever the partnership pages say (the DLAI covers three
    arrondissements of Paris, not the whole city)."""

    territory: str  # the slug of its TerritoryPage
    label: str  # « Procédure du territoire … », shown as a badge
    title: str
    source: str
    facts: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    status: str = ""
    communes: tuple[str, ...] = ()


def _metz() -> Procedure:
    return Procedure(
        territory="metz",
        label=_("Procédure du territoire messin"),
        title=_("Procédure de signalement et d'intervention du territoire messin (fiche modèle)"),
        source=_(
            "Partenariat bailleurs sociaux / psychiatrie publique, ARELOR Hlm et centre "
            "hospitalier de Jury, réunion de présentation du 18 juin 2018"
        ),
        facts=[
            _(
                "Le partenariat définit une procédure de signalement et d'intervention « en "
                "cas de troubles impliquant le comportement d'une personne ou mise en danger "
                "de soi au sein du parc Hlm »."
            ),
            _(
                "ARELOR Hlm est le coordonnateur inter-organismes et l'interlocuteur commun "
                "des bailleurs messins."
            ),
            _(
                "Le centre hospitalier de Jury (Pôle 5) porte le CLSM du territoire messin ; "
                "son ERAH (équipe réseau des alternatives à l'hospitalisation) a un « rôle "
                "clé », avec des missions définies dans la convention cadre."
            ),
        ],
        status=_(
            "En juin 2018, la procédure était « en cours de définition (cf. fiche modèle) » : "
            "le document source n'en détaille pas les étapes. Le territoire doit les "
            "compléter ici."
        ),
    )


def _paris() -> Procedure:
    # Every sentence quotes or closely follows the DLAI project sheet (seeds/
    # paris-dlai-fiche-projet-2018.txt); what it does not say is left to the territory.
    return Procedure(
        territory="paris",
        label=_("Procédure du territoire parisien (DLAI)"),
        title=_("La « passerelle inversée » des 11e, 17e et 19e arrondissements de Paris (DLAI)"),
        source=_(
            "Fiche projet « Dispositif expérimental de logement accompagné pour l'inclusion "
            "des personnes atteintes de troubles psychiques (DLAI) » (Ville de Paris, "
            "préfecture de Paris, GHT Paris psychiatrie et neurosciences, Œuvre Falret, "
            "AORIF) ; protocole d'accord « santé mentale et logement » du 5 novembre 2018"
        ),
        facts=[
            _(
                "Le protocole d'accord « santé mentale et logement » du 5 novembre 2018 a été "
                "signé entre la préfecture de Paris, la mairie de Paris, le GHT Paris "
                "psychiatrie et neurosciences, l'ARS Île-de-France, l'AORIF, des élus et "
                "représentants des 11e, 17e et 19e arrondissements."
            ),
            _(
                "Il vise notamment à « favoriser le maintien dans le logement social de "
                "locataires souffrant de troubles psychiques afin de permettre l'accès aux "
                "soins psychiatriques assurés par la psychiatrie de secteur quand cela sera "
                "nécessaire »."
            ),
            _(
                "Le projet est « porté par les acteurs des arrondissements concernés au sein "
                "des CLSM » ; l'Œuvre Falret y est engagée comme structure médico-sociale."
            ),
        ],
        steps=[
            _(
                "Bailleur social : signalez le locataire de votre parc dans le cadre du "
                "dispositif de la « passerelle inversée » (« les bailleurs sociaux eux-mêmes "
                "auront la possibilité de signaler des locataires relevant de leur parc »)."
            ),
            _(
                "Le signalement ouvre l'accès aux soins psychiatriques assurés par la "
                "psychiatrie de secteur, « quand cela sera nécessaire » : le secteur de "
                "l'arrondissement du logement et son CMP."
            ),
        ],
        status=_(
            "La fiche projet ne dit pas à qui adresser le signalement, sous quelle forme ni "
            "dans quels délais : le territoire doit compléter ces étapes ici."
        ),
        # « Territoire(s) concerné(s) : 11e, 17e, 19e »: the INSEE codes of the three
        # arrondissements, never Paris as a whole (75056).
        communes=("75111", "75117", "75119"),
    )


def procedures() -> list[Procedure]:
    return [_metz(), _paris()]


def procedure_for(territory_slugs: list[str], commune_code: str = "") -> Procedure | None:
    """The procedure of this place: the one whose seeded perimeter holds `commune_code`,
    else the first territory (by slug) that has one. A procedure with a seeded perimeter
    never applies outside it, even through its territory's slug."""
    known = procedures()
    for procedure in known:
        if commune_code and commune_code in procedure.communes:
            return procedure
    by_territory = {procedure.territory: procedure for procedure in known if not procedure.communes}
    for slug in territory_slugs:
        if slug in by_territory:
            return by_territory[slug]
    return None

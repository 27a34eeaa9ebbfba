"""The legal mentions page of the demo. What only the hosting partnership can fill in is
marked as such, rather than invented. The dates of the four documents are facts of the
sources table (hub/demo/sources.py), as is the marker of what they do not say."""

from hub.demo.sources import PLACEHOLDER, SEEDS, uses
from hub.demo.text import to_html

FACTS = uses(*(seed.date_fact for seed in SEEDS.values()))

LEGAL_BODY = [
    (
        "paragraph",
        to_html(
            [
                (
                    "p",
                    "**Éditeur du site.** [À compléter par le partenariat qui héberge le hub : "
                    "organisme, adresse, directeur ou directrice de la publication.]",
                ),
                (
                    "p",
                    "**Hébergement.** [À compléter : hébergeur, adresse, pays d'hébergement des données.]",
                ),
            ]
        ),
    ),
    (
        "paragraph",
        to_html(
            [
                (
                    "p",
                    "**Données personnelles.** Le hub ne contient aucune donnée de santé nominative "
                    "sur des locataires ou des patients : les situations individuelles se discutent "
                    "dans les instances de coordination, pas sur le site. Les coordonnées des "
                    "professionnels y figurent avec une visibilité (publique ou réservée aux "
                    "partenaires), une source et une date de vérification ; elles sont retirées sur "
                    "simple demande.",
                ),
                (
                    "p",
                    "**Cookies.** Le site n'utilise qu'un cookie de session, posé à la connexion "
                    "d'un compte partenaire, et un cookie de protection des formulaires. Aucun outil "
                    "de mesure d'audience tiers.",
                ),
            ]
        ),
    ),
    (
        "paragraph",
        to_html(
            [
                (
                    "p",
                    "**Données et attributions.** Référentiel des communes : Etalab, "
                    "@etalab/decoupage-administratif 6.0.0, licence MIT. Centroïdes des communes : "
                    "GeoNames (geonames.org), licence CC-BY 4.0.",
                ),
                (
                    "p",
                    "**Contenus de démonstration.** Ils reprennent des documents publics des "
                    "partenariats : convention Santé Psychique et Logement du Grand Lyon (2013), "
                    "partenariat ARELOR Hlm / CH de Jury à Metz (2018), fiche projet SELO à "
                    "Marseille (2020), fiche projet DLAI à Paris (2018). Ce que ces documents "
                    f"ne disent pas est marqué « {PLACEHOLDER} » ; les entrées et les réunions "
                    "dont le titre commence par « [Démo] » sont fictives. Les contacts de "
                    "démonstration sont des adresses fictives par fonction (example.org).",
                ),
            ]
        ),
    ),
]

"""The accessibility statement of the demo (« Déclaration d'accessibilité », /accessibilite/),
in the form the RGAA asks of French public-sector sites.

It says what was actually done: automated checks with axe-core on the main page templates
(tests/e2e/test_accessibility.py), no full RGAA audit. Without an audit, the RGAA says the
site must be declared « non conforme », so it is. What only the hosting partnership can
fill in (who to write to, the audit to come) is marked « [À compléter] », not invented.
"""

import re

from hub.demo import sync
from hub.demo.text import inline

SLUG = "accessibilite"
STATEMENT_DATE = "23 novembre 2026"
# The tools of the automated checks (tests/e2e/, pinned in pyproject.toml).
AXE_CORE = "axe-core 4.12.1"
BROWSER = "Chromium 156 (paquet Debian 12), sans interface graphique"
DRIVERS = "Playwright 1.65.2 et axe-playwright-python 0.1.8"

# The pages of the automated checks: one per main template of the site.
CHECKED_PAGES = [
    "l'accueil (/) ;",
    "la charte du partenariat (/charte/) ;",
    "une page territoire (/territoires/metz/) et une fiche projet (/projets/selo/) ;",
    "une page simple (/mentions-legales/) et la présente déclaration (/accessibilite/) ;",
    "l'annuaire (/annuaire/) avec des résultats et avec une erreur de saisie, une fiche "
    "de l'annuaire et la carte de l'annuaire (/annuaire/carte/) ;",
    "« Qui contacter ? » pour Metz (/qui-contacter/?lieu=57463) ;",
    "chaque étape du parcours « En cas de crise » (/guide/en-cas-de-crise/) ;",
    "le guide (sommaire, une partie, un chapitre et le glossaire) ;",
    "la recherche (/recherche/?q=logement) ;",
    "la connexion (/compte/connexion/) et la demande de compte avec des erreurs "
    "(/compte/demande/) ;",
    "l'espace partenaires, connecté : l'accueil de l'espace, un espace, une réunion, un "
    "groupe de travail, une bibliothèque de documents, et le tableau de bord d'un référent.",
]

LINK = re.compile(r"\[([^\]]+)\]\((https://[^)\s]+)\)")


def _text(value):
    """Escaped text with `**bold**` and `[label](https://…)` links."""
    return LINK.sub(r'<a href="\2">\1</a>', inline(value))


def _html(items):
    parts = []
    for kind, value in items:
        if kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{_text(item)}</li>" for item in value) + "</ul>")
        else:
            parts.append(f"<{kind}>{_text(value)}</{kind}>")
    return "".join(parts)


ACCESSIBILITY_BODY = [
    (
        "paragraph",
        _html(
            [
                (
                    "p",
                    "[À compléter : nom de l'organisme qui publie le hub] s'engage à rendre son "
                    "site internet accessible conformément à l'article 47 de la loi n° 2005-102 "
                    "du 11 février 2005.",
                ),
                (
                    "p",
                    "Cette déclaration d'accessibilité s'applique au site Maillage, le hub des "
                    "partenariats santé psychique et logement [À compléter : adresse du site].",
                ),
                ("h2", "État de conformité"),
                (
                    "p",
                    "Le site Maillage est **non conforme** avec le RGAA (référentiel général "
                    "d'amélioration de l'accessibilité), version 4.1.2 : aucun audit de "
                    "conformité au RGAA n'a encore été réalisé.",
                ),
                (
                    "p",
                    "Des vérifications automatiques ont été faites : l'outil axe-core analyse à "
                    "chaque évolution du site les gabarits principaux des pages (liste plus "
                    "bas), et la navigation au clavier seul est vérifiée sur la carte de "
                    "l'annuaire et sur le parcours « En cas de crise ». Ces vérifications "
                    "automatiques ne détectent qu'une partie des défauts d'accessibilité : "
                    "elles ne remplacent pas un audit.",
                ),
                ("h2", "Résultats des tests"),
                (
                    "p",
                    "Aucun audit RGAA n'ayant été réalisé, il n'existe pas de taux de "
                    f"conformité. Lors des vérifications automatiques du {STATEMENT_DATE}, "
                    "axe-core n'a signalé aucun défaut sur les 31 pages vérifiées. Il n'a pas "
                    "pu conclure sur le contraste des nombres affichés dans les groupes de "
                    "repères de la carte, à vérifier à la main. Les tests de navigation au "
                    "clavier ont relevé deux défauts sur la carte, listés plus bas.",
                ),
            ]
        ),
    ),
    (
        "paragraph",
        _html(
            [
                ("h2", "Contenus non accessibles"),
                ("h3", "Non-conformités connues"),
                (
                    "ul",
                    [
                        "Carte de l'annuaire : quand une fiche de repère est ouverte depuis le "
                        "bouton « Voir sur la carte », la touche Échap ne la ferme pas (le "
                        "bouton « Fermer la fiche » fonctionne au clavier) ; et un repère qui "
                        "reçoit le focus au clavier peut rester hors de l'écran tant que la "
                        "page n'a pas défilé jusqu'à la carte. Correction en cours.",
                        "Les documents PDF (le guide « Santé psychique et logement » en PDF et "
                        "les documents déposés par les partenaires) sont en cours de "
                        "vérification : leur structure (titres, ordre de lecture, "
                        "alternatives des images) n'a pas encore été contrôlée.",
                        "Les documents bureautiques déposés dans les espaces partenaires "
                        "(comptes rendus, présentations) viennent des partenaires : leur "
                        "accessibilité n'est pas vérifiée au dépôt.",
                        "La présente liste sera complétée par l'audit RGAA [À compléter : "
                        "date prévue de l'audit].",
                    ],
                ),
                ("h3", "Dérogations pour charge disproportionnée"),
                ("p", "Aucune."),
                ("h3", "Contenus non soumis à l'obligation d'accessibilité"),
                (
                    "ul",
                    [
                        "Le fond de la carte de l'annuaire (les images du plan, venues "
                        "d'OpenStreetMap) : c'est une carte en ligne. Toutes les informations "
                        "de la carte sont aussi données sous forme de liste accessible, sous "
                        "la carte ; quand le fond de carte ne peut pas être chargé, la page le "
                        "signale et la liste reste complète.",
                    ],
                ),
            ]
        ),
    ),
    (
        "paragraph",
        _html(
            [
                ("h2", "Établissement de cette déclaration d'accessibilité"),
                ("p", f"Cette déclaration a été établie le {STATEMENT_DATE}."),
                ("h3", "Technologies utilisées pour la réalisation du site"),
                ("ul", ["HTML5", "CSS", "JavaScript (Leaflet pour la carte de l'annuaire)"]),
                ("h3", "Environnement de test"),
                (
                    "p",
                    f"Les vérifications automatiques ont été faites avec le navigateur {BROWSER}, "
                    f"piloté par {DRIVERS}, en 1280 × 800 pixels. Aucune vérification avec un "
                    "lecteur d'écran (NVDA, JAWS, VoiceOver) ni avec d'autres navigateurs "
                    "(Firefox, Safari) n'a encore été faite [À compléter lors de l'audit].",
                ),
                ("h3", "Outils pour évaluer l'accessibilité"),
                (
                    "ul",
                    [
                        f"{AXE_CORE} (règles WCAG 2.0, 2.1 et 2.2, niveaux A et AA, et bonnes "
                        "pratiques), exécuté par la suite de tests du site ;",
                        "navigation au clavier seul (touches Tab, Maj+Tab, Espace et Entrée), "
                        "automatisée dans la même suite de tests.",
                    ],
                ),
                ("h3", "Pages du site ayant fait l'objet de la vérification"),
                ("ul", CHECKED_PAGES),
            ]
        ),
    ),
    (
        "paragraph",
        _html(
            [
                ("h2", "Retour d'information et contact"),
                (
                    "p",
                    "Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez "
                    "contacter le responsable du site pour être orienté vers une alternative "
                    "accessible ou obtenir le contenu sous une autre forme :",
                ),
                (
                    "ul",
                    [
                        "par courriel : [À compléter : adresse de contact accessibilité] ;",
                        "par courrier : [À compléter : adresse postale de l'organisme qui "
                        "publie le hub].",
                    ],
                ),
                ("h2", "Voies de recours"),
                (
                    "p",
                    "Cette procédure est à utiliser dans le cas suivant : vous avez signalé au "
                    "responsable du site internet un défaut d'accessibilité qui vous empêche "
                    "d'accéder à un contenu ou à un des services du portail et vous n'avez pas "
                    "obtenu de réponse satisfaisante.",
                ),
                (
                    "ul",
                    [
                        "Écrire un message au [Défenseur des droits]"
                        "(https://formulaire.defenseurdesdroits.fr/) ;",
                        "Contacter [le délégué du Défenseur des droits dans votre région]"
                        "(https://www.defenseurdesdroits.fr/saisir/delegues) ;",
                        "Envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : "
                        "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.",
                    ],
                ),
            ]
        ),
    ),
]


def page_fields():
    """The fields of the StandardPage /accessibilite/, for `sync.ensure_page`."""
    return {
        "title": "Déclaration d'accessibilité",
        "intro": (
            "Ce que le site fait pour être accessible à tous, ce qui ne l'est pas encore, "
            "et comment obtenir de l'aide ou faire valoir vos droits."
        ),
        "body": lambda old: sync.stream(old, ACCESSIBILITY_BODY),
    }

"""The sources table of the demo: every fact the demo states, traced to a seed.

The demo content (hub/demo/, directory/demo_data.py, guide/demo_content.py) says only what
the four seed documents (hub/demo/seeds/) say. Each fact it uses is a `Fact` here: an id,
the seed file it comes from and a short quote copied from that file. The content refers
to facts by id, through `cite()` (the « source » field of a project sheet, a key figure
or a directory entry is built from the facts' seeds), `seed_date()` (a directory entry's
verification date is its seed's own date) or `uses()` (prose that only needs the trace).
An unknown id fails at import. What the seeds do not say is written `PLACEHOLDER`,
visibly, never invented. tests/hub/test_sources.py checks that every quote is in its seed
and that every fact is used; docs/sources.md says how a territory replaces these facts.

Why a Python module rather than TOML or JSON: the content modules import the ids they cite,
so a typo fails when the module loads, with no parser and no file to find at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: The one marker of what the seeds do not say (names, addresses, dates, members...).
PLACEHOLDER = "[à vérifier par le territoire]"

LYON = "lyon-convention-sante-psychique-logement-2013.txt"
METZ = "metz-partenariat-bailleurs-psychiatrie-2018.txt"
SELO = "marseille-selo-fiche-projet-2020.txt"
DLAI = "paris-dlai-fiche-projet-2018.txt"


@dataclass(frozen=True)
class Seed:
    file: str  # in hub/demo/seeds/
    label: str  # how a « source » field names it
    dated: date  # the document's own date: the verification date of what it says
    date_fact: str  # the fact that quotes that date
    date_note: str  # how the date was read


@dataclass(frozen=True)
class Fact:
    id: str
    seed: str  # the seed's file name
    quote: str  # copied from the seed (only whitespace may differ)


SEEDS = {
    seed.file: seed
    for seed in (
        Seed(
            LYON,
            "Convention Santé Psychique et Logement, Grand Lyon, avril 2013",
            date(2013, 4, 1),
            "lyon-date",
            "La convention dit « Avril 2013 » sans jour, et « Fait à Lyon le » est resté en "
            "blanc : le premier jour du mois est retenu.",
        ),
        Seed(
            METZ,
            "Réunion de présentation ARELOR Hlm / CH de Jury, Metz, 18 juin 2018",
            date(2018, 6, 18),
            "metz-date",
            "Date de la réunion de présentation, en tête du document.",
        ),
        Seed(
            SELO,
            "Fiche projet SELO, Marseille, juin 2020",
            date(2020, 6, 1),
            "selo-date",
            "La fiche dit « Juin 2020 » sans jour : le premier jour du mois est retenu.",
        ),
        Seed(
            DLAI,
            "Fiche projet DLAI, Paris, protocole du 5 novembre 2018",
            date(2018, 11, 5),
            "dlai-date",
            "La fiche n'a pas de date propre ; sa seule date est celle du protocole, qu'elle "
            "dit signé « le 5 novembre dernier » : la date du protocole est retenue.",
        ),
    )
}

FACTS = (
    # --- Grand Lyon: the convention of April 2013 ----------------------------------------
    Fact("lyon-date", LYON, "Avril 2013"),
    Fact("lyon-signature-place", LYON, "Fait à Lyon le"),
    Fact("lyon-plh", LYON, "Programme Local de l'Habitat (PLH), dans lequel figure une fiche action « Améliorer la prise en charge des problèmes de santé psychique dans le logement »"),
    Fact("lyon-pdalpd", LYON, "Plan Départemental d'Action pour le Logement des Personnes Défavorisées (PDALPD)"),
    Fact("lyon-since-2002", LYON, "Depuis 2002, le Grand Lyon et l'État ont initié une démarche partenariale « **Santé Psychique et Logement** »"),
    Fact("lyon-families-associated", LYON, "les associations et les familles de malades"),
    Fact("lyon-guide-two-editions", LYON, "le Guide Santé Psychique et Logement, édité à deux reprises, a permis d'approfondir la connaissance mutuelle des partenaires et des pratiques"),
    Fact("lyon-graphic-charter-film", LYON, "la création d'une charte graphique et d'un film"),
    Fact("lyon-eight-territories", LYON, "des formations-actions ont ainsi été expérimentées sur huit territoires de l'agglomération, entre 2008 et 2010"),
    Fact("lyon-instances-started", LYON, "elles ont surtout permis le démarrage, sur certains territoires, d'instances de coordination partenariales"),
    Fact("lyon-parties", LYON, "entre le Grand Lyon, l'Etat, le Département, ABC HLM, l'Agence Régionale de Santé, les Centres Hospitaliers (Le Vinatier, Saint Jean de Dieu et Saint-Cyr au Mont d'Or), le Collectif Logement Rhône, la Coordination 69"),
    Fact("lyon-parties-unions", LYON, "(UNAFAM) et l'Union Professionnelle du Logement accompagné (UNAFO) et l'Union Syndicale de l'Immobilier Lyon Rhône (UNIS Lyon Rhône)"),
    Fact("lyon-clsm-asv", LYON, "S'appuyer sur les Conseils Locaux de Santé Mentale (CLSM) et les Ateliers Santé Ville"),
    Fact("lyon-shared-secret", LYON, "les modalités d'information de la personne et de partage des informations à caractère secret strictement nécessaires seront définies localement"),
    Fact("lyon-steering-yearly", LYON, "Il se réunit annuellement pour"),
    Fact("lyon-project-committee-members", LYON, "un comité de projet composé des représentants techniques du Grand Lyon, de l'État, du Département, d'ABC HLM et des Centres Hospitaliers (Le Vinatier, Saint-Cyr au Mont d'Or, Saint Jean de Dieu)"),
    Fact("lyon-project-committee-rhythm", LYON, "Celui-ci est animé par le Grand Lyon et se réunit 6 fois par an"),
    Fact("lyon-project-committee-tasks", LYON, "les travaux nécessaires à la réalisation des objectifs de la convention et à sa déclinaison opérationnelle"),
    Fact("lyon-plenary-rhythm", LYON, "Elle est animée par le Grand Lyon et se réunit annuellement pour"),
    Fact("lyon-plenary-tasks", LYON, "informer sur les actions à mettre en place dans le cadre de la convention et l'avancement des travaux de l'année écoulée"),
    Fact("lyon-signatory-prefect", LYON, "Le Préfet de la Région Rhône-Alpes et Département du Rhône"),
    Fact("lyon-signatory-urban-community", LYON, "Le Président de la Communauté Urbaine de Lyon"),
    Fact("lyon-signatory-department", LYON, "La Présidente du Conseil Général du Rhône"),
    Fact("lyon-signatory-abc-hlm", LYON, "Le Président d'ABC HLM"),
    Fact("lyon-signatory-ars", LYON, "Le Directeur Général de l'Agence Régionale de Santé Rhône Alpes"),
    Fact("lyon-signatory-saint-cyr", LYON, "Le Directeur Général du Centre Hospitalier Saint Cyr au Mont D Or"),
    Fact("lyon-signatory-vinatier", LYON, "Le Directeur Général du Centre Hospitalier Le Vinatier"),
    Fact("lyon-signatory-saint-jean-de-dieu", LYON, "Le Directeur Général du Centre Hospitalier Saint Jean De Dieu"),
    Fact("lyon-signatory-clr", LYON, "Le Président du Collectif Logement Rhône"),
    Fact("lyon-signatory-coordination-69", LYON, "Le Président de Coordination 69"),
    Fact("lyon-signatory-unafam", LYON, "Le Président de l'Union Nationale de Familles ou Amis de Personnes Malades et Handicapées Psychiques (UNAFAM)"),
    Fact("lyon-signatory-unafo", LYON, "Le Délégué Général de l'Union Professionnelle du Logement accompagné (UNAFO)"),
    Fact("lyon-signatory-unis", LYON, "Le Président de l'Union Syndicale de l'Immobilier Lyon Rhône (UNIS Lyon Rhône)"),
    Fact("lyon-training-days", LYON, "La durée de cette formation se situera entre 5 à 6 jours au total."),
    Fact("lyon-training-knowledge", LYON, "Connaissance des publics concernés, des acteurs (missions et compétence) et du cadre législatif"),
    Fact("lyon-training-axes", LYON, "la psychiatrie : cadre légal, organisation et pratiques de la psychiatrie sectorisée - maladies et leurs incidences sur le comportement"),
    Fact("lyon-training-families-view", LYON, "le point de vue des familles et des usagers sera évoqué de façon transversale"),
    Fact("lyon-training-local-ethics", LYON, "l'aide à la construction d'une déontologie locale (secret professionnel, secret partagé)"),
    Fact("lyon-training-150", LYON, "Environ 150 personnes formées sur l'agglomération sur 3 ans"),
    Fact("lyon-training-evaluation", LYON, "« A chaud », au plan de la satisfaction des participants. En différé à 12 ou 18 mois"),
    Fact("lyon-website", LYON, "Construction d'un site internet, convivial et ergonomique, facilitant le travail en réseau, via des niveaux d'accès différenciés"),
    Fact("lyon-guide-pdf", LYON, "Actualisation du guide santé psychique et logement pour une mise à disposition sur le site au format PDF"),
    Fact("lyon-mapping", LYON, "Cartographie actualisée des dispositifs actifs sur la question de la santé psychique et du logement"),
    Fact("lyon-referent-per-family", LYON, "Formation d'un référent par famille de partenaire au fonctionnement du site afin d'en alimenter directement le contenu."),
    Fact("lyon-follow-up-committee", LYON, "Mise en place d'un comité de suivi pour le site et la rédaction du guide."),
    Fact("lyon-allocation-bodies", LYON, "les ILHA (Instances Locales de l'Habitat et des Attributions), les ITTL (Instances Techniques Territorialisées Logement) et la Commission de Régulation de la MVS (Maison de la Veille Sociale)"),
    # The agenda (hub/agenda/demo.py): fiche action 2 of the convention.
    Fact("lyon-sism", LYON, "auprès des professionnels de terrain et des territoires au travers d'actions ponctuelles (SISM...)"),
    Fact("lyon-instances-annual-meeting", LYON, "Organisation d'une rencontre annuelle des instances de coordination territoriales afin d'en renforcer la dynamique."),
    # --- Metz: presentation meeting of 18 June 2018 --------------------------------------
    Fact("metz-date", METZ, "18 juin 2018"),
    Fact("metz-clsm", METZ, "Conseil local de santé mentale = plateforme de concertation et de coordination dans le champ de la santé mentale"),
    Fact("metz-working-groups-2017", METZ, "Groupes de travail « Logement » en 2017, double constat"),
    Fact("metz-finding-access", METZ, "Difficultés d'accès au logement des personnes en souffrance mentale ou présentant des troubles psy"),
    Fact("metz-finding-unknown", METZ, "Méconnaissance du secteur de la psychiatrie publique, du rôle des acteurs impliqués dans la prise en charge de ces personnes en cas de situation de crise ou de repli sur soi d'un locataire"),
    Fact("metz-framework-convention", METZ, "La convention cadre de partenariat (en cours de finalisation)"),
    Fact("metz-copiloted", METZ, "Une démarche copilotée par ARELOR Hlm et le centre hospitalier de Jury (porteur du CLSM)"),
    Fact("metz-objective-access", METZ, "Améliorer l'accès au logement accompagné des personnes hospitalisées au long cours et en parcours de soin (inclusion dans la cité)"),
    Fact("metz-objective-reporting", METZ, "Définir une procédure de signalement et d'intervention en cas de troubles impliquant le comportement d'une personne ou mise en danger de soi au sein du parc Hlm"),
    Fact("metz-general-objective", METZ, "mutualiser les compétences de chacun des intervenants"),
    Fact("metz-arelor", METZ, "Association territoriale des organismes Hlm de Lorraine, membre de l'Union régionale Hlm Grand Est"),
    Fact("metz-landlords", METZ, "Bailleurs messins : BATIGERE, MOSELIS, LOGIEST, ICF HNE, I3F GRAND EST, OPH MONTIGNY LES METZ, MHT, PRESENCE HABITAT"),
    Fact("metz-arelor-role", METZ, "Rôle de coordonnateur inter organismes, interlocuteur commun"),
    Fact("metz-jury-pole-5", METZ, "Le centre hospitalier de Jury – Pôle 5"),
    Fact("metz-jury-mission", METZ, "Dispositif de psychiatrie publique pour lutter contre les maladies mentales : actions de prévention, diagnostic, soin, réadaptation et réinsertion sociale"),
    Fact("metz-erah-2012", METZ, "Mise en place depuis 2012 de l'ERAH (Equipe réseau des alternatives à l'hospitalisation)"),
    Fact("metz-meetings", METZ, "Une série de réunions organisées conjointement ou internes à chaque structure depuis décembre 2017, dont 2 ouvertes aux partenaires (15/02/2018 et 18/06/2018)"),
    Fact("metz-sectorisation", METZ, "LA SECTORISATION PSYCHIATRIQUE EN MOSELLE"),
    Fact("metz-criteria", METZ, "personne répondant à ces 4 critères cumulatifs (20 besoins identifiés à ce jour)"),
    Fact("metz-criterion-handicap", METZ, "Etre en situation de handicap ou déficience psychique"),
    Fact("metz-criterion-jury", METZ, "Etre suivi par le CH Jury"),
    Fact("metz-criterion-access", METZ, "Etre confronté à une problématique d'accès au logement autonome"),
    Fact("metz-criterion-solvency", METZ, "Etre solvable dans la perspective d'un logement autonome"),
    Fact("metz-sublet", METZ, "la sous- location via un opérateur associatif"),
    Fact("metz-sublet-duration", METZ, "Durée limitée , mais devant être suffisante pour permettre à la personne son insertion dans le logement et son environnement (un an prérequis)"),
    Fact("metz-no-automatic-lease", METZ, "Evolution du statut locatif prise entre partenaires impliqués, au cas par cas, sur la base d'une évaluation partagée : Pas de glissement de bail « automatique »"),
    Fact("metz-dwellings", METZ, "T1/T2 implantés dans les communes de Metz Sablon, Montigny-les-Metz, Marly, proches des services et transports"),
    Fact("metz-erah-care", METZ, "Contrat de soin formalisé avec le futur résident"),
    Fact("metz-erah-on-call", METZ, "Prise en charge soignante continue (et astreinte téléphonique)"),
    Fact("metz-erah-life-project", METZ, "Accompagnement projet de vie du patient (à préciser)"),
    Fact("metz-operator-contract", METZ, "Relation contractuelle avec le bailleur social"),
    Fact("metz-operator-support", METZ, "Accompagnement lié au logement (gestion locative et volet social)"),
    Fact("metz-funding", METZ, "Spécifique : AMI Logement d'abord / Metz Métropole"),
    Fact("metz-funding-cumulative", METZ, "Pistes de Financements (cumulables)"),
    Fact("metz-model-form", METZ, "Procédure en cours de définition (cf. fiche modèle)"),
    Fact("metz-seminar", METZ, "Séminaire partenariale prévu en automne 2018"),
    Fact("metz-open-points", METZ, "les points à préciser avant signature de la convention cadre (automne 2018)"),
    Fact("metz-open-operator", METZ, "Choix de l'opérateur associatif ?"),
    Fact("metz-open-funding", METZ, "Modalités de financement et de sécurisation du dispositif sur le long terme?"),
    Fact("metz-open-evaluation", METZ, "L'évaluation collégiale liée à l'accès et au parcours résidentiel du ménage?"),
    Fact("metz-working-group-19-07", METZ, "Prochaine étape : groupe de travail le 19/07/2018"),
    # --- Marseille: the SELO project sheet of June 2020 ----------------------------------
    Fact("selo-date", SELO, "Juin 2020"),
    Fact("selo-programme", SELO, "Programme « 10 000 logements HLM accompagnés »"),
    Fact("selo-presentation", SELO, "Favoriser l'accès et le maintien dans le logement de personnes souffrant de troubles psychiques ou en souffrance psycho-sociale, via la mise en place d'une plateforme partenariale"),
    Fact("selo-category", SELO, "Catégorie : Accès et Maintien"),
    Fact("selo-bearers", SELO, "Projet co-porté par un bailleur (LOGIREM) et deux associations spécialisées dans l'accompagnement social des publics visés par le dispositif (GCS Galilé et Soliha Provence)"),
    Fact("selo-period", SELO, "Période : 2016 - 2019"),
    Fact("selo-territory", SELO, "QPV situés dans les 14^{ème}, 15^{ème} et 16^{ème} arrondissement de Marseille"),
    Fact("selo-genesis", SELO, "via les ateliers Santé-Ville, le conseil d'orientation santé mentale créé par la ville de Marseille et le Réseau Santé Mentale et Logement"),
    Fact("selo-public", SELO, "personnes aux troubles psycho-sociaux suspectés, ou présentant une souffrance ou une vulnérabilité psycho-sociale"),
    Fact("selo-objective-housing", SELO, "impactant leur bien-être et leur capacité à « habiter » un logement"),
    Fact("selo-households", SELO, "24 ménages accompagnés (10 accès et 14 maintiens)"),
    Fact("selo-partner-metropole", SELO, "La Métropole Aix Marseille Provence (Direction de la Politique de la Ville)"),
    Fact("selo-partner-arhlm", SELO, "L'ARHLM PACA"),
    Fact("selo-partner-hospital", SELO, "Le centre hospitalier Edouard Toulouse"),
    Fact("selo-partner-state", SELO, "L'Etat : ANCT et le DREAL"),
    Fact("selo-partner-incitta", SELO, "L'association InCittà"),
    Fact("selo-partner-scop", SELO, "La SCOP Réseau clinique et travail social"),
    Fact("selo-platform", SELO, "La plateforme permet l'orientation, le diagnostic et l'accompagnement adapté dans l'accès et/ou le maintien dans un logement"),
    Fact("selo-logirem-coordination", SELO, "Logirem, via son Pôle Innovation Sociale, a la charge de la coordination globale du dispositif"),
    Fact("selo-logirem-dwellings", SELO, "Le bailleur met également à disposition des logements adaptés aux besoins des personnes orientées par les CMP (pour le volet accès)"),
    Fact("selo-associations", SELO, "GCS Galilé et Soliha Provence participent à la coordination du dispositif et déploient l'accompagnement adapté de la personne"),
    Fact("selo-handover", SELO, "depuis la phase de diagnostic au tuilage avec les CESF de Logirem en fin d'accompagnement"),
    Fact("selo-cmp-referral", SELO, "Les CMP orientent des bénéficiaires (volet accès)."),
    Fact("selo-global-support", SELO, "Un accompagnement social global et individualisé"),
    Fact("selo-pair", SELO, "fonctionnement en binôme Soliha Provence- GCS Galilé"),
    Fact("selo-landlord-teams", SELO, "équipes de terrain, chargés de clientèle, CESF, chargés de contentieux"),
    Fact("selo-cmp-rsml", SELO, "les professionnels médicaux (CMP, participants aux RSML)"),
    Fact("selo-90-agents", SELO, "Au total, 90 agents ont été formés sur cette problématique."),
    Fact("selo-staff-social", SELO, "1,3 ETP d'intervenants sociaux"),
    Fact("selo-staff-psychologist", SELO, "1 prestataire psychologue en appui des équipes"),
    Fact("selo-staff-supervision", SELO, "1 prestataire en supervision des équipes"),
    Fact("selo-staff-soliha", SELO, "0,1 ETP de coordination pédagogique exercé par Soliha Provence"),
    Fact("selo-staff-landlord", SELO, "0,25 de coordination de projet coté bailleur"),
    Fact("selo-budget", SELO, "Le coût global du projet est de 401 075 euros pour trois ans."),
    Fact("selo-fnavdl", SELO, "160 430 euros par le FNAVDL dans le cadre de l'appel à projets « 10 000 logements Hlm accompagnés » (40% du budget total)"),
    Fact("selo-metropole-logirem", SELO, "par la Métropole AMP et Logirem à respectivement 100 269 € et 100 268 € (soit 25% chacun du budget total)"),
    Fact("selo-acse", SELO, "par l'ACSE à hauteur de 40 108 € (10%)"),
    Fact("selo-testimony", SELO, "« Il y a une évolution du regard, aujourd'hui, on prend le temps, on comprend, on analyse avant de lancer la procédure."),
    Fact("selo-testimony-role", SELO, "Coordnatrice Logirem du projet SELO."),
    Fact("selo-reach-out", SELO, "Une démarche proactive, permettant « d'aller vers »"),
    Fact("selo-12-months", SELO, "Les mesures d'accompagnement, d'une durée de 12 mois en moyenne"),
    Fact("selo-few-links", SELO, "qui avaient auparavant peu de liens"),
    Fact("selo-confidentiality", SELO, "à l'instar du respect de la confidentialité des informations"),
    Fact("selo-monthly-meetings", SELO, "Les réunions de suivi, organisées mensuellement, permettent de faire un état d'avancement de l'accompagnement, des problèmes rencontrés et des solutions qui peuvent être apportées. Très opérationnelles et confidentielles"),
    Fact("selo-difficulties", SELO, "Des difficultés d'orientation ont pu être identifiées"),
    Fact("selo-dependency", SELO, "Le projet reste dépendant de financement issus de l'AAP."),
    Fact("selo-renewed", SELO, "le projet a toutefois été reconduit pour les années 2019-2022"),
    Fact("selo-funding-sources", SELO, "Fonds pour l'Innovation Sociale, CGET, FNAVDL, Métropole..."),
    Fact("selo-trophy", SELO, 'lauréat des Trophées de l\'Académie 2018 portés par Habitat en Région, sous l\'intitulé "Soyons Fous"'),
    Fact("selo-challenges", SELO, "le défi de la pérennisation de son financement, celui de la diffusion interne à l'organisme, et celui de l'augmentation du nombre de mesure"),
    Fact("selo-contact-logirem", SELO, "cheffe de projet Innovation sociale"),
    Fact("selo-contact-soliha", SELO, "direction du Pôle Développement et Innovation sociale"),
    Fact("selo-contact-galile", SELO, "**Pour GCS Galilé :** direction"),
    # --- Paris: the DLAI project sheet (protocol of 5 November 2018) ---------------------
    Fact("dlai-date", DLAI, "5 novembre 2018"),
    Fact("dlai-workshop", DLAI, "FICHE PROJET ATELIER 2 : DE NOUVELLES MANIÈRES D'ACCOMPAGNER, DE SECURISER LES PARCOURS ET DE FAVORISER LA MOBILITE"),
    Fact("dlai-bearers", DLAI, "Ville de Paris/DASES/Sous-direction de la Santé/pôle santé mentale et résilience + La préfecture de Paris (DLH) + le GHT psychiatrie et neurosciences (EPS Maison Blanche et l'hôpital Saint Maurice) + l'opérateur l'œuvre Falret+ l'AORIF"),
    Fact("dlai-bearers-type", DLAI, "État/ville/Bailleurs/hôpitaux psychiatrique/association médico-sociale"),
    Fact("dlai-territory", DLAI, "**Territoire(s) concerné(s)**: 11^e, 17^e, 19^e"),
    Fact("dlai-clsm-diagnosis", DLAI, "mises en lumière par les conseils locaux de santé mentale"),
    Fact("dlai-city-contract", DLAI, "l'inscription des problématiques de santé mentale dans le contrat de ville 2015-2020"),
    Fact("dlai-objective-access", DLAI, "des personnes inscrites dans un parcours de soins psychiatriques (service de soins, centres de postcure, autres...)"),
    Fact("dlai-autonomy", DLAI, "une autonomisation progressive de la personne"),
    Fact("dlai-reverse-bridge", DLAI, "les bailleurs sociaux eux-mêmes auront la possibilité de signaler des locataires relevant de leur parc dans le cadre du dispositif de la « passerelle inversée »"),
    Fact("dlai-protocol", DLAI, "Un protocole d'accord « santé mentale et logement » a été signé le 5 novembre dernier entre la Préfecture de Paris, la mairie de Paris, le GHT Paris psychiatrie et neurosciences, l'ARS Île-de-France, l'AORIF, des élus et représentants des arrondissements concernés"),
    Fact("dlai-37-dwellings", DLAI, "**trente-sept logements** sur 3 ans sur les contingents de logements sociaux de la Ville et de la Préfecture"),
    Fact("dlai-public", DLAI, "des adultes en situation de grande vulnérabilité, suivis par les secteurs de psychiatrie des arrondissements"),
    Fact("dlai-stabilisation", DLAI, "en phase de stabilisation mais qui entravent leur capacité à vivre sans accompagnement dans un logement autonome"),
    Fact("dlai-committed", DLAI, "La Ville, la préfecture, le GHT et l'Œuvre Falret comme structure médico- sociale sont engagés dans ce dispositif"),
    Fact("dlai-research-action", DLAI, "avec un projet de recherche action à la clé"),
    Fact("dlai-partners", DLAI, "L'ensemble des bailleurs sociaux+ les associations des territoires concernés+ l'Union nationale de familles et amis de personnes malades et/ou handicapées psychiques (UNAFAM)"),
    Fact("dlai-21st-century", DLAI, "une psychiatrie du 21^e siècle où la prise en charge de ces personnes s'effectue dans une démarche « d'aller vers » médico-psychosociale"),
    Fact("dlai-evaluated", DLAI, "Il est évalué, réajusté et modélisé sur l'ensemble des arrondissements au travers des projets de recherche portés par le GHT Parisien et par l'Observatoire social de Paris"),
    Fact("dlai-co-built", DLAI, "Il est co-construit avec les représentants des usagers, tels que l'UNAFAM"),
    Fact("dlai-success-clsm", DLAI, "Un projet co-construit et porté par les acteurs des arrondissements concernés au sein des CLSM que les professionnels se sont appropriés."),
    Fact("dlai-success-partnership", DLAI, "Un multipartenariat renforcé entre des acteurs de champs très différents"),
    Fact("dlai-success-research", DLAI, "Un projet de recherche à la clé à des fins d'évaluation et de mutualisation des bonnes pratiques."),
    Fact("dlai-limit-actors", DLAI, "Le nombre important d'acteurs et de partenaires qui participent au projet avec des temporalités différentes."),
    Fact("dlai-limit-exit", DLAI, "L'embolisation du dispositif si aucune sortie n'est possible pour les patients."),
)  # fmt: skip

_BY_ID = {fact.id: fact for fact in FACTS}
_USED: set[str] = set()


def fact(fact_id: str) -> Fact:
    """The fact `fact_id`, marked as used. An unknown id is a bug of the demo content."""
    try:
        found = _BY_ID[fact_id]
    except KeyError:
        raise KeyError(f"fait inconnu dans hub/demo/sources.py : « {fact_id} »") from None
    _USED.add(fact_id)
    return found


def uses(*fact_ids: str) -> tuple[str, ...]:
    """Say that a piece of content rests on these facts; returns their ids."""
    for fact_id in fact_ids:
        fact(fact_id)
    return fact_ids


def seeds_of(*fact_ids: str) -> list[Seed]:
    """The seeds of these facts, each once, in the order of the facts."""
    files = dict.fromkeys(fact(fact_id).seed for fact_id in fact_ids)
    return [SEEDS[file] for file in files]


def cite(*fact_ids: str) -> str:
    """The « source » of something built from these facts: its seeds' labels."""
    if not fact_ids:
        raise ValueError("cite() sans fait : une source se cite par ses faits")
    return " ; ".join(seed.label for seed in seeds_of(*fact_ids))


def cite_partly(fact_ids: tuple[str, ...], missing: str) -> str:
    """The source of an entry whose facts are partly sourced: what is missing says so."""
    return f"{cite(*fact_ids)} ; {missing} {PLACEHOLDER}"


def seed_date(*fact_ids: str) -> date:
    """The verification date of what these facts say: their seed's own date (the oldest
    one when they come from several seeds, since the oldest fact was checked then)."""
    return min(seed.dated for seed in seeds_of(*fact_ids))


def used_ids() -> frozenset[str]:
    return frozenset(_USED)


# The documents' own dates are facts too: they date the demo's entries.
uses(*(seed.date_fact for seed in SEEDS.values()))

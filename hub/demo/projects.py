"""The three project sheets of the demo: SELO (Marseille), DLAI (Paris), Metz.

Texts are the seeds' own words, cut into the sheet's fields. Rich text is written as
blocks, ("p", text) or ("ul", [items]), and escaped when it is stored. No person is named:
contacts and the quoted testimony are given by function. Each sheet's `source` is built
from the facts it rests on (hub/demo/sources.py); what the seed does not say is written
`PLACEHOLDER`.
"""

from hub.demo.sources import PLACEHOLDER, cite
from hub.demo.text import to_html


def rich(*blocks):
    return to_html(list(blocks))


PROJECTS = [
    {
        "slug": "selo",
        "title": "SELO : Situations extraordinaires, logement ordinaire",
        "acronym": "SELO",
        "territory": "marseille",
        "intro": (
            "Favoriser l'accès et le maintien dans le logement de personnes souffrant de "
            "troubles psychiques ou en souffrance psycho-sociale, via la mise en place d'une "
            "plateforme partenariale permettant la prise en charge des problématiques de santé "
            "mentale et de maintien dans le logement."
        ),
        "territory_detail": "QPV situés dans les 14e, 15e et 16e arrondissements de Marseille",
        "category": "Accès et maintien",
        "programme": "Programme « 10 000 logements HLM accompagnés »",
        "tags": ["santé mentale", "accès", "maintien"],
        "bearers": "Logirem\nGCS Galilé\nSoliha Provence",
        "bearers_type": "Un bailleur et deux associations spécialisées dans l'accompagnement social",
        "period_start": 2016,
        "period_end": 2019,
        "period_detail": "Reconduit pour 2019-2022",
        "context": rich(
            (
                "p",
                "Le projet SELO découle de la reconnaissance d'une problématique de santé mentale dans l'écosystème politique de la ville de Marseille (via les ateliers Santé-Ville, le conseil d'orientation santé mentale créé par la ville de Marseille et le Réseau Santé Mentale et Logement) et du constat de l'absence de partenariat entre les professionnels du monde médical et psychiatrique, les professionnels de l'accompagnement social et les bailleurs.",
            ),
            (
                "p",
                "Pour mieux prendre en compte les problématiques de santé mentale et leurs impacts, notamment dans l'accès et le maintien dans le logement, les partenaires du projet ont identifié le besoin de proposer un accompagnement social global renforcé.",
            ),
        ),
        "objectives": rich(
            (
                "ul",
                [
                    "Accueillir et maintenir dans le logement et dans des conditions d'intégration pérennes les publics souffrants de troubles de santé mentale impactant leur bien-être et leur capacité à « habiter » un logement ;",
                    "Renforcer des partenariats et en construire de nouveaux en s'inscrivant dans un esprit de coordination, de confidentialité, de confiance mutuelle dans l'intérêt des publics visés ;",
                    "Développer les compétences internes au bailleur sur la prise en compte de la santé mentale en formant les équipes en charge de la gestion quotidienne aux pratiques professionnelles adaptées à ces situations ;",
                    "Proposer une offre d'accompagnement inexistante sur le territoire et renforcer le maillage socio-sanitaire des acteurs intervenant dans les territoires en politique de la ville.",
                ],
            ),
        ),
        "target_public": rich(
            (
                "p",
                "Personnes aux troubles psycho-sociaux suspectés, ou présentant une souffrance ou une vulnérabilité psycho-sociale.",
            ),
        ),
        "households_total": 24,
        "households_access": 10,
        "households_maintenance": 14,
        "households_detail": "",
        "partners": "Métropole Aix-Marseille-Provence (Direction de la Politique de la Ville)\nARHLM PACA\nCentre hospitalier Édouard Toulouse\nÉtat : ANCT et DREAL\nAssociation InCittà\nSCOP Réseau clinique et travail social",
        "implementation": rich(
            (
                "p",
                "L'expérimentation fonctionne dans le cadre d'une plateforme partenariale permettant les échanges entre co-porteurs de l'expérimentation (Logirem, GCS Galilé et Soliha Provence) et les services médico-psychologiques du territoire. La plateforme permet l'orientation, le diagnostic et l'accompagnement adapté dans l'accès et/ou le maintien dans un logement, des personnes ayant des troubles psychiques (suspectés ou avérés) ou présentant une vulnérabilité psycho-sociale.",
            ),
            (
                "ul",
                [
                    "Logirem, via son Pôle Innovation Sociale, a la charge de la coordination globale du dispositif, l'orientation des situations de vulnérabilité psycho-sociale parmi ses locataires, la sensibilisation des agents sur cette problématique afin d'adapter les procédures. Le bailleur met également à disposition des logements adaptés aux besoins des personnes orientées par les CMP (pour le volet accès) ;",
                    "GCS Galilé et Soliha Provence participent à la coordination du dispositif et déploient l'accompagnement adapté de la personne, depuis la phase de diagnostic au tuilage avec les CESF de Logirem en fin d'accompagnement ;",
                    "Les CMP orientent des bénéficiaires (volet accès).",
                ],
            ),
            (
                "p",
                "Un accompagnement ad hoc est proposé pour répondre aux besoins des bénéficiaires locataires et primo-accédants en souffrance psychique ; les approches et expertises sont mutualisées (fonctionnement en binôme Soliha Provence - GCS Galilé). Des actions de sensibilisation et de formation sur la souffrance psychique sont menées auprès des agents de terrain de Logirem : au total, 90 agents ont été formés.",
            ),
        ),
        "means": rich(
            (
                "ul",
                [
                    "1,3 ETP d'intervenants sociaux",
                    "1 prestataire psychologue en appui des équipes",
                    "1 prestataire en supervision des équipes",
                    "0,1 ETP de coordination pédagogique exercé par Soliha Provence",
                    "0,25 de coordination de projet côté bailleur",
                ],
            ),
        ),
        "budget_total": "401075.00",
        "budget_detail": "Coût global pour trois ans",
        "cofinancing": [
            ("FNAVDL", "160430.00", "Appel à projets « 10 000 logements Hlm accompagnés » (40 %)"),
            ("Métropole Aix-Marseille-Provence", "100269.00", "25 %"),
            ("Logirem", "100268.00", "25 %"),
            ("ACSE", "40108.00", "10 %"),
        ],
        "results": rich(
            (
                "p",
                "Une démarche proactive, permettant « d'aller vers » et de mieux accompagner les personnes en situation psycho-sociale fragile. Les mesures d'accompagnement, d'une durée de 12 mois en moyenne, prennent fin lorsque les partenaires sont consentants sur la capacité du locataire à « habiter » son logement ou sur toute autre orientation travaillée avec la personne.",
            ),
            (
                "p",
                "L'engagement réciproque et l'acculturation mutuelle des partenaires : les réunions de suivi, organisées mensuellement, très opérationnelles et confidentielles, participent au partage des codes, des règles de fonctionnement et des pratiques entre bailleurs et acteurs de l'accompagnement.",
            ),
            (
                "p",
                "Une évolution des positionnements et des pratiques professionnelles : au sein de Logirem, le développement d'une culture bienveillante et plus « agile » ; au sein des structures partenaires, des relations de confiance.",
            ),
        ),
        "limits": rich(
            (
                "p",
                "Des difficultés d'orientation ont pu être identifiées, avec un nombre de signalements de situation ne correspondant pas aux profils ciblés, et plus globalement un nombre d'accompagnements plus faible qu'anticipé initialement. Le retard du calendrier, l'installation du partenariat et des processus de coordination expliquent ce décalage.",
            ),
            (
                "p",
                "Le projet reste dépendant de financements issus de l'appel à projets, ce qui ne permet pas de l'inscrire dans une logique de long terme.",
            ),
        ),
        "perspectives": rich(
            (
                "p",
                "Le projet a été reconduit pour les années 2019-2022, avec des sources de financement diversifiées (Fonds pour l'Innovation Sociale, CGET, FNAVDL, Métropole...). Il a été lauréat des Trophées de l'Académie 2018 portés par Habitat en Région, sous l'intitulé « Soyons Fous ».",
            ),
            (
                "p",
                "Trois défis pour l'avenir : la pérennisation de son financement, la diffusion interne à l'organisme et l'augmentation du nombre de mesures.",
            ),
        ),
        "testimony": (
            "Il y a une évolution du regard, aujourd'hui, on prend le temps, on comprend, on "
            "analyse avant de lancer la procédure. On découvre que des gens peuvent aller mal, et "
            "on essaye d'y répondre pour qu'ils ne perdent pas leur logement et se sentent bien "
            "chez eux."
        ),
        "testimony_role": "Coordinatrice du projet SELO chez Logirem",
        "contact_roles": "Logirem : cheffe de projet Innovation sociale\nSoliha Provence : direction du Pôle Développement et Innovation sociale\nGCS Galilé : direction",
        "source": cite(
            "selo-presentation",
            "selo-programme",
            "selo-category",
            "selo-bearers",
            "selo-period",
            "selo-territory",
            "selo-genesis",
            "selo-public",
            "selo-households",
            "selo-partner-metropole",
            "selo-partner-arhlm",
            "selo-partner-hospital",
            "selo-partner-state",
            "selo-partner-incitta",
            "selo-partner-scop",
            "selo-platform",
            "selo-logirem-coordination",
            "selo-logirem-dwellings",
            "selo-associations",
            "selo-cmp-referral",
            "selo-pair",
            "selo-90-agents",
            "selo-staff-social",
            "selo-staff-psychologist",
            "selo-staff-supervision",
            "selo-staff-soliha",
            "selo-staff-landlord",
            "selo-budget",
            "selo-fnavdl",
            "selo-metropole-logirem",
            "selo-acse",
            "selo-reach-out",
            "selo-12-months",
            "selo-monthly-meetings",
            "selo-difficulties",
            "selo-dependency",
            "selo-renewed",
            "selo-funding-sources",
            "selo-trophy",
            "selo-challenges",
            "selo-testimony",
            "selo-testimony-role",
            "selo-contact-logirem",
            "selo-contact-soliha",
            "selo-contact-galile",
        ),
    },
    {
        "slug": "dlai",
        "title": "DLAI : logement accompagné pour l'inclusion des personnes atteintes de troubles psychiques",
        "acronym": "DLAI",
        "territory": "paris",
        "intro": (
            "Un dispositif expérimental qui facilite l'accès au logement des personnes inscrites "
            "dans un parcours de soins psychiatriques, avec un accompagnement adapté, et qui "
            "favorise le maintien des locataires du parc social grâce à la « passerelle "
            "inversée »."
        ),
        "territory_detail": "11e, 17e et 19e arrondissements de Paris",
        "category": "Accès et maintien",
        "programme": "Atelier 2 : de nouvelles manières d'accompagner, de sécuriser les parcours et de favoriser la mobilité",
        "tags": ["logement accompagné", "passerelle inversée", "recherche-action"],
        "bearers": "Ville de Paris (DASES, sous-direction de la Santé, pôle santé mentale et résilience)\nPréfecture de Paris (DLH)\nGHT Paris psychiatrie et neurosciences (EPS Maison Blanche et hôpital Saint-Maurice)\nŒuvre Falret (opérateur)\nAORIF",
        "bearers_type": "État, ville, bailleurs, hôpitaux psychiatriques, association médico-sociale",
        "period_start": 2018,
        "period_end": None,
        "period_detail": "Lancement le 5 novembre 2018 ; logements mobilisés sur 3 ans",
        "context": rich(
            (
                "p",
                "À la suite des démarches diagnostic initiées dans le champ de la santé mentale et du logement mises en lumière par les conseils locaux de santé mentale, les problématiques d'accès et de maintien dans le logement des personnes atteintes de troubles psychiques se sont révélées de plus en plus centrales pour un nombre croissant d'acteurs parisiens (bailleurs sociaux, secteur de la psychiatrie, Ville de Paris, services de l'État, services de police).",
            ),
            (
                "p",
                "Les bailleurs sociaux et la préfecture ont veillé à l'inscription des problématiques de santé mentale dans le contrat de ville 2015-2020.",
            ),
        ),
        "objectives": rich(
            (
                "ul",
                [
                    "Faciliter l'accès au logement des personnes inscrites dans un parcours de soins psychiatriques (service de soins, centres de postcure, autres...), associé à la mise en œuvre d'un accompagnement adapté à leur situation permettant une autonomisation progressive de la personne ;",
                    "Favoriser le maintien dans le logement social de locataires souffrant de troubles psychiques afin de permettre l'accès aux soins psychiatriques assurés par la psychiatrie de secteur quand cela sera nécessaire ; les bailleurs sociaux eux-mêmes peuvent signaler des locataires de leur parc dans le cadre de la « passerelle inversée ».",
                ],
            ),
        ),
        "target_public": rich(
            (
                "p",
                "Des adultes en situation de grande vulnérabilité, suivis par les secteurs de psychiatrie des arrondissements, qui présentent des troubles psychiatriques en phase de stabilisation mais qui entravent leur capacité à vivre sans accompagnement dans un logement autonome.",
            ),
        ),
        # The sheet counts dwellings, not households: no household figure is given.
        "households_total": None,
        "households_access": None,
        "households_maintenance": None,
        "households_detail": f"Nombre de ménages {PLACEHOLDER} : la fiche ne le donne pas. Le protocole met à disposition 37 logements sur 3 ans, sur les contingents de logements sociaux de la Ville et de la Préfecture.",
        "partners": "L'ensemble des bailleurs sociaux\nLes associations des territoires concernés\nUNAFAM\nARS Île-de-France (signataire du protocole)\nÉlus et représentants des 11e, 17e et 19e arrondissements (signataires du protocole)",
        "implementation": rich(
            (
                "p",
                "Un protocole d'accord « santé mentale et logement » a été signé le 5 novembre 2018 entre la Préfecture de Paris, la mairie de Paris, le GHT Paris psychiatrie et neurosciences, l'ARS Île-de-France, l'AORIF, des élus et représentants des arrondissements concernés (11e, 17e et 19e), ainsi que de tous les acteurs impliqués.",
            ),
            (
                "p",
                "Ce protocole inscrit la mise à disposition de trente-sept logements sur 3 ans sur les contingents de logements sociaux de la Ville et de la Préfecture. La Ville, la préfecture, le GHT et l'Œuvre Falret comme structure médico-sociale sont engagés dans ce dispositif, avec un projet de recherche-action à la clé.",
            ),
        ),
        "means": rich(
            (
                "p",
                "Logements des contingents de la Ville et de la Préfecture ; accompagnement médico-social par l'Œuvre Falret ; suivi par les secteurs de psychiatrie ; recherche-action portée par le GHT parisien et l'Observatoire social de Paris.",
            ),
        ),
        "budget_total": None,
        "budget_detail": "La fiche projet ne chiffre pas le budget.",
        "cofinancing": [],
        "results": rich(
            (
                "ul",
                [
                    "Un projet co-construit et porté par les acteurs des arrondissements concernés au sein des CLSM, que les professionnels se sont appropriés.",
                    "Un multipartenariat renforcé entre des acteurs de champs très différents avec une démarche innovante qui les engage.",
                    "Un projet de recherche à la clé à des fins d'évaluation et de mutualisation des bonnes pratiques.",
                    "Un projet co-construit avec les représentants des usagers, tels que l'UNAFAM, qui renforce le maillage territorial et favorise un décloisonnement institutionnel.",
                ],
            ),
        ),
        "limits": rich(
            (
                "ul",
                [
                    "Le nombre important d'acteurs et de partenaires qui participent au projet avec des temporalités différentes.",
                    "L'embolisation du dispositif si aucune sortie n'est possible pour les patients.",
                ],
            ),
        ),
        "perspectives": rich(
            (
                "p",
                "Le dispositif est évalué, réajusté et modélisé sur l'ensemble des arrondissements au travers des projets de recherche portés par le GHT parisien et par l'Observatoire social de Paris, l'objectif étant de favoriser et de mutualiser les bonnes pratiques.",
            ),
        ),
        "testimony": "",
        "testimony_role": "",
        "contact_roles": f"Contacts {PLACEHOLDER} : la fiche n'en donne pas.",
        "source": cite(
            "dlai-workshop",
            "dlai-bearers",
            "dlai-bearers-type",
            "dlai-date",
            "dlai-territory",
            "dlai-clsm-diagnosis",
            "dlai-city-contract",
            "dlai-objective-access",
            "dlai-autonomy",
            "dlai-reverse-bridge",
            "dlai-protocol",
            "dlai-37-dwellings",
            "dlai-public",
            "dlai-committed",
            "dlai-research-action",
            "dlai-partners",
            "dlai-evaluated",
            "dlai-co-built",
            "dlai-success-clsm",
            "dlai-success-partnership",
            "dlai-success-research",
            "dlai-limit-actors",
            "dlai-limit-exit",
        ),
    },
    {
        "slug": "metz-bailleurs-psychiatrie",
        "title": "Partenariat bailleurs sociaux / psychiatrie publique sur le territoire messin",
        "acronym": "",
        "territory": "metz",
        "intro": (
            "Une convention cadre copilotée par ARELOR Hlm et le centre hospitalier de Jury, "
            "née du CLSM du territoire messin, pour améliorer l'accès au logement accompagné "
            "des personnes hospitalisées au long cours et définir une procédure de signalement "
            "et d'intervention en cas de troubles dans le parc Hlm."
        ),
        "territory_detail": "Territoire messin ; logements visés à Metz Sablon, Montigny-lès-Metz et Marly",
        "category": "Accès et maintien",
        "programme": "Conseil local de santé mentale du territoire messin",
        "tags": ["CLSM", "logement accompagné", "sous-location", "signalement"],
        "bearers": "ARELOR Hlm\nCentre hospitalier de Jury – Pôle 5",
        "bearers_type": "Association territoriale des organismes Hlm et centre hospitalier (psychiatrie publique)",
        "period_start": 2018,
        "period_end": None,
        "period_detail": "Groupes de travail du CLSM en 2017 ; convention cadre en cours de finalisation en juin 2018, signature visée à l'automne 2018",
        "context": rich(
            (
                "p",
                "Le conseil local de santé mentale (CLSM) est une plateforme de concertation et de coordination dans le champ de la santé mentale. Ses groupes de travail « Logement » de 2017 ont fait un double constat :",
            ),
            (
                "ul",
                [
                    "des difficultés d'accès au logement des personnes en souffrance mentale ou présentant des troubles psychiques ;",
                    "une méconnaissance du secteur de la psychiatrie publique et du rôle des acteurs impliqués dans la prise en charge de ces personnes en cas de situation de crise ou de repli sur soi d'un locataire.",
                ],
            ),
            (
                "p",
                "Une réponse à cette double problématique est formalisée au sein d'une convention cadre de partenariat.",
            ),
        ),
        "objectives": rich(
            (
                "ul",
                [
                    "Améliorer l'accès au logement accompagné des personnes hospitalisées au long cours et en parcours de soin (inclusion dans la cité) ;",
                    "Définir une procédure de signalement et d'intervention en cas de troubles impliquant le comportement d'une personne ou de mise en danger de soi au sein du parc Hlm (cf. fiche modèle).",
                ],
            ),
            (
                "p",
                "Objectif général : mutualiser les compétences de chacun des intervenants, en décloisonnant les champs d'intervention médicaux et sociaux au service de la personne aidée.",
            ),
        ),
        "target_public": rich(
            (
                "p",
                "Pour l'accès au logement accompagné, des personnes répondant à ces 4 critères cumulatifs :",
            ),
            (
                "ul",
                [
                    "être en situation de handicap ou de déficience psychique ;",
                    "être suivi par le CH de Jury ;",
                    "être confronté à une problématique d'accès au logement autonome ;",
                    "être solvable dans la perspective d'un logement autonome.",
                ],
            ),
        ),
        "households_total": None,
        "households_access": None,
        "households_maintenance": None,
        "households_detail": f"20 besoins identifiés au 18 juin 2018 (personnes répondant aux 4 critères) ; nombre de ménages logés {PLACEHOLDER}",
        "partners": "Batigère\nMoselis\nLogiest\nICF HNE\nI3F Grand Est\nOPH de Montigny-lès-Metz\nMHT\nPrésence Habitat\nUn opérateur associatif de sous-location (à choisir)",
        "implementation": rich(
            (
                "p",
                "Formule visée par les bailleurs sociaux : la sous-location via un opérateur associatif, d'une durée limitée mais suffisante pour l'insertion dans le logement et son environnement (un an prérequis). L'évolution du statut locatif est décidée entre partenaires, au cas par cas, sur la base d'une évaluation partagée : pas de glissement de bail « automatique ».",
            ),
            (
                "p",
                "Logements concernés : T1/T2 à Metz Sablon, Montigny-lès-Metz et Marly, proches des services et des transports.",
            ),
            ("p", "Un accompagnement global et pluridisciplinaire :"),
            (
                "ul",
                [
                    "ERAH : contrat de soin formalisé avec le futur résident, prise en charge soignante continue (et astreinte téléphonique), évaluation clinique, accompagnement du projet de vie (à préciser) ;",
                    "Opérateur associatif : relation contractuelle avec le bailleur social, accompagnement lié au logement (gestion locative et volet social), participation à l'évaluation du parcours locatif.",
                ],
            ),
        ),
        "means": rich(
            (
                "p",
                "L'ERAH (équipe réseau des alternatives à l'hospitalisation) du CH de Jury, mise en place depuis 2012 ; ARELOR Hlm comme coordonnateur inter-organismes et interlocuteur commun ; un opérateur associatif de sous-location.",
            ),
        ),
        "budget_total": None,
        "budget_detail": "Pistes de financement cumulables : droit commun ; AMI Logement d'abord / Metz Métropole.",
        "cofinancing": [],
        "results": rich(
            (
                "p",
                "Une série de réunions organisées conjointement ou en interne depuis décembre 2017, dont deux ouvertes aux partenaires (15 février et 18 juin 2018). Un séminaire partenarial prévu à l'automne 2018 pour la procédure de signalement.",
            ),
        ),
        "limits": rich(
            ("p", "Points à préciser avant la signature de la convention cadre (automne 2018) :"),
            (
                "ul",
                [
                    "le choix de l'opérateur associatif ;",
                    "les modalités de financement et de sécurisation du dispositif sur le long terme ;",
                    "l'évaluation collégiale liée à l'accès et au parcours résidentiel du ménage.",
                ],
            ),
        ),
        "perspectives": rich(
            (
                "p",
                f"Prochaine étape annoncée le 18 juin 2018 : un groupe de travail le 19 juillet 2018. État actuel du partenariat {PLACEHOLDER}.",
            ),
        ),
        "testimony": "",
        "testimony_role": "",
        "contact_roles": f"ARELOR Hlm : coordonnateur inter-organismes, interlocuteur commun\nAutres contacts {PLACEHOLDER}",
        "source": cite(
            "metz-date",
            "metz-clsm",
            "metz-working-groups-2017",
            "metz-finding-access",
            "metz-finding-unknown",
            "metz-framework-convention",
            "metz-copiloted",
            "metz-objective-access",
            "metz-objective-reporting",
            "metz-general-objective",
            "metz-arelor",
            "metz-landlords",
            "metz-arelor-role",
            "metz-jury-pole-5",
            "metz-erah-2012",
            "metz-meetings",
            "metz-criteria",
            "metz-criterion-handicap",
            "metz-criterion-jury",
            "metz-criterion-access",
            "metz-criterion-solvency",
            "metz-sublet",
            "metz-sublet-duration",
            "metz-no-automatic-lease",
            "metz-dwellings",
            "metz-erah-care",
            "metz-erah-on-call",
            "metz-erah-life-project",
            "metz-operator-contract",
            "metz-operator-support",
            "metz-funding",
            "metz-funding-cumulative",
            "metz-model-form",
            "metz-seminar",
            "metz-open-points",
            "metz-open-operator",
            "metz-open-funding",
            "metz-open-evaluation",
            "metz-working-group-19-07",
        ),
    },
]

"""The four partnership territories of the demo, with facts taken from the seeds.

Partners are organisations named in the seeds, each with its partner family. Key figures
quote the seeds; the `source` of each figure says which document.
"""

LYON_SOURCE = "Convention Santé Psychique et Logement, avril 2013"
METZ_SOURCE = "Réunion de présentation ARELOR Hlm / CH de Jury, 18 juin 2018"
SELO_SOURCE = "Fiche projet SELO, juin 2020"
DLAI_SOURCE = "Fiche projet DLAI, protocole du 5 novembre 2018"

TERRITORIES = [
    {
        "slug": "grand-lyon",
        "title": "Grand Lyon",
        "short_name": "Grand Lyon",
        "department_code": "69",
        "region": "Auvergne-Rhône-Alpes",
        "perimeter": "Agglomération du Grand Lyon (Métropole de Lyon)",
        "commune_codes": "69123 69381 69382 69383 69384 69385 69386 69387 69388 69389",
        "partnership_name": "Convention de partenariat « Santé Psychique et Logement »",
        "partnership_since": "2002 (démarche), 2013 (convention)",
        "intro": (
            "Depuis 2002, le Grand Lyon et l'État animent une démarche partenariale « Santé "
            "Psychique et Logement ». La convention d'avril 2013, signée par treize "
            "partenaires, en fixe les objectifs, les principes, la gouvernance et trois "
            "fiches action : c'est la charte du hub."
        ),
        "partners": [
            (
                "Grand Lyon",
                "collectivites-etat",
                "Signataire ; anime le comité de projet et la plénière",
            ),
            ("État (Préfecture du Rhône)", "collectivites-etat", "Signataire"),
            ("Département du Rhône", "collectivites-etat", "Signataire"),
            ("ARS Rhône-Alpes", "collectivites-etat", "Signataire"),
            ("ABC HLM", "bailleurs-gestionnaires", "Signataire, association des bailleurs sociaux"),
            ("UNIS Lyon Rhône", "bailleurs-gestionnaires", "Signataire, administrateurs de biens"),
            ("Centre hospitalier Le Vinatier", "psychiatrie-publique", "Signataire"),
            ("Centre hospitalier Saint Jean de Dieu", "psychiatrie-publique", "Signataire"),
            ("Centre hospitalier de Saint-Cyr-au-Mont-d'Or", "psychiatrie-publique", "Signataire"),
            ("Coordination 69", "social-medico-social", "Signataire"),
            ("Collectif Logement Rhône", "logement-accompagne", "Signataire"),
            ("UNAFO", "logement-accompagne", "Signataire, union du logement accompagné"),
            ("UNAFAM", "usagers-familles", "Signataire, familles et amis de personnes malades"),
        ],
        "key_figures": [
            ("2002", "début de la démarche partenariale Santé Psychique et Logement", LYON_SOURCE),
            ("13", "signataires de la convention", LYON_SOURCE),
            (
                "8",
                "territoires de l'agglomération ont expérimenté les formations-actions (2008-2010)",
                LYON_SOURCE,
            ),
            (
                "150",
                "professionnels à former sur 3 ans (objectif de la fiche action 1)",
                LYON_SOURCE,
            ),
        ],
        "documents": [
            (
                "La charte du partenariat",
                "La convention de 2013, structurée : objectifs, principes, gouvernance, fiches action.",
                "page:charte",
                None,
            ),
            (
                "Convention de partenariat (texte source, 2013)",
                "Le texte intégral de la convention, tel que signé.",
                None,
                "lyon",
            ),
        ],
    },
    {
        "slug": "metz",
        "title": "Metz",
        "short_name": "Metz",
        "department_code": "57",
        "region": "Grand Est",
        "perimeter": "Territoire messin : Metz (dont le Sablon), Montigny-lès-Metz, Marly",
        "commune_codes": "57463 57480 57447",
        "partnership_name": "Partenariat bailleurs sociaux / psychiatrie publique du CLSM messin",
        "partnership_since": "2017 (groupes de travail du CLSM), 2018 (convention cadre)",
        "intro": (
            "Né des groupes de travail « Logement » du conseil local de santé mentale (CLSM) du "
            "territoire messin, le partenariat copiloté par ARELOR Hlm et le centre "
            "hospitalier de Jury vise l'accès au logement accompagné et une procédure de "
            "signalement et d'intervention en cas de troubles dans le parc Hlm."
        ),
        "partners": [
            ("ARELOR Hlm", "bailleurs-gestionnaires", "Copilote ; coordonnateur inter-organismes"),
            ("Batigère", "bailleurs-gestionnaires", "Bailleur messin"),
            ("Moselis", "bailleurs-gestionnaires", "Bailleur messin"),
            ("Logiest", "bailleurs-gestionnaires", "Bailleur messin"),
            ("ICF Habitat Nord-Est", "bailleurs-gestionnaires", "Bailleur messin"),
            ("I3F Grand Est", "bailleurs-gestionnaires", "Bailleur messin"),
            ("OPH de Montigny-lès-Metz", "bailleurs-gestionnaires", "Bailleur messin"),
            ("Metz Habitat Territoire (MHT)", "bailleurs-gestionnaires", "Bailleur messin"),
            ("Présence Habitat", "bailleurs-gestionnaires", "Bailleur messin"),
            (
                "Centre hospitalier de Jury – Pôle 5",
                "psychiatrie-publique",
                "Copilote ; porteur du CLSM ; ERAH (équipe réseau des alternatives à l'hospitalisation)",
            ),
            ("Metz Métropole", "collectivites-etat", "Piste de financement (AMI Logement d'abord)"),
        ],
        "key_figures": [
            ("4", "critères cumulatifs pour l'accès au logement accompagné", METZ_SOURCE),
            ("20", "besoins de logement accompagné identifiés", METZ_SOURCE),
            ("8", "bailleurs messins associés par ARELOR Hlm", METZ_SOURCE),
            ("2012", "création de l'ERAH au CH de Jury", METZ_SOURCE),
        ],
        "documents": [
            (
                "Fiche projet : partenariat bailleurs / psychiatrie publique",
                "Objectifs, public, logements et accompagnement du partenariat messin.",
                "page:metz-bailleurs-psychiatrie",
                None,
            ),
        ],
    },
    {
        "slug": "marseille",
        "title": "Marseille 14e-16e",
        "short_name": "Marseille",
        "department_code": "13",
        "region": "Provence-Alpes-Côte d'Azur",
        "perimeter": "Quartiers prioritaires (QPV) des 14e, 15e et 16e arrondissements de Marseille",
        "commune_codes": "13214 13215 13216",
        "partnership_name": "SELO « Situations extraordinaires, logement ordinaire »",
        "partnership_since": "2016",
        "intro": (
            "Dans les quartiers nord de Marseille, un bailleur (Logirem) et deux associations "
            "(GCS Galilé, Soliha Provence) ont monté une plateforme partenariale avec les CMP "
            "du territoire pour l'orientation, le diagnostic et l'accompagnement des "
            "locataires en souffrance psychique, en accès comme en maintien."
        ),
        "partners": [
            (
                "Logirem",
                "bailleurs-gestionnaires",
                "Co-porteur ; coordination globale (Pôle Innovation sociale)",
            ),
            ("ARHLM PACA", "bailleurs-gestionnaires", "Partenaire"),
            ("GCS Galilé", "social-medico-social", "Co-porteur ; accompagnement"),
            (
                "Soliha Provence",
                "social-medico-social",
                "Co-porteur ; accompagnement et coordination pédagogique",
            ),
            ("Association InCittà", "social-medico-social", "Partenaire"),
            ("SCOP Réseau clinique et travail social", "social-medico-social", "Partenaire"),
            (
                "Centre hospitalier Édouard Toulouse",
                "psychiatrie-publique",
                "Partenaire ; CMP du territoire",
            ),
            (
                "Métropole Aix-Marseille-Provence",
                "collectivites-etat",
                "Partenaire et cofinanceur (politique de la ville)",
            ),
            ("État : ANCT et DREAL", "collectivites-etat", "Partenaire"),
        ],
        "key_figures": [
            ("24", "ménages accompagnés (10 en accès, 14 en maintien)", SELO_SOURCE),
            ("90", "agents de Logirem formés à la souffrance psychique", SELO_SOURCE),
            ("401 075 €", "coût global du projet sur trois ans", SELO_SOURCE),
            ("12 mois", "durée moyenne d'un accompagnement", SELO_SOURCE),
        ],
        "documents": [
            (
                "Fiche projet SELO",
                "Le projet, ses moyens, ses cofinancements, ses résultats et ses limites.",
                "page:selo",
                None,
            ),
        ],
    },
    {
        "slug": "paris",
        "title": "Paris 11e, 17e, 19e",
        "short_name": "Paris",
        "department_code": "75",
        "region": "Île-de-France",
        "perimeter": "11e, 17e et 19e arrondissements de Paris",
        "commune_codes": "75111 75117 75119",
        "partnership_name": "DLAI, dispositif expérimental de logement accompagné pour l'inclusion",
        "partnership_since": "5 novembre 2018 (protocole « santé mentale et logement »)",
        "intro": (
            "Le protocole « santé mentale et logement » du 5 novembre 2018 mobilise trente-sept "
            "logements sociaux sur trois ans pour des personnes suivies par les secteurs de "
            "psychiatrie des 11e, 17e et 19e arrondissements, et ouvre aux bailleurs la "
            "« passerelle inversée » vers la psychiatrie de secteur."
        ),
        "partners": [
            (
                "Ville de Paris (DASES, pôle santé mentale et résilience)",
                "collectivites-etat",
                "Porteur",
            ),
            ("Préfecture de Paris (DLH)", "collectivites-etat", "Porteur"),
            ("ARS Île-de-France", "collectivites-etat", "Signataire du protocole"),
            (
                "AORIF",
                "bailleurs-gestionnaires",
                "Porteur, union des bailleurs sociaux d'Île-de-France",
            ),
            (
                "GHT Paris psychiatrie et neurosciences",
                "psychiatrie-publique",
                "Porteur (EPS Maison Blanche, hôpital Saint-Maurice)",
            ),
            ("Œuvre Falret", "social-medico-social", "Porteur, opérateur médico-social"),
            ("UNAFAM", "usagers-familles", "Partenaire, représentant des usagers"),
        ],
        "key_figures": [
            ("37", "logements sociaux mobilisés sur 3 ans", DLAI_SOURCE),
            ("3", "arrondissements : 11e, 17e et 19e", DLAI_SOURCE),
            ("2018", "signature du protocole santé mentale et logement", DLAI_SOURCE),
        ],
        "documents": [
            (
                "Fiche projet DLAI",
                "Le dispositif, son originalité, ses clés de réussite et ses limites.",
                "page:dlai",
                None,
            ),
        ],
    },
]

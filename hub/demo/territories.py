"""The four partnership territories of the demo, with facts taken from the seeds.

Partners are organisations named in the seeds, each with its partner family. Key figures
quote the seeds: the `source` of each figure is built from its facts in the sources table
(hub/demo/sources.py); `facts` lists what the rest of the page rests on (the loader does
not read it).
"""

from hub.demo.charter import SIGNATORY_FACTS
from hub.demo.sources import cite, uses
from hub.hooks import DEMO, provided

METROPOLE_DE_LYON = "200046977"  # SIREN of the Métropole de Lyon


def commune_codes(data, perimeter=None) -> str:
    """The territory's communes as its page stores them: the member communes of its
    intercommunal perimeter (`epci`), then its own `commune_codes`. `perimeter(siren)`
    gives an EPCI's communes; by default, the first app demo part that has one
    (`maillage_demo` hook: the directory's)."""
    codes = data["commune_codes"].split()
    if data.get("epci"):
        if perimeter is None:
            perimeter = next(part.perimeter for part in provided(DEMO) if part.perimeter)
        codes = [*perimeter(data["epci"]), *codes]
    return " ".join(codes)


TERRITORIES = [
    {
        "slug": "grand-lyon",
        "title": "Grand Lyon",
        "short_name": "Grand Lyon",
        "department_code": "69",
        "region": "Auvergne-Rhône-Alpes",
        "perimeter": "Agglomération du Grand Lyon (Métropole de Lyon)",
        # The 58 communes of the Métropole de Lyon (its SIREN; Etalab, read by the
        # directory's demo part: directory/epci.py), and the nine arrondissements of Lyon.
        "epci": METROPOLE_DE_LYON,
        "commune_codes": " ".join(str(69380 + n) for n in range(1, 10)),
        "partnership_name": "Convention de partenariat « Santé Psychique et Logement »",
        "partnership_since": "2002 (démarche), 2013 (convention)",
        "intro": (
            "Depuis 2002, le Grand Lyon et l'État mènent une démarche partenariale « Santé "
            "Psychique et Logement ». La convention d'avril 2013, qui compte treize "
            "signataires, en fixe les objectifs, les principes, la gouvernance et trois "
            "fiches action : c'est la charte du hub."
        ),
        "facts": uses(
            "lyon-since-2002",
            "lyon-parties",
            "lyon-parties-unions",
            "lyon-project-committee-rhythm",
            "lyon-plenary-rhythm",
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
            ("ABC HLM", "bailleurs-gestionnaires", "Signataire"),
            (
                "UNIS Lyon Rhône",
                "bailleurs-gestionnaires",
                "Signataire, Union Syndicale de l'Immobilier Lyon Rhône",
            ),
            ("Centre hospitalier Le Vinatier", "psychiatrie-publique", "Signataire"),
            ("Centre hospitalier Saint Jean de Dieu", "psychiatrie-publique", "Signataire"),
            ("Centre hospitalier de Saint-Cyr-au-Mont-d'Or", "psychiatrie-publique", "Signataire"),
            ("Coordination 69", "social-medico-social", "Signataire"),
            ("Collectif Logement Rhône", "logement-accompagne", "Signataire"),
            (
                "UNAFO",
                "logement-accompagne",
                "Signataire, Union Professionnelle du Logement accompagné",
            ),
            (
                "UNAFAM",
                "usagers-familles",
                "Signataire, Union Nationale des Familles ou Amis de Personnes Malades et "
                "Handicapées Psychiques",
            ),
        ],
        "key_figures": [
            (
                "2002",
                "début de la démarche partenariale Santé Psychique et Logement",
                cite("lyon-since-2002"),
            ),
            ("13", "signataires de la convention", cite(*SIGNATORY_FACTS)),
            (
                "8",
                "territoires de l'agglomération ont expérimenté les formations-actions (2008-2010)",
                cite("lyon-eight-territories"),
            ),
            (
                "150",
                "personnes environ à former sur 3 ans (objectif de la fiche action 1)",
                cite("lyon-training-150"),
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
        "perimeter": (
            "Territoire messin ; logements visés à Metz Sablon, Montigny-lès-Metz et Marly"
        ),
        "commune_codes": "57463 57480 57447",
        "partnership_name": "Partenariat bailleurs sociaux / psychiatrie publique du CLSM messin",
        "partnership_since": "2017 (groupes de travail), 2018 (convention cadre en cours)",
        "intro": (
            "Né des groupes de travail « Logement » du conseil local de santé mentale (CLSM) du "
            "territoire messin, le partenariat copiloté par ARELOR Hlm et le centre "
            "hospitalier de Jury vise l'accès au logement accompagné et une procédure de "
            "signalement et d'intervention en cas de troubles dans le parc Hlm."
        ),
        "facts": uses(
            "metz-working-groups-2017",
            "metz-framework-convention",
            "metz-copiloted",
            "metz-objective-access",
            "metz-objective-reporting",
            "metz-dwellings",
            "metz-landlords",
            "metz-arelor-role",
            "metz-jury-pole-5",
            "metz-funding",
        ),
        "partners": [
            ("ARELOR Hlm", "bailleurs-gestionnaires", "Copilote ; coordonnateur inter-organismes"),
            ("Batigère", "bailleurs-gestionnaires", "Bailleur messin"),
            ("Moselis", "bailleurs-gestionnaires", "Bailleur messin"),
            ("Logiest", "bailleurs-gestionnaires", "Bailleur messin"),
            ("ICF HNE", "bailleurs-gestionnaires", "Bailleur messin"),
            ("I3F Grand Est", "bailleurs-gestionnaires", "Bailleur messin"),
            ("OPH de Montigny-lès-Metz", "bailleurs-gestionnaires", "Bailleur messin"),
            ("MHT", "bailleurs-gestionnaires", "Bailleur messin"),
            ("Présence Habitat", "bailleurs-gestionnaires", "Bailleur messin"),
            (
                "Centre hospitalier de Jury – Pôle 5",
                "psychiatrie-publique",
                "Copilote ; porteur du CLSM ; ERAH (équipe réseau des alternatives à l'hospitalisation)",
            ),
            ("Metz Métropole", "collectivites-etat", "Piste de financement (AMI Logement d'abord)"),
        ],
        "key_figures": [
            ("4", "critères cumulatifs pour l'accès au logement accompagné", cite("metz-criteria")),
            ("20", "besoins identifiés au 18 juin 2018", cite("metz-criteria")),
            ("8", "bailleurs messins cités avec ARELOR Hlm", cite("metz-landlords")),
            ("2012", "mise en place de l'ERAH au CH de Jury", cite("metz-erah-2012")),
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
            "Dans les QPV des 14e, 15e et 16e arrondissements de Marseille, un bailleur "
            "(Logirem) et deux associations (GCS Galilé, Soliha Provence) ont monté une "
            "plateforme partenariale avec les services médico-psychologiques du territoire "
            "pour l'orientation, le diagnostic et l'accompagnement des personnes en souffrance "
            "psychique, en accès comme en maintien."
        ),
        "facts": uses(
            "selo-territory",
            "selo-period",
            "selo-bearers",
            "selo-platform",
            "selo-logirem-coordination",
            "selo-associations",
            "selo-staff-soliha",
            "selo-partner-metropole",
            "selo-partner-arhlm",
            "selo-partner-hospital",
            "selo-partner-state",
            "selo-partner-incitta",
            "selo-partner-scop",
            "selo-metropole-logirem",
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
            ("Centre hospitalier Édouard Toulouse", "psychiatrie-publique", "Partenaire"),
            (
                "Métropole Aix-Marseille-Provence",
                "collectivites-etat",
                "Partenaire et cofinanceur (politique de la ville)",
            ),
            ("État : ANCT et DREAL", "collectivites-etat", "Partenaire"),
        ],
        "key_figures": [
            ("24", "ménages accompagnés (10 en accès, 14 en maintien)", cite("selo-households")),
            ("90", "agents de Logirem formés à la souffrance psychique", cite("selo-90-agents")),
            ("401 075 €", "coût global du projet sur trois ans", cite("selo-budget")),
            ("12 mois", "durée moyenne d'un accompagnement", cite("selo-12-months")),
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
        "facts": uses(
            "dlai-protocol",
            "dlai-37-dwellings",
            "dlai-public",
            "dlai-reverse-bridge",
            "dlai-bearers",
            "dlai-committed",
            "dlai-co-built",
            "dlai-territory",
        ),
        "partners": [
            (
                "Ville de Paris (DASES, pôle santé mentale et résilience)",
                "collectivites-etat",
                "Porteur",
            ),
            ("Préfecture de Paris (DLH)", "collectivites-etat", "Porteur"),
            ("ARS Île-de-France", "collectivites-etat", "Signataire du protocole"),
            ("AORIF", "bailleurs-gestionnaires", "Porteur"),
            (
                "GHT Paris psychiatrie et neurosciences",
                "psychiatrie-publique",
                "Porteur (EPS Maison Blanche, hôpital Saint-Maurice)",
            ),
            ("Œuvre Falret", "social-medico-social", "Porteur, opérateur médico-social"),
            ("UNAFAM", "usagers-familles", "Partenaire, représentant des usagers"),
        ],
        "key_figures": [
            (
                "37",
                "logements sur 3 ans, sur les contingents de logements sociaux de la Ville et "
                "de la Préfecture",
                cite("dlai-37-dwellings"),
            ),
            ("3", "arrondissements : 11e, 17e et 19e", cite("dlai-territory")),
            ("2018", "signature du protocole santé mentale et logement", cite("dlai-date")),
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

# ruff: noqa: E501
"""The demo guide, written from the four seeds only (hub/demo/seeds/).

The outline follows the training module of the Lyon convention (fiche action 1, module 1).
Every fact below comes from a seed; what the seeds do not say is an explicit callout
« À compléter par le territoire » for the partners to write. No article of law is cited:
none is quoted in the seeds. No person is named: testimonies carry a role.

Each chapter: (slug, title, owning family slug, audience, intro, [blocks]). A block is
(type, value) as StreamField raw data; `steps(...)` and `faq(...)` build ListBlock items.
The facts each chapter, procedure and glossary entry rests on are listed by id
(`CHAPTER_FACTS`, `STEP_FACTS`, `GLOSSARY_FACTS`) in the sources table,
hub/demo/sources.py; glossary definitions otherwise give general knowledge only.
"""

from hub.demo.sources import uses

GUIDE = {
    "title": "Guide Santé Psychique et Logement",
    "intro": (
        "Le guide partagé des bailleurs sociaux, de la psychiatrie publique et de "
        "l'accompagnement social et médico-social : qui fait quoi, avec qui, et comment agir "
        "quand un locataire va mal. Ses chapitres suivent le module de connaissance partagée "
        "des formations-actions de la convention lyonnaise ; chaque famille de partenaires "
        "rédige les siens."
    ),
}


def callout(kind, html):
    return ("callout", {"kind": kind, "text": html})


def to_complete(html):
    """A callout « À compléter par le territoire » (its label says so) for the partners."""
    return callout("a-completer", f"<p>{html[:1].upper()}{html[1:]}</p>")


def text(html):
    return ("text", html)


def who(heading, organisation_kind="", instance_kind="", commune_code="", note=""):
    return (
        "who_to_contact",
        {
            "heading": heading,
            "organisation_kind": organisation_kind,
            "instance_kind": instance_kind,
            "commune_code": commune_code,
            "note": note,
        },
    )


def legal(body, article, link=""):
    return ("legal_reference", {"text": body, "article": article, "link": link})


def testimony(quote, role, territory):
    return ("testimony", {"quote": quote, "role": role, "territory": territory})


PARTS = [
    {
        "slug": "psychiatrie",
        "title": "La psychiatrie",
        "family": "psychiatrie-publique",
        "intro": "Le cadre légal, l'organisation et les pratiques de la psychiatrie sectorisée, les maladies et leurs incidences sur le comportement.",
        "chapters": [
            (
                "cadre-legal-psychiatrie",
                "Le cadre légal de la psychiatrie",
                "psychiatrie-publique",
                "public",
                "Ce que tout partenaire doit savoir du cadre légal des soins psychiatriques, premier thème de la formation-action.",
                [
                    text(
                        "<p>La convention lyonnaise place « le cadre législatif » au cœur du module de connaissance partagée des formations-actions : connaître les publics concernés, les acteurs, leurs missions et leurs compétences, et les textes qui encadrent leur action.</p>"
                    ),
                    to_complete(
                        "les textes qui encadrent les soins psychiatriques (soins libres et soins sans consentement, droits des patients), présentés par la psychiatrie publique du territoire. Aucun article de loi n'est cité tant qu'il n'a pas été relu par la famille « Psychiatrie publique »."
                    ),
                    callout(
                        "retenir",
                        "<p>Le guide ne remplace pas l'avis d'un professionnel : en cas de doute sur une situation, on s'adresse au CMP du secteur ou à l'instance de coordination locale.</p>",
                    ),
                ],
            ),
            (
                "psychiatrie-de-secteur",
                "L'organisation de la psychiatrie de secteur",
                "psychiatrie-publique",
                "public",
                "Secteurs, centres hospitaliers, CMP et équipes mobiles : à qui s'adresser selon l'adresse du locataire.",
                [
                    text(
                        "<h2>Une psychiatrie organisée par secteurs</h2><p>La psychiatrie publique est organisée en secteurs : chaque commune, ou chaque arrondissement à Paris, Lyon et Marseille, relève d'un secteur rattaché à un centre hospitalier, avec son ou ses CMP. À Metz, le partenariat de 2018 s'ouvre sur « la sectorisation psychiatrique en Moselle » ; à Paris, les personnes accompagnées par le DLAI sont des adultes « suivis par les secteurs de psychiatrie des arrondissements ».</p><p>Le centre hospitalier de Jury, à Metz, se présente comme un « dispositif de psychiatrie publique pour lutter contre les maladies mentales : actions de prévention, diagnostic, soin, réadaptation et réinsertion sociale ».</p>"
                    ),
                    text(
                        "<h2>Les équipes mobiles</h2><p>Depuis 2012, le centre hospitalier de Jury a mis en place l'ERAH, équipe réseau des alternatives à l'hospitalisation. Dans le partenariat messin, elle formalise un contrat de soin avec le futur résident, assure une prise en charge soignante continue (et une astreinte téléphonique), l'évaluation clinique et l'accompagnement du projet de vie du patient.</p><p>À Paris, le projet DLAI s'inscrit dans « une psychiatrie du 21e siècle » où la prise en charge s'effectue dans une démarche « d'aller vers » médico-psychosociale, en rupture avec la prise en charge asilaire.</p>"
                    ),
                    who(
                        "Le CMP du secteur, à Metz",
                        organisation_kind="cmp",
                        commune_code="57463",
                        note="Exemple pour Metz : l'annuaire donne les CMP de chaque commune renseignée.",
                    ),
                    who("Les équipes mobiles de psychiatrie", organisation_kind="equipe-mobile"),
                    to_complete(
                        "la carte des secteurs de votre territoire, les horaires d'accueil des CMP et les modalités d'intervention des équipes mobiles."
                    ),
                ],
            ),
            (
                "maladies-et-comportement",
                "Les maladies et leurs incidences sur le comportement",
                "psychiatrie-publique",
                "public",
                "Comprendre ce que les troubles psychiques peuvent changer dans la façon d'habiter un logement.",
                [
                    text(
                        "<p>Les partenaires décrivent des situations plutôt que des diagnostics : à Metz, la « situation de crise ou de repli sur soi d'un locataire », les « troubles impliquant le comportement d'une personne ou mise en danger de soi au sein du parc Hlm » ; à Marseille, des troubles qui affectent le bien-être des personnes et « leur capacité à habiter un logement » ; à Paris, des troubles « en phase de stabilisation mais qui entravent leur capacité à vivre sans accompagnement dans un logement autonome ».</p>"
                    ),
                    callout(
                        "attention",
                        "<p>Aucune information de santé nominative ne circule sur le hub : ni nom, ni situation identifiable d'un locataire ou d'un patient. Les situations se discutent dans les instances de coordination.</p>",
                    ),
                    to_complete(
                        "une présentation des principales maladies psychiques et de leurs effets possibles sur la vie quotidienne et le logement, rédigée par la psychiatrie publique, avec le point de vue des familles."
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "social-et-medico-social",
        "title": "Le social et le médico-social",
        "family": "social-medico-social",
        "intro": "Le cadre légal et les pratiques de l'accompagnement social et médico-social.",
        "chapters": [
            (
                "accompagnement-social-medico-social",
                "Cadre légal et pratiques de l'accompagnement",
                "social-medico-social",
                "public",
                "Ce que fait l'accompagnement social et médico-social, à partir des expériences de Marseille et de Paris.",
                [
                    text(
                        "<h2>Un accompagnement social global</h2><p>À Marseille, le projet SELO propose « un accompagnement social global et individualisé » : GCS Galilé et Soliha Provence travaillent en binôme et accompagnent la personne depuis la phase de diagnostic jusqu'au tuilage avec les CESF du bailleur en fin d'accompagnement. Les mesures durent 12 mois en moyenne et prennent fin lorsque les partenaires s'accordent sur la capacité du locataire à « habiter » son logement, ou sur une autre orientation travaillée avec la personne.</p><h2>Le médico-social</h2><p>À Paris, l'Œuvre Falret est la structure médico-sociale du DLAI, avec un accompagnement adapté permettant « une autonomisation progressive de la personne ».</p>"
                    ),
                    who(
                        "Les associations d'accompagnement",
                        organisation_kind="association",
                    ),
                    to_complete(
                        "le cadre légal de l'action sociale et médico-sociale (missions, financements, mesures d'accompagnement) et les dispositifs existant sur votre territoire."
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "logement-et-hebergement",
        "title": "Le logement et l'hébergement",
        "family": "bailleurs-gestionnaires",
        "intro": "Les pratiques et la réglementation du logement social et de l'hébergement.",
        "chapters": [
            (
                "logement-pratiques-reglementation",
                "Pratiques et réglementation du logement",
                "bailleurs-gestionnaires",
                "public",
                "Les instances et les équipes du logement social que les partenaires de la santé doivent connaître.",
                [
                    text(
                        "<h2>Les cadres de la politique locale</h2><p>La convention lyonnaise s'inscrit dans le Programme local de l'habitat (PLH), qui comporte une fiche action « Améliorer la prise en charge des problèmes de santé psychique dans le logement », et dans le Plan départemental d'action pour le logement des personnes défavorisées (PDALPD).</p><h2>Les instances de la demande et des attributions</h2><p>Pour l'accès et le maintien, la convention prend appui sur les ILHA (instances locales de l'habitat et des attributions), les ITTL (instances techniques territorialisées logement) et la commission de régulation de la MVS (Maison de la Veille Sociale). À Paris, les logements du DLAI sont mobilisés sur les contingents de logements sociaux de la Ville et de la Préfecture.</p><h2>Les équipes du bailleur</h2><p>Chez un bailleur, les situations passent par les équipes de proximité : équipes de terrain, chargés de clientèle, CESF, chargés de contentieux. À Marseille, 90 agents de Logirem ont été sensibilisés ou formés à la souffrance psychique.</p>"
                    ),
                    who(
                        "Les bailleurs sociaux de Metz",
                        organisation_kind="bailleur-social",
                        commune_code="57463",
                    ),
                    to_complete(
                        "la réglementation des attributions, du bail et des procédures de contentieux, et les pratiques de votre organisme."
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "familles-et-usagers",
        "title": "Le point de vue des familles et des usagers",
        "family": "usagers-familles",
        "intro": "Un point de vue transversal à tout le guide.",
        "chapters": [
            (
                "point-de-vue-familles-usagers",
                "Le point de vue des familles et des usagers",
                "usagers-familles",
                "public",
                "Les familles et les usagers sont partenaires de la démarche depuis son origine.",
                [
                    text(
                        "<p>À Lyon, la démarche « Santé Psychique et Logement » associe depuis 2002 « les associations et les familles de malades » ; l'UNAFAM est signataire de la convention, et le point de vue des familles et des usagers est « évoqué de façon transversale » dans les formations-actions. À Paris, le DLAI est « co-construit avec les représentants des usagers, tels que l'UNAFAM ».</p>"
                    ),
                    who(
                        "Les associations d'usagers et de familles",
                        organisation_kind="usagers-familles",
                    ),
                    to_complete(
                        "le témoignage des familles et des usagers (UNAFAM, GEM) : ce qu'ils attendent des bailleurs, des soignants et des accompagnants."
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "secret",
        "title": "Secret professionnel et secret partagé",
        "family": "collectivites-etat",
        "intro": "Partager ce qui est strictement nécessaire, dans le respect des personnes.",
        "chapters": [
            (
                "secret-professionnel-secret-partage",
                "Secret professionnel, secret partagé",
                "collectivites-etat",
                "public",
                "Ce que la convention prévoit pour l'information des personnes et le partage d'informations.",
                [
                    legal(
                        "Dans le souci du respect des personnes, et préalablement à la mise en place de modes de collaboration sur les territoires, les modalités d'information de la personne et de partage des informations à caractère secret strictement nécessaires seront définies localement.",
                        "Convention Santé Psychique et Logement (Grand Lyon, 2013), 3 – Principes de l'action collective",
                    ),
                    text(
                        "<p>Le module 2 des formations-actions aide les territoires à construire une « déontologie locale (secret professionnel, secret partagé) ». À Marseille, les modalités d'intervention des partenaires de SELO ont été harmonisées « à l'instar du respect de la confidentialité des informations », et les réunions de suivi mensuelles sont « très opérationnelles et confidentielles ».</p>"
                    ),
                    callout(
                        "retenir",
                        "<p>Le hub ne porte aucune donnée de santé nominative. Il donne les procédures, les contacts et la logistique des réunions ; les situations se discutent dans les instances.</p>",
                    ),
                    to_complete(
                        "le cadre légal du secret professionnel et du secret partagé, relu par les juristes des partenaires, et la charte de déontologie de votre instance de coordination."
                    ),
                    (
                        "faq",
                        {
                            "heading": "Questions fréquentes",
                            "items": "FAQ_SECRET",
                        },
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "outils-et-temoignages",
        "title": "Outils et témoignages",
        "family": "collectivites-etat",
        "intro": "Les outils mis à disposition des partenaires et les témoignages des territoires.",
        "chapters": [
            (
                "outils",
                "Les outils à disposition",
                "collectivites-etat",
                "public",
                "Guide, formations-actions, site, cartographie : ce que le partenariat met à disposition.",
                [
                    text(
                        "<h2>Des outils construits ensemble</h2><p>Le Guide Santé Psychique et Logement, édité à deux reprises à Lyon, « a permis d'approfondir la connaissance mutuelle des partenaires et des pratiques ». Une charte graphique et un film ont permis aux partenaires de communiquer autour d'une identité commune. La convention prévoit aussi un site internet « via des niveaux d'accès différenciés », la mise à disposition du guide au format PDF et une cartographie actualisée des dispositifs.</p><h2>Les formations-actions</h2><p>D'une durée de 5 à 6 jours, elles visent environ 150 personnes formées sur 3 ans dans l'agglomération lyonnaise. Elles sont évaluées « à chaud », puis à 12 ou 18 mois sur leurs effets pour les participants et pour les territoires.</p>"
                    ),
                    ("model_document", "MODEL_DOCUMENT"),
                    to_complete(
                        "les outils propres à votre territoire (fiches réflexes, annuaires locaux, conventions types)."
                    ),
                ],
            ),
            (
                "temoignages-territoires",
                "Témoignages de territoires",
                "collectivites-etat",
                "public",
                "Ce que les territoires ayant développé des instances de coordination retiennent de leur expérience.",
                [
                    text(
                        "<h2>Grand Lyon</h2><p>Des formations-actions ont été expérimentées sur huit territoires de l'agglomération entre 2008 et 2010 ; elles ont surtout permis le démarrage, sur certains territoires, d'instances de coordination partenariales.</p><h2>Marseille</h2><p>SELO a accompagné 24 ménages (10 accès et 14 maintiens). Le portage partenarial a permis des partenariats entre structures « qui avaient auparavant peu de liens ».</p>"
                    ),
                    testimony(
                        "Il y a une évolution du regard, aujourd'hui, on prend le temps, on comprend, on analyse avant de lancer la procédure. On découvre que des gens peuvent aller mal, et on essaye d'y répondre pour qu'ils ne perdent pas leur logement et se sentent bien chez eux.",
                        "coordinatrice du projet SELO chez le bailleur",
                        "Marseille 14e-16e",
                    ),
                    text(
                        "<h2>Paris</h2><p>Clés de réussite du DLAI : un projet co-construit au sein des CLSM, que les professionnels se sont appropriés ; un multipartenariat renforcé ; un projet de recherche pour évaluer et mutualiser les bonnes pratiques. Limites : le nombre important d'acteurs, aux temporalités différentes, et l'embolisation du dispositif si aucune sortie n'est possible pour les patients.</p>"
                    ),
                    to_complete(
                        "le témoignage de votre instance de coordination : création, fonctionnement, situations traitées (sans donnée nominative)."
                    ),
                ],
            ),
            (
                "carnet-contacts-partenaires",
                "Carnet de contacts des partenaires (note de travail)",
                "collectivites-etat",
                "partners",
                "Les contacts de coordination et les lignes directes réservés aux partenaires accrédités.",
                [
                    callout(
                        "attention",
                        "<p>Note de travail réservée aux partenaires accrédités : les lignes directes ne se diffusent pas hors du réseau.</p>",
                    ),
                    who("Les conseils locaux de santé mentale", instance_kind="clsm"),
                    who("Les équipes mobiles", organisation_kind="equipe-mobile"),
                    who("Les hôpitaux et leurs coordinations", organisation_kind="hopital"),
                    to_complete(
                        "les contacts de coordination de votre territoire, avec leur date de vérification."
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "procedures",
        "title": "Les procédures",
        "family": "bailleurs-gestionnaires",
        "intro": "Signalement et intervention, passerelle inversée, accès au logement accompagné.",
        "chapters": [
            (
                "signalement-et-intervention",
                "Signalement et intervention quand un locataire est en difficulté",
                "bailleurs-gestionnaires",
                "public",
                "Que faire quand un locataire est en crise ou se replie sur lui-même : la procédure messine et l'exemple marseillais.",
                [
                    text(
                        "<h2>La procédure de Metz</h2><p>Le partenariat entre ARELOR Hlm et le centre hospitalier de Jury poursuit un double objectif, dont celui de « définir une procédure de signalement et d'intervention en cas de troubles impliquant le comportement d'une personne ou mise en danger de soi au sein du parc Hlm ». En 2018, cette procédure était « en cours de définition (cf. fiche modèle) », avec un séminaire partenarial prévu à l'automne.</p>"
                    ),
                    to_complete(
                        "les étapes de la fiche modèle messine une fois validée : qui repère, qui alerte, qui intervient, dans quels délais, et comment la personne est informée."
                    ),
                    ("model_document", "MODEL_DOCUMENT"),
                    (
                        "procedure",
                        {
                            "heading": "L'exemple marseillais : la plateforme SELO",
                            "intro": "La plateforme partenariale permet l'orientation, le diagnostic et l'accompagnement adapté dans l'accès ou le maintien dans le logement.",
                            "steps": "SELO_STEPS",
                        },
                    ),
                    who("Le CMP du secteur, à Metz", organisation_kind="cmp", commune_code="57463"),
                    who(
                        "L'équipe mobile, à Metz",
                        organisation_kind="equipe-mobile",
                        commune_code="57463",
                    ),
                    who(
                        "L'instance de coordination, à Metz",
                        instance_kind="clsm",
                        commune_code="57463",
                    ),
                    (
                        "faq",
                        {
                            "heading": "Questions fréquentes",
                            "items": "FAQ_SIGNALEMENT",
                        },
                    ),
                ],
            ),
            (
                "passerelle-inversee",
                "La passerelle inversée",
                "psychiatrie-publique",
                "public",
                "À Paris, les bailleurs sociaux peuvent signaler des locataires de leur parc pour favoriser leur accès aux soins.",
                [
                    text(
                        "<h2>Le dispositif DLAI</h2><p>Un protocole d'accord « santé mentale et logement » a été signé le 5 novembre 2018 entre la Préfecture de Paris, la mairie de Paris, le GHT Paris psychiatrie et neurosciences, l'ARS Île-de-France, l'AORIF, des élus et représentants des 11e, 17e et 19e arrondissements. Il met à disposition trente-sept logements sur 3 ans.</p><h2>Le principe de la passerelle inversée</h2><p>Le DLAI veut favoriser le maintien dans le logement social de locataires souffrant de troubles psychiques, afin de permettre l'accès aux soins psychiatriques assurés par la psychiatrie de secteur quand cela est nécessaire : « les bailleurs sociaux eux-mêmes auront la possibilité de signaler des locataires relevant de leur parc dans le cadre du dispositif de la passerelle inversée ».</p>"
                    ),
                    to_complete(
                        "le circuit concret de la passerelle inversée : à qui le bailleur s'adresse, avec quel support, et le retour fait au bailleur."
                    ),
                    callout(
                        "attention",
                        "<p>Limite relevée par les partenaires parisiens : l'embolisation du dispositif si aucune sortie n'est possible pour les patients.</p>",
                    ),
                    who(
                        "Le CMP du 11e arrondissement",
                        organisation_kind="cmp",
                        commune_code="75111",
                    ),
                ],
            ),
            (
                "acces-logement-accompagne",
                "L'accès au logement accompagné",
                "logement-accompagne",
                "public",
                "Les critères et la sous-location retenus à Metz pour l'accès au logement accompagné dans le parc social.",
                [
                    text(
                        "<h2>Les critères retenus à Metz</h2><p>Le public cible est une personne répondant à ces 4 critères cumulatifs (20 besoins identifiés en 2018) :</p><ul><li>être en situation de handicap ou de déficience psychique ;</li><li>être suivie par le CH de Jury ;</li><li>être confrontée à une problématique d'accès au logement autonome ;</li><li>être solvable dans la perspective d'un logement autonome.</li></ul><p>Les logements concernés sont des T1/T2 implantés à Metz Sablon, Montigny-lès-Metz et Marly, proches des services et des transports.</p>"
                    ),
                    (
                        "procedure",
                        {
                            "heading": "Le parcours proposé à Metz : la sous-location",
                            "intro": "La formule visée par les bailleurs sociaux est la sous-location via un opérateur associatif.",
                            "steps": "METZ_STEPS",
                        },
                    ),
                    callout(
                        "retenir",
                        "<p>Pas de glissement de bail « automatique » : l'évolution du statut locatif se décide entre partenaires, au cas par cas, sur la base d'une évaluation partagée.</p>",
                    ),
                    text(
                        "<h2>Les financements</h2><p>Pistes de financement cumulables : le droit commun, et un financement spécifique (AMI Logement d'abord / Metz Métropole). En 2018 restaient à préciser le choix de l'opérateur associatif, les modalités de financement et de sécurisation du dispositif sur le long terme, et l'évaluation collégiale liée à l'accès et au parcours résidentiel du ménage.</p>"
                    ),
                    who(
                        "Les opérateurs de logement accompagné",
                        organisation_kind="logement-accompagne",
                    ),
                    to_complete(
                        "les critères et les opérateurs de logement accompagné de votre territoire (résidences accueil, pensions de famille, sous-location)."
                    ),
                ],
            ),
        ],
    },
]

SELO_STEPS = [
    (
        "Orienter",
        "<p>Le bailleur oriente les situations de vulnérabilité psycho-sociale parmi ses locataires (volet maintien) ; les CMP orientent des bénéficiaires (volet accès).</p>",
        "Logirem (Pôle Innovation sociale) et les CMP",
    ),
    (
        "Diagnostiquer et accompagner",
        "<p>Un accompagnement social global et individualisé, en binôme, depuis la phase de diagnostic ; 12 mois en moyenne.</p>",
        "GCS Galilé et Soliha Provence",
    ),
    (
        "Suivre ensemble",
        "<p>Des réunions de suivi mensuelles, opérationnelles et confidentielles : avancement, problèmes rencontrés, solutions.</p>",
        "les partenaires de la plateforme",
    ),
    (
        "Passer le relais",
        "<p>En fin d'accompagnement, tuilage avec les CESF du bailleur.</p>",
        "GCS Galilé, Soliha Provence et les CESF de Logirem",
    ),
]

METZ_STEPS = [
    (
        "Vérifier les 4 critères cumulatifs",
        "<p>Handicap ou déficience psychique, suivi par le CH de Jury, problématique d'accès au logement autonome, solvabilité.</p>",
        "",
    ),
    (
        "Sous-louer via un opérateur associatif",
        "<p>L'opérateur a une relation contractuelle avec le bailleur social ; la durée est limitée mais doit suffire à l'insertion dans le logement et son environnement (un an prérequis).</p>",
        "le bailleur social et l'opérateur associatif",
    ),
    (
        "Accompagner globalement",
        "<p>L'ERAH assure le contrat de soin, la prise en charge soignante continue et l'évaluation clinique ; l'opérateur assure l'accompagnement lié au logement (gestion locative et volet social).</p>",
        "l'ERAH et l'opérateur associatif",
    ),
    (
        "Décider ensemble du statut locatif",
        "<p>Au cas par cas, sur la base d'une évaluation partagée.</p>",
        "les partenaires impliqués",
    ),
]

FAQ_SECRET = [
    (
        "Puis-je décrire la situation d'un locataire sur le hub ?",
        "<p>Non. Le hub ne porte aucune donnée de santé nominative ; les situations se discutent dans les instances de coordination.</p>",
    ),
    (
        "Qui définit ce qui peut être partagé ?",
        "<p>Selon la convention lyonnaise, les modalités d'information de la personne et de partage des informations strictement nécessaires sont définies localement, par chaque territoire.</p>",
    ),
]

FAQ_SIGNALEMENT = [
    (
        "Le hub reçoit-il des signalements ?",
        "<p>Non. Le hub donne la procédure et les contacts ; le signalement suit le circuit défini par votre territoire.</p>",
    ),
    (
        "Et si la procédure de mon territoire n'est pas encore écrite ?",
        "<p>Adressez-vous à l'instance de coordination locale (CLSM, cellule de coordination) : la page « Qui contacter ? » donne celle de votre commune.</p>",
    ),
]

MODEL_DOCUMENT = {
    "title": "Trame de fiche de signalement (modèle à compléter)",
    "filename": "trame-fiche-signalement.txt",
    "description": "Une trame vierge à adapter par chaque territoire ; elle ne doit contenir aucune donnée de santé nominative.",
    "content": (
        "Trame de fiche de signalement - modèle de démonstration du guide Maillage\n\n"
        "Cette trame est à compléter par le territoire. La procédure messine de signalement et\n"
        "d'intervention était en cours de définition en 2018 (cf. fiche modèle).\n\n"
        "Rubriques proposées, sans donnée de santé nominative :\n"
        "- organisme et fonction de la personne qui signale ;\n"
        "- faits observés (dates, nature), sans diagnostic ;\n"
        "- partenaires déjà informés ;\n"
        "- suite donnée par l'instance de coordination.\n"
    ),
}

EDITION = {
    "name": "Édition 2026",
    "summary": "Première édition en ligne du guide, écrite à partir des documents des quatre partenariats (Grand Lyon, Metz, Marseille, Paris). Les encadrés « À compléter par le territoire » restent à rédiger par les familles de partenaires.",
}

# (term, variants, definition, link): definitions say what the seeds or common
# institutional usage say, nothing more.
GLOSSARY = [
    (
        "CMP",
        ["centre médico-psychologique", "centres médico-psychologiques"],
        "Centre médico-psychologique : lieu de consultation de la psychiatrie publique, rattaché à un secteur et à un centre hospitalier. C'est l'interlocuteur de proximité pour les soins psychiatriques d'un secteur.",
        "",
    ),
    (
        "CLSM",
        ["conseil local de santé mentale", "conseils locaux de santé mentale"],
        "Conseil local de santé mentale : plateforme de concertation et de coordination dans le champ de la santé mentale, à l'échelle d'une ou plusieurs communes.",
        "",
    ),
    (
        "ERAH",
        ["équipe réseau des alternatives à l'hospitalisation"],
        "Équipe réseau des alternatives à l'hospitalisation du centre hospitalier de Jury (Metz), mise en place en 2012 : contrat de soin, prise en charge soignante continue avec astreinte téléphonique, évaluation clinique, accompagnement du projet de vie.",
        "",
    ),
    (
        "SIAO",
        ["service intégré d'accueil et d'orientation"],
        "Service intégré d'accueil et d'orientation : il recense les demandes d'hébergement et de logement accompagné des personnes sans logement et les oriente vers les places disponibles.",
        "",
    ),
    (
        "CESF",
        [
            "conseillère en économie sociale et familiale",
            "conseiller en économie sociale et familiale",
        ],
        "Conseiller ou conseillère en économie sociale et familiale : travailleur social qui accompagne les ménages dans leur vie quotidienne (budget, logement). Chez un bailleur, les CESF font partie des équipes de proximité.",
        "",
    ),
    (
        "PDALPD",
        ["plan départemental d'action pour le logement des personnes défavorisées"],
        "Plan départemental d'action pour le logement des personnes défavorisées : le cadre départemental de l'action pour le logement des ménages en difficulté, dans lequel s'inscrit la convention lyonnaise.",
        "",
    ),
    (
        "PLH",
        ["programme local de l'habitat"],
        "Programme local de l'habitat : document de programmation de la politique de l'habitat d'une intercommunalité. Celui du Grand Lyon comporte une fiche action « Améliorer la prise en charge des problèmes de santé psychique dans le logement ».",
        "",
    ),
    (
        "QPV",
        ["quartier prioritaire de la politique de la ville", "quartiers prioritaires"],
        "Quartier prioritaire de la politique de la ville. Le projet SELO intervient dans les QPV des 14e, 15e et 16e arrondissements de Marseille.",
        "",
    ),
    (
        "bail glissant",
        ["baux glissants", "glissement de bail"],
        "Formule où une association, d'abord locataire, sous-loue le logement puis fait « glisser » le bail au nom de l'occupant quand il peut l'assumer seul. À Metz, les partenaires excluent un glissement « automatique » : il se décide au cas par cas, sur une évaluation partagée.",
        "",
    ),
    (
        "sous-location",
        ["sous-locations", "sous-louer"],
        "Le bailleur social loue le logement à un opérateur associatif, qui le sous-loue à la personne et l'accompagne. C'est la formule visée à Metz pour l'accès au logement accompagné, pour une durée limitée.",
        "",
    ),
    (
        "secret partagé",
        [],
        "Partage, entre professionnels, des seules informations à caractère secret strictement nécessaires, dans le respect de la personne et après son information. La convention lyonnaise prévoit que ses modalités soient définies localement.",
        "",
    ),
    (
        "secret professionnel",
        [],
        "Obligation, pour les professionnels qui y sont tenus, de ne pas révéler les informations à caractère secret connues dans l'exercice de leur profession ou de leur mission.",
        "",
    ),
    (
        "ASV",
        ["atelier santé ville", "ateliers santé ville"],
        "Atelier santé ville : démarche de la politique de la ville qui coordonne les acteurs locaux de la santé. La convention lyonnaise s'appuie sur les ASV et les CLSM.",
        "",
    ),
    (
        "ILHA",
        [
            "instance locale de l'habitat et des attributions",
            "instances locales de l'habitat et des attributions",
        ],
        "Instance locale de l'habitat et des attributions, dans le Grand Lyon : la convention y prend appui pour l'accès et le maintien dans le logement.",
        "",
    ),
    (
        "ITTL",
        [
            "instance technique territorialisée logement",
            "instances techniques territorialisées logement",
        ],
        "Instance technique territorialisée logement, dans le Grand Lyon : la convention y prend appui pour l'accès et le maintien dans le logement.",
        "",
    ),
    (
        "MVS",
        ["Maison de la Veille Sociale"],
        "Maison de la Veille Sociale, citée par la convention lyonnaise, qui prend appui sur sa commission de régulation.",
        "",
    ),
    (
        "RSML",
        ["réseau santé mentale et logement"],
        "Réseau santé mentale et logement, à Marseille : il réunit notamment les professionnels médicaux du territoire.",
        "",
    ),
    (
        "GEM",
        ["groupe d'entraide mutuelle", "groupes d'entraide mutuelle"],
        "Groupe d'entraide mutuelle : association de personnes concernées par des troubles psychiques, lieu de rencontre et d'entraide entre pairs.",
        "",
    ),
    (
        "UNAFAM",
        [],
        "Union nationale de familles et amis de personnes malades et/ou handicapées psychiques. Signataire de la convention lyonnaise, partenaire du DLAI parisien.",
        "",
    ),
    (
        "UNAFO",
        [],
        "Union professionnelle du logement accompagné. Signataire de la convention lyonnaise.",
        "",
    ),
    (
        "DLAI",
        [],
        "Dispositif expérimental de logement accompagné pour l'inclusion des personnes atteintes de troubles psychiques, à Paris (11e, 17e et 19e arrondissements), né du protocole du 5 novembre 2018.",
        "",
    ),
    (
        "passerelle inversée",
        [],
        "Dans le DLAI parisien, la possibilité pour les bailleurs sociaux de signaler des locataires de leur parc souffrant de troubles psychiques, pour favoriser leur accès aux soins de la psychiatrie de secteur et leur maintien dans le logement.",
        "",
    ),
    (
        "secteur psychiatrique",
        ["secteurs psychiatriques", "secteur de psychiatrie", "secteurs de psychiatrie"],
        "Aire géographique (communes ou arrondissements) dont la psychiatrie publique d'un centre hospitalier a la charge, avec ses CMP. « Quel secteur couvre cette adresse ? » est la première question d'un agent de bailleur.",
        "",
    ),
    (
        "formation-action",
        ["formations-actions"],
        "Formation de 5 à 6 jours qui réunit les professionnels d'un territoire (psychiatrie, social, logement) pour une connaissance partagée et pour préparer le travail en réseau (convention lyonnaise, fiche action 1).",
        "",
    ),
    (
        "GHT",
        ["groupement hospitalier de territoire"],
        "Groupement hospitalier de territoire : regroupement d'hôpitaux publics d'un territoire. À Paris, le GHT Paris psychiatrie et neurosciences porte le DLAI.",
        "",
    ),
    (
        "ARS",
        ["agence régionale de santé"],
        "Agence régionale de santé : elle pilote la politique de santé dans la région. L'ARS est signataire de la convention lyonnaise et du protocole parisien.",
        "",
    ),
    (
        "FNAVDL",
        [],
        "Fonds national d'accompagnement vers et dans le logement. Il cofinance le projet SELO dans le cadre de l'appel à projets « 10 000 logements Hlm accompagnés ».",
        "",
    ),
]

# --- What the content rests on (hub/demo/sources.py) ---------------------------------------
CHAPTER_FACTS = {
    "cadre-legal-psychiatrie": uses("lyon-training-knowledge"),
    "psychiatrie-de-secteur": uses(
        "metz-sectorisation",
        "dlai-public",
        "metz-jury-mission",
        "metz-erah-2012",
        "metz-erah-care",
        "metz-erah-on-call",
        "metz-erah-life-project",
        "dlai-21st-century",
    ),
    "maladies-et-comportement": uses(
        "metz-finding-unknown",
        "metz-objective-reporting",
        "selo-objective-housing",
        "dlai-stabilisation",
    ),
    "accompagnement-social-medico-social": uses(
        "selo-global-support",
        "selo-pair",
        "selo-handover",
        "selo-12-months",
        "dlai-committed",
        "dlai-autonomy",
    ),
    "logement-pratiques-reglementation": uses(
        "lyon-plh",
        "lyon-pdalpd",
        "lyon-allocation-bodies",
        "dlai-37-dwellings",
        "selo-landlord-teams",
        "selo-90-agents",
    ),
    "point-de-vue-familles-usagers": uses(
        "lyon-since-2002",
        "lyon-families-associated",
        "lyon-signatory-unafam",
        "lyon-training-families-view",
        "dlai-co-built",
    ),
    "secret-professionnel-secret-partage": uses(
        "lyon-shared-secret",
        "lyon-training-local-ethics",
        "selo-confidentiality",
        "selo-monthly-meetings",
    ),
    "outils": uses(
        "lyon-guide-two-editions",
        "lyon-graphic-charter-film",
        "lyon-website",
        "lyon-guide-pdf",
        "lyon-mapping",
        "lyon-training-days",
        "lyon-training-150",
        "lyon-training-evaluation",
        "lyon-training-axes",
    ),
    "temoignages-territoires": uses(
        "lyon-eight-territories",
        "lyon-instances-started",
        "selo-households",
        "selo-few-links",
        "selo-testimony",
        "selo-testimony-role",
        "dlai-success-clsm",
        "dlai-success-partnership",
        "dlai-success-research",
        "dlai-limit-actors",
        "dlai-limit-exit",
    ),
    "carnet-contacts-partenaires": (),
    "signalement-et-intervention": uses(
        "metz-copiloted",
        "metz-objective-reporting",
        "metz-model-form",
        "metz-seminar",
        "selo-platform",
    ),
    "passerelle-inversee": uses(
        "dlai-protocol",
        "dlai-37-dwellings",
        "dlai-reverse-bridge",
        "dlai-limit-exit",
    ),
    "acces-logement-accompagne": uses(
        "metz-criteria",
        "metz-criterion-handicap",
        "metz-criterion-jury",
        "metz-criterion-access",
        "metz-criterion-solvency",
        "metz-dwellings",
        "metz-sublet",
        "metz-no-automatic-lease",
        "metz-funding-cumulative",
        "metz-funding",
        "metz-open-operator",
        "metz-open-funding",
        "metz-open-evaluation",
    ),
}
STEP_FACTS = {
    "SELO_STEPS": uses(
        "selo-logirem-coordination",
        "selo-cmp-referral",
        "selo-global-support",
        "selo-pair",
        "selo-12-months",
        "selo-monthly-meetings",
        "selo-handover",
    ),
    "METZ_STEPS": uses(
        "metz-criteria",
        "metz-sublet",
        "metz-operator-contract",
        "metz-sublet-duration",
        "metz-erah-care",
        "metz-erah-on-call",
        "metz-operator-support",
        "metz-no-automatic-lease",
    ),
    "FAQ_SECRET": uses("lyon-shared-secret"),
    "MODEL_DOCUMENT": uses("metz-model-form"),
}
# Terms whose definition says something local; the others are general knowledge.
GLOSSARY_FACTS = {
    "CLSM": uses("metz-clsm"),
    "ERAH": uses("metz-erah-2012", "metz-erah-care", "metz-erah-on-call", "metz-erah-life-project"),
    "CESF": uses("selo-landlord-teams"),
    "PDALPD": uses("lyon-pdalpd"),
    "PLH": uses("lyon-plh"),
    "QPV": uses("selo-territory"),
    "bail glissant": uses("metz-no-automatic-lease"),
    "sous-location": uses("metz-sublet", "metz-sublet-duration"),
    "secret partagé": uses("lyon-shared-secret"),
    "ASV": uses("lyon-clsm-asv"),
    "ILHA": uses("lyon-allocation-bodies"),
    "ITTL": uses("lyon-allocation-bodies"),
    "MVS": uses("lyon-allocation-bodies"),
    "RSML": uses("selo-cmp-rsml"),
    "UNAFAM": uses("lyon-signatory-unafam", "dlai-partners"),
    "UNAFO": uses("lyon-signatory-unafo"),
    "DLAI": uses("dlai-territory", "dlai-date"),
    "passerelle inversée": uses("dlai-reverse-bridge"),
    "formation-action": uses("lyon-training-days", "lyon-training-axes"),
    "GHT": uses("dlai-bearers"),
    "ARS": uses("lyon-parties", "dlai-protocol"),
    "FNAVDL": uses("selo-fnavdl"),
}

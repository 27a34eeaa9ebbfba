"""The words the privacy guard looks for, in one place (hub.privacy.guard reads them).

Every entry is written in lower case without accents: the guard compares words in that
form, so « Schizophrène », « schizophrene » and « SCHIZOPHRÈNE » are one word. Acronyms
(HDT, SDRE...) are compared as typed, in capitals, so that « ho ! » is not a care measure.

To add a term, add it here and a phrase using it in tests/privacy/test_guard.py. Keep
out words that describe a professional's job (« psychiatre », « infirmier »,
« hospitalier », « addictologie », « CMP »): a contact's role names them every day.
"""

# Titles written before a person's name. « M » must be written « M. » (see guard.py).
TITLES = frozenset(
    {
        "m",
        "mr",
        "mme",
        "mmes",
        "mlle",
        "mlles",
        "melle",
        "monsieur",
        "madame",
        "mademoiselle",
    }
)

# Capitalised words after a title that are not a name: « M. le Directeur », « Madame la
# Présidente du CLSM », « Monsieur Le Maire ».
NOT_NAMES = frozenset(
    {
        "le",
        "la",
        "les",
        "l",
        "du",
        "de",
        "des",
        "directeur",
        "directrice",
        "president",
        "presidente",
        "maire",
        "adjoint",
        "adjointe",
        "prefet",
        "prefete",
        "depute",
        "deputee",
        "senateur",
        "senatrice",
        "conseiller",
        "conseillere",
        "docteur",
        "professeur",
        "ministre",
        "secretaire",
        "delegue",
        "deleguee",
        "vice",
    }
)

# Words just before a name that make it the name of a place or an institution:
# « CH Édouard Toulouse », « rue Jean Jaurès », « Saint Jean de Dieu ».
PLACE_WORDS = frozenset(
    {
        "ch",
        "chs",
        "chu",
        "chr",
        "hopital",
        "hospitalier",
        "clinique",
        "centre",
        "rue",
        "avenue",
        "av",
        "bd",
        "boulevard",
        "place",
        "allee",
        "impasse",
        "quai",
        "cours",
        "chemin",
        "square",
        "residence",
        "foyer",
        "college",
        "lycee",
        "ecole",
        "ehpad",
        "fondation",
        "institut",
        "saint",
        "sainte",
        "st",
        "ste",
        "pavillon",
        "unite",
        "maison",
        "espace",
        "pole",
        "cite",
        "quartier",
        "pont",
        "parc",
    }
)

# Words that, between a name and a care term, show the named person is a professional
# (« Mme Martin, psychiatre, centre expert bipolaire »): no warning then.
PROFESSIONS = frozenset(
    {
        "psychiatre",
        "pedopsychiatre",
        "medecin",
        "docteur",
        "dr",
        "infirmier",
        "infirmiere",
        "ide",
        "psychologue",
        "cadre",
        "directeur",
        "directrice",
        "responsable",
        "coordinateur",
        "coordinatrice",
        "coordonnateur",
        "coordonnatrice",
        "referent",
        "referente",
        "assistant",
        "assistante",
        "educateur",
        "educatrice",
        "cesf",
        "charge",
        "chargee",
        "chef",
        "cheffe",
        "praticien",
        "praticienne",
        "interne",
        "conseiller",
        "conseillere",
        "president",
        "presidente",
        "secretaire",
        "animateur",
        "animatrice",
        "gestionnaire",
        "agent",
        "agente",
        "mediateur",
        "mediatrice",
        "travailleur",
        "travailleuse",
        "pair",
        "aidant",
        "aidante",
        "benevole",
        "juriste",
        "avocat",
        "avocate",
        "formateur",
        "formatrice",
        "chercheur",
        "chercheuse",
        "professeur",
        "pr",
        "sociologue",
        "ergotherapeute",
        "pharmacien",
        "pharmacienne",
    }
)

# Diagnoses, states of a person and care measures. One word or several (compared word
# by word); every form that is written is listed, feminine and plural included.
CARE_TERMS = frozenset(
    {
        "schizophrene",
        "schizophrenes",
        "schizophrenie",
        "schizo",
        "schizoaffectif",
        "schizoaffective",
        "bipolaire",
        "bipolaires",
        "bipolarite",
        "psychotique",
        "psychotiques",
        "psychose",
        "psychoses",
        "paranoiaque",
        "paranoiaques",
        "paranoia",
        "parano",
        "depressif",
        "depressive",
        "depressifs",
        "depressives",
        "depression",
        "melancolique",
        "autiste",
        "autistes",
        "autisme",
        "borderline",
        "toxicomane",
        "toxicomanes",
        "toxicomanie",
        "alcoolique",
        "alcooliques",
        "alcoolisme",
        "delirant",
        "delirante",
        "delirants",
        "delirantes",
        "suicidaire",
        "suicidaires",
        "tentative de suicide",
        "a tente de se suicider",
        "hospitalise",
        "hospitalisee",
        "hospitalises",
        "hospitalisees",
        "rehospitalise",
        "rehospitalisee",
        "internee",
        "internement",
        "decompense",
        "decompensee",
        "decompensation",
        "dement",
        "demente",
        "demence",
        "alzheimer",
        "anorexique",
        "anorexie",
        "boulimique",
        "boulimie",
        "malade mental",
        "malade mentale",
        "malade psychiatrique",
        "sous neuroleptiques",
        "neuroleptiques",
        "antipsychotiques",
        "sous traitement",
        "injection retard",
        "soins sans consentement",
        "soins sous contrainte",
        "sous contrainte",
        "hospitalisation d office",
        "hospitalisation sous contrainte",
        "a la demande d un tiers",
        "suivi au cmp",
        "suivie au cmp",
        "suivi par le cmp",
        "suivie par le cmp",
        "suivi psychiatrique",
        "suivi en psychiatrie",
        "suivie en psychiatrie",
        "trouble bipolaire",
        "troubles bipolaires",
        "etat limite",
        "personnalite paranoiaque",
    }
)

# Care measures and diagnoses written as acronyms, compared in capitals.
CARE_ACRONYMS = frozenset({"HDT", "HO", "SDT", "SDRE", "SPDT", "SPI", "SPPI", "TOC", "TCA", "TSA"})

# Common French first names (INSEE's most given, 1950-2010): alone and capitalised, they
# mark a person (« Kevin, bipolaire »). Names that are ordinary words are left out.
FIRST_NAMES = frozenset(
    """
    adam alain alexandre alexis alice amandine amelie andre anne annie antoine arnaud
    arthur audrey aurelie axel benjamin benoit bernard brigitte bruno camille caroline
    catherine cedric celine chantal charlotte chloe christian christiane christine
    christophe claire claude clement corinne cyril damien daniel danielle david delphine
    denis didier dominique dylan elise elodie emilie emma enzo eric erwan estelle
    fabrice florence francois francoise frederic gabriel gael gerard gilles guillaume
    helene henri hugo isabelle jacqueline jacques jean jeanne jeremy jerome jonathan
    jordan joseph julie julien justine karine kevin kelly laetitia laura laurence laurent
    lea leo lina lisa louis louise lucas lucie manon marc marcel marie marine martine
    mathieu matthieu maxime melanie michel michele michelle monique morgane muriel
    nadine natacha nathalie nicolas nicole noah olivier pascal pascale patrice patricia
    patrick paul philippe pierre quentin raphael raymond remi rene robert romain sabrina
    sandrine sarah sebastien serge simone sophie stephane stephanie susan sylvie theo
    thierry thomas valerie vanessa veronique vincent virginie xavier yann yannick yves
    yvette yvonne mohamed ahmed karim nadia fatima samir yasmine rachid sofiane sonia
    """.split()
)

"""Read the Lyon convention (2013) seed into the charter's structured fields.

The seed is the partners' own text. This module cuts it at its headings ("Préambule",
"1 - Objet de la convention", ..., "Fiche action 1") and maps each part to a field of
`CharterPage`. Anything it does not recognise is an error, never silently dropped.
"""

import re
from dataclasses import dataclass, field

from hub.demo.sources import uses
from hub.demo.text import blocks_of, clean_html, inline, lines_to_html, to_html

SEED_NAME = "lyon-convention-sante-psychique-logement-2013.txt"

# Two cells of the seed's tables lost their line breaks, gluing list items together.
# They are put back as lists; the words are unchanged.
REPAIRS = {
    "<p>Acculturation réciproque Appropriation des outils existants Appui à l'initiative "
    "pour le montage de dispositifs de coordination locaux.</p>": (
        "<ul> - Acculturation réciproque - Appropriation des outils existants - Appui à "
        "l'initiative pour le montage de dispositifs de coordination locaux.</ul>"
    ),
    "<p>Evolution des supports, utilisation du site Actions de communication et promotion "
    "mises en place Suivi du déploiement des instances</p>": (
        "<ul> - Evolution des supports, utilisation du site - Actions de communication et "
        "promotion mises en place - Suivi du déploiement des instances</ul>"
    ),
}

FICHE_ROWS = {
    "Objectifs stratégiques": "strategic_objectives",
    "Objectifs opérationnels": "operational_objectives",
    "Contenu": "content",
    "Fonctionnement": "operation",
    "Objectif de déploiement": "deployment",
    "Moyens": "means",
    "Calendrier de réalisation": "schedule",
    "Financement": "funding",
    "Évaluation": "evaluation",
}

# Each signatory of the seed, by a phrase of its line: the organisation it stands for, its
# partner family (slugs of hub.accounts.families) and the fact of the sources table that
# quotes its line (hub/demo/sources.py).
SIGNATORIES = [
    ("Préfet", "État (Préfecture du Rhône)", "collectivites-etat", "lyon-signatory-prefect"),
    ("Communauté Urbaine", "Grand Lyon", "collectivites-etat", "lyon-signatory-urban-community"),
    ("Conseil Général", "Département du Rhône", "collectivites-etat", "lyon-signatory-department"),
    ("ABC HLM", "ABC HLM", "bailleurs-gestionnaires", "lyon-signatory-abc-hlm"),
    ("Agence Régionale", "ARS Rhône-Alpes", "collectivites-etat", "lyon-signatory-ars"),
    ("Saint Cyr", "Centre hospitalier de Saint-Cyr-au-Mont-d'Or", "psychiatrie-publique",
     "lyon-signatory-saint-cyr"),
    ("Vinatier", "Centre hospitalier Le Vinatier", "psychiatrie-publique",
     "lyon-signatory-vinatier"),
    ("Saint Jean De Dieu", "Centre hospitalier Saint Jean de Dieu", "psychiatrie-publique",
     "lyon-signatory-saint-jean-de-dieu"),
    ("Collectif Logement", "Collectif Logement Rhône", "logement-accompagne",
     "lyon-signatory-clr"),
    ("Coordination 69", "Coordination 69", "social-medico-social",
     "lyon-signatory-coordination-69"),
    ("UNAFAM", "UNAFAM", "usagers-familles", "lyon-signatory-unafam"),
    ("UNAFO", "UNAFO", "logement-accompagne", "lyon-signatory-unafo"),
    ("UNIS", "UNIS Lyon Rhône", "bailleurs-gestionnaires", "lyon-signatory-unis"),
]  # fmt: skip
SIGNATORY_FACTS = uses(*(fact_id for *_, fact_id in SIGNATORIES))

# What the governance section says of each body's rhythm and leadership, in short, and the
# facts that say it.
GOVERNANCE_FACTS = {
    "Comité de pilotage": ("une fois par an", ""),
    "Comité de projet": ("6 fois par an", "Grand Lyon"),
    "Plénière": ("une fois par an", "Grand Lyon"),
}
GOVERNANCE_SOURCES = uses(
    "lyon-steering-yearly", "lyon-project-committee-rhythm", "lyon-plenary-rhythm"
)
# The charter's date and place of signature, as the seed gives them (its day is blank).
SIGNATURE_FACTS = uses("lyon-date", "lyon-signature-place")


class SeedFormatError(ValueError):
    """The seed does not have the expected shape."""


@dataclass
class Charter:
    full_title: str = ""
    signed_on: str = ""
    preamble: str = ""
    purpose: str = ""
    objectives_intro: str = ""
    objectives: list = field(default_factory=list)
    purpose_closing: str = ""
    actions_intro: str = ""
    actions: list = field(default_factory=list)  # (title html, fiche number)
    actions_closing: str = ""
    principles_intro: str = ""
    principles: list = field(default_factory=list)
    principles_closing: str = ""
    governance: list = field(default_factory=list)  # dicts
    duration: str = ""
    signature_place: str = ""
    signatories: list = field(default_factory=list)  # (quality, organisation, family slug)
    fiches: list = field(default_factory=list)  # dicts


def _split(lines, marker):
    for index, line in enumerate(lines):
        if line.strip().startswith(marker):
            return lines[:index], lines[index:]
    raise SeedFormatError(f"rubrique « {marker} » introuvable dans la convention")


def _plain(text):
    return " ".join(text.replace("**", "").split())


def parse_charter(text):
    lines = text.splitlines()
    charter = Charter()

    head, rest = _split(lines, "Préambule")
    title_lines = []
    in_title = False
    for line in head:
        if line.strip().startswith("**"):
            in_title = True
        if in_title:
            title_lines.append(line)
        if in_title and line.strip().endswith("**"):
            in_title = False
        if re.match(
            r"^(Janvier|Février|Mars|Avril|Mai|Juin|Juillet|Août|Septembre|Octobre"
            r"|Novembre|Décembre) \d{4}$",
            line.strip(),
        ):
            charter.signed_on = line.strip()
    charter.full_title = _plain(" ".join(title_lines))
    if not charter.full_title or not charter.signed_on:
        raise SeedFormatError("titre ou date de la convention introuvable")

    preamble, rest = _split(rest, "1 - Objet")
    charter.preamble = lines_to_html(preamble[1:])

    purpose, rest = _split(rest, "2 - Actions")
    blocks = blocks_of(purpose[1:])
    lists = [i for i, (kind, _) in enumerate(blocks) if kind == "ul"]
    if len(lists) != 1 or lists[0] == 0:
        raise SeedFormatError("les objectifs de la convention sont introuvables")
    at = lists[0]
    charter.purpose = to_html(blocks[: at - 1])
    charter.objectives_intro = _plain(blocks[at - 1][1])
    charter.objectives = [_plain(item) for item in blocks[at][1]]
    charter.purpose_closing = to_html(blocks[at + 1 :])

    actions, rest = _split(rest, "3 - Principes")
    blocks = blocks_of(actions[1:])
    charter.actions_intro = _plain(blocks[0][1])
    for item in blocks[1][1]:
        match = re.search(r"\(cf fiche action (\d)\)", item)
        title = re.sub(r"\s*,?\s*\(cf fiche action \d\)", "", item).strip()
        charter.actions.append((_plain(title), int(match.group(1)) if match else None))
    charter.actions_closing = " ".join(_plain(b[1]) for b in blocks[2:] if b[0] == "p")

    principles, rest = _split(rest, "4 - Modalités")
    blocks = blocks_of(principles[1:])
    charter.principles_intro = _plain(blocks[0][1])
    charter.principles = [_plain(item) for item in blocks[1][1]]
    charter.principles_closing = " ".join(_plain(b[1]) for b in blocks[2:] if b[0] == "p")

    governance, rest = _split(rest, "5 - Durée")
    charter.governance = _parse_governance(governance[1:])

    duration, rest = _split(rest, "Fait à")
    charter.duration = lines_to_html(duration[1:])
    charter.signature_place = rest[0].strip().removeprefix("Fait à").removesuffix("le").strip()

    signatures, rest = _split(rest[1:], "Fiche action 1")
    charter.signatories = _parse_signatories(signatures)
    charter.fiches = _parse_fiches(rest)
    return charter


def _parse_governance(lines):
    bodies = []
    current = None
    for line in lines:
        name = line.strip().rstrip(" :").strip()
        if line.strip().endswith(":") and name in GOVERNANCE_FACTS:
            current = {"name": name, "lines": []}
            bodies.append(current)
        elif current is not None:
            current["lines"].append(line)
    if [body["name"] for body in bodies] != list(GOVERNANCE_FACTS):
        raise SeedFormatError("les instances de pilotage attendues sont introuvables")
    result = []
    for body in bodies:
        blocks = blocks_of(body["lines"])
        list_at = next(i for i, (kind, _) in enumerate(blocks) if kind == "ul")
        before = [_plain(text) for kind, text in blocks[:list_at] if kind == "p"]
        after = [_plain(text) for kind, text in blocks[list_at + 1 :] if kind == "p"]
        rhythm, leadership = GOVERNANCE_FACTS[body["name"]]
        result.append(
            {
                "name": body["name"],
                "composition": before[0],
                "missions_intro": before[-1] if len(before) > 1 else "",
                "closing": " ".join(before[1:-1] + after),
                "missions": "\n".join(_plain(item) for item in blocks[list_at][1]),
                "rhythm": rhythm,
                "leadership": leadership,
            }
        )
    return result


def _parse_signatories(lines):
    entries = [_plain(text) for kind, text in blocks_of(lines) if kind == "p"]
    signatories = []
    for entry in entries:
        matches = [sig for sig in SIGNATORIES if sig[0].lower() in entry.lower()]
        if len(matches) != 1:
            raise SeedFormatError(f"signataire non reconnu : « {entry} »")
        _, organisation, family, _fact = matches[0]
        signatories.append((entry, organisation, family))
    if len(signatories) != len(SIGNATORIES):
        raise SeedFormatError(f"{len(signatories)} signataires lus, {len(SIGNATORIES)} attendus")
    return signatories


def _parse_fiches(lines):
    fiches = []
    current = None
    for line in lines:
        stripped = line.strip()
        heading = re.match(r"^Fiche action (\d+)\s*(.*)$", stripped)
        if heading:
            current = {"number": int(heading.group(1)), "title": heading.group(2).strip()}
            fiches.append(current)
        elif current is None or not stripped:
            continue
        elif "\t" in line:
            label, cell = line.split("\t", 1)
            if label.strip() not in FICHE_ROWS:
                raise SeedFormatError(f"rubrique de fiche action inconnue : « {label} »")
            cell = REPAIRS.get(cell.strip(), cell)
            current[FICHE_ROWS[label.strip()]] = clean_html(cell)
        elif not current["title"]:
            current["title"] = stripped
        else:
            raise SeedFormatError(f"ligne inattendue dans la fiche action : « {stripped} »")
    if [fiche["number"] for fiche in fiches] != [1, 2, 3]:
        raise SeedFormatError("les trois fiches action sont introuvables")
    return fiches


__all__ = ["Charter", "SeedFormatError", "inline", "parse_charter"]

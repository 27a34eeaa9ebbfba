"""The privacy guard: what a person types into the hub must not identify a tenant or a
patient, nor say which illness or care a named person has (docs/architecture.md,
« Données de santé »).

One function, `inspect(text)`, used by every free-text field: the public forms
(`hub.privacy.forms`), the account request, the Wagtail admin's pages and snippets
(`hub.privacy.admin_forms`). It finds three things:

- a French social-security number (NIR): 13 characters (sex, year, month, department
  with 2A/2B for Corsica, commune, order), then a 2-digit key, 97 − (number mod 97), with
  Corsica's 2A read as 19 and 2B as 18 (as INSEE and python-stdnum's `fr.nir` compute it).
  A number with a right key is refused however it is grouped; without one (a mistyped
  key is still someone's number, and the key may be left out), a number standing alone,
  starting with 1 or 2, with a real month, written in one piece or as on the card
  (« 1 85 05 … ») is refused too. A list of INSEE codes or phone numbers is not;
- a date of birth: a date next to « né(e) (le) », « date de naissance », « DDN »;
- a health mention: a person's title and name (« Mme Martin », « M. B. ») or a common
  first name (« Kevin ») within a few words of a diagnosis or a care term (« bipolaire »,
  « hospitalisé », « HDT »), in the same sentence. The words are in `hub.privacy.terms`.

The first two are refused. The third is a warning, shown the same way: the text stays in
the field and cannot be saved until it is rephrased by function or situation (« le
locataire », « la personne accompagnée »). It is not a box to tick: the hub never holds
nominative health data (DOMAIN.md), a public form must not let anyone store it by
ticking, and a rephrasing without a name always exists. What keeps the warning from
firing on professional text: a title followed by « le », « la » or a function
(« M. le Directeur », « Mme la Présidente »), a name inside a place or an institution
(« CH Édouard Toulouse », « Saint Jean de Dieu »), a profession between the name and the
term (« Mme Martin, psychiatre, centre expert bipolaire ») and a term list without the
words of the trade (« psychiatre », « hospitalier », « CMP »).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hub.privacy import terms

SOCIAL_SECURITY_NUMBER = "social_security_number"
BIRTH_DATE = "birth_date"
HEALTH_MENTION = "health_mention"

# How far (in words) a care term may be from a name to be about that person.
WINDOW = 8
EXCERPT_MAX = 80


@dataclass(frozen=True)
class Finding:
    kind: str
    excerpt: str = ""

    @property
    def refused(self) -> bool:
        """A refusal (an identifier) rather than a warning (a health mention)."""
        return self.kind != HEALTH_MENTION

    @property
    def message(self) -> str:
        if self.kind == SOCIAL_SECURITY_NUMBER:
            return _(
                "Le texte semble contenir un numéro de sécurité sociale. Retirez-le : "
                "n'écrivez aucune information sur un locataire ou un patient."
            )
        if self.kind == BIRTH_DATE:
            return _(
                "Le texte semble contenir une date de naissance. Retirez-la : n'écrivez "
                "aucune information sur un locataire ou un patient."
            )
        return _(
            "Attention : « %(excerpt)s » semble désigner une personne par sa santé ou ses "
            "soins. Reformulez par la fonction ou la situation, sans nom ni diagnostic "
            "(par exemple « le locataire », « la personne accompagnée »)."
        ) % {"excerpt": self.excerpt}


def inspect(text) -> list[Finding]:
    """Everything the guard finds in `text` (plain text), refusals first."""
    text = _clean(text)
    if not text.strip():
        return []
    findings = []
    if has_social_security_number(text):
        findings.append(Finding(SOCIAL_SECURITY_NUMBER))
    if has_birth_date(text):
        findings.append(Finding(BIRTH_DATE))
    findings.extend(Finding(HEALTH_MENTION, excerpt) for excerpt in health_mentions(text))
    return findings


def messages(text) -> list[str]:
    """The French messages for `text`: empty when it may be saved."""
    return [finding.message for finding in inspect(text)]


def validate(text):
    """A Django validator: raises one ValidationError carrying every message."""
    problems = inspect(text)
    if problems:
        code = "identifier" if any(finding.refused for finding in problems) else "health"
        raise ValidationError([ValidationError(finding.message, code=code) for finding in problems])


def _clean(text) -> str:
    text = str(text or "")
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")


# --- Social-security numbers --------------------------------------------------------------

# Runs of digit groups, each group separated by one space, dot or hyphen. A group may hold
# Corsica's A or B (« 2A », « 2B123 »).
_RUN = re.compile(r"(?<!\w)\d+(?:[ABab]\d*)?(?:[ .\-]\d+(?:[ABab]\d*)?)*(?!\w)")
_SEPARATOR = re.compile(r"[ .\-]")
_NIR_SHAPE = re.compile(r"^[1-478]\d{4}(?:\d{2}|2[AB])\d{6}(?:\d{2})?$")


def nir_key(first_thirteen: str) -> int:
    """The key of a NIR: 97 − (number mod 97), Corsica's 2A read as 19 and 2B as 18."""
    department = {"2A": "19", "2B": "18"}.get(first_thirteen[5:7], first_thirteen[5:7])
    number = int(first_thirteen[:5] + department + first_thirteen[7:13])
    return 97 - number % 97


# Where the parts of a NIR end (sex, year, month, department, commune, order): a grouped
# number is read as one only if it is cut at these places (« 1 85 05 78 006 084 36 »).
_NIR_BOUNDARIES = frozenset({1, 3, 5, 7, 10, 13})


def _is_nir(groups: list[str], *, whole_run: bool) -> bool:
    compact = "".join(groups)
    if not _NIR_SHAPE.match(compact):
        return False
    if len(groups) > 1:
        ends = {
            sum(len(group) for group in groups[: index + 1]) for index in range(len(groups) - 1)
        }
        if not ends <= _NIR_BOUNDARIES:
            return False
        # A list of codes (« 13201 13202 13203 »): groups of one length, 4 digits or more.
        if len({len(group) for group in groups}) == 1 and len(groups[0]) >= 4:
            return False
    if len(compact) == 15 and nir_key(compact[:13]) == int(compact[13:]):
        return True
    # Without a right key, only a number standing alone, starting with the sex of a birth
    # registration (1 or 2), with a month that exists (01-12, or 20-42 for an unknown
    # month), written in one piece or the sex digit apart (« 1 85 05 … », as on the card).
    # A list of INSEE codes (« 13201 13202 13203 ») is none of these.
    month = int(compact[3:5])
    return (
        whole_run
        and compact[0] in "12"
        and (1 <= month <= 12 or 20 <= month <= 42)
        and (len(groups) == 1 or len(groups[0]) == 1)
    )


def has_social_security_number(text) -> bool:
    """A French social-security number in any grouping (spaces, dots, hyphens). A SIRET
    (14 digits) or a phone number (10) never has the length of one."""
    for run in _RUN.finditer(_clean(text)):
        groups = [group.upper() for group in _SEPARATOR.split(run.group())]
        if _is_nir(groups, whole_run=True):
            return True
        # A NIR written just after another number (« dossier 12 1 85 … »): sub-runs that
        # start and end on a group boundary, recognised by their key only.
        for start in range(len(groups)):
            for stop in range(start + 1, len(groups) + 1):
                length = sum(len(group) for group in groups[start:stop])
                if length > 15:
                    break
                if length == 15 and _is_nir(groups[start:stop], whole_run=False):
                    return True
    return False


# --- Dates of birth ---------------------------------------------------------------------------

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
_DATE = (
    r"(?:\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:\d{4}|\d{2})(?!\d)"
    r"|\d{4}-\d{2}-\d{2}(?!\d)"
    rf"|\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+(?:\d{{4}}|\d{{2}})(?!\d))"
)
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_GAP = r"[^.!?;\n]{0,30}?"
_BIRTH = re.compile(
    "|".join(
        [
            # « né le 12/03/1975 », « ne le 12/03/1975 », « né(e) 12.03.75 »
            rf"\bn[ée]e?s?(?:\s?\(e\))?\s+(?:le\s+)?{_DATE}",
            # « née à Metz le 3 mars 1990 »: with the accent, a few words may come between.
            rf"\bnée?s?\b(?:\s?\(e\))?{_GAP}\ble\s+{_DATE}",
            # « date de naissance : 01-02-1975 », « DDN 1975 », « naissance : 12/03/1975 »
            rf"(?:\b(?:date|jour|ann[ée]e)\s+de\s+naissance\b|\bnaissance\s*:|\bd\.?d\.?n\b)"
            rf"{_GAP}(?:{_DATE}|{_YEAR})",
        ]
    ),
    re.IGNORECASE,
)


def has_birth_date(text) -> bool:
    """A date written as someone's date of birth (a year too, after « date de naissance »
    or « DDN »). A date alone, as a meeting's (« réunion le 12/03/2026 »), is not one, nor
    « né du protocole du 5 novembre 2018 » or « né en 2013 », which say when a scheme
    began: a birth year alone does not identify a person."""
    return bool(_BIRTH.search(_clean(text)))


# --- Health mentions --------------------------------------------------------------------------


@dataclass
class _Word:
    raw: str
    norm: str
    start: int
    end: int
    sentence: int


# A word (hyphens inside), a number, or a mark that ends a sentence.
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+|[.!?;\n]")
_LONGEST_TERM = max(len(term.split()) for term in terms.CARE_TERMS)


def normalise(word: str) -> str:
    """Lower case, without accents: « Schizophrène » → « schizophrene »."""
    word = word.lower().replace("œ", "oe").replace("æ", "ae").replace("'", " ")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words(text: str) -> list[_Word]:
    words, sentence = [], 0
    for match in _TOKEN.finditer(text):
        raw = match.group()
        if raw in ".!?;\n":
            previous = words[-1] if words else None
            # The dot of « M. » or of an initial (« M. B. ») does not end the sentence.
            abbreviation = (
                raw == "."
                and previous is not None
                and previous.end == match.start()
                and (previous.norm in terms.TITLES or (len(previous.raw) == 1))
            )
            if not abbreviation:
                sentence += 1
            continue
        words.append(_Word(raw, normalise(raw), match.start(), match.end(), sentence))
    return words


def _capitalised(word: _Word) -> bool:
    return word.raw[:1].isupper()


def _marker_end(words: list[_Word], index: int) -> int | None:
    """If a person is named from `words[index]`, the index of the name's last word."""
    word = words[index]
    before = words[index - 1] if index else None
    if before is not None and before.sentence == word.sentence:
        if before.norm in terms.PLACE_WORDS or before.norm in terms.TITLES:
            return None
    if word.norm in terms.TITLES and _capitalised(word):
        name = words[index + 1] if index + 1 < len(words) else None
        if (
            name is not None
            and name.sentence == word.sentence
            and _capitalised(name)
            and name.norm not in terms.NOT_NAMES
            and name.norm not in terms.TITLES
            and name.norm not in terms.PROFESSIONS
        ):
            return index + 1
        return None
    parts = word.norm.split("-")
    if _capitalised(word) and all(part in terms.FIRST_NAMES for part in parts):
        following = words[index + 1] if index + 1 < len(words) else None
        # « Kevin Martin »: the family name belongs to the marker.
        if (
            following is not None
            and following.sentence == word.sentence
            and _capitalised(following)
            and following.norm not in terms.NOT_NAMES
        ):
            return index + 1
        return index
    return None


def _care_terms(words: list[_Word]) -> list[tuple[int, int]]:
    """(first, last) indexes of every care term, longest first at each position."""
    found, index = [], 0
    while index < len(words):
        matched = None
        for length in range(_LONGEST_TERM, 0, -1):
            chunk = words[index : index + length]
            if len(chunk) < length or chunk[-1].sentence != chunk[0].sentence:
                continue
            phrase = " ".join(word.norm for word in chunk)
            if phrase in terms.CARE_TERMS or (length == 1 and chunk[0].raw in terms.CARE_ACRONYMS):
                matched = (index, index + length - 1)
                break
        if matched:
            found.append(matched)
            index = matched[1] + 1
        else:
            index += 1
    return found


def health_mentions(text) -> list[str]:
    """The passages where a named person sits next to a diagnosis or a care term."""
    text = _clean(text)
    words = _words(text)
    care = _care_terms(words)
    if not care:
        return []
    excerpts = []
    index = 0
    while index < len(words):
        end = _marker_end(words, index)
        if end is None:
            index += 1
            continue
        sentence = words[index].sentence
        for first, last in care:
            if words[first].sentence != sentence or first <= end and last >= index:
                continue
            between = words[end + 1 : first] if first > end else words[last + 1 : index]
            if len(between) >= WINDOW:
                continue
            if any(word.norm in terms.PROFESSIONS for word in between):
                continue
            span_start = min(words[index].start, words[first].start)
            span_end = max(words[end].end, words[last].end)
            excerpts.append(_excerpt(text[span_start:span_end]))
            break
        index = end + 1
    return list(dict.fromkeys(excerpts))


def _excerpt(passage: str) -> str:
    passage = " ".join(passage.split())
    if len(passage) > EXCERPT_MAX:
        passage = passage[: EXCERPT_MAX - 1].rstrip() + "…"
    return passage

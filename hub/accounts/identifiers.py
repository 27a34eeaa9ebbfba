"""Identifiers of a person (social-security number, date of birth) in free text: what a
request's motivation or a refusal's reason must never carry."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_SEP = r"[\s.\-]?"
# A French social-security number (NIR): sex, year, month, department (2A/2B for
# Corsica), commune, order number, and an optional key: 13 or 15 characters.
_NIR = re.compile(
    rf"(?<![\dA-Za-z])[12]{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}(?:\d{{2}}|2[ABab]){_SEP}"
    rf"\d{{3}}{_SEP}\d{{3}}(?:{_SEP}\d{{2}})?(?![\dA-Za-z])"
)
# Any run of 13 to 15 digits starting with 1 or 2, however they are grouped.
_LONG_NUMBER = re.compile(r"(?<!\d)[12](?:[\s.\-]?\d){12,14}(?!\d)")
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
_DATE = rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+\d{{4}})"
# A date of birth: a date after "né(e) le/en", "naissance", "DDN"..., or a birth year.
# "ne" alone is not enough: "le numéro ne répond plus depuis 2024" is no birth date.
_BIRTH = re.compile(
    rf"(?:\bn[ée]e?s?\s+(?:le|en)\b|\bnée?s?\b|\bnaissance\b|\bddn\b)[^.\n]{{0,30}}?"
    rf"(?:{_DATE}|\b(?:19|20)\d{{2}}\b)",
    re.IGNORECASE,
)
# A SIRET (14 digits whose Luhn sum is right) is a structure's number, not a person's: it
# is set aside before the social-security check, which would otherwise take a hospital's
# SIRET ("26…", 14 digits) for one. A NIR has 13 or 15 digits, never 14.
_FOURTEEN_DIGITS = re.compile(r"(?<!\d)\d(?:[ .]?\d){13}(?!\d)")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _without_sirets(text: str) -> str:
    def mask(match):
        digits = re.sub(r"\D", "", match.group())
        return "[siret]" if _luhn_ok(digits) else match.group()

    return _FOURTEEN_DIGITS.sub(mask, text)


def has_social_security_number(text: str) -> bool:
    """A French social-security number (NIR) in any grouping, SIRETs set aside."""
    text = _without_sirets(text or "")
    return bool(_NIR.search(text) or _LONG_NUMBER.search(text))


def find_identifiers(text):
    """What in `text` looks like an identifier of a person: a list of French messages."""
    text = text or ""
    problems = []
    if has_social_security_number(text):
        problems.append(
            _(
                "Le texte semble contenir un numéro de sécurité sociale. Retirez-le : "
                "n'écrivez aucune information sur un locataire ou un patient."
            )
        )
    if _BIRTH.search(text):
        problems.append(
            _(
                "Le texte semble contenir une date de naissance. Retirez-la : n'écrivez "
                "aucune information sur un locataire ou un patient."
            )
        )
    return problems

"""Finding a person's traces in every table, and what each text becomes once redacted.

`Needles` are what identifies the person: full names, e-mail addresses, telephone
numbers (any grouping: « 04 00 00 00 42 », « 0400000042 », « +33 4 00 00 00 42 »), and
literal strings that are only looked for in the rows about an erased object (a contact's
role, an account's username: « Accueil CMP » must not vanish from every page).

`sweep()` walks every concrete model's text and JSON columns (StreamFields, Wagtail's
revisions and log entries, frozen editions included). A cheap filter in SQL (the longest
word of each name, the addresses, a loose pattern of the number's digits) picks the
candidate rows; Python then replaces the exact matches. JSON is walked value by value,
and a string holding JSON (a StreamField inside a revision) is parsed and walked too, so
that an escaped « H\\u00e9l\\u00e8ne » is found as well. A column that holds nothing but
the address or the number is emptied when it may be empty; elsewhere the match becomes
« [effacé] », or the pseudonym in audit journals.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from wagtail.models import BaseLogEntry

from hub.text import normalize_name

MARK = "[effacé]"
TEXT_TYPES = {"CharField", "TextField", "JSONField"}
# Derived data rebuilt by the erasure itself (search documents, Wagtail's admin index),
# tables that hold no free text about people, and the register (hashes only).
NOT_SWEPT = {
    "privacy.erasurerecord",
    "maillage_search.searchdocument",
    "maillage_search.searchfacet",
    "maillage_search.searchdocumentgroup",
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "sessions.session",
    "contenttypes.contenttype",
    "auth.permission",
    "wagtailcore.referenceindex",
    "directory.commune",
    "directory.postalcode",
}
# Between two words of a name or two digits of a number: spaces, dots, dashes, and the
# non-breaking spaces of rich text.
_SPACE = r"(?:\s|\u00a0|&nbsp;|&#160;)"
_DIGIT_GAP = r"(?:[\s./\-\u00a0]|&nbsp;|&#160;){0,2}"


def national_phone(value: str) -> str:
    """« +33 4 00 00 00 42 », « 04.00.00.00.42 » -> « 0400000042 »; other numbers keep
    their digits."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0033"):
        digits = digits[2:]
    if digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def _json_escaped(text: str) -> str:
    return json.dumps(text)[1:-1]


def _name_variants(name: str) -> set[str]:
    words = name.split()
    variants = set()
    for order in (words, list(reversed(words))):
        text = " ".join(order)
        variants |= {text, normalize_name(text), _json_escaped(text)}
    return {variant for variant in variants if variant}


def is_audit_model(model) -> bool:
    """Journals keep that something happened: who it was becomes the pseudonym."""
    from hub.accounts.models import AccreditationEvent

    return issubclass(model, BaseLogEntry) or model is AccreditationEvent


@dataclass(frozen=True)
class Needles:
    names: frozenset = frozenset()
    emails: frozenset = frozenset()
    phones: frozenset = frozenset()
    literals: frozenset = frozenset()

    def __bool__(self):
        return bool(self.names or self.emails or self.phones or self.literals)

    def __or__(self, other: Needles) -> Needles:
        return Needles(
            self.names | other.names,
            self.emails | other.emails,
            self.phones | other.phones,
            self.literals | other.literals,
        )

    @cached_property
    def _alternatives(self) -> list[str]:
        parts = []
        for name in self.names:
            for variant in _name_variants(name):
                words = [re.escape(word) for word in variant.split()]
                parts.append(r"(?<!\w)" + (_SPACE + "+").join(words) + r"(?!\w)")
        for email in self.emails:
            parts.append(r"(?<![\w.%+\-])" + re.escape(email) + r"(?![\w\-])")
        for phone in self.phones:
            digits = national_phone(phone)
            if len(digits) == 10 and digits.startswith("0"):
                head = rf"(?:(?:\+|00)33{_DIGIT_GAP}(?:\(0\){_DIGIT_GAP})?|0){_DIGIT_GAP}"
                body = _DIGIT_GAP.join(digits[1:])
            else:
                head, body = "", _DIGIT_GAP.join(digits)
            if body:
                parts.append(r"(?<!\d)" + head + body + r"(?!\d)")
        for literal in self.literals:
            parts.append(r"(?<!\w)" + re.escape(literal) + r"(?!\w)")
        # Longest first: « Perrine Canaridelle » before a shorter overlapping literal.
        return sorted(parts, key=len, reverse=True)

    @cached_property
    def pattern(self) -> re.Pattern | None:
        if not self._alternatives:
            return None
        return re.compile("|".join(self._alternatives), re.IGNORECASE)

    def whole(self, text: str) -> bool:
        """The text is nothing but one address or one number (a contact's field)."""
        text = (text or "").strip()
        if not text:
            return False
        if text.lower() in self.emails:
            return True
        return (
            bool(self.phones)
            and national_phone(text) in {national_phone(phone) for phone in self.phones}
            and not re.search(r"[A-Za-z]", text)
        )

    def prefilter(self, column: str) -> Q:
        """A loose SQL condition that every row containing a needle meets (the exact match
        is made in Python): the same on SQLite and PostgreSQL."""
        condition = Q(pk__in=[])
        tokens = set(self.emails) | set(self.literals)
        for name in self.names:
            for variant in _name_variants(name):
                tokens.add(max(variant.split(), key=len))
        for token in tokens:
            if len(token) >= 3:
                condition |= Q(**{f"{column}__icontains": token})
        for phone in self.phones:
            digits = national_phone(phone)
            digits = digits[1:] if len(digits) == 10 and digits.startswith("0") else digits
            if digits:
                condition |= Q(**{f"{column}__regex": "[^0-9]{0,7}".join(digits)})
        return condition

    def redact_text(self, text: str, replacement: str) -> str:
        if self.pattern is None or not text:
            return text
        if text[:1] in "[{":
            try:
                data = json.loads(text)
            except ValueError:
                data = None
            if isinstance(data, (list, dict)):
                redacted = self.redact_json(data, replacement)
                if redacted != data:
                    return json.dumps(redacted, cls=DjangoJSONEncoder)
        return self.pattern.sub(lambda _match: replacement, text)

    def redact_json(self, data, replacement):
        if isinstance(data, dict):
            return {key: self.redact_json(value, replacement) for key, value in data.items()}
        if isinstance(data, list):
            return [self.redact_json(value, replacement) for value in data]
        if isinstance(data, str):
            return self.redact_text(data, replacement)
        return data

    def redact_column(self, field, value, replacement):
        """The new value of one column (a Python value: text, or decoded JSON)."""
        if field.get_internal_type() == "JSONField":
            return self.redact_json(value, replacement)
        if field.blank and self.whole(value):
            return ""
        new = self.redact_text(value, replacement)
        if field.max_length and len(new) > field.max_length:
            new = new[: field.max_length]
        return new


def text_fields(model):
    return [
        field
        for field in model._meta.local_concrete_fields
        if field.get_internal_type() in TEXT_TYPES and not field.primary_key
    ]


def swept_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_SWEPT
        and text_fields(model)
    ]


def matching_rows(model, field, needles: Needles, using=DEFAULT_DB_ALIAS):
    """(pk, current value) of the rows whose column may hold a needle. JSON columns are
    read as their text and decoded here, whatever the backend stores."""
    is_json = field.get_internal_type() == "JSONField"
    expression = Cast(F(field.attname), TextField()) if is_json else F(field.attname)
    rows = (
        model._base_manager.using(using)
        .annotate(maillage_text=expression)
        .filter(needles.prefilter("maillage_text"))
        .values_list("pk", "maillage_text")
    )
    for pk, text in rows.iterator():
        if text is None:
            continue
        yield pk, (json.loads(text) if is_json else text)


def sweep(needles: Needles, *, pseudonym: str, skip=None, using=DEFAULT_DB_ALIAS):
    """{model: {pk: {field name: new value}}} for every row holding a needle, but those in
    `skip` ({model: set of pks}, rows about to be deleted)."""
    changes = defaultdict(lambda: defaultdict(dict))
    if not needles:
        return changes
    skip = skip or {}
    for model in swept_models():
        replacement = pseudonym if is_audit_model(model) else MARK
        skipped = skip.get(model, set())
        for field in text_fields(model):
            for pk, value in matching_rows(model, field, needles, using):
                if pk in skipped:
                    continue
                new = needles.redact_column(field, value, replacement)
                if new != value:
                    changes[model][pk][field.name] = new
    return changes


def apply_changes(changes, using=DEFAULT_DB_ALIAS) -> int:
    """Write the new values, one UPDATE per row (no save(): no signal, no new revision)."""
    written = 0
    for model, rows in changes.items():
        for pk, values in rows.items():
            written += model._base_manager.using(using).filter(pk=pk).update(**values)
    return written

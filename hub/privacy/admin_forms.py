"""The privacy guard in the Wagtail admin: pages (`PrivacyGuardPageForm`, the
`base_form_class` of the hub's and the guide's base pages) and snippets
(`PrivacyGuardAdminMixin`, in the directory's admin forms).

Every text the editor typed is read before anything is saved, draft or publication:
text fields, rich text (as plain text, paragraph by paragraph), every text inside a
StreamField (rich text, headings, quotes, the fields of structured blocks, list items),
the inline children (`InlinePanel`: a charter's objectives, a sheet's cofinancings) and
the admin's comments. A problem is shown where it is: next to the field, on the block
of the StreamField, on the inline child; nothing is saved and the editor's text stays in
the form.

Not read: choices, e-mail addresses, URLs, slugs, dates, chosen pages and documents.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.list_block import ListBlockValidationError, ListValue
from wagtail.blocks.stream_block import StreamBlockValidationError, StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError, StructValue
from wagtail.rich_text import RichText

from hub.privacy import guard

# Form fields whose text is not written prose.
_NOT_PROSE_FIELDS = (forms.EmailField, forms.URLField, forms.SlugField)
_NOT_PROSE_BLOCKS = (
    blocks.URLBlock,
    blocks.EmailBlock,
    blocks.ChoiceBlock,
    blocks.MultipleChoiceBlock,
)
# Tags that end a line of text: a paragraph of rich text is not the sentence after it.
_BLOCK_TAGS = re.compile(
    r"<\s*/?\s*(?:p|div|li|ul|ol|h[1-6]|br|hr|blockquote|pre|table|tr|td|th)\b[^>]*>", re.I
)


def plain_text(value: str) -> str:
    """The text of a piece of HTML (rich text), one line per paragraph or item."""
    if "<" not in value and "&" not in value:
        return value
    return BeautifulSoup(_BLOCK_TAGS.sub("\n", value), "html.parser").get_text()


def _value_text(value) -> str | None:
    if isinstance(value, RichText):
        return plain_text(value.source or "")
    if isinstance(value, str):
        return plain_text(value)
    return None


def _leaf_error(text: str):
    problems = guard.messages(text)
    return ValidationError(" ".join(problems), code="privacy") if problems else None


def block_error(block, value):
    """The error (shaped like the block, so that Wagtail shows it on the right child) for
    what the guard finds in a StreamField value, or None."""
    if isinstance(block, _NOT_PROSE_BLOCKS):
        return None
    if isinstance(value, StreamValue):
        errors = {}
        for index, child in enumerate(value):
            error = block_error(child.block, child.value)
            if error is not None:
                errors[index] = error
        return StreamBlockValidationError(block_errors=errors) if errors else None
    if isinstance(value, StructValue):
        errors = {}
        for name, child_value in value.items():
            error = block_error(block.child_blocks.get(name), child_value)
            if error is not None:
                errors[name] = error
        return StructBlockValidationError(block_errors=errors) if errors else None
    if isinstance(value, ListValue):
        errors = {}
        for index, child_value in enumerate(value):
            error = block_error(block.child_block, child_value)
            if error is not None:
                errors[index] = error
        return ListBlockValidationError(block_errors=errors) if errors else None
    text = _value_text(value)
    return _leaf_error(text) if text else None


def _field_error(field, value):
    if isinstance(value, StreamValue):
        error = block_error(value.stream_block, value)
        if error is None:
            return None
        # Said once at the top of the field too: the block may be far down the page.
        summary = _("Un bloc de ce contenu est à reformuler : voir le message sur le bloc.")
        return StreamBlockValidationError(
            block_errors=error.block_errors, non_block_errors=ErrorList([summary])
        )
    if not isinstance(field, forms.CharField) or isinstance(field, _NOT_PROSE_FIELDS):
        return None
    if isinstance(value, list | tuple):  # tags
        value = "\n".join(str(item) for item in value)
    text = _value_text(value)
    return _leaf_error(text) if text else None


def guard_form(form, exempt=()) -> bool:
    """Check `form`'s cleaned fields and add an error to each that fails. True if any."""
    failed = False
    for name, value in list(getattr(form, "cleaned_data", {}).items()):
        field = form.fields.get(name)
        if field is None or name in exempt:
            continue
        error = _field_error(field, value)
        if error is not None:
            form.add_error(name, error)
            failed = True
    return failed


def _child_forms(form):
    """The forms of `form`'s formsets (inline children, comments and their replies), all
    the way down, except those marked for deletion."""
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            if formset.can_delete and formset._should_delete_form(child):
                continue
            yield child
            yield from _child_forms(child)


class PrivacyGuardAdminMixin:
    """For a `WagtailAdminModelForm` (snippets) or a `WagtailAdminPageForm`."""

    privacy_exempt_fields: tuple[str, ...] = ("external_id",)

    def clean(self):
        cleaned = super().clean()
        guard_form(self, self.privacy_exempt_fields)
        return cleaned

    def is_valid(self):
        valid = super().is_valid()
        # Inline children are cleaned by their formsets, after this form's clean().
        if not getattr(self, "_privacy_children_checked", False):
            self._privacy_children_checked = True
            self._privacy_children_failed = False
            for child in _child_forms(self):
                if guard_form(child, self.privacy_exempt_fields):
                    self._privacy_children_failed = True
        return valid and not self._privacy_children_failed


class PrivacyGuardPageForm(PrivacyGuardAdminMixin, WagtailAdminPageForm):
    """The `base_form_class` of the hub's and the guide's pages."""

"""Admin forms of the directory: communes are typed as INSEE codes.

The gazetteer holds about 35,000 communes and arrondissements: a drop-down list of them
would weigh megabytes and help nobody. Editors type codes instead ("57463 57480", as in
the territories' pages); an unknown code is refused with a French message.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from directory.models import Commune

_SEPARATORS = re.compile(r"[\s,;]+")
HELP = _("Codes INSEE séparés par des espaces, par exemple « 57463 57480 » ou « 75111 ».")


class CommuneCodeField(forms.ModelChoiceField):
    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Code INSEE de la commune, par exemple « 57463 »."))
        super().__init__(
            queryset=Commune.objects.all(),
            to_field_name="code",
            error_messages={"invalid_choice": _("Code INSEE inconnu.")},
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class CodesInput(forms.TextInput):
    """A list of codes shown as one line of text."""

    def format_value(self, value):
        if isinstance(value, list | tuple):
            value = " ".join(str(code) for code in value)
        return super().format_value(value)


class CommuneCodesField(forms.ModelMultipleChoiceField):
    widget = CodesInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", HELP)
        kwargs.setdefault("required", False)
        super().__init__(
            queryset=Commune.objects.all(),
            to_field_name="code",
            error_messages={"invalid_choice": _("Code INSEE inconnu : %(value)s.")},
            **kwargs,
        )

    def clean(self, value):
        if isinstance(value, str):
            value = [code for code in _SEPARATORS.split(value.upper()) if code]
        return super().clean(value)

    def has_changed(self, initial, data):
        initial_codes = set(self.prepare_value(initial) or [])
        if isinstance(data, str):
            data = _SEPARATORS.split(data.upper())
        return initial_codes != {code for code in data or [] if code}


class OrganisationAdminForm(WagtailAdminModelForm):
    commune = CommuneCodeField(label=_("commune"), required=False)
    coverage = CommuneCodesField(label=_("communes d'intervention"))


class CommunesAdminForm(WagtailAdminModelForm):
    """Coordination instances and psychiatric sectors: a territory made of communes."""

    communes = CommuneCodesField(label=_("communes ou arrondissements"))

"""Admin forms of the directory: communes are typed as INSEE codes, and a service or a
contact more open than its structure is flagged next to its visibility. Every one of them
goes through the privacy guard (`hub.privacy.admin_forms`): a contact's role or an entry's
description carries no identifier and no named person's health.

The gazetteer holds about 35,000 communes and arrondissements: a drop-down list of them
would weigh megabytes and help nobody. Editors type codes instead ("57463 57480", as in
the territories' pages); an unknown code is refused with a French message.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from directory.models import Commune
from hub.access import Access, Clause, Tier, effective_access
from hub.privacy.admin_forms import PrivacyGuardAdminMixin

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


class OrganisationAdminForm(PrivacyGuardAdminMixin, WagtailAdminModelForm):
    commune = CommuneCodeField(label=_("commune"), required=False)
    coverage = CommuneCodesField(label=_("communes d'intervention"))


class CommunesAdminForm(PrivacyGuardAdminMixin, WagtailAdminModelForm):
    """Coordination instances and psychiatric sectors: a territory made of communes."""

    communes = CommuneCodesField(label=_("communes ou arrondissements"))


# --- Entries that hang from a structure (services, contacts) --------------------------------


def _describe(access: Access) -> str:
    if access.tier == Tier.PUBLIC:
        return str(_("public"))
    if access.tier == Tier.PARTNERS:
        return str(_("réservée aux partenaires"))
    groups = {pk for clause in access.group_clauses for pk in clause}
    names = sorted(Group.objects.filter(pk__in=groups).values_list("name", flat=True))
    return str(_("réservée à : %(groups)s")) % {"groups": ", ".join(names) or _("personne")}


def container_note(organisation, tier, groups) -> str:
    """A French sentence when the tier chosen for a service or a contact admits people who
    may not see its structure: it is accepted (the rule of hub.access hides the entry from
    them anyway), but the editor should know who will really see it."""
    if organisation is None or not tier:
        return ""
    own = Access.of([Clause(tier, frozenset(group.pk for group in groups or ()))])
    container = effective_access(organisation)
    if own.implies(container):
        return ""
    return str(
        _(
            "Attention : la structure « %(name)s » est %(access)s. Cette entrée ne sera "
            "visible que des personnes qui peuvent aussi voir la structure, quelle que soit "
            "la visibilité choisie ici."
        )
    ) % {"name": organisation.name, "access": _describe(container)}


class ContainedEntryAdminForm(PrivacyGuardAdminMixin, WagtailAdminModelForm):
    """The form of a service or a contact: says, next to its visibility, when the chosen
    tier is more open than its structure's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and instance.organisation_id:
            groups = instance.access_groups.all()
            self._note(container_note(instance.organisation, instance.access_tier, groups))

    def _note(self, note):
        if note and "access_tier" in self.fields:
            self.fields["access_tier"].help_text = note

    def clean(self):
        data = super().clean()
        self._note(
            container_note(
                data.get("organisation"), data.get("access_tier"), data.get("access_groups")
            )
        )
        return data

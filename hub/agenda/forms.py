"""The agenda's filter form (a GET form) and the editors' form of an event."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from hub.access import GROUP_TIERS, Tier
from hub.agenda.models import EventKind


class FilterForm(forms.Form):
    territoire = forms.ChoiceField(label=_("Territoire"), required=False)
    type = forms.ChoiceField(
        label=_("Type d'événement"),
        required=False,
        choices=[("", _("Tous les types"))] + list(EventKind.choices),
    )

    def __init__(self, data, territories):
        super().__init__(data)
        self.territories = {page.slug: page for page in territories}
        self.fields["territoire"].choices = [("", _("Tous les territoires"))] + [
            (page.slug, page.title) for page in territories
        ]

    def selection(self):
        """(territory page or None, [kinds]) of a valid form; (None, []) otherwise."""
        if not self.is_valid():
            return None, []
        territory = self.territories.get(self.cleaned_data["territoire"])
        kind = self.cleaned_data["type"]
        return territory, [kind] if kind else []


class EventAdminForm(WagtailAdminModelForm):
    """An event of the family or instance tier names its groups; the instance tier takes
    the group of the event's coordination instance when none is chosen."""

    def clean(self):
        cleaned = super().clean()
        tier = cleaned.get("access_tier")
        groups = cleaned.get("access_groups")
        if tier in GROUP_TIERS and not groups:
            instance = cleaned.get("coordination_instance")
            if tier == Tier.INSTANCE and instance is not None:
                cleaned["access_groups"] = [instance.group]
            else:
                self.add_error(
                    "access_groups",
                    _("Choisissez la ou les familles, ou l'instance, qui verront l'événement."),
                )
        return cleaned

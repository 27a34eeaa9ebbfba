"""Forms of the coordinators' area and of working-group audiences. They collect input
only; `hub.accounts.coordination` and `hub.accounts.working_groups` decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from hub.accounts.forms import member_label


class DateInput(forms.DateInput):
    input_type = "date"


def _expiry_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
        help_text=_("Facultatif. Au-delà, la personne n’a plus accès à l’espace de l’instance."),
        error_messages={"invalid": _("Indiquez une date valide (jj/mm/aaaa).")},
    )


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse électronique du compte à ajouter"),
        help_text=_("L’adresse d’un compte partenaire déjà accrédité."),
        error_messages={
            "required": _("Indiquez l’adresse électronique du compte."),
            "invalid": _("Indiquez une adresse électronique valide."),
        },
    )
    expires_on = _expiry_field(_("Membre jusqu’au"))


class ExpiryForm(forms.Form):
    expires_on = _expiry_field(_("Membre jusqu’au"))


class AddGroupMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse électronique du membre à ajouter"),
        help_text=_("Un compte accrédité qui a déjà accès à l’espace."),
        error_messages={
            "required": _("Indiquez l’adresse électronique du compte."),
            "invalid": _("Indiquez une adresse électronique valide."),
        },
    )


class CoordinationHandoverForm(forms.Form):
    new_coordinator = forms.ModelChoiceField(
        label=_("Nouveau coordinateur ou nouvelle coordinatrice"),
        queryset=None,
        empty_label=_("Choisissez un membre de l’instance"),
        help_text=_("Un membre actif et accrédité de l’instance."),
        error_messages={
            "required": _("Choisissez la personne qui coordonnera l’instance."),
            "invalid_choice": _(
                "Choisissez un membre actif de l’instance, autre que le coordinateur actuel."
            ),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["new_coordinator"]
        field.queryset = (
            get_user_model()
            .objects.filter(pk__in=[user.pk for user in candidates])
            .order_by("last_name", "first_name", "username")
        )
        field.label_from_instance = member_label

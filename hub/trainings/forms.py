"""The trainings' forms: registering (professional data only), the evaluations (scores 1
to 5 as radio buttons, a free text through the privacy guard), and the editors' forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from hub.access import GROUP_TIERS
from hub.privacy.forms import PrivacyGuardMixin
from hub.trainings.models import QUESTIONS, Evaluation, EvaluationKind, Registration

SCORES = [(value, str(value)) for value in range(1, 6)]


class RegistrationForm(PrivacyGuardMixin, forms.ModelForm):
    privacy_fields = ("organisation", "role")

    class Meta:
        model = Registration
        fields = ["organisation", "role"]
        error_messages = {
            "organisation": {"required": _("Indiquez votre organisation.")},
            "role": {"required": _("Indiquez votre fonction.")},
        }


class EvaluationForm(PrivacyGuardMixin, forms.ModelForm):
    """One evaluation. The questions' wording depends on its kind (« à chaud » or
    « suivi »); the answers are 1 (pas du tout d'accord) to 5 (tout à fait d'accord)."""

    privacy_fields = ("comment",)

    class Meta:
        model = Evaluation
        fields = [name for name, _hot, _follow in QUESTIONS] + ["comment"]
        labels = {"comment": _("Commentaire libre (facultatif)")}

    def __init__(self, *args, kind=EvaluationKind.HOT, **kwargs):
        super().__init__(*args, **kwargs)
        wording = 1 if kind == EvaluationKind.HOT else 2
        for question in QUESTIONS:
            # The choices are the scores 1 to 5: the model's range, checked on the form.
            self.fields[question[0]] = forms.TypedChoiceField(
                label=question[wording],
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("De 1 (pas du tout d'accord) à 5 (tout à fait d'accord)."),
                error_messages={
                    "required": _("Choisissez une note de 1 à 5."),
                    "invalid_choice": _(
                        "Choisissez une note de 1 à 5 (%(value)s n’en est pas une)."
                    ),
                },
            )
        self.fields["comment"].widget.attrs["rows"] = 5


class AttendanceForm(forms.Form):
    """The registered people of a session, ticked when present."""

    present = forms.MultipleChoiceField(
        label=_("Présents"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (
                str(row.pk),
                f"{row.user.get_full_name() or row.user.get_username()} "
                f"({row.organisation}, {row.role})",
            )
            for row in registrations
        ]


class TrainingModuleAdminForm(WagtailAdminModelForm):
    """A module of the family or instance tier names its groups."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("access_tier") in GROUP_TIERS and not cleaned.get("access_groups"):
            self.add_error(
                "access_groups",
                _("Choisissez la ou les familles, ou l'instance, qui verront le module."),
            )
        return cleaned

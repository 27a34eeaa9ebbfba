"""Forms of the directory's "signaler une erreur".

- `ErrorReportForm`: the public form, open to anyone, about one entry. It collects a topic,
  what is wrong and, if the person wishes, an address to answer them. Its message goes
  through the privacy guard (a social-security number, a date of birth or a named
  person's diagnosis is refused): a report is about a professional entry, never about a
  tenant or a patient.
- `ErrorReportModerationForm`: the moderators' form in the Wagtail admin. Only the status
  and the moderator's note change; closing a report (corrigé, rejeté) erases the
  reporter's address and records who closed it and when.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from directory.models import ErrorReport
from hub.privacy.admin_forms import PrivacyGuardAdminMixin
from hub.privacy.forms import PrivacyGuardMixin

MESSAGE_MAX_LENGTH = 2000


class ErrorReportForm(PrivacyGuardMixin, forms.Form):
    """/annuaire/<slug>/signaler/: what is wrong in this entry. The message goes through
    the privacy guard (hub.privacy.guard): no identifier, no named person's health."""

    privacy_fields = ("message",)

    topic = forms.ChoiceField(
        label=_("Qu'est-ce qui est inexact ?"),
        choices=ErrorReport.Topic.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez ce qui est inexact."),
            "invalid_choice": _("Choisissez ce qui est inexact dans la liste."),
        },
    )
    message = forms.CharField(
        label=_("Décrivez l'erreur et, si vous la connaissez, l'information exacte"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_(
            "2000 caractères au plus. Par exemple : « Le CMP a déménagé au 3 rue des Lilas "
            "depuis janvier. » Aucune information sur un locataire ou un patient."
        ),
        error_messages={
            "required": _("Décrivez l'erreur."),
            "max_length": _(
                "La description doit faire 2000 caractères au plus (elle en fait %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH}),
    )
    reporter_email = forms.EmailField(
        label=_("Votre adresse électronique (facultatif)"),
        required=False,
        help_text=_(
            "Seulement si vous souhaitez une réponse. Elle est lue par les modérateurs de "
            "l'annuaire et effacée à la clôture du signalement."
        ),
        error_messages={
            "invalid": _("Indiquez une adresse électronique valide, comme nom@organisation.fr."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    # Honeypot: hidden from people (and from assistive technologies), filled by robots.
    website = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shorter names for the error summary.
        self.fields["topic"].summary_label = _("Sujet")
        self.fields["message"].summary_label = _("Description de l'erreur")
        self.fields["reporter_email"].summary_label = _("Adresse électronique")

    def is_robot(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Décrivez l'erreur."), code="required")
        return message

    def save(self, entry) -> ErrorReport:
        """Record the report about `entry`. The entry itself is never touched."""
        from django.contrib.contenttypes.models import ContentType

        data = self.cleaned_data
        return ErrorReport.objects.create(
            content_type=ContentType.objects.get_for_model(entry),
            object_id=entry.pk,
            entry_label=str(entry)[:255],
            topic=data["topic"],
            message=data["message"],
            reporter_email=data["reporter_email"],
            status=ErrorReport.Status.NEW,
        )


class ErrorReportModerationForm(PrivacyGuardAdminMixin, WagtailAdminModelForm):
    """The admin's edit form: the panels show only `status` and `moderator_note` as
    editable; what the reporter wrote is shown read-only."""

    def save(self, commit=True):
        report = self.instance
        if report.is_open:
            # Back in moderation (or still there): nobody has closed it.
            report.handled_by = None
            report.handled_at = None
        else:
            # Closed: the reporter's address has served its purpose.
            report.reporter_email = ""
            if "status" in self.changed_data or report.handled_at is None:
                report.handled_by = self.for_user
                report.handled_at = timezone.now()
        return super().save(commit=commit)

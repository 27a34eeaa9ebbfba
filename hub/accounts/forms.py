"""Forms of the accounts: login, accreditation request, referent decisions.

They collect and check input only; what may be done with it is decided in
`hub.accounts.services`. Each required field has its own French message, which the error
summary at the top of the page repeats with a link to the field.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from hub.access import is_accredited
from hub.accounts import services
from hub.accounts.middleware import expired_message
from hub.accounts.models import PartnerFamily
from hub.privacy.forms import PrivacyGuardMixin

MOTIVATION_MAX_LENGTH = 1000


class AccreditedLoginMixin:
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not is_accredited(user):
            raise forms.ValidationError(expired_message(user), code="expired")


class PartnerLoginForm(AccreditedLoginMixin, AuthenticationForm):
    """/compte/connexion/."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Identifiant (votre adresse électronique)")
        self.fields["username"].error_messages["required"] = _("Indiquez votre identifiant.")
        self.fields["password"].error_messages["required"] = _("Indiquez votre mot de passe.")


class AdminLoginForm(AccreditedLoginMixin, LoginForm):
    """Wagtail's admin login (WAGTAILADMIN_USER_LOGIN_FORM)."""


class PasswordSetForm(SetPasswordForm):
    """The first password of an approved account (and any later reset link)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nouveau mot de passe")
        self.fields["new_password1"].error_messages["required"] = _("Choisissez un mot de passe.")
        self.fields["new_password2"].label = _("Confirmez le mot de passe")
        self.fields["new_password2"].error_messages["required"] = _(
            "Saisissez le mot de passe une seconde fois."
        )


class FamilyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return gettext(obj.name)


class AccreditationRequestForm(PrivacyGuardMixin, forms.Form):
    """/compte/demande/: a professional asks for a partner account. Its free-text fields go
    through the privacy guard (hub.privacy.guard): no identifier of a tenant or a patient,
    no named person's diagnosis, in the motivation as in the organisation or the role."""

    privacy_fields = ("organisation", "job_role", "motivation")

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        error_messages={"required": _("Indiquez votre prénom.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        error_messages={"required": _("Indiquez votre nom.")},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Adresse électronique professionnelle"),
        help_text=_("Celle de votre organisation : elle servira d'identifiant."),
        error_messages={
            "required": _("Indiquez votre adresse électronique professionnelle."),
            "invalid": _("Indiquez une adresse électronique valide, comme nom@organisation.fr."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("Par exemple : CH Le Vinatier, ARELOR Hlm, Soliha."),
        error_messages={"required": _("Indiquez votre organisation.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    job_role = forms.CharField(
        label=_("Fonction"),
        max_length=200,
        help_text=_("Par exemple : chargée de gestion locative, infirmier de CMP, CESF."),
        error_messages={"required": _("Indiquez votre fonction.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    family = FamilyChoiceField(
        label=_("Famille de partenaires"),
        queryset=PartnerFamily.objects.all(),
        empty_label=_("Choisissez une famille"),
        help_text=_("Le référent de cette famille examinera votre demande."),
        error_messages={
            "required": _("Choisissez votre famille de partenaires."),
            "invalid_choice": _("Choisissez une famille de partenaires dans la liste."),
        },
    )
    motivation = forms.CharField(
        label=_("Motif de la demande (facultatif)"),
        required=False,
        max_length=MOTIVATION_MAX_LENGTH,
        help_text=_(
            "1000 caractères au plus. N'écrivez aucune information sur un locataire ou un "
            "patient (nom, date de naissance, numéro de sécurité sociale, situation) : "
            "décrivez seulement votre besoin d'accès."
        ),
        error_messages={
            "max_length": _(
                "Le motif doit faire 1000 caractères au plus (il en fait %(show_value)d)."
            )
        },
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MOTIVATION_MAX_LENGTH}),
    )
    consent = forms.BooleanField(
        label=_("J'accepte que Maillage traite ces informations pour gérer mon compte partenaire."),
        # 90 days: MAILLAGE_RETENTION["account_requests"] (tests/privacy/test_retention.py
        # checks that the two agree).
        help_text=_(
            "Elles sont lues par le référent de la famille et les administrateurs du hub, "
            "et conservées tant que le compte existe ; une demande refusée ou restée sans "
            "réponse est effacée après 90 jours."
        ),
        error_messages={
            "required": _("Cochez la case pour accepter le traitement de vos données.")
        },
    )
    # Honeypot: hidden from people (and from assistive technologies), filled by robots.
    website = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "organisation",
        "job_role",
        "family",
        "motivation",
        "consent",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shorter names for the error summary, where the whole label would be too long.
        self.fields["motivation"].summary_label = _("Motif de la demande")
        self.fields["consent"].summary_label = _("Consentement")

    def is_robot(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def clean_email(self):
        # Whether the address already has an account or a request is never said here: the
        # service e-mails the address instead (hub.accounts.account_requests).
        return services.normalise_email(self.cleaned_data["email"])

    def clean_motivation(self):
        # The privacy guard has already run (a field validator, PrivacyGuardMixin).
        return self.cleaned_data["motivation"].strip()


class DecisionForm(forms.Form):
    """Approve or refuse a request. Nothing else: the account's groups and rights are set
    by the service, whatever else the POST carries."""

    APPROVE = "approve"
    REFUSE = "refuse"

    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[(APPROVE, _("Accepter")), (REFUSE, _("Refuser"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez d'accepter ou de refuser la demande.")},
    )
    reason = forms.CharField(
        label=_("Motif du refus"),
        required=False,
        max_length=1000,
        help_text=_(
            "Obligatoire pour un refus : il est envoyé au demandeur. Aucune information sur "
            "un locataire ou un patient."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
    )

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("reason") or "").strip()
        if cleaned.get("decision") == self.REFUSE:
            if not reason:
                self.add_error(
                    "reason",
                    forms.ValidationError(
                        _("Indiquez le motif du refus : il sera envoyé au demandeur."),
                        code="required",
                    ),
                )
            else:
                for problem in services.find_identifiers(reason):
                    self.add_error("reason", problem)
        cleaned["reason"] = reason
        return cleaned


class HandoverForm(forms.Form):
    new_referent = forms.ModelChoiceField(
        label=_("Nouveau référent"),
        queryset=None,
        empty_label=_("Choisissez un membre de la famille"),
        help_text=_("Un membre actif et accrédité de la famille."),
        error_messages={
            "required": _("Choisissez le nouveau référent."),
            "invalid_choice": _(
                "Choisissez un membre actif de la famille, autre que le référent actuel."
            ),
        },
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        candidates = [user.pk for user in services.handover_candidates(family)]
        field = self.fields["new_referent"]
        field.queryset = (
            get_user_model()
            .objects.filter(pk__in=candidates)
            .order_by("last_name", "first_name", "username")
        )
        field.label_from_instance = member_label


def member_label(user):
    name = user.get_full_name() or user.get_username()
    profile = getattr(user, "maillage_profile", None)
    if profile is not None and profile.organisation:
        return f"{name} ({profile.organisation})"
    return name

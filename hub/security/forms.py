"""Forms of the second factor. Every field has a French label; codes are typed, never
remembered by the browser, and `autocomplete="one-time-code"` lets phones offer them."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from hub.security.otp import confirm_totp_device, verify_second_factor

WRONG_CODE = _("Code incorrect ou expiré.")
THROTTLED = _(
    "Trop d'essais infructueux : attendez quelques secondes avant de saisir un nouveau code."
)


def code_field(label, help_text):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
        error_messages={"required": _("Saisissez le code.")},
    )


class SecondFactorSetupForm(forms.Form):
    """Enrolment: the account's password again, and the first code the app shows.

    Asking for the password here means a session left open (or taken over) is not
    enough to enrol a device: whoever enrols has just typed the password. The check goes
    through `authenticate()`, so django-axes counts failures here too."""

    password = forms.CharField(
        label=_("Votre mot de passe"),
        help_text=_("Par sécurité, confirmez qu'il s'agit bien de vous."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Saisissez votre mot de passe.")},
    )
    token = code_field(
        _("Code à 6 chiffres affiché par l'application"),
        _("Le code change toutes les 30 secondes."),
    )

    def __init__(self, *args, request, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user
        self.device = device
        self.fields["token"].widget.attrs["inputmode"] = "numeric"

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = authenticate(self.request, username=self.user.get_username(), password=password)
        if user is None or user.pk != self.user.pk:
            raise forms.ValidationError(_("Mot de passe incorrect."), code="password")
        return password

    def clean(self):
        cleaned = super().clean()
        # The code is only tried once the password is right: a wrong password does not
        # spend the device's throttling allowance.
        if "password" in cleaned and cleaned.get("token"):
            allowed, _info = self.device.verify_is_allowed()
            if not allowed:
                self.add_error("token", forms.ValidationError(THROTTLED, code="throttled"))
            elif not confirm_totp_device(self.device, cleaned["token"]):
                self.add_error("token", forms.ValidationError(WRONG_CODE, code="wrong"))
        return cleaned


class SecondFactorVerifyForm(forms.Form):
    token = code_field(
        _("Code de vérification"),
        _(
            "Le code à 6 chiffres de votre application d'authentification, ou l'un de vos "
            "codes de secours."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self):
        token = self.cleaned_data["token"]
        device, throttled = verify_second_factor(self.user, token)
        if device is None:
            raise forms.ValidationError(
                THROTTLED if throttled else WRONG_CODE, code="throttled" if throttled else "wrong"
            )
        self.device = device
        return token

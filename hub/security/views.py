"""Second-factor pages: enrolment (setup), verification, backup codes.

The pages live under /compte/2fa/ and are reached from the admin by
`AdminSecondFactorMiddleware`. Every page needs a logged-in person and is never cached.
"""

from __future__ import annotations

import logging

import django_otp
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_static.models import StaticDevice

from hub.security.client_ip import client_ip
from hub.security.forms import SecondFactorSetupForm, SecondFactorVerifyForm
from hub.security.middleware import with_next
from hub.security.otp import (
    BACKUP_CODE_COUNT,
    has_confirmed_totp_device,
    must_use_second_factor,
    qr_code_svg,
    remaining_backup_codes,
    replace_backup_codes,
    secret_for_display,
    unconfirmed_totp_device,
)

logger = logging.getLogger("maillage.security")

NEW_BACKUP_CODES_SESSION_KEY = "maillage_new_backup_codes"


def safe_next(request) -> str:
    """The `next` parameter if it stays on this site, else the admin's home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def verified_login(request, device):
    """Mark the session as verified by this device, under a new session key: the session
    has just gained access to the admin."""
    request.session.cycle_key()
    django_otp.login(request, device)


def audit(message, request, **values):
    user = request.user
    logger.warning(
        message + " Utilisateur %s (id=%s), adresse %s.",
        *values.values(),
        user.get_username(),
        user.pk,
        client_ip(request),
    )


def notify_enrolment(request):
    """Tell the account's owner by e-mail that a second factor was enrolled: if it was not
    them, their password is known to someone else."""
    user = request.user
    if not user.email:
        return
    subject = _("Maillage : double authentification activée sur votre compte")
    body = _(
        "Bonjour,\n\n"
        "La double authentification vient d'être activée sur votre compte Maillage "
        "(%(username)s), le %(date)s, depuis l'adresse %(ip)s.\n\n"
        "Si c'est bien vous, il n'y a rien à faire.\n\n"
        "Si ce n'est pas vous, votre mot de passe est connu de quelqu'un d'autre : "
        "prévenez sans attendre l'équipe d'administration de Maillage.\n"
    ) % {
        "username": user.get_username(),
        "date": date_format(timezone.localtime(), "DATETIME_FORMAT"),
        "ip": client_ip(request) or "?",
    }
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
    except Exception:
        logger.exception("Courriel d'avis d'activation non envoyé à l'utilisateur id=%s.", user.pk)


class SecondFactorPage(View):
    """Only people who must use a second factor come here; anyone else logged in is sent
    to the home page (a device they enrolled would never be asked for)."""

    def dispatch(self, request, *args, **kwargs):
        if not must_use_second_factor(request.user):
            return HttpResponseRedirect("/")
        redirect = self.elsewhere(request)
        if redirect is not None:
            return redirect
        return super().dispatch(request, *args, **kwargs)

    def elsewhere(self, request):
        """A redirect if this page is not the one for this person now, else None."""
        return None


@method_decorator([never_cache, login_required], name="dispatch")
class SetupView(SecondFactorPage):
    """Enrol an authenticator app: QR code and secret, then password and first code."""

    template_name = "security/setup.html"

    def elsewhere(self, request):
        if has_confirmed_totp_device(request.user):
            # Never a second device through this page: replacing one is done by an
            # administrator (manage.py reset_second_factor), after checking who asks.
            if is_verified(request.user):
                return HttpResponseRedirect(safe_next(request))
            return HttpResponseRedirect(with_next(reverse("security:verify"), safe_next(request)))
        return None

    def get(self, request):
        device = unconfirmed_totp_device(request.user)
        form = SecondFactorSetupForm(request=request, device=device)
        return self.render(request, device, form)

    def post(self, request):
        device = unconfirmed_totp_device(request.user)
        form = SecondFactorSetupForm(request.POST, request=request, device=device)
        if not form.is_valid():
            return self.render(request, device, form, status=200)
        device.refresh_from_db()
        verified_login(request, device)
        codes = replace_backup_codes(request.user)
        request.session[NEW_BACKUP_CODES_SESSION_KEY] = codes
        audit("Double authentification activée (application TOTP).", request)
        notify_enrolment(request)
        return HttpResponseRedirect(with_next(reverse("security:backup_codes"), safe_next(request)))

    def render(self, request, device, form, status=200):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "qr_code": qr_code_svg(
                    device.config_url,
                    _("QR code à scanner avec votre application d'authentification"),
                ),
                "secret": secret_for_display(device),
                "next": safe_next(request),
            },
            status=status,
        )


@method_decorator([never_cache, login_required], name="dispatch")
class VerifyView(SecondFactorPage):
    """Ask for the code of the app (or a backup code) once per session."""

    template_name = "security/verify.html"

    def elsewhere(self, request):
        if is_verified(request.user):
            return HttpResponseRedirect(safe_next(request))
        if not has_confirmed_totp_device(request.user):
            return HttpResponseRedirect(with_next(reverse("security:setup"), safe_next(request)))
        return None

    def get(self, request):
        return self.render(request, SecondFactorVerifyForm(user=request.user))

    def post(self, request):
        form = SecondFactorVerifyForm(request.POST, user=request.user)
        if not form.is_valid():
            logger.info(
                "Code de double authentification refusé : utilisateur id=%s, adresse %s.",
                request.user.pk,
                client_ip(request),
            )
            return self.render(request, form)
        verified_login(request, form.device)
        if isinstance(form.device, StaticDevice):
            audit(
                "Code de secours utilisé (il en reste %s).",
                request,
                remaining=remaining_backup_codes(request.user),
            )
        return HttpResponseRedirect(safe_next(request))

    def render(self, request, form):
        return render(
            request,
            self.template_name,
            {"form": form, "next": safe_next(request)},
        )


@method_decorator([never_cache, login_required], name="dispatch")
class BackupCodesView(SecondFactorPage):
    """Shows new backup codes once, right after they are made; makes a new set on demand."""

    template_name = "security/backup_codes.html"

    def elsewhere(self, request):
        if not is_verified(request.user):
            if has_confirmed_totp_device(request.user):
                target = reverse("security:verify")
            else:
                target = reverse("security:setup")
            return HttpResponseRedirect(with_next(target, request.get_full_path()))
        return None

    def get(self, request):
        codes = request.session.pop(NEW_BACKUP_CODES_SESSION_KEY, None)
        return render(
            request,
            self.template_name,
            {
                "codes": codes,
                "code_count": BACKUP_CODE_COUNT,
                "remaining": remaining_backup_codes(request.user),
                "next": safe_next(request),
            },
        )

    def post(self, request):
        request.session[NEW_BACKUP_CODES_SESSION_KEY] = replace_backup_codes(request.user)
        audit("Nouveaux codes de secours créés.", request)
        return HttpResponseRedirect(with_next(reverse("security:backup_codes"), safe_next(request)))

"""Views of /compte/: login, accreditation requests, the referents' area.

They read input and show results; the rules live in `hub.accounts.services`. Every object a
referent acts on is looked up *within the families they refer*, so a tampered id or slug
answers 404 and changes nothing.
"""

import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hub.accounts import services
from hub.accounts.forms import (
    AccreditationRequestForm,
    DecisionForm,
    HandoverForm,
    PartnerLoginForm,
    PasswordSetForm,
)
from hub.accounts.models import AccreditationEvent, AccreditationRequest, PartnerFamily
from hub.archive import exportable_spaces
from hub.security import ratelimit
from hub.security.middleware import needs_second_factor_at_login, second_factor_page

logger = logging.getLogger(__name__)

#: Accreditation requests accepted from one address per hour.
REQUEST_RATE_LIMIT = getattr(settings, "MAILLAGE_REQUEST_RATE_LIMIT", 5)
REQUEST_RATE_WINDOW = 3600
REQUEST_RATE_SCOPE = "accreditation-request"
RECENT_EVENTS = 15


# --- Login, logout, password ------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = PartnerLoginForm
    template_name = "accounts/login.html"
    # A logged-in person sent here by a page of another tier must not bounce back to it.
    redirect_authenticated_user = False

    def get_success_url(self):
        # Django's own check first (`next` on this site only), then the second factor right
        # after the password for those who must use one, coming back to that same `next`.
        url = super().get_success_url()
        if needs_second_factor_at_login(self.request.user):
            return second_factor_page(self.request.user, url)
        return url


class LogoutView(auth_views.LogoutView):
    next_page = "/"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Vous êtes déconnecté·e."))
        return response


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The link e-mailed on approval: the person chooses their first password."""

    form_class = PasswordSetForm
    template_name = "accounts/password_set.html"
    reset_url_token = "definir"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Votre mot de passe est enregistré. Connectez-vous avec votre adresse électronique."),
        )
        return response


# --- Accreditation request ----------------------------------------------------------------------


def _rate_limited(request):
    # Counted per client address as the login lockout counts it (X-Forwarded-For is
    # believed only from our own reverse proxies): see hub.security.ratelimit.
    return ratelimit.exceeded(request, REQUEST_RATE_SCOPE, REQUEST_RATE_LIMIT)


def _count_attempt(request):
    ratelimit.record(request, REQUEST_RATE_SCOPE, REQUEST_RATE_WINDOW)


@require_http_methods(["GET", "POST"])
def request_account(request):
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "accounts/rate_limited.html", status=429)
        form = AccreditationRequestForm(request.POST)
        if form.is_robot():
            # Answer as if all went well: nothing is recorded, nobody is e-mailed.
            _count_attempt(request)
            logger.info("Accreditation request: honeypot filled, ignored.")
            return redirect("accounts:request_sent")
        if form.is_valid():
            _count_attempt(request)
            data = form.cleaned_data
            try:
                services.submit_request(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    job_role=data["job_role"],
                    family=data["family"],
                    motivation=data["motivation"],
                )
            except services.AccreditationError as error:
                form.add_error("motivation", str(error))
            else:
                request.session["maillage_request_family"] = data["family"].pk
                return redirect("accounts:request_sent")
    else:
        form = AccreditationRequestForm()
    return render(request, "accounts/request.html", {"form": form})


def request_sent(request):
    family_pk = request.session.pop("maillage_request_family", None)
    family = PartnerFamily.objects.filter(pk=family_pk).first() if family_pk else None
    return render(
        request,
        "accounts/request_sent.html",
        {
            "family": family,
            "accreditation_days": services.accreditation_days(),
            "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )


# --- Referents' area ----------------------------------------------------------------------------


def referent_required(view):
    """Logged in (else the login page) and referent of a family (else a French 403)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not services.is_referent(request.user):
            return render(request, "accounts/forbidden.html", status=403)
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return render(request, "accounts/forbidden.html", status=403)

    return wrapper


def _member_rows(family, today):
    rows = []
    for member in services.family_members(family):
        profile = getattr(member, "maillage_profile", None)
        expires_on = profile.expires_on if profile else None
        if not member.is_active:
            state = "inactive"
        elif profile is not None and profile.is_expired(today):
            state = "expired"
        elif profile is not None and profile.expires_soon(services.EXPIRY_WARNING_DAYS, today):
            state = "soon"
        else:
            state = "ok"
        rows.append(
            {
                "user": member,
                "profile": profile,
                "expires_on": expires_on,
                "state": state,
                "is_referent": member.pk == family.referent_id,
            }
        )
    return rows


@referent_required
def referent_dashboard(request):
    today = timezone.localdate()
    families = []
    for family in services.families_referred_by(request.user).select_related("referent"):
        families.append(
            {
                "family": family,
                "pending": family.accreditation_requests.filter(
                    status=AccreditationRequest.Status.PENDING
                ).order_by("created_at"),
                "members": _member_rows(family, today),
                "events": AccreditationEvent.objects.filter(family=family).select_related(
                    "actor", "subject", "request"
                )[:RECENT_EVENTS],
            }
        )
    return render(
        request,
        "accounts/referent_dashboard.html",
        {
            "families": families,
            "exportable_spaces": exportable_spaces(request.user),
            "warning_days": services.EXPIRY_WARNING_DAYS,
            "accreditation_days": services.accreditation_days(),
        },
    )


def _warn_if_not_sent(request, outcome):
    if not outcome.emails_sent:
        messages.warning(
            request,
            _(
                "L'e-mail n'a pas pu être envoyé : prévenez la personne par un autre moyen "
                "ou signalez-le à l'administrateur du hub."
            ),
        )


@referent_required
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    accreditation_request = get_object_or_404(
        AccreditationRequest.objects.select_related("family", "decided_by", "account"),
        pk=pk,
        family__in=services.families_referred_by(request.user),
    )
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not accreditation_request.is_pending:
            messages.error(request, _("Cette demande a déjà été traitée : rien n'a été modifié."))
            return redirect("accounts:decide", pk=pk)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == DecisionForm.APPROVE:
                    outcome = services.approve_request(accreditation_request, actor=request.user)
                    messages.success(
                        request,
                        _(
                            "Demande acceptée : le compte de %(name)s est ouvert jusqu'au "
                            "%(date)s, un lien pour choisir son mot de passe lui a été envoyé."
                        )
                        % {
                            "name": accreditation_request.full_name,
                            "date": outcome.value.maillage_profile.expires_on.strftime("%d/%m/%Y"),
                        },
                    )
                else:
                    outcome = services.refuse_request(
                        accreditation_request,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    messages.success(
                        request,
                        _("Demande refusée : le motif a été envoyé à %(name)s.")
                        % {"name": accreditation_request.full_name},
                    )
            except services.AlreadyDecided as error:
                messages.error(request, str(error))
                return redirect("accounts:decide", pk=pk)
            except services.AccreditationError as error:
                form.add_error(None, str(error))
            else:
                _warn_if_not_sent(request, outcome)
                return redirect("accounts:referent_dashboard")
    return render(
        request,
        "accounts/decide.html",
        {
            "accreditation_request": accreditation_request,
            "form": form,
            "accreditation_days": services.accreditation_days(),
        },
    )


def _family_and_member(request, family_slug, user_id):
    family = get_object_or_404(
        services.families_referred_by(request.user).select_related("group"), slug=family_slug
    )
    member = get_object_or_404(services.family_members(family), pk=user_id)
    return family, member


@referent_required
@require_POST
def renew(request, family_slug, user_id):
    family, member = _family_and_member(request, family_slug, user_id)
    try:
        outcome = services.renew_accreditation(member, family=family, actor=request.user)
    except services.AccreditationError as error:
        messages.error(request, str(error))
        return redirect(reverse("accounts:referent_dashboard") + f"#famille-{family.slug}")
    messages.success(
        request,
        _("Accréditation de %(name)s renouvelée jusqu'au %(date)s.")
        % {
            "name": member.get_full_name() or member.get_username(),
            "date": outcome.value.expires_on.strftime("%d/%m/%Y"),
        },
    )
    return redirect(reverse("accounts:referent_dashboard") + f"#famille-{family.slug}")


@referent_required
@require_http_methods(["GET", "POST"])
def revoke(request, family_slug, user_id):
    family, member = _family_and_member(request, family_slug, user_id)
    if request.method == "POST":
        try:
            outcome = services.revoke_membership(member, family=family, actor=request.user)
        except services.AccreditationError as error:
            messages.error(request, str(error))
        else:
            name = member.get_full_name() or member.get_username()
            if outcome.value:
                messages.success(
                    request,
                    _("%(name)s n'a plus accès à la famille ; son compte est désactivé.")
                    % {"name": name},
                )
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s n'a plus accès à la famille (son compte reste ouvert pour "
                        "ses autres familles ou instances)."
                    )
                    % {"name": name},
                )
        return redirect(reverse("accounts:referent_dashboard") + f"#famille-{family.slug}")
    return render(
        request,
        "accounts/revoke.html",
        {"family": family, "member": member, "is_self": member.pk == request.user.pk},
    )


@referent_required
@require_http_methods(["GET", "POST"])
def handover(request, family_slug):
    family = get_object_or_404(
        services.families_referred_by(request.user).select_related("referent"), slug=family_slug
    )
    form = HandoverForm(request.POST if request.method == "POST" else None, family=family)
    if request.method == "POST" and form.is_valid():
        new_referent = form.cleaned_data["new_referent"]
        try:
            outcome = services.hand_over(family, new_referent=new_referent, actor=request.user)
        except services.AccreditationError as error:
            form.add_error("new_referent", str(error))
        else:
            messages.success(
                request,
                _("%(name)s est désormais référent de la famille %(family)s.")
                % {
                    "name": new_referent.get_full_name() or new_referent.get_username(),
                    "family": _(family.name),
                },
            )
            _warn_if_not_sent(request, outcome)
            if services.is_referent(request.user):
                return redirect("accounts:referent_dashboard")
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/handover.html", {"family": family, "form": form})

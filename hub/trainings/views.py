"""/formations/: the catalogue, a module, a session (and « S'inscrire »), « Mes
formations », the evaluations. The managers' pages (attendance, results, certificate) are
in `manage_views.py`.

Every read goes through `hub.trainings.rules` (`hub.access`). A module or session the
reader may not see does not exist for them: a visitor who is not logged in (or whose
accreditation ended) is sent to the login page, a logged-in partner outside its tier gets
a 404. A registration is its owner's: anyone else gets a 404 (its managers reach it only
through the attendance list and the certificate).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.access import audience_for
from hub.agenda.dates import span
from hub.trainings import registration as flow
from hub.trainings import results, rules
from hub.trainings.followups import follow_up_open
from hub.trainings.forms import EvaluationForm, RegistrationForm
from hub.trainings.models import (
    HOLDS_A_PLACE,
    EvaluationKind,
    Registration,
    Status,
    TrainingModule,
    TrainingSession,
)


def _restricted(request, module=None):
    """Mark the response as not for a shared cache (hub/accounts/middleware.py)."""
    if module is None or module.access_tier != "public":
        request.maillage_restricted = True


def deny(request, exists):
    if not audience_for(request.user).accredited and exists:
        return redirect_to_login(request.get_full_path())
    raise Http404(_("Cette formation n'existe pas."))


def login_required_or_none(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


@require_GET
def catalogue(request):
    modules = list(rules.visible_modules(request.user).prefetch_related("audience"))
    upcoming = list(
        rules.visible_sessions(request.user).filter(end__gt=timezone.now()).order_by("start")
    )
    for session in upcoming:
        session.left = rules.places_left(session)
        session.when = span(session.start, session.end)
    return render(
        request,
        "trainings/catalogue.html",
        {
            "modules": modules,
            "upcoming": upcoming,
            "managed": rules.managed_modules(request.user),
            "territory_ids": _territory_ids(request.user),
        },
    )


@require_GET
def module_page(request, pk):
    module = rules.visible_modules(request.user).filter(pk=pk).first()
    if module is None:
        return deny(request, TrainingModule.objects.filter(pk=pk).exists())
    _restricted(request, module)
    sessions = list(rules.visible_sessions(request.user).filter(module=module).order_by("start"))
    for session in sessions:
        session.left = rules.places_left(session)
        session.when = span(session.start, session.end)
    now = timezone.now()
    return render(
        request,
        "trainings/module.html",
        {
            "module": module,
            "trainers": rules.trainers(request.user, module),
            "families": module.audience.order_by("name"),
            "upcoming": [s for s in sessions if s.end > now],
            "past": [s for s in sessions if s.end <= now][::-1],
            "manages": rules.may_manage(request.user, module),
            "territory_ids": _territory_ids(request.user),
        },
    )


def _territory_ids(user):
    """The territory pages a list may name for `user`."""
    from hub.agenda.query import visible_territories

    return {page.pk for page in visible_territories(user)}


def visible_session_or_deny(request, pk):
    session = rules.visible_sessions(request.user).filter(pk=pk).first()
    if session is not None:
        return session, None
    return None, deny(request, TrainingSession.objects.filter(pk=pk).exists())


@require_http_methods(["GET", "POST"])
def session_page(request, pk):
    session, denied = visible_session_or_deny(request, pk)
    if denied:
        return denied
    module = session.module
    _restricted(request, module)
    mine = None
    if request.user.is_authenticated:
        mine = session.registrations.filter(user=request.user).first()
    may_register = rules.may_register(request.user, module) and not session.has_ended
    form = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_register:
            raise Http404(_("L’inscription n’est pas ouverte."))
        form = RegistrationForm(request.POST)
        if form.is_valid():
            outcome = flow.register(
                request.user,
                session.pk,
                form.cleaned_data["organisation"],
                form.cleaned_data["role"],
            )
            _say(
                request, outcome.registration, fresh=mine is None or mine.status == Status.CANCELLED
            )
            return redirect("trainings:session", pk=session.pk)
    elif may_register and (mine is None or mine.status == Status.CANCELLED):
        initial = {}
        profile = getattr(request.user, "maillage_profile", None)
        if profile is not None:
            initial = {"organisation": profile.organisation, "role": profile.job_role}
        form = RegistrationForm(initial=initial)
    return render(
        request,
        "trainings/session.html",
        {
            "session": session,
            "module": module,
            "when": span(session.start, session.end),
            "left": rules.places_left(session),
            "territory": rules.visible_territory(request.user, session),
            "event": rules.visible_event(request.user, session),
            "mine": mine,
            "form": form,
            "may_register": may_register,
            "manages": rules.may_manage(request.user, module),
        },
    )


def _say(request, registration, fresh):
    if registration.status == Status.WAITING:
        messages.warning(
            request,
            _(
                "La session est complète : vous êtes inscrit(e) sur la liste d’attente. "
                "Vous serez prévenu(e) par e-mail si une place se libère."
            ),
        )
    elif fresh:
        messages.success(
            request,
            _("Votre inscription est confirmée. Un e-mail de confirmation vous a été envoyé."),
        )
    else:
        messages.info(request, _("Vous êtes déjà inscrit(e) à cette session."))


def _own_registration(request, pk):
    """The reader's own registration, on a module they still see; else 404."""
    registration = (
        Registration.objects.filter(
            pk=pk, user=request.user, session__module__in=rules.visible_modules(request.user)
        )
        .select_related("session__module", "session__territory")
        .first()
    )
    if registration is None:
        raise Http404(_("Cette inscription n'existe pas."))
    return registration


@require_POST
def cancel(request, pk):
    if denied := login_required_or_none(request):
        return denied
    registration = _own_registration(request, pk)
    outcome = flow.cancel(registration.pk)
    if outcome.registration.status == Status.CANCELLED:
        messages.success(request, _("Votre inscription est annulée."))
    return redirect("trainings:mine")


@require_GET
def mine(request):
    if denied := login_required_or_none(request):
        return denied
    _restricted(request)
    rows = list(
        Registration.objects.filter(
            user=request.user, session__module__in=rules.visible_modules(request.user)
        )
        .select_related("session__module")
        .prefetch_related("evaluations")
        .order_by("-session__start")
    )
    for row in rows:
        row.when = span(row.session.start, row.session.end)
        done = {evaluation.kind for evaluation in row.evaluations.all()}
        row.hot_open = _may_evaluate(row, EvaluationKind.HOT) and EvaluationKind.HOT not in done
        row.follow_open = (
            _may_evaluate(row, EvaluationKind.FOLLOW_UP) and EvaluationKind.FOLLOW_UP not in done
        )
        row.done = done
    return render(request, "trainings/mine.html", {"rows": rows})


def _may_evaluate(registration, kind) -> bool:
    if registration.status not in HOLDS_A_PLACE:
        return False
    if kind == EvaluationKind.HOT:
        return registration.session.has_ended
    return follow_up_open(registration.session)


@require_http_methods(["GET", "POST"])
def evaluate(request, pk, kind):
    if denied := login_required_or_none(request):
        return denied
    if kind not in EvaluationKind.values:
        raise Http404
    _restricted(request)
    registration = _own_registration(request, pk)
    refusal = None
    if registration.evaluations.filter(kind=kind).exists():
        refusal = _("Vous avez déjà répondu à cette évaluation : merci.")
    elif not _may_evaluate(registration, kind):
        refusal = (
            _("L’évaluation « à chaud » s’ouvre à la fin de la session.")
            if kind == EvaluationKind.HOT
            else _("L’évaluation de suivi s’ouvre douze mois après la session.")
        )
    form = None
    if refusal is None:
        form = EvaluationForm(request.POST or None, kind=kind)
        if request.method == "POST" and form.is_valid():
            evaluation = form.save(commit=False)
            evaluation.registration = registration
            evaluation.kind = kind
            try:
                with transaction.atomic():
                    evaluation.save()
            except IntegrityError:  # a second tab sent it first
                pass
            messages.success(request, _("Merci : votre évaluation est enregistrée."))
            return redirect("trainings:mine")
    status = 200 if refusal is None else 403
    return render(
        request,
        "trainings/evaluate.html",
        {
            "registration": registration,
            "session": registration.session,
            "when": span(registration.session.start, registration.session.end),
            "kind": kind,
            "kind_label": EvaluationKind(kind).label,
            "form": form,
            "refusal": refusal,
            "threshold": results.THRESHOLD,
        },
        status=status,
    )

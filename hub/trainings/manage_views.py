"""/formations/ for the module's managers (administrators, the referent of a family of the
audience: `hub.trainings.rules.may_manage`): the attendance list, the results per session
and per module (aggregates only, `hub.trainings.results`), and the attendance certificate,
which its owner also gets. Anyone else gets a 404 (or the login page), as for a module
they may not see; every answer is `Cache-Control: private, no-store`.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hub.access import audience_for
from hub.agenda.dates import span
from hub.trainings import registration as flow
from hub.trainings import results, rules
from hub.trainings.forms import AttendanceForm
from hub.trainings.models import HOLDS_A_PLACE, Registration, Status, TrainingModule
from hub.trainings.views import deny, login_required_or_none, visible_session_or_deny


def _managed_session_or_deny(request, pk):
    session, denied = visible_session_or_deny(request, pk)
    if denied:
        return None, denied
    if not rules.may_manage(request.user, session.module):
        raise Http404(_("Cette page est réservée aux responsables de la formation."))
    request.maillage_restricted = True
    return session, None


@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    session, denied = _managed_session_or_deny(request, pk)
    if denied:
        return denied
    rows = list(
        session.registrations.exclude(status=Status.CANCELLED)
        .select_related("user")
        .order_by("status", "queued_at", "pk")
    )
    places = [row for row in rows if row.status in HOLDS_A_PLACE]
    form = AttendanceForm(
        request.POST or None,
        registrations=places,
        initial={"present": [str(r.pk) for r in places if r.status == Status.ATTENDED]},
    )
    if request.method == "POST" and form.is_valid():
        if timezone.now() < session.start:
            form.add_error("present", _("Les présences se notent à partir du début de la session."))
        else:
            changed = flow.mark_attendance(
                session, [int(pk) for pk in form.cleaned_data["present"]]
            )
            messages.success(
                request, _("Présences enregistrées (%(n)d changement(s)).") % {"n": changed}
            )
            return redirect("trainings:attendance", pk=session.pk)
    return render(
        request,
        "trainings/attendance.html",
        {
            "session": session,
            "module": session.module,
            "when": span(session.start, session.end),
            "form": form,
            "waiting": [row for row in rows if row.status == Status.WAITING],
            "attended": [row for row in places if row.status == Status.ATTENDED],
        },
    )


@require_GET
def session_results(request, pk):
    session, denied = _managed_session_or_deny(request, pk)
    if denied:
        return denied
    return render(
        request,
        "trainings/results.html",
        {
            "title": _("Résultats de la session du %(when)s")
            % {"when": span(session.start, session.end)},
            "module": session.module,
            "results": results.for_session(session),
            "threshold": results.THRESHOLD,
        },
    )


@require_GET
def module_results(request, pk):
    module = rules.visible_modules(request.user).filter(pk=pk).first()
    if module is None:
        return deny(request, TrainingModule.objects.filter(pk=pk).exists())
    if not rules.may_manage(request.user, module):
        raise Http404(_("Cette page est réservée aux responsables de la formation."))
    request.maillage_restricted = True
    return render(
        request,
        "trainings/results.html",
        {
            "title": _("Résultats de toutes les sessions"),
            "module": module,
            "results": results.for_module(module),
            "threshold": results.THRESHOLD,
        },
    )


@require_GET
def certificate(request, pk):
    """The attendance certificate (PDF) of an attended registration: its owner's, and its
    module's managers'. Rendered by the PDF pipeline through `maillage_pdf_from_html`."""
    from hub.trainings.certificate import certificate_response

    if denied := login_required_or_none(request):
        return denied
    registration = (
        Registration.objects.filter(
            pk=pk, status=Status.ATTENDED, session__module__in=rules.visible_modules(request.user)
        )
        .select_related("session__module", "user")
        .first()
    )
    if registration is None or not (
        registration.user_id == request.user.pk
        and audience_for(request.user).accredited
        or rules.may_manage(request.user, registration.session.module)
    ):
        raise Http404(_("Cette attestation n'existe pas."))
    request.maillage_restricted = True
    return certificate_response(request, registration)

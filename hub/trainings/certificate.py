"""The attendance certificate: HTML from `templates/trainings/certificate.html`, made into a
PDF by the guide's pipeline through the hook `maillage_pdf_from_html` (hub may not import
guide/pdf/). The caller (`views.certificate`) has checked who may have it."""

from __future__ import annotations

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from hub.agenda.dates import long_date, span
from hub.hooks import PDF_FROM_HTML, first


def certificate_html(registration) -> str:
    session = registration.session
    user = registration.user
    return render_to_string(
        "trainings/certificate.html",
        {
            "registration": registration,
            "name": user.get_full_name() or user.get_username(),
            "session": session,
            "module": session.module,
            "when": span(session.start, session.end),
            "issued_on": long_date(timezone.localdate()),
        },
    )


def certificate_response(request, registration):
    render = first(PDF_FROM_HTML)
    if render is None:
        raise Http404
    filename = f"attestation-formation-{registration.pk}.pdf"
    return render(request, certificate_html(registration), filename)

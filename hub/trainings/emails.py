"""The trainings' e-mails, sent as the accounts' are (`hub.accounts.emails`): plain French
text from `templates/trainings/emails/<name>.txt`, in the hub's language, one recipient.

They name the module, the dates and the place to the person registered, who sees the
module (`hub.trainings.rules.may_register` is asked again before each e-mail): a person
whose accreditation ended, or who no longer sees the module, gets nothing. A failure to
send is logged without the content and never undoes the registration.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hub.agenda.dates import span

logger = logging.getLogger(__name__)

SUBJECTS = {
    "confirmed": _("Inscription confirmée : %(title)s"),
    "waiting": _("Liste d'attente : %(title)s"),
    "promoted": _("Une place s'est libérée : vous êtes inscrit(e) à %(title)s"),
    "followup": _("Votre avis, un an après : %(title)s"),
}


def _site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def send(name: str, registration, **context) -> bool:
    """Send e-mail `name` about `registration` to its person. True if sent."""
    from hub.trainings.rules import may_register

    user = registration.user
    session = registration.session
    module = session.module
    if not user.email or not may_register(user, module):
        logger.warning("E-mail %s: no recipient allowed.", name)
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "site_url": _site_url(),
            "registration": registration,
            "session": session,
            "module": module,
            "when": span(session.start, session.end),
            "session_url": _site_url() + reverse("trainings:session", args=[session.pk]),
            "mine_url": _site_url() + reverse("trainings:mine"),
            **context,
        }
        body = render_to_string(f"trainings/emails/{name}.txt", context)
        subject = " ".join((str(SUBJECTS[name]) % {"title": module.title}).split())
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
    except Exception:  # SMTP down, refused address...: the registration stands.
        logger.exception("E-mail %s could not be sent.", name)
        return False
    return True


def send_registration(kind: str, registration) -> bool:
    return send(kind, registration)


def send_followup(registration) -> bool:
    url = _site_url() + reverse("trainings:evaluate", args=[registration.pk, "suivi"])
    return send("followup", registration, evaluation_url=url)

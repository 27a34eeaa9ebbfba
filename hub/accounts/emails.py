"""The accounts' e-mails: plain French text from `templates/accounts/emails/<name>.txt`.

They carry professional identities and links to the hub, never health data. A failure to
send is logged (without the message's content) and reported to the caller; it never
undoes the decision that triggered it.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def render(name, context):
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            f"accounts/emails/{name}.txt",
            {"site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), **context},
        )


def send(name, recipients, subject, context, **subject_params):
    """Send one e-mail to `recipients` (one message, each sees the list). True if sent.

    `subject` is a lazy translatable string, formatted with `subject_params`; subject and
    body are in the hub's language whatever the language of the page that sent them."""
    recipients = [address for address in dict.fromkeys(recipients) if address]
    if not recipients:
        logger.warning("E-mail %s: no recipient.", name)
        return False
    body = render(name, context)
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(subject) % subject_params if subject_params else str(subject)
    try:
        send_mail(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            fail_silently=False,
        )
    except Exception:  # SMTP down, refused address...: the decision stands.
        logger.exception("E-mail %s could not be sent.", name)
        return False
    return True

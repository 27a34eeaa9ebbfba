"""« Signaler une erreur » (/annuaire/<slug>/signaler/): anyone, without an account, may
tell the partnership that an entry is wrong.

- The entry is looked up as the visitor may see it (`directory.lookup.find_entry`): a
  restricted entry answers 404, like one that does not exist.
- A report never changes the entry: it waits in moderation (Wagtail admin, "Annuaire" >
  "Signalements") until an editor checks the fact.
- Its message goes through the privacy guard (`directory.forms.ErrorReportForm`,
  `hub.privacy.guard`): a refused text is shown again with the French error next to the
  field, and nothing is stored.
- Against robots and floods: a honeypot field (a robot that fills it is thanked and
  forgotten) and 5 reports an hour per address (`hub.security.ratelimit`, every POST counts).
- The moderators are e-mailed: the referent of the entry's partner family, else the
  accounts allowed to moderate reports. The e-mail names the entry and the topic and links
  to the admin; the reporter's text and address stay in the hub.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.permission_policies import ModelPermissionPolicy

from directory.forms import ErrorReportForm
from directory.freshness import partner_family_of
from directory.lookup import find_entry
from directory.models import ErrorReport
from hub.access import can_view_object
from hub.security import ratelimit

logger = logging.getLogger(__name__)

RATE_SCOPE = "directory-report"
RATE_LIMIT = 5
RATE_WINDOW = 3600


@require_http_methods(["GET", "POST"])
def report_error(request, slug):
    entry = find_entry(slug, request.user)
    context = {"entry": entry}
    if request.method == "POST":
        if ratelimit.hit(request, RATE_SCOPE, RATE_LIMIT, RATE_WINDOW):
            return render(
                request, "directory/report_form.html", {**context, "rate_limited": True}, status=429
            )
        form = ErrorReportForm(request.POST)
        if form.is_robot():
            # Answer as if all went well: nothing is recorded, nobody is e-mailed.
            logger.info("Error report: honeypot filled, ignored.")
            return redirect("directory:report_sent", slug=slug)
        if form.is_valid():
            report = form.save(entry)
            notify_moderators(report, entry)
            return redirect("directory:report_sent", slug=slug)
    else:
        form = ErrorReportForm()
    return render(request, "directory/report_form.html", {**context, "form": form})


@require_http_methods(["GET"])
def report_sent(request, slug):
    entry = find_entry(slug, request.user)
    return render(request, "directory/report_sent.html", {"entry": entry})


# --- The moderators' e-mail ------------------------------------------------------------------


def moderator_recipients(entry) -> list[str]:
    """The referent of the entry's family; else whoever may moderate reports (superusers
    included). Only people who may see the entry: its name is in the e-mail."""

    def can_receive(user):
        return user is not None and user.is_active and user.email and can_view_object(user, entry)

    family = partner_family_of(entry)
    if family is not None and can_receive(family.referent):
        return [family.referent.email]
    moderators = (
        ModelPermissionPolicy(ErrorReport)
        .users_with_permission("change")
        .filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    if not moderators.exists():
        moderators = get_user_model().objects.filter(is_superuser=True, is_active=True)
    return [user.email for user in moderators if can_receive(user)]


def notify_moderators(report, entry) -> bool:
    """E-mail the moderators about a new report. True if sent; a failure is logged (without
    the report's content) and never loses the report."""
    recipients = list(dict.fromkeys(moderator_recipients(entry)))
    if not recipients:
        logger.warning("Error report %s: no moderator to e-mail.", report.pk)
        return False
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    admin_path = AdminURLFinder().get_edit_url(report) or ""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "report": report,
            "topic": report.get_topic_display(),
            "report_url": base + admin_path,
            "site_url": base,
        }
        body = render_to_string("directory/emails/report_received.txt", context)
        subject = str(_("Annuaire : signalement d'erreur sur « %(entry)s »")) % {
            "entry": report.entry_label
        }
    try:
        send_mail(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            fail_silently=False,
        )
    except Exception:  # SMTP down, refused address...: the report is kept all the same.
        logger.exception("Error report %s: the moderators' e-mail could not be sent.", report.pk)
        return False
    return True

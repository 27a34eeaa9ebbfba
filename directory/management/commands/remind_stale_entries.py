"""`manage.py remind_stale_entries [--dry-run]`: ask each owner to verify their stale entries.

An entry is stale when it was never verified, or longer ago than `MAILLAGE_FRESHNESS_DAYS`
(`directory.freshness`). Each owner (the last verifier, else the family's referent, else
the superusers) receives ONE French e-mail, text and HTML, listing their entries with the
link to edit each in the admin. `--dry-run` sends nothing and prints who would receive what.

Meant for a monthly cron; it ends with a summary line (entries, e-mails, failures, time).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.admin_url_finder import AdminURLFinder

from directory.freshness import (
    active_superusers,
    entry_owners,
    freshness,
    freshness_days,
    stale_entries,
)

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Envoie à chaque responsable la liste de ses entrées de l'annuaire à vérifier."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="N'envoie rien : affiche qui recevrait quelles entrées.",
        )

    def handle(self, *args, dry_run=False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._run(dry_run)

    def _run(self, dry_run):
        started = time.monotonic()
        today = timezone.localdate()
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        finder = AdminURLFinder()  # no user: the owner's own rights apply when they click
        superusers = list(active_superusers())

        owners = {}  # user pk -> (user, [rows])
        entry_count = 0
        orphans = 0
        for entry in stale_entries(today):
            entry_count += 1
            row = {
                "label": str(entry),
                "kind": entry._meta.verbose_name,
                "verified_on": freshness(entry, today).verified_on,
                "edit_url": base_url + (finder.get_edit_url(entry) or ""),
            }
            recipients = entry_owners(entry, superusers=superusers)
            if not recipients:
                orphans += 1
                logger.warning("Stale %s %s: nobody to remind.", type(entry).__name__, entry.pk)
            for user in recipients:
                owners.setdefault(user.pk, (user, []))[1].append(row)

        sent = failed = 0
        for user, rows in owners.values():
            if dry_run:
                self.stdout.write(
                    ngettext(
                        "%(email)s recevrait %(count)d entrée :",
                        "%(email)s recevrait %(count)d entrées :",
                        len(rows),
                    )
                    % {"email": user.email, "count": len(rows)}
                )
                for row in rows:
                    self.stdout.write(f"  - {row['label']} ({row['kind']}) : {row['edit_url']}")
                continue
            if self._send(user, rows, base_url):
                sent += 1
            else:
                failed += 1

        self._summary(entry_count, len(owners), sent, failed, orphans, dry_run, started)

    def _send(self, user, rows, base_url):
        context = {
            "user": user,
            "rows": rows,
            "months": max(1, round(freshness_days() / 30.44)),
            "site_url": base_url,
        }
        subject = ngettext(
            "Annuaire Maillage : %(count)d entrée à vérifier",
            "Annuaire Maillage : %(count)d entrées à vérifier",
            len(rows),
        ) % {"count": len(rows)}
        message = EmailMultiAlternatives(
            subject,
            render_to_string("directory/emails/stale_entries.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        message.attach_alternative(
            render_to_string("directory/emails/stale_entries.html", context), "text/html"
        )
        try:
            message.send(fail_silently=False)
        except Exception:  # SMTP down, refused address...: the others still get theirs.
            logger.exception("Stale entries reminder to user %s could not be sent.", user.pk)
            return False
        return True

    def _summary(self, entries, owners, sent, failed, orphans, dry_run, started):
        parts = [
            ngettext("%(count)d entrée à vérifier", "%(count)d entrées à vérifier", entries)
            % {"count": entries}
        ]
        if dry_run:
            parts.append(
                ngettext(
                    "%(count)d courriel serait envoyé (simulation, rien n'est parti)",
                    "%(count)d courriels seraient envoyés (simulation, rien n'est parti)",
                    owners,
                )
                % {"count": owners}
            )
        else:
            parts.append(
                ngettext("%(count)d courriel envoyé", "%(count)d courriels envoyés", sent)
                % {"count": sent}
            )
            if failed:
                parts.append(
                    ngettext("%(count)d échec d'envoi", "%(count)d échecs d'envoi", failed)
                    % {"count": failed}
                )
        if orphans:
            parts.append(
                ngettext(
                    "%(count)d entrée sans destinataire",
                    "%(count)d entrées sans destinataire",
                    orphans,
                )
                % {"count": orphans}
            )
        parts.append(_("%(seconds).1f s") % {"seconds": time.monotonic() - started})
        style = self.style.WARNING if failed or orphans else self.style.SUCCESS
        self.stdout.write(style(", ".join(parts)))

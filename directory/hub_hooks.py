"""What hub must know of the directory (hub/hooks.py), registered from
`DirectoryConfig.ready()`.

- `maillage_sitemaps`: the « annuaire » section of /sitemap.xml;
- `maillage_demo`: the Métropole de Lyon's communes (`epci`), the coordination instances
  before the partner spaces, then the directory's entries;
- `maillage_personal_data`: the error reports (signed with an address) and the contacts
  (a role, an address, a number: erased with the person), for hub/privacy;
- `maillage_evaluation_series`: instances active, entries and their freshness, for the
  evaluation dashboard (directory/indicators.py);
- the « Effacer la personne » entry in each contact's « … » menu (a Wagtail hook).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from directory.models import Contact, ErrorReport
from hub.hooks import DEMO, EVALUATION_SERIES, PERSONAL_DATA, SITEMAPS, DemoPart
from hub.privacy.holders import Card, PersonalData
from hub.privacy.models import ErasureRecord

Kind = ErasureRecord.Kind


@hooks.register(SITEMAPS)
def directory_sitemap():
    from directory.sitemaps import DirectorySitemap

    return {"annuaire": DirectorySitemap}


@hooks.register(DEMO, order=10)
def demo_part():
    from directory import demo, epci

    return DemoPart(
        perimeter=epci.members,
        instances=lambda run: run.instances.update(demo.ensure_instances()),
        entries=lambda run: demo.load_directory_demo(),
    )


@hooks.register(EVALUATION_SERIES, order=10)
def evaluation_series(audience):
    from directory.indicators import series

    return series(audience)


# --- Personal data -------------------------------------------------------------------------


def _by_address(field: str, emails) -> Q:
    condition = Q(pk__in=[])
    for address in emails:
        condition |= Q(**{f"{field}__iexact": address})
    return condition


class ErrorReports(PersonalData):
    """« Signaler une erreur »: a report may carry its author's address."""

    model = ErrorReport
    section = "signalements_d_erreur"
    label = _("Signalements d'erreur")

    def rows_of(self, person) -> list:
        emails = person.needles.emails
        rows = self.model.objects.filter(_by_address("reporter_email", emails))
        return list(rows.order_by("created_at", "pk"))

    def export(self, report) -> dict:
        return {
            "recu_le": report.created_at,
            "fiche": report.entry_label,
            "sujet": report.get_topic_display(),
            "message": report.message,
            "adresse_electronique": report.reporter_email,
            "statut": report.get_status_display(),
            "traite_le": report.handled_at,
        }

    def to_erase_again(self, erased) -> tuple[set[str], set]:
        reports = self.model.objects.exclude(reporter_email="")
        emails = {
            report.reporter_email
            for report in reports.only("reporter_email", "created_at")
            if erased(Kind.EMAIL, report.reporter_email, report.created_at)
        }
        return emails, set()

    def purges(self, now) -> list:
        from hub.privacy.retention import Purge, cutoff_of, frozen_pks

        cutoff = cutoff_of(now, "error_reports")
        old = ErrorReport.objects.filter(created_at__lt=cutoff)
        return [
            Purge(
                "Signalements d'erreur clos",
                "error_reports",
                cutoff,
                ErrorReport,
                frozen_pks(old.exclude(status__in=ErrorReport.OPEN_STATUSES)),
            ),
            Purge(
                "Adresses des signalements encore ouverts",
                "error_reports",
                cutoff,
                ErrorReport,
                frozen_pks(
                    old.filter(status__in=ErrorReport.OPEN_STATUSES).exclude(reporter_email="")
                ),
                erase_fields=("reporter_email",),
            ),
        ]


class Contacts(PersonalData):
    """The directory's contacts: a role at a structure, with an address and a number."""

    model = Contact
    section = "contacts_de_l_annuaire"
    label = _("Contacts de l'annuaire")

    def contact(self, pk):
        return self.model.objects.filter(pk=pk).first()

    def contacts_with_emails(self, emails) -> list:
        return list(self.model.objects.filter(_by_address("email", emails)))

    def contacts_named(self, needles) -> list:
        candidates = self.model.objects.filter(needles.prefilter("role"))
        return [contact for contact in candidates if needles.pattern.search(contact.role)]

    def card(self, contact) -> Card:
        return Card(email=contact.email, phone=contact.phone, label=contact.role)

    def rows_of(self, person) -> list:
        theirs = [c for c in person.contacts if isinstance(c, self.model)]
        return sorted(theirs, key=lambda c: (c.organisation.name, c.role, c.pk))

    def export(self, contact) -> dict:
        return {
            "structure": contact.organisation.name,
            "role": contact.role,
            "courriel": contact.email,
            "visibilite_du_courriel": contact.get_email_tier_display(),
            "telephone": contact.phone,
            "visibilite_du_telephone": contact.get_phone_tier_display(),
            "horaires_du_telephone": contact.phone_hours,
            "source": contact.source,
            "verifie_le": contact.verified_on,
        }

    def to_erase_again(self, erased) -> tuple[set[str], set]:
        pks = {
            contact.pk
            for contact in self.model.objects.only("email", "phone")
            if erased(Kind.EMAIL, contact.email) or erased(Kind.PHONE, contact.phone)
        }
        return set(), pks


# The right of access lists the reports, then the contacts; the purge, the reports first.
@hooks.register(PERSONAL_DATA, order=10)
def error_reports():
    return ErrorReports()


@hooks.register(PERSONAL_DATA, order=20)
def contacts():
    return Contacts()


@hooks.register("register_snippet_listing_buttons")
def contact_erasure_button(snippet, user, next_url=None):
    from hub.privacy.admin_hooks import erasure_button
    from hub.privacy.admin_views import may_erase

    if isinstance(snippet, Contact) and may_erase(user):
        yield erasure_button({"contact": snippet.pk})

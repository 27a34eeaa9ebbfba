"""Freshness of directory entries: « Vérifié le … », « À vérifier », and the owners'
reminder (`manage.py remind_stale_entries`)."""

import html
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from directory.freshness import freshness, partner_family_of, stale_entries
from directory.models import OrganisationKind, Service
from hub.access import Tier
from tests.accounts import BAILLEURS, PSYCHIATRIE, family, make_user
from tests.directory.helpers import make_contact, make_instance, make_organisation, make_sector

TODAY = date(2026, 9, 30)


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def render_tag(entry, **kwargs):
    arguments = " ".join(f"{name}={name}" for name in kwargs)
    template = Template("{% load directory_tags %}{% freshness entry " + arguments + " %}")
    return html.unescape(template.render(Context({"entry": entry, **kwargs})))


# --- freshness() ------------------------------------------------------------------------------


def test_an_entry_never_verified_is_stale():
    info = freshness(make_organisation(), today=TODAY)
    assert info.verified_on is None and info.days_since is None
    assert info.is_stale


def test_an_entry_is_stale_only_after_183_days():
    organisation = make_organisation(verified_on=TODAY - timedelta(days=183))
    info = freshness(organisation, today=TODAY)
    assert (info.days_since, info.is_stale) == (183, False)
    organisation.verified_on = TODAY - timedelta(days=184)
    assert freshness(organisation, today=TODAY).is_stale


def test_the_threshold_is_a_setting(settings):
    settings.MAILLAGE_FRESHNESS_DAYS = 30
    info = freshness(make_organisation(verified_on=TODAY - timedelta(days=31)), today=TODAY)
    assert info.is_stale and info.threshold_days == 30 and info.threshold_months == 1


def test_the_freshness_never_carries_who_verified():
    verifier = make_user("dominique.verif")
    info = freshness(make_organisation(verified_by=verifier, verified_on=TODAY), today=TODAY)
    assert "verified_by" not in info.__dataclass_fields__
    with pytest.raises(AttributeError):
        info.is_stale = True  # frozen


def test_stale_entries_finds_every_kind_in_one_query_per_model(django_assert_num_queries):
    hospital = make_organisation(
        "Hôpital vieux", kind=OrganisationKind.HOSPITAL, verified_on=days_ago(400)
    )
    fresh = make_organisation("Structure fraîche", verified_on=days_ago(10))
    service = Service.objects.create(organisation=fresh, name="Consultation jamais vérifiée")
    contact = make_contact(fresh, role="Accueil ancien", verified_on=days_ago(200))
    make_contact(fresh, role="Accueil récent", verified_on=days_ago(5))
    instance = make_instance("CLSM jamais vérifié")
    sector = make_sector("57G99", hospital=hospital, verified_on=days_ago(365))

    with django_assert_num_queries(5):
        stale = list(stale_entries())
        # What finding the owners needs is already joined.
        families = [partner_family_of(entry) for entry in stale]
    assert set(stale) == {hospital, service, contact, instance, sector}
    assert families == [None] * 5


def test_an_entry_takes_its_family_from_its_structure_lead_or_hospital():
    psychiatry = family(PSYCHIATRIE)
    hospital = make_organisation(
        "CH de test", kind=OrganisationKind.HOSPITAL, partner_family=psychiatry
    )
    service = Service.objects.create(organisation=hospital, name="Équipe mobile")
    instance = make_instance("CLSM porté", lead_organisation=hospital)
    sector = make_sector("57G98", hospital=hospital)
    for entry in (hospital, service, make_contact(hospital), instance, sector):
        assert partner_family_of(entry) == psychiatry
    assert partner_family_of(make_instance("CLSM sans porteur")) is None


# --- {% freshness entry %} -------------------------------------------------------------------


def test_the_tag_says_when_an_entry_was_verified_in_french():
    verifier = make_user("dominique.verif")
    organisation = make_organisation(verified_on=date(2026, 3, 12), verified_by=verifier)
    page = render_tag(organisation, today=date(2026, 4, 1))
    assert "Vérifié le" in page and "12 mars 2026" in page
    assert '<time datetime="2026-03-12">' in page
    assert "À vérifier" not in page
    # The date only: never the person who verified.
    assert "Dominique" not in page and "dominique.verif" not in page
    # A fresh entry offers the report link only when asked (entry pages).
    assert reverse("directory:report", args=[organisation.slug]) not in page
    assert reverse("directory:report", args=[organisation.slug]) in render_tag(
        organisation, today=date(2026, 4, 1), always_link=True
    )


def test_the_first_of_the_month_is_written_1er():
    page = render_tag(make_organisation(verified_on=date(2026, 3, 1)), today=date(2026, 3, 2))
    assert "1er mars 2026" in page


def test_a_stale_entry_has_a_worded_badge_with_an_icon_and_a_report_link():
    organisation = make_organisation(verified_on=date(2025, 1, 10))
    page = render_tag(organisation, today=TODAY)
    assert "10 janvier 2025" in page
    assert "À vérifier : dernière vérification il y a plus de 6 mois" in page
    assert '<span class="freshness__icon" aria-hidden="true">⚠</span>' in page
    assert f'href="{reverse("directory:report", args=[organisation.slug])}"' in page
    assert "Signaler une erreur" in page


def test_an_entry_never_verified_says_so_and_an_entry_without_slug_has_no_link():
    page = render_tag(make_contact(role="Accueil CMP"), today=TODAY)
    assert "À vérifier · Jamais vérifié" in page
    assert "Vérifié le" not in page
    assert "href=" not in page


def test_a_contact_shows_its_own_date_never_its_structure_s():
    # A contact line is checked apart from its structure (its own snippet, its own date).
    organisation = make_organisation(verified_on=date(2026, 9, 1))
    fresh = render_tag(make_contact(organisation, verified_on=date(2026, 9, 20)), today=TODAY)
    assert '<time datetime="2026-09-20">20 septembre 2026</time>' in fresh
    assert "1er septembre" not in fresh
    never = render_tag(make_contact(organisation, role="Ligne directe"), today=TODAY)
    assert "À vérifier · Jamais vérifié" in never and "1er septembre" not in never


# --- manage.py remind_stale_entries ----------------------------------------------------------


@pytest.fixture
def owned_entries():
    """Stale entries with each kind of owner, and one fresh entry."""
    verifier = make_user("verif.bailleur", families=[BAILLEURS])
    gone = make_user("ancien.agent", active=False)
    referent = make_user("referent.psy", referent_of=[PSYCHIATRIE])
    admin = make_user("admin.hub", superuser=True)
    psychiatry = family(PSYCHIATRIE)
    entries = {
        "by_verifier_1": make_organisation(
            "Logirem agence test", verified_by=verifier, verified_on=days_ago(300)
        ),
        "by_verifier_2": make_instance(
            "CLSM vérifié il y a longtemps", verified_by=verifier, verified_on=days_ago(250)
        ),
        "by_referent": make_organisation(
            "CMP de test", kind=OrganisationKind.CMP, partner_family=psychiatry, verified_by=gone
        ),
        "orphan": make_organisation("Association sans famille", verified_on=days_ago(190)),
        "fresh": make_organisation("Structure fraîche", verified_by=verifier),
    }
    entries["fresh"].verified_on = days_ago(3)
    entries["fresh"].save()
    return {"verifier": verifier, "referent": referent, "admin": admin, **entries}


def run_command(*args):
    out = StringIO()
    call_command("remind_stale_entries", *args, stdout=out)
    return out.getvalue()


def test_each_owner_receives_one_french_email_listing_their_entries(owned_entries, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://maillage.example.org"
    output = run_command()
    assert "4 entrées à vérifier, 3 courriels envoyés" in output

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 3
    verifier_mail = by_recipient[owned_entries["verifier"].email]
    assert "2 entrées à vérifier" in verifier_mail.subject
    assert "Logirem agence test" in verifier_mail.body
    assert "CLSM vérifié il y a longtemps" in verifier_mail.body
    assert "Structure fraîche" not in verifier_mail.body
    edit_path = reverse(
        "wagtailsnippets_directory_organisation:edit", args=[owned_entries["by_verifier_1"].pk]
    )
    assert f"https://maillage.example.org{edit_path}" in verifier_mail.body
    html_body, mimetype = verifier_mail.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://maillage.example.org{edit_path}"' in html_body

    # An inactive verifier: the family's referent is asked instead.
    referent_mail = by_recipient[owned_entries["referent"].email]
    assert "CMP de test" in referent_mail.body and "jamais vérifiée" in referent_mail.body
    assert "1 entrée à vérifier" in referent_mail.subject
    # Neither verifier nor family: the superusers.
    admin_mail = by_recipient[owned_entries["admin"].email]
    assert "Association sans famille" in admin_mail.body
    assert "Logirem" not in admin_mail.body


def test_the_dry_run_sends_nothing_and_says_who_would_receive_what(owned_entries):
    output = run_command("--dry-run")
    assert mail.outbox == []
    assert f"{owned_entries['verifier'].email} recevrait 2 entrées :" in output
    assert f"{owned_entries['referent'].email} recevrait 1 entrée :" in output
    assert "  - Association sans famille (structure) : http" in output
    assert "4 entrées à vérifier, 3 courriels seraient envoyés (simulation" in output


def test_a_restricted_entry_is_never_sent_to_an_owner_who_cannot_see_it():
    # The verifier's accreditation has expired: they no longer reach the family tier.
    verifier = make_user("verif.expire", families=[PSYCHIATRIE], expires_in_days=-1)
    admin = make_user("admin.hub", superuser=True)
    restricted = make_organisation(
        "Canari famille psychiatrie", access_tier=Tier.FAMILY, verified_by=verifier
    )
    restricted.access_groups.add(family(PSYCHIATRIE).group)

    output = run_command()
    assert "1 entrée à vérifier, 1 courriel envoyé" in output
    assert [message.to for message in mail.outbox] == [[admin.email]]

"""« Signaler une erreur »: the public form, its guards, and the moderation in the admin."""

import html
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from directory.models import ErrorReport, Organisation
from hub.access import Tier
from hub.security import ratelimit
from tests.accounts import BAILLEURS, PSYCHIATRIE, family, make_user
from tests.directory.helpers import make_instance, make_organisation

MESSAGE = "Le CMP a déménagé au 3 rue des Lilas depuis janvier."


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def text(response):
    return html.unescape(response.content.decode())


def form_url(slug):
    return reverse("directory:report", args=[slug])


def data(**overrides):
    values = {"topic": "adresse", "message": MESSAGE, "reporter_email": "", "website": ""}
    values.update(overrides)
    return values


@pytest.fixture
def cmp():
    return make_organisation(
        "CMP de test Metz",
        kind=Organisation.Kind.CMP,
        partner_family=family(PSYCHIATRIE),
        verified_on=date(2026, 1, 15),
        address="1 rue de l'Hôpital",
    )


@pytest.fixture
def canary():
    """A structure only the psychiatry family may see."""
    organisation = make_organisation("Canari réservé psychiatrie", access_tier=Tier.FAMILY)
    organisation.access_groups.add(family(PSYCHIATRIE).group)
    return organisation


# --- The public form --------------------------------------------------------------------------


def test_the_form_names_the_entry_and_warns_against_personal_information(client, cmp):
    response = client.get(form_url(cmp.slug))
    assert response.status_code == 200
    page = text(response)
    assert "Signaler une erreur" in page
    assert "CMP de test Metz" in page
    assert (
        "Ne donnez aucune information sur une personne (locataire, patient) : ce formulaire "
        "sert à corriger une information professionnelle." in page
    )
    # The topics are a radio group with a legend; every input has its label.
    assert "<fieldset" in page and "<legend" in page
    for value, label in ErrorReport.Topic.choices:
        assert f'value="{value}"' in page
        assert str(label) in page
    assert '<label class="form-field__label" for="id_message">' in page
    assert 'aria-describedby="id_message_helptext"' in page
    assert 'aria-describedby="id_reporter_email_helptext"' in page
    # The honeypot is out of reach of people and assistive technologies.
    assert '<div class="hp-field" aria-hidden="true">' in page
    assert 'name="website"' in page
    assert "directory/css/directory.css" in page


def test_a_report_is_kept_in_moderation_and_the_family_referent_is_emailed(client, cmp):
    referent = make_user("referent.psy", referent_of=[PSYCHIATRIE])
    response = client.post(
        form_url(cmp.slug), data(reporter_email="agent@bailleur.example.org"), follow=True
    )
    assert response.redirect_chain == [(f"/annuaire/{cmp.slug}/signaler/merci/", 302)]
    page = text(response)
    assert "Merci pour votre signalement" in page
    assert "CMP de test Metz" in page

    report = ErrorReport.objects.get()
    assert report.status == ErrorReport.Status.NEW
    assert report.entry == cmp
    assert report.entry_label == "CMP de test Metz"
    assert report.topic == "adresse"
    assert report.message == MESSAGE
    assert report.reporter_email == "agent@bailleur.example.org"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [referent.email]
    assert "CMP de test Metz" in message.subject
    edit_url = reverse("wagtailsnippets_directory_errorreport:edit", args=[report.pk])
    assert f"http://testserver{edit_url}" in message.body or edit_url in message.body
    # What the person wrote and their address stay in the hub.
    assert MESSAGE not in message.body
    assert "agent@bailleur.example.org" not in message.body


def test_a_report_never_changes_the_entry(client, cmp):
    before = Organisation.objects.values().get(pk=cmp.pk)
    response = client.post(
        form_url(cmp.slug),
        data(topic="fermeture", message="La structure a fermé, name=Autre nom", name="Piraté"),
    )
    assert response.status_code == 302
    assert ErrorReport.objects.count() == 1
    assert Organisation.objects.values().get(pk=cmp.pk) == before
    assert not cmp.revisions.exists()


def test_without_a_family_referent_the_moderators_and_superusers_are_emailed(client):
    instance = make_instance("CLSM de test")
    admin = make_user("admin.hub", superuser=True)
    moderator = make_user("moderateur.annuaire")
    moderator.user_permissions.add(Permission.objects.get(codename="change_errorreport"))
    make_user("simple.partenaire", families=[BAILLEURS])

    response = client.post(form_url(instance.slug), data(topic="autre"))
    assert response.status_code == 302
    assert ErrorReport.objects.get().entry == instance
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([admin.email, moderator.email])


def test_a_restricted_entry_answers_404_and_is_never_named(client, canary):
    for response in (
        client.get(form_url(canary.slug)),
        client.post(form_url(canary.slug), data()),
        client.get(reverse("directory:report_sent", args=[canary.slug])),
    ):
        assert response.status_code == 404
        assert "Canari réservé psychiatrie" not in text(response)
    assert not ErrorReport.objects.exists()
    assert mail.outbox == []


def test_a_member_of_the_family_may_report_on_its_restricted_entry(client, canary):
    member = make_user("membre.psy", families=[PSYCHIATRIE])
    client.force_login(member)
    assert client.get(form_url(canary.slug)).status_code == 200
    assert client.post(form_url(canary.slug), data()).status_code == 302
    assert ErrorReport.objects.get().entry == canary


def test_an_invalid_report_shows_a_linked_error_summary_keeps_values_and_saves_nothing(client, cmp):
    response = client.post(
        form_url(cmp.slug), data(topic="", message="  ", reporter_email="agent@exemple")
    )
    assert response.status_code == 200
    page = text(response)
    assert 'role="alert"' in page and 'id="resume-erreurs"' in page and "autofocus" in page
    assert '<a href="#id_topic_0">Sujet : Choisissez ce qui est inexact.</a>' in page
    assert "<a href=\"#id_message\">Description de l'erreur : Décrivez l'erreur.</a>" in page
    assert "Adresse électronique : Indiquez une adresse électronique valide" in page
    assert 'aria-describedby="id_topic_error"' in page
    assert 'aria-invalid="true"' in page
    assert 'value="agent@exemple"' in page
    assert "<title>Erreur :" in page
    assert not ErrorReport.objects.exists()
    assert mail.outbox == []


def test_a_social_security_number_is_refused_and_the_text_is_kept(client, cmp):
    message = "Le patient 1 85 05 78 006 084 36 n'a pas été reçu."
    response = client.post(form_url(cmp.slug), data(message=message))
    assert response.status_code == 200
    page = text(response)
    assert "semble contenir un numéro de sécurité sociale" in page
    assert '<a href="#id_message">' in page
    assert message in page
    assert not ErrorReport.objects.exists()


@pytest.mark.parametrize(
    "message",
    [
        "Le numéro ne répond plus depuis le 3 mars 2025.",
        "Le SIRET de l'hôpital est 26570123400014 et non l'ancien.",
        "Nouveau standard : 03 87 65 43 21.",
    ],
)
def test_professional_facts_with_dates_sirets_or_phones_are_accepted(client, cmp, message):
    response = client.post(form_url(cmp.slug), data(message=message))
    assert response.status_code == 302
    assert ErrorReport.objects.get().message == message


def test_a_message_over_2000_characters_is_refused(client, cmp):
    response = client.post(form_url(cmp.slug), data(message="x" * 2001))
    assert response.status_code == 200
    assert "2000 caractères au plus (elle en fait 2001)" in text(response)
    assert not ErrorReport.objects.exists()


def test_a_filled_honeypot_is_thanked_but_nothing_is_saved_or_sent(client, cmp):
    make_user("referent.psy", referent_of=[PSYCHIATRIE])
    response = client.post(form_url(cmp.slug), data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == f"/annuaire/{cmp.slug}/signaler/merci/"
    assert not ErrorReport.objects.exists()
    assert mail.outbox == []


def test_more_than_five_reports_an_hour_from_one_address_get_a_429_in_french(client, cmp):
    for _number in range(5):
        assert client.post(form_url(cmp.slug), data()).status_code == 302
    response = client.post(form_url(cmp.slug), data())
    assert response.status_code == 429
    page = text(response)
    assert "Trop de signalements" in page and "Réessayez dans une heure" in page
    assert ErrorReport.objects.count() == 5
    # Another address is not affected, nor is the accounts' own counter.
    assert client.post(form_url(cmp.slug), data(), REMOTE_ADDR="203.0.113.9").status_code == 302
    assert cache.get("maillage:accreditation-request:127.0.0.1") is None


def test_the_rate_limiter_counts_per_scope_and_address(rf):
    request = rf.post("/", REMOTE_ADDR="198.51.100.4")
    assert [ratelimit.hit(request, "essai", 2, 60) for _ in range(3)] == [False, False, True]
    assert ratelimit.exceeded(request, "essai", 2)
    assert not ratelimit.exceeded(request, "autre-essai", 2)
    assert not ratelimit.exceeded(rf.post("/", REMOTE_ADDR="198.51.100.5"), "essai", 2)


# --- Moderation in the admin ----------------------------------------------------------------


def make_report(entry, status=ErrorReport.Status.NEW, **fields):
    fields.setdefault("message", MESSAGE)
    fields.setdefault("topic", ErrorReport.Topic.ADDRESS)
    fields.setdefault("entry_label", str(entry))
    return ErrorReport.objects.create(
        content_type=ContentType.objects.get_for_model(entry),
        object_id=entry.pk,
        status=status,
        **fields,
    )


def test_the_admin_lists_open_reports_first_with_their_topic_and_status(admin_client, cmp):
    closed = make_report(cmp, ErrorReport.Status.FIXED, entry_label="Rapport clos récent")
    new = make_report(cmp, entry_label="Rapport nouveau ancien")
    ErrorReport.objects.filter(pk=new.pk).update(created_at=timezone.now().replace(year=2025))
    in_progress = make_report(cmp, ErrorReport.Status.IN_PROGRESS, entry_label="Rapport en cours")

    response = admin_client.get(reverse("wagtailsnippets_directory_errorreport:list"))
    assert response.status_code == 200
    page = text(response)
    positions = [page.index(report.entry_label) for report in (in_progress, new, closed)]
    assert positions == sorted(positions)
    assert "Adresse ou localisation" in page and "en cours" in page
    # Filtering by status.
    response = admin_client.get(
        reverse("wagtailsnippets_directory_errorreport:list"), {"status": "corrige"}
    )
    page = text(response)
    assert "Rapport clos récent" in page and "Rapport en cours" not in page


def test_moderators_cannot_add_a_report_in_the_admin(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_directory_errorreport:add"))
    assert response.status_code in (302, 403)
    assert not ErrorReport.objects.exists()
    listing = text(admin_client.get(reverse("wagtailsnippets_directory_errorreport:list")))
    assert reverse("wagtailsnippets_directory_errorreport:add") not in listing


def test_the_edit_form_shows_the_report_read_only_and_links_to_the_entry(admin_client, cmp):
    report = make_report(cmp, reporter_email="agent@bailleur.example.org")
    response = admin_client.get(
        reverse("wagtailsnippets_directory_errorreport:edit", args=[report.pk])
    )
    assert response.status_code == 200
    page = text(response)
    assert MESSAGE in page
    assert 'name="message"' not in page and 'name="topic"' not in page
    assert 'name="status"' in page and 'name="moderator_note"' in page
    entry_edit = reverse("wagtailsnippets_directory_organisation:edit", args=[cmp.pk])
    assert f'href="{entry_edit}"' in page
    # The inspect view shows the whole report, and the listing's search finds it.
    response = admin_client.get(
        reverse("wagtailsnippets_directory_errorreport:inspect", args=[report.pk])
    )
    assert response.status_code == 200 and MESSAGE in text(response)
    response = admin_client.get(
        reverse("wagtailsnippets_directory_errorreport:list"), {"q": "Lilas"}
    )
    assert "CMP de test Metz" in text(response)
    response = admin_client.get(
        reverse("wagtailsnippets_directory_errorreport:list"), {"q": "introuvable"}
    )
    assert "CMP de test Metz" not in text(response)


def test_closing_a_report_erases_the_address_and_records_who_and_when(
    admin_client, admin_user, cmp
):
    before = Organisation.objects.values().get(pk=cmp.pk)
    report = make_report(cmp, reporter_email="agent@bailleur.example.org")
    url = reverse("wagtailsnippets_directory_errorreport:edit", args=[report.pk])

    response = admin_client.post(url, {"status": "en-cours", "moderator_note": "Appel au CMP"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.IN_PROGRESS
    assert report.reporter_email == "agent@bailleur.example.org"
    assert report.handled_by is None and report.handled_at is None

    response = admin_client.post(
        url,
        {
            "status": "corrige",
            "moderator_note": "Adresse corrigée",
            # Read-only fields cannot be changed through the form.
            "message": "Texte remplacé",
            "reporter_email": "autre@example.org",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.FIXED
    assert report.moderator_note == "Adresse corrigée"
    assert report.reporter_email == ""
    assert report.message == MESSAGE
    assert report.handled_by == admin_user
    assert report.handled_at is not None
    # Moderating a report does not touch the entry either.
    assert Organisation.objects.values().get(pk=cmp.pk) == before


def test_the_menu_counts_the_new_reports(admin_client, cmp):
    make_report(cmp)
    make_report(cmp)
    make_report(cmp, ErrorReport.Status.REJECTED)
    page = text(admin_client.get(reverse("wagtailadmin_home")))
    assert "Signalements (2)" in page

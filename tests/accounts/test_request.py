"""/compte/demande/: a professional asks for a partner account."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from hub.accounts.models import AccreditationEvent, AccreditationRequest
from tests.accounts import (
    BAILLEURS,
    PSYCHIATRIE,
    family,
    make_request,
    make_user,
    request_data,
)

URL = "/compte/demande/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def text(response):
    return html.unescape(response.content.decode())


def test_the_request_form_has_labels_autocomplete_and_the_health_data_warning(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    for field, autocomplete in (
        ("first_name", "given-name"),
        ("last_name", "family-name"),
        ("email", "email"),
        ("organisation", "organization"),
        ("job_role", "organization-title"),
    ):
        assert f'<label class="form-field__label" for="id_{field}">' in page
        assert f'autocomplete="{autocomplete}"' in page
    assert 'aria-describedby="id_email_helptext"' in page
    assert "Aucune information sur un locataire ou un patient." in page
    # The six partner families are offered.
    for slug_name in ("Bailleurs et gestionnaires", "Psychiatrie publique", "Usagers et familles"):
        assert slug_name in page
    assert 'name="consent"' in page
    assert "Demander un compte partenaire" in page


def test_a_complete_request_is_recorded_pending_and_the_referent_is_emailed(client):
    referent = make_user("referent.bailleurs", referent_of=[BAILLEURS])
    response = client.post(URL, request_data(), follow=True)
    assert response.redirect_chain[-1][0] == "/compte/demande/envoyee/"
    page = text(response)
    assert (
        "Votre demande a été transmise au référent de la famille « Bailleurs et gestionnaires »"
        in page
    )
    assert "Ce qui se passe ensuite" in page

    request = AccreditationRequest.objects.get()
    assert request.status == AccreditationRequest.Status.PENDING
    assert request.email == "camille.martin@bailleur.example.org"
    assert request.family == family(BAILLEURS)
    event = AccreditationEvent.objects.get()
    assert event.action == AccreditationEvent.Action.REQUESTED
    assert event.request == request and event.family == family(BAILLEURS)
    # No account exists until a referent approves.
    assert not get_user_model().objects.filter(email__iexact=request.email).exists()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [referent.email]
    assert "Bailleurs et gestionnaires" in message.subject
    assert f"http://127.0.0.1:8000/compte/referent/demandes/{request.pk}/" in message.body
    assert "Camille Martin" in message.body and "Logirem" in message.body


def test_a_family_without_referent_sends_the_request_to_the_superusers(client):
    admin = make_user("admin", superuser=True)
    make_user("ancien.admin", superuser=True, active=False)
    client.post(URL, request_data(family=str(family(PSYCHIATRIE).pk)))
    assert AccreditationRequest.objects.count() == 1
    assert [message.to for message in mail.outbox] == [[admin.email]]


def test_missing_fields_are_named_in_the_error_summary_and_typed_values_are_kept(client):
    response = client.post(
        URL,
        request_data(
            first_name="", organisation="", family="", consent="", job_role="Infirmier de CMP"
        ),
    )
    assert response.status_code == 200
    page = text(response)
    assert page.count('class="error-summary"') == 1
    assert "<title>Erreur :" in page
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert '<a href="#id_first_name">Prénom : Indiquez votre prénom.</a>' in summary
    assert '<a href="#id_organisation">Organisation : Indiquez votre organisation.</a>' in summary
    assert (
        '<a href="#id_family">Famille de partenaires : Choisissez votre famille de partenaires.</a>'
        in summary
    )
    assert (
        '<a href="#id_consent">Consentement : Cochez la case pour accepter le traitement de '
        "vos données.</a>" in summary
    )
    assert "Nom :" not in summary and "Fonction :" not in summary
    # Each field in error points to its message.
    assert 'aria-invalid="true"' in page
    assert 'id="id_first_name_error"' in page
    assert 'aria-describedby="id_first_name_error"' in page
    # What was typed is still there.
    assert 'value="Martin"' in page
    assert 'value="camille.martin@bailleur.example.org"' in page
    assert 'value="Infirmier de CMP"' in page
    assert "Accéder aux procédures de signalement" in page
    assert AccreditationRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "motivation",
    [
        "Pour le suivi de M. X, NIR 1 85 03 75 112 345 67.",
        "numéro 185037511234567",
        "Dossier 2 84 12 2A 123 456 78",
        "sécu : 2.91.05.69.123.456",
    ],
)
def test_a_motivation_with_a_social_security_number_is_refused(client, motivation):
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    response = client.post(URL, request_data(motivation=motivation))
    assert response.status_code == 200
    page = text(response)
    assert "semble contenir un numéro de sécurité sociale" in page
    assert '<a href="#id_motivation">' in page
    assert AccreditationRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "motivation",
    [
        "Locataire né le 12/03/1985 en difficulté.",
        "Patiente née le 3 mars 1990.",
        "date de naissance : 01-02-1975",
    ],
)
def test_a_motivation_with_a_date_of_birth_is_refused(client, motivation):
    response = client.post(URL, request_data(motivation=motivation))
    assert "semble contenir une date de naissance" in text(response)
    assert AccreditationRequest.objects.count() == 0


def test_an_ordinary_motivation_with_a_phone_number_and_a_date_is_accepted(client):
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    motivation = "En poste depuis le 01/09/2024, joignable au 04 72 00 00 00 (standard)."
    response = client.post(URL, request_data(motivation=motivation))
    assert response.status_code == 302
    assert AccreditationRequest.objects.get().motivation == motivation


def test_a_motivation_longer_than_1000_characters_is_refused(client):
    response = client.post(URL, request_data(motivation="x" * 1001))
    assert "1000 caractères au plus" in text(response)
    assert AccreditationRequest.objects.count() == 0


def test_the_honeypot_pretends_success_but_records_and_sends_nothing(client):
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    response = client.post(URL, request_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/compte/demande/envoyee/"
    assert AccreditationRequest.objects.count() == 0
    assert AccreditationEvent.objects.count() == 0
    assert mail.outbox == []


def test_more_than_five_requests_an_hour_from_one_address_get_a_429_in_french(client):
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    for number in range(5):
        response = client.post(URL, request_data(email=f"personne{number}@example.org"))
        assert response.status_code == 302
    response = client.post(URL, request_data(email="sixieme@example.org"))
    assert response.status_code == 429
    assert "Trop de demandes" in text(response)
    assert AccreditationRequest.objects.count() == 5
    # Another address is not affected.
    response = client.post(
        URL, request_data(email="ailleurs@example.org"), REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302


def test_an_address_with_a_pending_request_is_told_by_email_and_no_duplicate(client):
    make_request(email="camille.martin@bailleur.example.org")
    response = client.post(URL, request_data(email="Camille.Martin@Bailleur.example.org"))
    # The page answers as for any request: it tells nobody what exists for an address.
    assert response.status_code == 302
    assert response["Location"] == "/compte/demande/envoyee/"
    assert AccreditationRequest.objects.count() == 1
    (message,) = mail.outbox
    assert message.to == ["camille.martin@bailleur.example.org"]
    assert "Une demande est déjà en attente pour cette adresse" in message.body


def test_an_address_with_an_active_account_is_told_by_email_and_no_request(client):
    make_user("membre.bailleurs", families=[BAILLEURS])
    response = client.post(URL, request_data(email="membre.bailleurs@example.org"))
    assert response.status_code == 302
    assert response["Location"] == "/compte/demande/envoyee/"
    assert AccreditationRequest.objects.count() == 0
    (message,) = mail.outbox
    assert message.to == ["membre.bailleurs@example.org"]
    assert "Un compte existe déjà pour cette adresse" in message.body
    assert "/compte/connexion/" in message.body


def test_a_deactivated_account_may_ask_again(client):
    make_user("ancien.membre", active=False)
    response = client.post(URL, request_data(email="ancien.membre@example.org"))
    assert response.status_code == 302
    assert AccreditationRequest.objects.filter(email="ancien.membre@example.org").exists()


def test_the_confirmation_page_explains_what_happens_next(client):
    response = client.get("/compte/demande/envoyee/")
    assert response.status_code == 200
    page = text(response)
    assert "Ce qui se passe ensuite" in page
    assert "Aucun compte n’existe tant qu’il ne l’a pas acceptée" in page

"""The referent decides: approve (account in the family's group only) or refuse (with a
reason). Only the family's referent, only once."""

import html
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from hub.accounts import services
from hub.accounts.models import AccountProfile, AccreditationEvent, AccreditationRequest
from hub.security.testing import force_login_with_second_factor
from tests.accounts import (
    BAILLEURS,
    PASSWORD,
    PSYCHIATRIE,
    family,
    make_request,
    make_user,
    request_data,
    snapshot,
)

Action = AccreditationEvent.Action
Status = AccreditationRequest.Status


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def referent():
    return make_user("referent.bailleurs", referent_of=[BAILLEURS])


@pytest.fixture
def referent_client(client, referent):
    force_login_with_second_factor(client, referent)
    return client


def decide_url(request):
    return f"/compte/referent/demandes/{request.pk}/"


def text(response):
    return html.unescape(response.content.decode())


def test_full_journey_from_request_to_login_puts_the_person_in_the_family_group_only(
    client, referent
):
    # 1. The professional asks.
    client.post("/compte/demande/", request_data(), REMOTE_ADDR="198.51.100.4")
    request = AccreditationRequest.objects.get()
    assert not get_user_model().objects.filter(email=request.email).exists()

    # 2. The referent, e-mailed, opens the request and approves it.
    referent_client = Client()
    force_login_with_second_factor(referent_client, referent)
    page = referent_client.get(decide_url(request))
    assert page.status_code == 200
    assert "Camille Martin" in text(page) and "Logirem" in text(page)
    mail.outbox.clear()
    response = referent_client.post(decide_url(request), {"decision": "approve"})
    assert response.status_code == 302

    request.refresh_from_db()
    assert request.status == Status.APPROVED
    assert request.decided_by == referent
    account = request.account
    assert account.email == "camille.martin@bailleur.example.org"
    assert account.username == "camille.martin@bailleur.example.org"
    assert not account.has_usable_password()

    # 3. The person receives a link to set their password.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille.martin@bailleur.example.org"]
    assert "compte partenaire" in message.subject
    assert "http://127.0.0.1:8000" in message.body
    link = re.search(r"http://127\.0\.0\.1:8000(/compte/mot-de-passe/\S+/)", message.body)
    assert link, message.body

    # 4. They set it.
    visitor = Client()
    response = visitor.get(link.group(1))
    assert response.status_code == 302
    form_url = response["Location"]
    page = visitor.get(form_url)
    assert page.status_code == 200
    assert 'autocomplete="new-password"' in page.content.decode()
    response = visitor.post(
        form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/compte/connexion/"
    assert "Votre mot de passe est enregistré" in text(response)
    # The link served once: it is no longer valid.
    assert "Ce lien n’est plus valable" in text(Client().get(link.group(1), follow=True))

    # 5. They log in.
    response = visitor.post(
        "/compte/connexion/", {"username": account.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/espace-partenaires/"
    assert visitor.session["_auth_user_id"] == str(account.pk)

    # 6. In the family's group only; never staff nor superuser; for a year.
    account.refresh_from_db()
    assert list(account.groups.all()) == [family(BAILLEURS).group]
    assert not account.is_staff and not account.is_superuser
    assert not account.user_permissions.exists()
    profile = account.maillage_profile
    assert profile.organisation == "Logirem"
    assert profile.job_role == "Chargée de gestion locative"
    assert profile.expires_on == timezone.localdate() + timedelta(
        days=settings.MAILLAGE_ACCREDITATION_DAYS
    )
    assert list(
        AccreditationEvent.objects.filter(request=request).values_list("action", flat=True)
    ) == [Action.APPROVED, Action.REQUESTED]


def test_a_refusal_needs_a_reason(referent_client):
    request = make_request()
    response = referent_client.post(decide_url(request), {"decision": "refuse", "reason": " "})
    assert response.status_code == 200
    page = text(response)
    assert (
        '<a href="#id_reason">Motif du refus : Indiquez le motif du refus : il sera envoyé au '
        "demandeur.</a>" in page
    )
    request.refresh_from_db()
    assert request.status == Status.PENDING
    assert not AccreditationEvent.objects.exists()
    assert mail.outbox == []


def test_a_refusal_records_its_reason_and_emails_it_to_the_requester(referent_client, referent):
    request = make_request()
    reason = "Votre organisation relève de la famille Logement accompagné."
    response = referent_client.post(decide_url(request), {"decision": "refuse", "reason": reason})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.REFUSED
    assert request.reason == reason
    assert request.decided_by == referent
    assert request.account is None
    event = AccreditationEvent.objects.get()
    assert (event.action, event.actor, event.request, event.detail) == (
        Action.REFUSED,
        referent,
        request,
        reason,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [request.email]
    assert reason in mail.outbox[0].body
    assert "http://127.0.0.1:8000/compte/demande/" in mail.outbox[0].body
    assert not get_user_model().objects.filter(email=request.email).exists()


def test_a_request_already_decided_cannot_be_decided_again(referent_client):
    request = make_request()
    referent_client.post(decide_url(request), {"decision": "refuse", "reason": "Hors périmètre."})
    before = snapshot()
    mail.outbox.clear()
    response = referent_client.post(decide_url(request), {"decision": "approve"}, follow=True)
    assert text(response).count("Cette demande a déjà été traitée") == 1
    assert snapshot() == before
    assert mail.outbox == []
    # The page shows the decision, without a form.
    page = text(referent_client.get(decide_url(request)))
    assert "Refusée" in page and "Hors périmètre." in page
    assert 'name="decision"' not in page


def test_a_referent_of_another_family_gets_404_on_a_request_and_nothing_changes(client):
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    other = make_user("referent.psychiatrie", referent_of=[PSYCHIATRIE])
    request = make_request(BAILLEURS)
    force_login_with_second_factor(client, other)
    before = snapshot()
    assert client.get(decide_url(request)).status_code == 404
    assert client.post(decide_url(request), {"decision": "approve"}).status_code == 404
    assert (
        client.post(decide_url(request), {"decision": "refuse", "reason": "Non."}).status_code
        == 404
    )
    assert (
        client.post("/compte/referent/demandes/999999/", {"decision": "approve"}).status_code == 404
    )
    assert snapshot() == before
    assert mail.outbox == []


def test_extra_posted_fields_never_grant_staff_superuser_or_another_group(referent_client):
    request = make_request()
    other_groups = [
        str(pk)
        for pk in Group.objects.exclude(pk=family(BAILLEURS).group_id).values_list("pk", flat=True)
    ]
    response = referent_client.post(
        decide_url(request),
        {
            "decision": "approve",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": other_groups,
            "family": str(family(PSYCHIATRIE).pk),
            "user_permissions": ["1", "2"],
            "expires_on": "2099-01-01",
        },
    )
    assert response.status_code == 302
    account = AccreditationRequest.objects.get().account
    assert not account.is_staff and not account.is_superuser
    assert list(account.groups.values_list("pk", flat=True)) == [family(BAILLEURS).group_id]
    assert not account.user_permissions.exists()
    assert account.maillage_profile.expires_on.year < 2099


def test_the_service_itself_refuses_a_referent_of_another_family():
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    other = make_user("referent.psychiatrie", referent_of=[PSYCHIATRIE])
    request = make_request(BAILLEURS)
    with pytest.raises(PermissionDenied):
        services.approve_request(request, actor=other)
    with pytest.raises(PermissionDenied):
        services.refuse_request(request, actor=other, reason="Non.")
    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_approving_a_deactivated_account_reopens_it_in_the_family_group_only(referent_client):
    old = make_user("ancienne.personne", families=[PSYCHIATRIE], active=False)
    request = make_request(email=old.email)
    referent_client.post(decide_url(request), {"decision": "approve"})
    old.refresh_from_db()
    assert old.is_active
    assert list(old.groups.values_list("pk", flat=True)) == [family(BAILLEURS).group_id]
    assert AccountProfile.objects.get(user=old).organisation == "Logirem"
    assert AccreditationRequest.objects.get().account == old


def test_an_account_is_never_made_from_a_deactivated_administrator(referent_client):
    make_user("ancien.admin", superuser=True, active=False)
    request = make_request(email="ancien.admin@example.org")
    response = referent_client.post(decide_url(request), {"decision": "approve"})
    assert response.status_code == 200
    assert "seul un administrateur peut le rouvrir" in text(response)
    admin = get_user_model().objects.get(username="ancien.admin")
    assert not admin.is_active and admin.is_superuser
    assert AccreditationRequest.objects.get().status == Status.PENDING


def test_usernames_derived_from_the_email_are_unique(referent_client):
    get_user_model().objects.create_user(
        username="camille.martin@bailleur.example.org", email="autre@example.org"
    )
    request = make_request()
    referent_client.post(decide_url(request), {"decision": "approve"})
    account = AccreditationRequest.objects.get().account
    assert account.username == "camille.martin@bailleur.example.org-2"


def test_a_user_who_is_not_a_referent_gets_a_french_403(client):
    member = make_user("membre.bailleurs", families=[BAILLEURS])
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    request = make_request()
    force_login_with_second_factor(client, member)
    response = client.get("/compte/referent/")
    assert response.status_code == 403
    assert "Accès réservé aux référents" in text(response)
    assert client.get(decide_url(request)).status_code == 403
    assert client.post(decide_url(request), {"decision": "approve"}).status_code == 403
    assert AccreditationRequest.objects.get().status == Status.PENDING


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/compte/referent/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/compte/referent/"


def test_the_dashboard_lists_pending_requests_members_with_expiry_flags_and_events(
    referent_client,
):
    make_request(first_name="Alix", last_name="Durand")
    make_request(PSYCHIATRIE, email="autre@example.org", first_name="Hors", last_name="Famille")
    make_user("bientot.echu", families=[BAILLEURS], expires_in_days=10)
    make_user("deja.echu", families=[BAILLEURS], expires_in_days=-3)
    make_user("membre.psychiatrie", families=[PSYCHIATRIE])
    AccreditationEvent.objects.create(
        action=Action.RENEWED, family=family(BAILLEURS), detail="test"
    )
    response = referent_client.get("/compte/referent/")
    assert response.status_code == 200
    page = text(response)
    assert "Alix Durand" in page
    assert "Hors Famille" not in page
    assert "bientot.echu@example.org" in page and "deja.echu@example.org" in page
    assert "membre.psychiatrie" not in page
    assert "Organisation de test" in page and "Fonction de test" in page
    assert "échéance sous 30 jours" in page
    assert ">échue<" in page
    assert "Accréditation renouvelée" in page
    assert "Psychiatrie publique" not in page.split('id="contenu"')[1].split("</main>")[0]


def test_a_superuser_sees_every_family(client):
    admin = make_user("admin", superuser=True)
    make_request(PSYCHIATRIE, email="psy@example.org", first_name="Psy", last_name="Chose")
    force_login_with_second_factor(client, admin)
    page = text(client.get("/compte/referent/"))
    for name in ("Bailleurs et gestionnaires", "Psychiatrie publique", "Usagers et familles"):
        assert name in page
    assert "Psy Chose" in page
    request = AccreditationRequest.objects.get()
    response = client.post(decide_url(request), {"decision": "approve"})
    assert response.status_code == 302
    assert AccreditationRequest.objects.get().account.groups.get() == family(PSYCHIATRIE).group


def test_an_email_failure_keeps_the_decision_and_warns_the_referent(referent_client, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP indisponible")

    monkeypatch.setattr("hub.accounts.emails.send_mail", broken)
    request = make_request()
    response = referent_client.post(decide_url(request), {"decision": "approve"}, follow=True)
    assert "L'e-mail n'a pas pu être envoyé" in text(response)
    assert AccreditationRequest.objects.get().status == Status.APPROVED


def test_an_empty_decision_is_named_in_the_error_summary(referent_client):
    request = make_request()
    response = referent_client.post(decide_url(request), {})
    assert response.status_code == 200
    assert (
        '<a href="#id_decision_0">Décision : Choisissez d\'accepter ou de refuser la demande.</a>'
        in text(response)
    )
    assert 'type="radio" name="decision" value="refuse" id="id_decision_1"' in text(response)
    assert AccreditationRequest.objects.get().status == Status.PENDING

"""The second factor beyond the admin: every referent action, administrators everywhere, and
the front-end login asking for the code right after the password (issue 12)."""

from urllib.parse import quote

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts.models import AccreditationRequest, PartnerFamily
from hub.security.testing import force_login_with_second_factor
from tests.accounts import BAILLEURS, PASSWORD, make_request, make_user, snapshot
from tests.security.conftest import current_code

SETUP = "/compte/2fa/configuration/"
VERIFY = "/compte/2fa/verification/"
LOGIN = "/compte/connexion/"


@pytest.fixture
def referent():
    return make_user("referent.bailleurs", referent_of=[BAILLEURS])


@pytest.fixture
def world(referent):
    """A pending request, a member to renew, one to revoke, a successor to hand over to."""
    return {
        "request": make_request(),
        "renewed": make_user("membre.renouvele", families=[BAILLEURS], expires_in_days=5),
        "revoked": make_user("membre.retire", families=[BAILLEURS]),
        "successor": make_user("membre.successeur", families=[BAILLEURS]),
    }


# Each referent action: (URL, POST data), from the world above.
ACTIONS = {
    "decide": lambda w: (f"/compte/referent/demandes/{w['request'].pk}/", {"decision": "approve"}),
    "renew": lambda w: (
        f"/compte/referent/{BAILLEURS}/membres/{w['renewed'].pk}/renouveler/",
        {},
    ),
    "revoke": lambda w: (f"/compte/referent/{BAILLEURS}/membres/{w['revoked'].pk}/retirer/", {}),
    "handover": lambda w: (
        f"/compte/referent/passation/{BAILLEURS}/",
        {"new_referent": w["successor"].pk},
    ),
    # A page id that is no space: verified, the export view itself answers (404).
    "export": lambda w: ("/compte/referent/espaces/999999/export/", {}),
}


def done(name, world):
    """Did the action take effect?"""
    if name == "decide":
        return AccreditationRequest.objects.get().status == AccreditationRequest.Status.APPROVED
    if name == "renew":
        return _event_about(world["renewed"])
    if name == "revoke":
        return not world["revoked"].groups.exists()
    if name == "handover":
        return PartnerFamily.objects.get(slug=BAILLEURS).referent == world["successor"]
    return True


def _event_about(user):
    from hub.accounts.models import AccreditationEvent

    return AccreditationEvent.objects.filter(subject=user).exists()


@pytest.mark.parametrize("name", sorted(ACTIONS))
@pytest.mark.parametrize("with_device", [False, True])
def test_a_referent_action_is_refused_without_a_verified_second_factor(
    client, referent, world, name, with_device
):
    if with_device:
        TOTPDevice.objects.create(user=referent, name="Téléphone", confirmed=True)
    client.force_login(referent)
    url, data = ACTIONS[name](world)
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 302
    page = VERIFY if with_device else SETUP
    assert response["Location"] == f"{page}?next={quote(url, safe='')}"
    assert snapshot() == before
    assert mail.outbox == []


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_a_referent_action_is_allowed_with_a_verified_second_factor(client, referent, world, name):
    force_login_with_second_factor(client, referent)
    url, data = ACTIONS[name](world)
    response = client.post(url, data)
    location = response.get("Location", "")
    assert not location.startswith(("/compte/2fa/", VERIFY, SETUP))
    if name == "export":
        assert response.status_code == 404
    else:
        assert response.status_code == 302
        assert done(name, world)


def test_the_referent_dashboard_needs_the_second_factor(client, referent):
    client.force_login(referent)
    assert client.get("/compte/referent/")["Location"].startswith(SETUP)
    force_login_with_second_factor(client, referent)
    assert client.get("/compte/referent/").status_code == 200


def test_a_partner_member_is_not_asked_and_gets_the_french_403(client):
    member = make_user("membre.bailleurs", families=[BAILLEURS])
    client.force_login(member)
    assert client.get("/compte/referent/").status_code == 403
    assert client.get("/espace-partenaires/").get("Location", "").find("2fa") == -1


def test_an_unverified_administrator_reads_nothing_and_acts_on_nothing(client):
    admin = make_user("admin.hub", superuser=True)
    request = make_request()
    client.force_login(admin)
    for url in ("/espace-partenaires/", "/api/v2/pages/", "/annuaire/", "/compte/referent/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url
    client.post(f"/compte/referent/demandes/{request.pk}/", {"decision": "approve"})
    assert AccreditationRequest.objects.get().status == AccreditationRequest.Status.PENDING
    # Logging out stays possible.
    assert client.post("/compte/deconnexion/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_verified_administrator_uses_the_front_end(client):
    admin = make_user("admin.hub", superuser=True)
    force_login_with_second_factor(client, admin)
    assert client.get("/compte/referent/").status_code == 200


# --- The login flow --------------------------------------------------------------------------


def test_a_referent_without_a_device_enrols_right_after_the_password(client, referent):
    response = client.post(
        f"{LOGIN}?next=/compte/referent/",
        {"username": referent.username, "password": PASSWORD, "next": "/compte/referent/"},
    )
    assert response.status_code == 302
    assert response["Location"] == SETUP + "?next=%2Fcompte%2Freferent%2F"


def test_a_referent_with_a_device_types_the_code_and_lands_on_next(client, referent):
    device = TOTPDevice.objects.create(user=referent, name="Téléphone", confirmed=True)
    response = client.post(
        LOGIN, {"username": referent.username, "password": PASSWORD, "next": "/compte/referent/"}
    )
    assert response["Location"] == VERIFY + "?next=%2Fcompte%2Freferent%2F"
    response = client.post(VERIFY, {"token": current_code(device), "next": "/compte/referent/"})
    assert response.status_code == 302
    assert response["Location"] == "/compte/referent/"
    assert client.get("/compte/referent/").status_code == 200


def test_an_outside_next_is_dropped_before_the_second_factor(client, referent):
    TOTPDevice.objects.create(user=referent, name="Téléphone", confirmed=True)
    response = client.post(
        LOGIN,
        {"username": referent.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == VERIFY + "?next=%2Fespace-partenaires%2F"


def test_an_administrator_is_asked_at_login_too(client):
    admin = make_user("admin.hub", superuser=True)
    response = client.post(LOGIN, {"username": admin.username, "password": PASSWORD})
    assert response["Location"] == SETUP + "?next=%2Fespace-partenaires%2F"


def test_a_partner_member_logs_in_with_the_password_alone(client):
    member = make_user("membre.bailleurs", families=[BAILLEURS])
    response = Client().post(
        LOGIN, {"username": member.username, "password": PASSWORD, "next": "/annuaire/"}
    )
    assert response["Location"] == "/annuaire/"

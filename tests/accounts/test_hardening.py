"""Accounts hardening (issue 12): a reopened account starts afresh, nobody renews
themselves, and the request page tells nobody whether an address has an account."""

import html

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts import services
from hub.accounts.models import AccreditationEvent, PartnerFamily
from hub.security.testing import force_login_with_second_factor
from tests.accounts import (
    BAILLEURS,
    PSYCHIATRIE,
    SOCIAL,
    family,
    make_request,
    make_user,
    request_data,
    snapshot,
)


def text(response):
    return html.unescape(response.content.decode())


# --- Reopening an account ----------------------------------------------------------------------


def test_reopening_a_former_referent_clears_every_group_and_role(client):
    former = make_user(
        "ancien.referent", families=[SOCIAL], referent_of=[PSYCHIATRIE], active=False
    )
    TOTPDevice.objects.create(user=former, name="Ancien téléphone", confirmed=True)
    referent = make_user("referent.bailleurs", referent_of=[BAILLEURS])
    request = make_request(email=former.email)
    force_login_with_second_factor(client, referent)
    response = client.post(f"/compte/referent/demandes/{request.pk}/", {"decision": "approve"})
    assert response.status_code == 302

    former.refresh_from_db()
    assert former.is_active
    assert list(former.groups.all()) == [family(BAILLEURS).group]
    # No longer the referent of another family: neither its dashboard nor its exports.
    assert not PartnerFamily.objects.filter(referent=former).exists()
    assert PartnerFamily.objects.get(slug=PSYCHIATRIE).referent is None
    assert not services.is_referent(former)
    assert not TOTPDevice.objects.filter(user=former).exists()
    event = AccreditationEvent.objects.get(action=AccreditationEvent.Action.APPROVED)
    assert "rôle de référent retiré (Psychiatrie publique)" in event.detail


def test_a_reopened_former_referent_cannot_open_their_old_dashboard():
    former = make_user("ancien.referent", referent_of=[PSYCHIATRIE], active=False)
    referent = make_user("referent.bailleurs", referent_of=[BAILLEURS])
    services.approve_request(make_request(email=former.email), actor=referent)
    former.refresh_from_db()
    client = Client()
    force_login_with_second_factor(client, former)
    assert client.get("/compte/referent/").status_code == 403


# --- Renewing oneself --------------------------------------------------------------------------


def test_a_referent_cannot_renew_their_own_accreditation(client):
    referent = make_user("referent.bailleurs", referent_of=[BAILLEURS], expires_in_days=3)
    force_login_with_second_factor(client, referent)
    before = snapshot()
    response = client.post(
        f"/compte/referent/{BAILLEURS}/membres/{referent.pk}/renouveler/", follow=True
    )
    assert response.status_code == 200
    assert "Vous ne pouvez pas renouveler votre propre accréditation" in text(response)
    assert snapshot() == before
    with pytest.raises(services.AccreditationError):
        services.renew_accreditation(referent, family=family(BAILLEURS), actor=referent)


def test_the_dashboard_offers_no_renewal_of_oneself(client):
    referent = make_user("referent.bailleurs", referent_of=[BAILLEURS])
    member = make_user("membre.bailleurs", families=[BAILLEURS])
    force_login_with_second_factor(client, referent)
    page = text(client.get("/compte/referent/"))
    assert f"/membres/{member.pk}/renouveler/" in page
    assert f"/membres/{referent.pk}/renouveler/" not in page


def test_an_administrator_cannot_renew_themselves_either():
    admin = make_user("admin.hub", superuser=True, families=[BAILLEURS])
    with pytest.raises((services.AccreditationError, PermissionDenied)):
        services.renew_accreditation(admin, family=family(BAILLEURS), actor=admin)


# --- /compte/demande/ tells nothing -------------------------------------------------------------


def test_the_request_page_answers_the_same_whether_or_not_an_account_exists():
    make_user("membre.bailleurs", families=[BAILLEURS])
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    answers = []
    for email in ("membre.bailleurs@example.org", "inconnu@example.org"):
        client = Client()
        response = client.post("/compte/demande/", request_data(email=email), follow=True)
        answers.append(
            (response.status_code, response.redirect_chain, text(response).replace(email, ""))
        )
    assert answers[0] == answers[1]
    # The owner of the existing account hears of it, by e-mail only.
    owner_mail = [m for m in mail.outbox if m.to == ["membre.bailleurs@example.org"]]
    assert len(owner_mail) == 1
    assert "Un compte existe déjà pour cette adresse" in owner_mail[0].body

"""The referent manages the family's members: renew, revoke, hand the role over."""

import html
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from directory.models import CoordinationInstance
from hub.access import audience_for
from hub.accounts.models import AccreditationEvent, PartnerFamily
from hub.security.testing import force_login_with_second_factor
from tests.accounts import BAILLEURS, PSYCHIATRIE, SOCIAL, family, make_user, snapshot

Action = AccreditationEvent.Action


@pytest.fixture
def referent():
    return make_user("referent.bailleurs", referent_of=[BAILLEURS])


@pytest.fixture
def referent_client(client, referent):
    force_login_with_second_factor(client, referent)
    return client


def text(response):
    return html.unescape(response.content.decode())


def renew_url(slug, user):
    return f"/compte/referent/{slug}/membres/{user.pk}/renouveler/"


def revoke_url(slug, user):
    return f"/compte/referent/{slug}/membres/{user.pk}/retirer/"


def handover_url(slug):
    return f"/compte/referent/passation/{slug}/"


# --- Renew ---------------------------------------------------------------------------------


def test_renewing_gives_another_accreditation_period_and_is_recorded(referent_client, referent):
    member = make_user("membre.bailleurs", families=[BAILLEURS], expires_in_days=5)
    response = referent_client.post(renew_url(BAILLEURS, member), follow=True)
    assert response.status_code == 200
    today = timezone.localdate()
    expected = today + timedelta(days=settings.MAILLAGE_ACCREDITATION_DAYS)
    assert f"renouvelée jusqu'au {expected:%d/%m/%Y}" in text(response)
    profile = member.maillage_profile
    profile.refresh_from_db()
    assert profile.expires_on == expected
    assert profile.last_reviewed_on == today
    event = AccreditationEvent.objects.get()
    assert (event.action, event.actor, event.subject, event.family, event.expires_on) == (
        Action.RENEWED,
        referent,
        member,
        family(BAILLEURS),
        expected,
    )


def test_renewing_an_expired_account_lets_it_log_in_again(referent_client):
    member = make_user("membre.bailleurs", families=[BAILLEURS], expires_in_days=-10)
    referent_client.post(renew_url(BAILLEURS, member))
    visitor = Client()
    response = visitor.post(
        "/compte/connexion/",
        {"username": member.username, "password": "un-mot-de-passe-solide-2026"},
    )
    assert response.status_code == 302


def test_renew_only_answers_post(referent_client):
    member = make_user("membre.bailleurs", families=[BAILLEURS])
    assert referent_client.get(renew_url(BAILLEURS, member)).status_code == 405


# --- Revoke --------------------------------------------------------------------------------


def test_revoking_the_only_family_deactivates_the_account_at_its_next_request(referent_client):
    member = make_user("membre.bailleurs", families=[BAILLEURS])
    member_client = Client()
    force_login_with_second_factor(member_client, member)
    assert member_client.get("/compte/demande/").wsgi_request.user.is_authenticated

    page = referent_client.get(revoke_url(BAILLEURS, member))
    assert page.status_code == 200
    assert "Retirer l’accès de" in text(page)
    response = referent_client.post(revoke_url(BAILLEURS, member), follow=True)
    assert "son compte est désactivé" in text(response)

    member.refresh_from_db()
    assert not member.is_active
    assert not member.groups.exists()
    event = AccreditationEvent.objects.get()
    assert (event.action, event.subject, event.family) == (
        Action.REVOKED,
        member,
        family(BAILLEURS),
    )
    # The member's next request is anonymous.
    assert not member_client.get("/compte/demande/").wsgi_request.user.is_authenticated


def test_revoking_one_family_keeps_the_other_groups_and_removes_access_at_the_next_request(
    referent_client,
):
    member = make_user("membre.double", families=[BAILLEURS, SOCIAL])
    member_client = Client()
    force_login_with_second_factor(member_client, member)
    before = audience_for(member_client.get("/compte/demande/").wsgi_request.user)
    assert family(BAILLEURS).group_id in before.family_group_ids

    referent_client.post(revoke_url(BAILLEURS, member))
    member.refresh_from_db()
    assert member.is_active
    assert list(member.groups.all()) == [family(SOCIAL).group]
    after = audience_for(member_client.get("/compte/demande/").wsgi_request.user)
    assert after.authenticated
    assert family(BAILLEURS).group_id not in after.family_group_ids
    assert family(SOCIAL).group_id in after.family_group_ids


def test_a_member_of_a_coordination_instance_keeps_an_active_account(referent_client):
    member = make_user("membre.clsm", families=[BAILLEURS])
    group = Group.objects.create(name="CLSM de test")
    CoordinationInstance.objects.create(
        name="CLSM de test", slug="clsm-test", kind="clsm", group=group
    )
    member.groups.add(group)
    referent_client.post(revoke_url(BAILLEURS, member))
    member.refresh_from_db()
    assert member.is_active
    assert list(member.groups.all()) == [group]


def test_a_referent_cannot_revoke_themselves(referent_client, referent):
    before = snapshot()
    response = referent_client.post(revoke_url(BAILLEURS, referent), follow=True)
    assert "Vous ne pouvez pas retirer votre propre accès" in text(response)
    assert snapshot() == before


def test_a_referent_of_another_family_gets_404_on_renew_revoke_and_handover(client, referent):
    other = make_user("referent.psychiatrie", referent_of=[PSYCHIATRIE])
    member = make_user("membre.bailleurs", families=[BAILLEURS], expires_in_days=5)
    outsider = make_user("membre.social", families=[SOCIAL])
    force_login_with_second_factor(client, other)
    before = snapshot()
    # The other family's slug in the URL...
    assert client.post(renew_url(BAILLEURS, member)).status_code == 404
    assert client.get(revoke_url(BAILLEURS, member)).status_code == 404
    assert client.post(revoke_url(BAILLEURS, member)).status_code == 404
    assert client.get(handover_url(BAILLEURS)).status_code == 404
    assert client.post(handover_url(BAILLEURS), {"new_referent": member.pk}).status_code == 404
    # ... or their own slug with someone who is not in their family.
    assert client.post(renew_url(PSYCHIATRIE, member)).status_code == 404
    assert client.post(revoke_url(PSYCHIATRIE, member)).status_code == 404
    assert client.post(revoke_url(PSYCHIATRIE, outsider)).status_code == 404
    assert client.post(revoke_url("famille-inconnue", member)).status_code == 404
    assert snapshot() == before
    assert mail.outbox == []


# --- Handover ------------------------------------------------------------------------------


def test_handover_changes_the_referent_records_it_emails_both_and_the_old_one_loses_the_dashboard(
    referent_client, referent
):
    successor = make_user("membre.bailleurs", families=[BAILLEURS])
    make_user("membre.echu", families=[BAILLEURS], expires_in_days=-1)
    page = text(referent_client.get(handover_url(BAILLEURS)))
    assert "membre.echu" not in page and "Membre Test" in page
    response = referent_client.post(handover_url(BAILLEURS), {"new_referent": successor.pk})
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL

    assert PartnerFamily.objects.get(slug=BAILLEURS).referent == successor
    event = AccreditationEvent.objects.get()
    assert (event.action, event.actor, event.subject, event.family) == (
        Action.HANDOVER,
        referent,
        successor,
        family(BAILLEURS),
    )
    assert "referent.bailleurs" in event.detail and "membre.bailleurs" in event.detail
    assert sorted(message.to[0] for message in mail.outbox) == [
        "membre.bailleurs@example.org",
        "referent.bailleurs@example.org",
    ]
    assert referent_client.get("/compte/referent/").status_code == 403
    successor_client = Client()
    force_login_with_second_factor(successor_client, successor)
    assert successor_client.get("/compte/referent/").status_code == 200
    # The old referent stays a member.
    assert referent.groups.filter(pk=family(BAILLEURS).group_id).exists()


def test_handover_to_someone_outside_the_family_is_a_validation_error(referent_client):
    outsider = make_user("membre.psychiatrie", families=[PSYCHIATRIE])
    inactive = make_user("membre.inactif", families=[BAILLEURS], active=False)
    make_user("membre.bailleurs", families=[BAILLEURS])
    before = snapshot()
    for candidate in (outsider, inactive):
        response = referent_client.post(handover_url(BAILLEURS), {"new_referent": candidate.pk})
        assert response.status_code == 200
        assert (
            '<a href="#id_new_referent">Nouveau référent : Choisissez un membre actif de la '
            "famille, autre que le référent actuel.</a>" in text(response)
        )
    assert snapshot() == before
    assert mail.outbox == []


def test_a_superuser_can_appoint_the_referent_of_a_family_without_one(client):
    admin = make_user("admin", superuser=True)
    member = make_user("membre.psychiatrie", families=[PSYCHIATRIE])
    force_login_with_second_factor(client, admin)
    response = client.post(handover_url(PSYCHIATRIE), {"new_referent": member.pk})
    assert response.status_code == 302
    assert response["Location"] == "/compte/referent/"
    assert PartnerFamily.objects.get(slug=PSYCHIATRIE).referent == member
    assert [message.to for message in mail.outbox] == [["membre.psychiatrie@example.org"]]


def test_member_actions_need_the_csrf_token(referent):
    member = make_user("membre.bailleurs", families=[BAILLEURS], expires_in_days=5)
    client = Client(enforce_csrf_checks=True)
    force_login_with_second_factor(client, referent)
    before = snapshot()
    assert client.post(renew_url(BAILLEURS, member)).status_code == 403
    assert client.post(revoke_url(BAILLEURS, member)).status_code == 403
    assert client.post(handover_url(BAILLEURS), {"new_referent": member.pk}).status_code == 403
    assert snapshot() == before

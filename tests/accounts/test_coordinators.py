"""Coordinators of coordination instances (issue 17): given by an administrator, handed
over like a referent's role, managing the instance's members (add, remove, expiry) and
nothing outside the instance. Every action is journaled."""

import html
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from directory.models import CoordinationInstance
from hub.access import audience_for
from hub.accounts import coordination
from hub.accounts.models import (
    AccountProfile,
    AccreditationEvent,
    InstanceCoordination,
    InstanceMembership,
)
from hub.accounts.review import review_accreditations
from hub.accounts.rules import AccreditationError
from hub.security.testing import force_login_with_second_factor
from tests.accounts import BAILLEURS, PSYCHIATRIE, family, make_user, snapshot

Action = AccreditationEvent.Action


def make_instance(slug, name):
    group = Group.objects.create(name=f"Instance : {name}")
    return CoordinationInstance.objects.create(name=name, slug=slug, kind="clsm", group=group)


@pytest.fixture
def metz():
    return make_instance("clsm-metz-test", "CLSM de Metz (test)")


@pytest.fixture
def marseille():
    return make_instance("rsml-marseille-test", "RSML de Marseille (test)")


@pytest.fixture
def admin():
    return make_user("admin.hub", superuser=True)


@pytest.fixture
def coordinator(metz, admin):
    user = make_user("coordination.metz", families=[PSYCHIATRIE])
    coordination.grant_coordination(metz, coordinator=user, actor=admin)
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    force_login_with_second_factor(client, coordinator)
    return client


def text(response):
    return html.unescape(response.content.decode())


def dashboard(instance):
    return f"/compte/instance/{instance.slug}/"


def fresh(user):
    """The account as the next request reads it (no cached audience)."""
    return type(user).objects.get(pk=user.pk)


# --- The role -----------------------------------------------------------------------------------


def test_an_administrator_names_a_coordinator_who_joins_the_instance_and_its_editors(
    metz, admin, coordinator
):
    row = InstanceCoordination.objects.get(instance=metz)
    assert row.coordinator == coordinator and row.since == timezone.localdate()
    assert coordinator.groups.filter(pk=metz.group_id).exists()
    assert list(row.editors.user_set.all()) == [coordinator]
    assert row.editors.permissions.filter(codename="access_admin").exists()
    event = AccreditationEvent.objects.get(action=Action.COORDINATOR_SET)
    assert (event.actor, event.subject, event.instance) == (admin, coordinator, metz)
    # Saving again without a change journals nothing more.
    coordination.sync_coordination(row, actor=admin)
    assert AccreditationEvent.objects.filter(action=Action.COORDINATOR_SET).count() == 1


def test_only_an_administrator_names_a_coordinator(metz):
    someone = make_user("membre.bailleurs", families=[BAILLEURS])
    with pytest.raises(PermissionDenied):
        coordination.grant_coordination(metz, coordinator=someone, actor=someone)
    assert not someone.groups.filter(pk=metz.group_id).exists()


def test_an_expired_account_cannot_be_named_coordinator(metz, admin):
    expired = make_user("membre.expire", families=[BAILLEURS], expires_in_days=-1)
    with pytest.raises(AccreditationError, match="actif et accrédité"):
        coordination.grant_coordination(metz, coordinator=expired, actor=admin)
    assert not expired.groups.filter(pk=metz.group_id).exists()


def test_someone_who_coordinates_nothing_gets_a_french_403(client):
    member = make_user("membre.bailleurs", families=[BAILLEURS])
    client.force_login(member)
    response = client.get("/compte/instance/")
    assert response.status_code == 403
    assert "Accès réservé aux coordinateurs d’instance" in text(response)


def test_an_anonymous_visitor_is_sent_to_the_login(client, metz):
    response = client.get(dashboard(metz))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


# --- Adding, removing, expiry -------------------------------------------------------------------


def test_the_coordinator_adds_an_accredited_account_by_its_email(coordinator_client, metz):
    member = make_user("camille.bailleur", families=[BAILLEURS])
    expires_on = timezone.localdate() + timedelta(days=90)
    response = coordinator_client.post(
        dashboard(metz),
        {"email": "Camille.Bailleur@example.org", "expires_on": expires_on.isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    assert "est désormais membre de l’instance CLSM de Metz (test)" in text(response)
    assert metz.group_id in audience_for(fresh(member)).group_ids
    membership = InstanceMembership.objects.get(instance=metz, user=member)
    assert membership.expires_on == expires_on
    event = AccreditationEvent.objects.get(action=Action.INSTANCE_ADDED)
    assert (event.subject, event.instance, event.expires_on) == (member, metz, expires_on)
    # Listed in « Mon instance », with the end of the membership.
    page = text(coordinator_client.get(dashboard(metz)))
    assert "camille.bailleur@example.org" in page and f"{expires_on:%d/%m/%Y}" in page


@pytest.mark.parametrize(
    "email",
    ["personne@example.org", "membre.expire@example.org", "inactif@example.org"],
)
def test_only_an_active_accredited_account_can_be_added(coordinator_client, metz, email):
    make_user("membre.expire", families=[BAILLEURS], expires_in_days=-1)
    make_user("inactif", families=[BAILLEURS], active=False)
    before = snapshot()
    response = coordinator_client.post(dashboard(metz), {"email": email})
    assert response.status_code == 200
    assert "Aucun compte partenaire accrédité n'utilise cette adresse" in text(response)
    assert snapshot() == before


def test_a_past_end_of_membership_is_refused_in_french(coordinator_client, metz):
    make_user("camille.bailleur", families=[BAILLEURS])
    before = snapshot()
    yesterday = timezone.localdate() - timedelta(days=1)
    response = coordinator_client.post(
        dashboard(metz),
        {"email": "camille.bailleur@example.org", "expires_on": yesterday.isoformat()},
    )
    assert "ne peut pas être passée" in text(response)
    assert snapshot() == before


def test_a_coordinator_cannot_add_anyone_to_another_instance(coordinator_client, marseille):
    make_user("camille.bailleur", families=[BAILLEURS])
    before = snapshot()
    response = coordinator_client.post(
        dashboard(marseille), {"email": "camille.bailleur@example.org"}
    )
    assert response.status_code == 404
    assert snapshot() == before
    with pytest.raises(PermissionDenied):
        coordination.add_member(
            marseille,
            email="camille.bailleur@example.org",
            actor=InstanceCoordination.objects.get().coordinator,
        )


def test_a_coordinator_cannot_remove_a_member_of_another_instance(
    coordinator_client, metz, marseille
):
    other = make_user("membre.marseille", families=[BAILLEURS])
    other.groups.add(marseille.group)
    before = snapshot()
    for url in (
        f"/compte/instance/{metz.slug}/membres/{other.pk}/retirer/",
        f"/compte/instance/{marseille.slug}/membres/{other.pk}/retirer/",
    ):
        assert coordinator_client.post(url).status_code == 404
    assert snapshot() == before


def test_removing_a_member_takes_the_instance_only(coordinator_client, coordinator, metz):
    member = make_user("camille.bailleur", families=[BAILLEURS])
    coordination.add_member(metz, email=member.email, actor=coordinator)
    url = f"/compte/instance/{metz.slug}/membres/{member.pk}/retirer/"
    assert "perdra l’accès" in text(coordinator_client.get(url))
    response = coordinator_client.post(url, follow=True)
    assert "n’est plus membre de l’instance" in text(response)
    member = fresh(member)
    assert member.is_active
    assert metz.group_id not in audience_for(member).group_ids
    # Their family is not the coordinator's to change.
    assert family(BAILLEURS).group_id in audience_for(member).group_ids
    assert not InstanceMembership.objects.filter(user=member).exists()
    assert AccreditationEvent.objects.filter(
        action=Action.INSTANCE_REMOVED, subject=member, actor=coordinator, instance=metz
    ).exists()


def test_the_coordinator_cannot_remove_themselves(coordinator_client, coordinator, metz):
    url = f"/compte/instance/{metz.slug}/membres/{coordinator.pk}/retirer/"
    response = coordinator_client.post(url, follow=True)
    assert "transmettez d'abord le rôle" in text(response)
    assert coordinator.groups.filter(pk=metz.group_id).exists()


def test_an_expired_membership_stops_admitting_at_the_next_request(coordinator, metz):
    member = make_user("camille.bailleur", families=[BAILLEURS])
    tomorrow = timezone.localdate() + timedelta(days=1)
    coordination.add_member(metz, email=member.email, expires_on=tomorrow, actor=coordinator)
    assert metz.group_id in audience_for(fresh(member)).group_ids
    # The day after its end, the same account (still in the Django group) is not admitted.
    InstanceMembership.objects.filter(user=member).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    assert member.groups.filter(pk=metz.group_id).exists()
    audience = audience_for(fresh(member))
    assert metz.group_id not in audience.group_ids
    assert metz.group_id not in audience.instance_group_ids
    assert family(BAILLEURS).group_id in audience.group_ids
    # The review removes the group and journals the end, once.
    summary = review_accreditations()
    assert summary.memberships_expired == 1 and "appartenance" in str(summary)
    assert not member.groups.filter(pk=metz.group_id).exists()
    assert AccreditationEvent.objects.filter(
        action=Action.INSTANCE_EXPIRED, subject=member, instance=metz
    ).exists()
    assert review_accreditations().memberships_expired == 0


def test_setting_an_end_of_membership_never_extends_the_accreditation(
    coordinator_client, coordinator, metz
):
    member = make_user("camille.bailleur", families=[BAILLEURS], expires_in_days=10)
    coordination.add_member(metz, email=member.email, actor=coordinator)
    accreditation = AccountProfile.objects.get(user=member).expires_on
    far = timezone.localdate() + timedelta(days=900)
    response = coordinator_client.post(
        f"/compte/instance/{metz.slug}/membres/{member.pk}/echeance/",
        {f"membre-{member.pk}-expires_on": far.isoformat()},
        follow=True,
    )
    assert f"jusqu’au {far:%d/%m/%Y}" in text(response)
    assert InstanceMembership.objects.get(user=member).expires_on == far
    assert AccountProfile.objects.get(user=member).expires_on == accreditation
    assert AccreditationEvent.objects.filter(
        action=Action.INSTANCE_EXPIRY, subject=member, expires_on=far
    ).exists()
    # And the referents' area, where accreditations are renewed, stays closed.
    renew = f"/compte/referent/{BAILLEURS}/membres/{member.pk}/renouveler/"
    assert coordinator_client.post(renew).status_code == 403
    assert AccountProfile.objects.get(user=member).expires_on == accreditation


def test_a_coordinator_cannot_make_a_referent_nor_touch_family_groups(
    coordinator_client, coordinator, metz
):
    member = make_user("camille.bailleur", families=[BAILLEURS])
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    before = snapshot()
    response = coordinator_client.post(
        f"/compte/referent/passation/{BAILLEURS}/", {"new_referent": member.pk}
    )
    assert response.status_code == 403
    assert coordinator_client.get("/compte/referent/").status_code == 403
    assert snapshot() == before
    # Adding and removing touch the instance's group, and no other.
    coordination.add_member(metz, email=member.email, actor=coordinator)
    coordination.remove_member(metz, user=member, actor=coordinator)
    groups = sorted(member.groups.values_list("pk", flat=True))
    assert groups == [family(BAILLEURS).group_id]


# --- Hand-over ----------------------------------------------------------------------------------


def test_the_coordinator_hands_the_role_over_to_a_member(coordinator_client, coordinator, metz):
    successor = make_user("dominique.cmp", families=[PSYCHIATRIE])
    coordination.add_member(metz, email=successor.email, actor=coordinator)
    url = f"/compte/instance/{metz.slug}/passation/"
    response = coordinator_client.post(url, {"new_coordinator": successor.pk})
    assert response.status_code == 302
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("coordonne désormais l’instance" in message for message in said)
    row = InstanceCoordination.objects.get(instance=metz)
    assert row.coordinator == successor
    assert list(row.editors.user_set.all()) == [successor]
    event = AccreditationEvent.objects.get(action=Action.COORDINATOR_HANDOVER)
    assert (event.actor, event.subject, event.instance) == (coordinator, successor, metz)
    # The former coordinator stays a member, without the role.
    assert coordinator.groups.filter(pk=metz.group_id).exists()
    assert coordinator_client.get(dashboard(metz)).status_code == 403


def test_the_role_goes_only_to_a_current_member_of_the_instance(
    coordinator_client, coordinator, metz
):
    outsider = make_user("dominique.cmp", families=[PSYCHIATRIE])
    before = snapshot()
    response = coordinator_client.post(
        f"/compte/instance/{metz.slug}/passation/", {"new_coordinator": outsider.pk}
    )
    assert response.status_code == 200
    assert "Choisissez un membre actif de l’instance" in text(response)
    assert snapshot() == before
    assert InstanceCoordination.objects.get(instance=metz).coordinator == coordinator


def test_an_expired_coordinator_runs_nothing(coordinator, metz):
    AccountProfile.objects.filter(user=coordinator).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    member = make_user("camille.bailleur", families=[BAILLEURS])
    with pytest.raises(PermissionDenied):
        coordination.add_member(metz, email=member.email, actor=fresh(coordinator))

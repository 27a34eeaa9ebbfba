"""The leak matrix, agenda channels: an event of a tier the role does not reach never shows
up, and one it does reach does.

Channels: the agenda list and its archive, the event pages, the single-event .ics, the
public feeds (every territory, one territory, one type), the personal feed (its secret
address, read without a session as a calendar app does). A public event carries links
that are more restricted than itself (its minutes in family B's space, its agenda in
family A's collection, and an instance-only coordination instance): they are named only
to who may see them. A revoked feed address answers 404.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone

from hub.accounts.models import PartnerFamily
from hub.agenda.models import Event, FeedToken
from hub.models import TerritoryPage
from tests.access.conftest import MARKERS, ROLES, TIERS, USERNAMES, VISIBLE

ACCESS = {
    # tier: (event tier, group)
    "public": ("public", None),
    "partners": ("partners", None),
    "family_a": ("family", "bailleurs-gestionnaires"),
    "family_b": ("family", "psychiatrie-publique"),
    "instance": ("instance", "instance"),
}
OPEN_EVENT = "Plénière ouverte AGENDA-OUVERT"


def _event(title, tier, start, **fields):
    event_tier, group = ACCESS[tier]
    event = Event.objects.create(
        title=title,
        kind="pleniere",
        territory=TerritoryPage.objects.get(slug="metz"),
        place=f"Salle {MARKERS[tier]}",
        description=f"Présentation {MARKERS[tier]}",
        start=start,
        end=start + timedelta(hours=2),
        access_tier=event_tier,
        **fields,
    )
    return event, group


@pytest.fixture(scope="module")
def agenda_world(world, django_db_blocker):
    """One coming and one past canary event per tier in Metz, and a public event whose
    minutes, agenda and instance are more restricted than itself (inside the world's
    transaction, rolled back with it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        groups = {
            slug: PartnerFamily.objects.get(slug=slug).group
            for slug in ("bailleurs-gestionnaires", "psychiatrie-publique")
        }
        groups["instance"] = world.spaces["instance"].instance.group
        soon = timezone.now() + timedelta(days=10)
        events = {}
        for tier in TIERS:
            for when, prefix in ((soon, "Événement"), (soon - timedelta(days=40), "Archive")):
                event, group = _event(f"{prefix} {MARKERS[tier]}", tier, when)
                if group:
                    event.access_groups.add(groups[group])
                if prefix == "Événement":
                    events[tier] = event
        events["open"] = Event.objects.create(
            title=OPEN_EVENT,
            kind="pleniere",
            territory=TerritoryPage.objects.get(slug="metz"),
            place="Metz",
            start=soon,
            end=soon + timedelta(hours=2),
            minutes_page=world.pages["family_b"],
            agenda_document=world.documents["family_a"],
            coordination_instance=world.instances["instance"],
        )
    return events


def hidden_markers(role):
    return [MARKERS[tier] for tier in TIERS if tier not in VISIBLE[role]]


def assert_no_leak(role, text, where, hidden=None):
    hidden = hidden_markers(role) if hidden is None else hidden
    leaked = [marker for marker in hidden if marker in text]
    assert not leaked, f"{role} voit {leaked} via {where}"


def assert_shows(role, text, where):
    for tier in VISIBLE[role]:
        assert MARKERS[tier] in text, (role, tier, where)


def login(role):
    client = Client()
    if USERNAMES[role]:
        client.force_login(get_user_model().objects.get(username=USERNAMES[role]))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_agenda_list_and_archive_show_only_what_the_role_reaches(agenda_world, role):
    client = login(role)
    for url in ("/agenda/", "/agenda/?territoire=metz&type=pleniere", "/agenda/archives/"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert_no_leak(role, text, url)
        if "archives" not in url:
            assert_shows(role, text, url)
    archive = client.get("/agenda/archives/").content.decode()
    for tier in VISIBLE[role]:
        assert f"Archive {MARKERS[tier]}" in archive, (role, tier)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tier", TIERS)
def test_event_page_and_its_ics_are_served_only_within_its_tier(agenda_world, role, tier):
    client = login(role)
    event = agenda_world[tier]
    for url in (f"/agenda/evenement/{event.pk}/", f"/agenda/evenement/{event.pk}.ics"):
        response = client.get(url)
        body = response.content.decode()
        if tier in VISIBLE[role]:
            assert response.status_code == 200, (role, tier, url)
            assert MARKERS[tier] in body
        else:
            assert response.status_code in (302, 404), (role, tier, url)
            assert MARKERS[tier] not in body
            if role in ("anonymous", "expired"):
                assert response["Location"].startswith("/compte/connexion/")


@pytest.mark.parametrize("role", ROLES)
def test_a_public_event_names_its_restricted_minutes_agenda_and_instance_only_to_their_readers(
    agenda_world, role
):
    client = login(role)
    event = agenda_world["open"]
    page = client.get(f"/agenda/evenement/{event.pk}/").content.decode()
    assert OPEN_EVENT in page
    assert_no_leak(role, page, "la page d'un événement public")
    for tier in ("family_a", "family_b", "instance"):
        assert (MARKERS[tier] in page) == (tier in VISIBLE[role]), (role, tier)
    ics = client.get(f"/agenda/evenement/{event.pk}.ics").content.decode()
    # The feeds and .ics never carry the agenda and minutes links, whoever reads them.
    assert_no_leak(role, ics, "le .ics d'un événement public", hidden=list(MARKERS.values()))


@pytest.mark.parametrize("role", ROLES)
def test_public_feeds_carry_public_events_only_whoever_asks(agenda_world, role):
    client = login(role)
    not_public = [MARKERS[tier] for tier in TIERS if tier != "public"]
    for url in ("/agenda/flux.ics", "/agenda/flux/metz.ics", "/agenda/flux/metz.ics?type=pleniere"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert_no_leak(role, text, url, hidden=not_public)
        assert MARKERS["public"] in text and OPEN_EVENT in text


@pytest.mark.parametrize("role", [role for role in ROLES if USERNAMES[role]])
def test_personal_feed_carries_exactly_the_tiers_of_its_owner(agenda_world, role):
    user = get_user_model().objects.get(username=USERNAMES[role])
    token = FeedToken.issue(user)
    url = f"/agenda/flux/personnel.ics?jeton={token}"
    calendar_app = Client()  # no session: a calendar app cannot log in
    text = calendar_app.get(url).content.decode()
    assert_no_leak(role, text, "le flux personnel")
    assert_shows(role, text, "le flux personnel")
    FeedToken.revoke(user)
    assert calendar_app.get(url).status_code == 404

"""The leak matrix, evaluation dashboard: a restricted event, entry or instance never
changes a figure that a reader outside its tier sees, on the partners' dashboard, in its
CSV files, or on the public summary; and what the reader may see does count.

The canaries: one past (held) event per tier in Metz, the world's directory canaries (a
structure, its service and contact, an instance, per tier) and its nested canaries
(tests/access/conftest.py), all put in Metz. For each role, the figures of Metz are read;
then everything the role may not see is moved out of Metz (a structure leaves the
territory, a service or contact moves to a structure elsewhere, an instance or an event
to another territory) and the figures are read again: they must be identical. Moving
instead of deleting keeps every relation valid.
"""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone

from directory.models import Contact, CoordinationInstance, Organisation, PsychiatricSector, Service
from hub.access import can_view_object
from hub.accounts.models import PartnerFamily
from hub.agenda.models import Event
from hub.agenda.recurrence import PARIS
from hub.cache import clear_page_cache
from hub.models import TerritoryPage
from tests.access.conftest import MARKERS, ROLES, TIERS, USERNAMES, VISIBLE
from tests.evaluation.support import csv_values, figures

ACCESS = {
    "public": ("public", None),
    "partners": ("partners", None),
    "family_a": ("family", "bailleurs-gestionnaires"),
    "family_b": ("family", "psychiatrie-publique"),
    "instance": ("instance", "instance"),
}
PAGE = "/evaluation/?territoire=metz"
SUMMARY = "/evaluation/synthese/?territoire=metz"
CSV_KEYS = (
    "agenda-reunions",
    "annuaire-fiches",
    "annuaire-fiches-a-verifier",
    "annuaire-instances-actives",
)


def two_months_ago():
    first = timezone.localdate().replace(day=1)
    first = ((first - timedelta(days=1)).replace(day=1) - timedelta(days=1)).replace(day=1)
    return datetime(first.year, first.month, 12, 10, tzinfo=PARIS)


@pytest.fixture(scope="module")
def canaries(world, django_db_blocker):
    """Every canary, in Metz (inside the world's transaction, rolled back with it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        metz = TerritoryPage.objects.get(slug="metz")
        groups = {
            slug: PartnerFamily.objects.get(slug=slug).group
            for slug in ("bailleurs-gestionnaires", "psychiatrie-publique")
        }
        groups["instance"] = world.spaces["instance"].instance.group
        found = []
        held = two_months_ago()
        for tier in TIERS:
            event_tier, group = ACCESS[tier]
            event = Event.objects.create(
                title=f"Réunion tenue {MARKERS[tier]}",
                kind="comite-projet",
                territory=metz,
                start=held,
                end=held + timedelta(hours=2),
                access_tier=event_tier,
            )
            if group:
                event.access_groups.add(groups[group])
            found.append(event)
            found += [
                world.organisations[tier],
                world.services[tier],
                world.contacts[tier],
                world.instances[tier],
            ]
        found += list(world.nested.values())
        for obj in found:
            if isinstance(obj, Organisation):
                obj.territories.add(metz)
            elif isinstance(obj, CoordinationInstance):
                CoordinationInstance.objects.filter(pk=obj.pk).update(
                    territory_page=metz, created_on=held.date()
                )
        parking = Organisation.objects.create(
            name="Structure hors territoire", slug="evaluation-hors-metz", kind="association"
        )
    return found, parking


def user_of(role):
    username = USERNAMES[role]
    return get_user_model().objects.get(username=username) if username else None


def login(role):
    client = Client()
    user = user_of(role)
    if user is not None:
        client.force_login(user)
    return client


def move_out_of_metz(objects, parking):
    """Each object leaves Metz, and so does what it counts in."""
    elsewhere = TerritoryPage.objects.get(slug="grand-lyon")
    metz = TerritoryPage.objects.get(slug="metz")
    for obj in objects:
        if isinstance(obj, Organisation):
            Organisation.territories.through.objects.filter(
                organisation_id=obj.pk, territorypage_id=metz.pk
            ).delete()
        elif isinstance(obj, (Service, Contact)):
            type(obj).objects.filter(pk=obj.pk).update(organisation=parking)
        elif isinstance(obj, CoordinationInstance):
            CoordinationInstance.objects.filter(pk=obj.pk).update(territory_page=None)
        elif isinstance(obj, PsychiatricSector):
            PsychiatricSector.objects.filter(pk=obj.pk).update(hospital=parking)
        elif isinstance(obj, Event):
            Event.objects.filter(pk=obj.pk).update(territory=elsewhere)
    clear_page_cache()  # the dashboard's copies are read with the page cache's token


def read(client, url, keys=CSV_KEYS, csv_base=None):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    for marker in MARKERS.values():
        assert marker not in html  # aggregates only: no canary is ever named
    result = {"page": figures(html)}
    if csv_base:
        for key in keys:
            result[key] = csv_values(client.get(f"{csv_base}{key}.csv?territoire=metz"))
    return result


@pytest.mark.parametrize("role", ROLES)
def test_hidden_canaries_do_not_change_the_partners_figures(canaries, role):
    objects, parking = canaries
    cache.clear()
    client = login(role)
    if role in ("anonymous", "expired"):
        for url in (PAGE, "/evaluation/agenda-reunions.csv?territoire=metz"):
            response = client.get(url)
            assert response.status_code == 302, (role, url)
            assert "/compte/connexion/" in response["Location"]
        return
    user = user_of(role)
    before = read(client, PAGE, csv_base="/evaluation/")
    hidden = [obj for obj in objects if not can_view_object(user, obj)]
    assert hidden, role  # every role here misses some canary
    move_out_of_metz(hidden, parking)
    after = read(client, PAGE, csv_base="/evaluation/")
    assert after == before, f"{role} : un canari caché change les chiffres"

    # What the role does see counts: without its visible restricted events, fewer meetings.
    seen = [tier for tier in TIERS if tier in VISIBLE[role] and tier != "public"]
    events = [obj for obj in objects if isinstance(obj, Event) and obj.access_tier != "public"]
    visible_events = [event for event in events if can_view_object(user, event)]
    assert len(visible_events) == len(seen)
    move_out_of_metz(visible_events, parking)
    fewer = read(client, PAGE, csv_base="/evaluation/")
    total_before = sum(int(v or 0) for v in after["agenda-reunions"].values())
    total_after = sum(int(v or 0) for v in fewer["agenda-reunions"].values())
    assert total_before - total_after == len(seen), role


@pytest.mark.parametrize("role", ROLES)
def test_the_public_summary_shows_public_figures_to_everyone(canaries, role):
    objects, parking = canaries
    cache.clear()
    client = login(role)
    before = read(client, SUMMARY, csv_base="/evaluation/synthese/")
    anonymous_before = read(Client(), SUMMARY)
    assert before["page"] == anonymous_before["page"]
    held = sum(int(v or 0) for v in before["agenda-reunions"].values())
    assert held >= 1  # the public canary event is counted
    not_public = [obj for obj in objects if not can_view_object(None, obj)]
    move_out_of_metz(not_public, parking)
    after = read(client, SUMMARY, csv_base="/evaluation/synthese/")
    assert after == before, f"{role} : la synthèse publique compte un canari restreint"

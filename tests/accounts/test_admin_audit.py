"""The audit trail and the requests in the Wagtail admin: superusers read, nobody writes."""

import pytest
from django.test import Client

from hub.accounts.models import AccreditationEvent, AccreditationRequest
from hub.security.testing import force_login_with_second_factor
from tests.accounts import BAILLEURS, PSYCHIATRIE, family, make_request, make_user

Action = AccreditationEvent.Action
EVENTS = "/admin/journal-accreditations/"
REQUESTS = "/admin/demandes-accreditation/"


@pytest.fixture
def events():
    return [
        AccreditationEvent.objects.create(
            action=Action.APPROVED, family=family(BAILLEURS), detail="bailleurs-approuve"
        ),
        AccreditationEvent.objects.create(
            action=Action.REFUSED, family=family(PSYCHIATRIE), detail="psychiatrie-refuse"
        ),
    ]


@pytest.fixture
def admin_client():
    client = Client()
    force_login_with_second_factor(client, make_user("admin", superuser=True))
    return client


def test_a_superuser_reads_the_audit_trail_and_filters_it_by_family_and_action(
    admin_client, events
):
    menu = admin_client.get("/admin/").content.decode()
    assert EVENTS in menu and REQUESTS in menu
    page = admin_client.get(EVENTS).content.decode()
    assert "bailleurs-approuve" in page and "psychiatrie-refuse" in page
    page = admin_client.get(EVENTS, {"family": family(BAILLEURS).pk}).content.decode()
    assert "bailleurs-approuve" in page and "psychiatrie-refuse" not in page
    page = admin_client.get(EVENTS, {"action": Action.REFUSED}).content.decode()
    assert "bailleurs-approuve" not in page and "psychiatrie-refuse" in page
    response = admin_client.get(f"{EVENTS}inspect/{events[0].pk}/")
    assert response.status_code == 200
    assert "bailleurs-approuve" in response.content.decode()


def test_nobody_adds_edits_or_deletes_audit_events_or_requests(admin_client, events):
    request = make_request()
    for url in (
        f"{EVENTS}new/",
        f"{EVENTS}edit/{events[0].pk}/",
        f"{EVENTS}delete/{events[0].pk}/",
        f"{REQUESTS}new/",
        f"{REQUESTS}edit/{request.pk}/",
        f"{REQUESTS}delete/{request.pk}/",
    ):
        assert admin_client.get(url).status_code in (302, 403), url
        assert admin_client.post(url, {"action": "expired", "status": "approved"}).status_code in (
            302,
            403,
        ), url
    assert AccreditationEvent.objects.count() == 2
    assert AccreditationRequest.objects.get().status == AccreditationRequest.Status.PENDING
    listing = admin_client.get(EVENTS).content.decode()
    assert f"{EVENTS}new/" not in listing
    assert f"{EVENTS}edit/" not in listing


def test_a_superuser_reads_the_requests(admin_client):
    request = make_request()
    page = admin_client.get(REQUESTS).content.decode()
    assert "Camille Martin" in page
    assert admin_client.get(f"{REQUESTS}inspect/{request.pk}/").status_code == 200


def test_an_editor_who_is_not_a_superuser_cannot_read_them(events):
    from django.contrib.auth.models import Permission

    editor = make_user("editeur", families=[BAILLEURS])
    editor.is_staff = True
    editor.save()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    force_login_with_second_factor(client, editor)
    menu = client.get("/admin/")
    assert menu.status_code == 200
    assert EVENTS not in menu.content.decode() and REQUESTS not in menu.content.decode()
    for url in (EVENTS, REQUESTS, f"{EVENTS}inspect/{events[0].pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    assert "bailleurs-approuve" not in client.get(EVENTS, follow=True).content.decode()

"""The leak matrix for coordinators and working groups with their own audience (issue 17).

In the CLSM Metz instance space, a working group reserved to its members holds a meeting
and a document (nested canaries). Every role is tried on every channel: the pages and the
document themselves, the space's listing (its menu of working groups), the sitemap, the
site search, the pages API, the coordinators' pages and the working group's management
page. Only the group's members (and the Metz coordinator, who reserved it) see the group;
a member of the space outside the group sees nothing of it; a member whose instance
membership has lapsed, or who was removed from the instance, sees nothing either, even
though still in the group's Django group. The Metz coordinator can do nothing in Marseille.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, TestCase
from django.utils import timezone
from wagtail.models import Page

from hub.access import manages_space
from hub.accounts import coordination, working_groups
from hub.accounts.models import AccountProfile, InstanceMembership
from hub.accounts.rules import AccreditationError
from hub.demo import sync
from hub.demo.load_spaces import ensure_document
from hub.demo.text import to_html
from hub.models import MeetingPage, PartnerSpacePage, WorkingGroupPage
from hub.models.spaces import collection_for
from hub.security.testing import force_login_with_second_factor

# One word each, found in nothing else (not even after French stemming).
GROUP = "GTSECRETGROUPE"
MEETING = "GTREUNIONCACHEE"
DOCUMENT = "GTDOCUMENTCACHE"
GROUP_MARKERS = (GROUP, MEETING, DOCUMENT)
INSTANCE_MINUTES = "CANARI-INSTANCE"

USERNAMES = {
    "anonymous": None,
    "partner": "membre.social",
    "family_a": "membre.bailleurs",
    "referent": "referent.bailleurs",
    "expired": "membre.expire",
    # A member of the Metz instance (and space) outside the working group.
    "instance": "membre.clsm-metz",
    # Members of the Metz instance and of the working group.
    "group_member": "membre.groupe-metz",
    "metz_coordinator": "coordination.clsm-metz",
    # The Marseille coordinator: nothing in Metz.
    "marseille_coordinator": "coordination.rsml-marseille",
    # In the group's Django group, but their instance membership has lapsed...
    "lapsed": "membre.echu-metz",
    # ...or they were removed from the instance.
    "removed": "membre.retire-metz",
}
ROLES = list(USERNAMES)
SEES_GROUP = {"group_member", "metz_coordinator"}
SEES_INSTANCE = {"instance", "group_member", "metz_coordinator"}


def _account(username, family_slug="bailleurs-gestionnaires"):
    from hub.accounts.models import PartnerFamily

    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x" * 16)
    user.groups.add(PartnerFamily.objects.get(slug=family_slug).group)
    AccountProfile.objects.create(
        user=user,
        organisation="Organisation de test",
        job_role="membre",
        expires_on=timezone.localdate() + timedelta(days=100),
    )
    return user


@pytest.fixture(scope="module")
def group_world(world, django_db_blocker):
    """The reserved working group in the Metz instance space, its meeting and document,
    and the accounts around it (inside the world's transaction, rolled back with it)."""
    User = get_user_model()
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        space = world.spaces["instance"]
        metz = space.instance
        coordinator = User.objects.get(username=USERNAMES["metz_coordinator"])
        member, lapsed, removed = (
            _account(USERNAMES[role]) for role in ("group_member", "lapsed", "removed")
        )
        for user in (member, lapsed, removed):
            coordination.add_member(metz, email=user.email, actor=coordinator)
        group, _status = sync.ensure_page(
            space,
            WorkingGroupPage,
            "groupe-reserve",
            {"title": f"Groupe {GROUP}", "intro": f"Mandat {GROUP}"},
        )
        working_groups.set_reserved(group, reserved=True, actor=coordinator)
        for user in (member, lapsed, removed):
            working_groups.add_group_member(group, email=user.email, actor=coordinator)
        document = ensure_document(
            f"Document {DOCUMENT}",
            "gt-document.txt",
            f"{DOCUMENT} contenu".encode(),
            collection_for(group),
        )
        meeting, _status = sync.ensure_page(
            group,
            MeetingPage,
            "reunion-reservee",
            {
                "title": f"Réunion {MEETING}",
                "date": timezone.now(),
                "agenda": to_html([("p", f"Ordre du jour {MEETING}")]),
                "documents": lambda old: sync.stream(
                    old, [("document", {"document": document.id, "description": ""})]
                ),
            },
        )
        # The lapsed membership ended yesterday; the removed member left the instance.
        InstanceMembership.objects.filter(user=lapsed).update(
            expires_on=timezone.localdate() - timedelta(days=1)
        )
        coordination.remove_member(metz, user=removed, actor=coordinator)
    return {"space": space, "group": group, "meeting": meeting, "document": document}


def client_for(role):
    client = Client()
    username = USERNAMES[role]
    if username:
        user = get_user_model().objects.get(username=username)
        if role.endswith("coordinator"):
            force_login_with_second_factor(client, user)
        else:
            client.force_login(user)
    return client


def assert_hidden(role, text, where):
    leaked = [marker for marker in GROUP_MARKERS if marker in text]
    assert not leaked, f"{role} voit {leaked} via {where}"


@pytest.mark.parametrize("role", ROLES)
def test_the_group_its_meeting_and_its_document_open_only_to_its_members(group_world, role):
    client = client_for(role)
    document = group_world["document"]
    for url in (
        group_world["group"].url,
        group_world["meeting"].url,
        document.url,
    ):
        response = client.get(url)
        if role in SEES_GROUP:
            assert response.status_code == 200, (role, url)
            assert "private" in response["Cache-Control"]
        else:
            assert response.status_code in (302, 403), (role, url, response.status_code)
            assert_hidden(role, response.content.decode(), url)


@pytest.mark.parametrize("role", ROLES)
def test_the_space_lists_the_group_only_to_its_members(group_world, role):
    response = client_for(role).get(group_world["space"].url)
    text = response.content.decode()
    if role in SEES_INSTANCE:
        assert response.status_code == 200
        assert (GROUP in text) == (role in SEES_GROUP), role
        assert INSTANCE_MINUTES in text
    else:
        assert response.status_code in (302, 403)
        assert_hidden(role, text, "l'espace")
        assert INSTANCE_MINUTES not in text


@pytest.mark.parametrize("role", ROLES)
def test_the_instance_minutes_open_to_current_members_only(group_world, world, role):
    response = client_for(role).get(world.pages["instance"].url)
    if role in SEES_INSTANCE:
        assert response.status_code == 200
        assert INSTANCE_MINUTES in response.content.decode()
    else:
        assert response.status_code in (302, 403), role
        assert INSTANCE_MINUTES not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_sitemap_search_and_api_never_show_the_group_outside_it(group_world, role):
    client = client_for(role)
    text = client.get("/sitemap.xml").content.decode()
    assert_hidden(role, text, "sitemap")
    found = ""
    for word in GROUP_MARKERS:
        for url in (f"/recherche/?q={word}", f"/recherche/suggestions/?q={word}"):
            response = client.get(url)
            assert response.status_code == 200
            found += response.content.decode()
        found += client.get(f"/api/v2/pages/?search={word}&fields=title").content.decode()
    space = group_world["space"]
    for query in (f"child_of={group_world['group'].pk}", f"descendant_of={space.pk}"):
        found += client.get(f"/api/v2/pages/?{query}&fields=title&limit=200").content.decode()
    found += client.get(f"/api/v2/pages/{group_world['meeting'].pk}/").content.decode()
    # The query itself is echoed by the search page: look for the titles and addresses.
    titles = [f"Groupe {GROUP}", f"Réunion {MEETING}", group_world["meeting"].url]
    if role in SEES_GROUP:
        assert all(title in found for title in titles[:2]), role
    else:
        leaked = [title for title in titles if title in found]
        assert not leaked, f"{role} voit {leaked} via la recherche ou l'API"


@pytest.mark.parametrize("role", ROLES)
def test_the_coordinators_pages_open_to_the_metz_coordinator_only(group_world, role):
    client = client_for(role)
    group_page = f"/compte/groupes-de-travail/{group_world['group'].pk}/"
    for url in ("/compte/instance/", "/compte/instance/clsm-metz/", group_page):
        response = client.get(url)
        text = response.content.decode()
        if role == "metz_coordinator":
            # Their one instance: the list sends them to it.
            assert response.status_code in (200, 302), url
            if response.status_code == 302:
                assert response["Location"] == "/compte/instance/clsm-metz/"
            assert "private" in response["Cache-Control"]
        elif role in ("anonymous", "expired"):
            # No session (an expired account is logged out): the login page.
            assert response.status_code == 302
            assert response["Location"].startswith("/compte/connexion/"), (role, url)
        elif role == "marseille_coordinator" and url == "/compte/instance/":
            assert response["Location"] == "/compte/instance/rsml-marseille/"
        else:
            # A French 403 for who coordinates nothing; 404 for another's instance or a
            # group whose space one does not manage.
            assert response.status_code in (403, 404), (role, url, response.status_code)
        if role not in SEES_GROUP:
            assert_hidden(role, text, url)
            assert "membre.groupe-metz@example.org" not in text


def test_the_metz_coordinator_manages_the_metz_space_and_no_other(group_world):
    User = get_user_model()
    metz = User.objects.get(username=USERNAMES["metz_coordinator"])
    marseille = User.objects.get(username=USERNAMES["marseille_coordinator"])
    metz_space = group_world["space"]
    marseille_space = PartnerSpacePage.objects.get(slug="instance-rsml-marseille")
    assert manages_space(metz, metz_space) and not manages_space(metz, marseille_space)
    assert manages_space(marseille, marseille_space) and not manages_space(marseille, metz_space)
    for role in ("instance", "group_member", "referent", "family_a"):
        user = User.objects.get(username=USERNAMES[role])
        assert not manages_space(user, metz_space), role


def test_the_marseille_coordinator_can_do_nothing_in_metz(group_world):
    User = get_user_model()
    client = client_for("marseille_coordinator")
    target = User.objects.get(username=USERNAMES["group_member"])
    group_page = group_world["group"]
    before = sorted(target.groups.values_list("pk", flat=True))
    for url, data in (
        ("/compte/instance/clsm-metz/", {"email": "membre.bailleurs@example.org"}),
        (f"/compte/instance/clsm-metz/membres/{target.pk}/retirer/", {}),
        (f"/compte/instance/clsm-metz/membres/{target.pk}/echeance/", {}),
        ("/compte/instance/clsm-metz/passation/", {"new_coordinator": target.pk}),
        (f"/compte/groupes-de-travail/{group_page.pk}/", {"action": "open"}),
        (f"/compte/groupes-de-travail/{group_page.pk}/membres/{target.pk}/retirer/", {}),
    ):
        assert client.post(url, data).status_code == 404, url
    assert sorted(target.groups.values_list("pk", flat=True)) == before
    assert group_page.is_reserved
    # Nor in the Wagtail admin: Metz's space is not theirs to edit; Marseille's is.
    metz_edit = client.get(f"/admin/pages/{group_world['space'].pk}/edit/")
    assert metz_edit.status_code in (302, 403, 404)
    marseille = PartnerSpacePage.objects.get(slug="instance-rsml-marseille")
    assert client.get(f"/admin/pages/{marseille.pk}/edit/").status_code == 200


def test_the_metz_coordinator_edits_the_instance_space_under_moderation(group_world):
    client = client_for("metz_coordinator")
    space = group_world["space"]
    assert client.get(f"/admin/pages/{space.pk}/edit/").status_code == 200
    workflow = space.get_workflow()
    assert workflow is not None and "CLSM" in workflow.name
    home = Page.objects.get(depth=2)
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code in (302, 403)


def test_a_group_never_opens_wider_than_its_space(group_world):
    coordinator = get_user_model().objects.get(username=USERNAMES["metz_coordinator"])
    with pytest.raises(AccreditationError, match="n'a pas accès à l'espace"):
        working_groups.add_group_member(
            group_world["group"], email="membre.bailleurs@example.org", actor=coordinator
        )
    # Even put into the group's Django group by hand, an outsider of the space sees nothing.
    outsider = get_user_model().objects.get(username=USERNAMES["family_a"])
    outsider.groups.add(group_world["group"].audience_record.group)
    client = Client()
    client.force_login(outsider)
    assert client.get(group_world["meeting"].url).status_code == 403


def test_opening_the_group_again_shows_it_to_the_whole_space(group_world):
    coordinator = get_user_model().objects.get(username=USERNAMES["metz_coordinator"])
    working_groups.set_reserved(group_world["group"], reserved=False, actor=coordinator)
    client = client_for("instance")
    assert client.get(group_world["meeting"].url).status_code == 200
    assert client.get(group_world["document"].url).status_code == 200
    # Members outside the space still see nothing.
    assert client_for("removed").get(group_world["meeting"].url).status_code == 403

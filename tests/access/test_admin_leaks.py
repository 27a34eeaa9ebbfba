"""The leak matrix, for the Wagtail admin: an editor reads there only the titles of what
`hub.access` lets them view (issue 11).

The editor is the family A referent (`referent.bailleurs`): they edit guide chapters and
their family's space, and may view the public, partners and family A canaries, never the
family B and instance ones. Each test also checks that what they may view is still there
(they must keep choosing it), and that an administrator still sees everything. The
directory's choosers and listings are in test_admin_leaks_directory.py.

Two kinds of leak:
- views that name any page or object by id or list everything (choosers, bulk action
  confirmations, the page types report): the canaries of the world are enough;
- listings by editing permission (explorer, search, reports, dashboard, usage): the
  referent may edit every page of their space, so a meeting of that space restricted to
  the instance's members (`shared_meeting`) is editable by them, yet not viewable.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import (
    CollectionViewRestriction,
    PageViewRestriction,
    ReferenceIndex,
)

from hub.access import visible_pages
from hub.models import MeetingPage, WorkingGroupPage
from tests.access.admin_leaks import (
    ALL,
    HIDDEN,
    REFERENT,
    SEEN,
    assert_hidden,
    assert_shown,
    grant,
    ids,
    login,
    text_of,
)
from tests.access.conftest import MARKERS

# `django_db` as well: pytest-django creates the test database only when a collected test
# asks for it by name, and the module-scoped world is built before any test does.
pytestmark = [pytest.mark.usefixtures("world"), pytest.mark.django_db]

# The meeting of the family A space restricted to the instance (`shared_meeting`).
SHARED = f"{MARKERS['instance']}-DANS-L-ESPACE-A"


@pytest.fixture
def shared_meeting(world):
    """A meeting of the family A space, locked by the referent, linking to the family A
    canary, restricted to the members of the instance: the referent may edit it (Wagtail's
    permission on their space) but not view it."""
    referent = get_user_model().objects.get(username=REFERENT)
    space = world.spaces["family_a"]
    page = MeetingPage(
        title=f"Réunion {SHARED}",
        slug="reunion-partagee-avec-l-instance",
        date=timezone.now(),
        agenda=f'<p><a linktype="page" id="{world.pages["family_a"].pk}">Compte rendu</a></p>',
    )
    space.add_child(instance=page)
    page.save_revision(user=referent).publish(user=referent, skip_permission_checks=True)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(world.spaces["instance"].instance.group)
    MeetingPage.objects.filter(pk=page.pk).update(
        locked=True, locked_by=referent, locked_at=timezone.now()
    )
    ReferenceIndex.create_or_update_for_object(page)
    return page


# --- Page chooser ------------------------------------------------------------------------------


def test_referent_never_sees_another_family_or_instance_page_when_browsing_the_page_chooser(
    verified_login, world
):
    client = login(verified_login, REFERENT)
    for tier in ("family_b", "instance"):
        response = client.get(f"/admin/choose-page/{world.spaces[tier].pk}/")
        assert response.status_code == 404
        assert_hidden(text_of(response), HIDDEN, f"le sélecteur de pages ({tier})")
    own = client.get(f"/admin/choose-page/{world.spaces['family_a'].pk}/")
    assert_shown(text_of(own), [MARKERS["family_a"]], "le sélecteur de pages (famille A)")
    admin = login(verified_login, "admin")
    response = admin.get(f"/admin/choose-page/{world.spaces['family_b'].pk}/")
    assert_shown(text_of(response), [MARKERS["family_b"]], "le sélecteur de l'administrateur")


def test_referent_never_sees_a_family_b_page_title_in_the_page_chooser_search(verified_login):
    url = "/admin/choose-page/search/?q=CANARI"
    text = text_of(login(verified_login, REFERENT).get(url))
    assert_hidden(text, HIDDEN, "la recherche du sélecteur de pages")
    assert_shown(text, SEEN, "la recherche du sélecteur de pages")
    assert_shown(text_of(login(verified_login, "admin").get(url)), ALL, "la recherche (admin)")


def test_referent_never_sees_a_hidden_meeting_in_a_block_chooser_limited_to_meetings(
    verified_login, world
):
    client = login(verified_login, REFERENT)
    search = "/admin/choose-page/search/?q=canari&page_type=hub.meetingpage"
    text = text_of(client.get(search))
    assert_hidden(text, HIDDEN, "le sélecteur de réunions")
    assert_shown(text, [MARKERS["partners"], MARKERS["family_a"]], "le sélecteur de réunions")
    browse = f"/admin/choose-page/{world.spaces['family_b'].pk}/?page_type=hub.meetingpage"
    assert client.get(browse).status_code == 404
    admin_text = text_of(login(verified_login, "admin").get(search))
    assert_shown(admin_text, HIDDEN, "le sélecteur de réunions (admin)")


def test_referent_never_sees_the_instance_space_heading_a_chooser_of_a_type_found_only_there(
    verified_login, world
):
    # Without a parent in the URL, Wagtail opens the chooser on the lowest common ancestor
    # of the pages of the requested type: here, the instance space.
    WorkingGroupPage.objects.all().delete()
    space = world.spaces["instance"]
    space.add_child(instance=WorkingGroupPage(title=f"Groupe {MARKERS['instance']}", slug="g"))
    url = "/admin/choose-page/?page_type=hub.workinggrouppage"
    response = login(verified_login, REFERENT).get(url)
    assert response.status_code == 200
    assert_hidden(text_of(response), [space.title, MARKERS["instance"]], "le sélecteur par type")
    admin_text = text_of(login(verified_login, "admin").get(url))
    assert_shown(admin_text, [space.title, MARKERS["instance"]], "le sélecteur (admin)")


def test_referent_never_gets_the_titles_of_pages_chosen_by_id(verified_login, world):
    url = f"/admin/choose-page/chosen-multiple/?{ids(world.pages.values())}"
    text = text_of(login(verified_login, REFERENT).get(url))
    assert_hidden(text, HIDDEN, "les pages choisies par identifiant")
    assert_shown(text, SEEN, "les pages choisies par identifiant")
    assert_shown(text_of(login(verified_login, "admin").get(url)), ALL, "les pages (admin)")


def test_referent_never_gets_a_page_title_by_pasting_its_address_as_an_external_link(
    verified_login, world
):
    client = login(verified_login, REFERENT)

    def convert(tier):
        url = f"http://localhost{world.pages[tier].url}"
        return text_of(
            client.post("/admin/choose-external-link/", {"external-link-chooser-url": url})
        )

    for tier in ("family_b", "instance"):
        text = convert(tier)
        assert_hidden(text, HIDDEN, "la conversion d'un lien externe")
        assert world.pages[tier].url in text, "le lien reste externe"
    assert_shown(convert("family_a"), [MARKERS["family_a"]], "la conversion (famille A)")


# --- Bulk actions ------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["delete", "unpublish", "move", "publish"])
def test_referent_never_sees_a_hidden_page_title_on_a_bulk_action_confirmation(
    verified_login, world, action
):
    url = f"/admin/bulk/wagtailcore/page/{action}/?{ids(world.pages.values())}"
    text = text_of(login(verified_login, REFERENT).get(url))
    assert_hidden(text, HIDDEN, f"la confirmation « {action} »")
    assert_shown(text, [MARKERS["family_a"]], f"la confirmation « {action} »")
    assert_shown(text_of(login(verified_login, "admin").get(url)), ALL, f"« {action} » (admin)")


@pytest.mark.parametrize("action", ["delete", "add_tags", "add_to_collection"])
def test_referent_never_sees_a_hidden_document_title_on_a_bulk_action_confirmation(
    verified_login, world, action
):
    url = f"/admin/bulk/wagtaildocs/document/{action}/?{ids(world.documents.values())}"
    text = text_of(login(verified_login, REFERENT).get(url))
    assert_hidden(text, HIDDEN, f"la confirmation « {action} » des documents")
    assert_shown(text, [MARKERS["family_a"]], f"la confirmation « {action} » des documents")
    assert_shown(text_of(login(verified_login, "admin").get(url)), ALL, f"« {action} » (admin)")


# --- Reports ---------------------------------------------------------------------------------


def test_referent_never_sees_a_hidden_page_nor_its_count_in_the_page_types_usage_report(
    verified_login,
):
    url = "/admin/reports/page-types-usage/"
    response = login(verified_login, REFERENT).get(url)
    assert_hidden(text_of(response), HIDDEN, "l'usage des types de pages")
    meetings = next(item for item in response.context["object_list"] if item.model == "meetingpage")
    referent = get_user_model().objects.get(username=REFERENT)
    assert meetings.count == visible_pages(referent, MeetingPage.objects.all()).count()
    admin_text = text_of(login(verified_login, "admin").get(url))
    assert_shown(admin_text, [MARKERS["instance"]], "l'usage des types de pages (admin)")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{space}/",
        "/admin/pages/{space}/results/",
        "/admin/pages/search/?q=CANARI",
        "/admin/pages/search/results/?q=CANARI",
        "/admin/pages/usage/hub/meetingpage/",
        "/admin/api/main/pages/?child_of={space}",
        "/admin/api/main/pages/?child_of={space}&for_explorer=1",
        "/admin/api/main/pages/?search=CANARI",
        "/admin/reports/site-history/",
    ],
)
def test_referent_never_lists_a_page_of_their_space_that_they_may_edit_but_not_view(
    verified_login, world, shared_meeting, url
):
    url = url.format(space=world.spaces["family_a"].pk)
    text = text_of(login(verified_login, REFERENT).get(url))
    assert_hidden(text, [SHARED], url)
    if "/admin/pages/" in url or "api" in url:
        assert_shown(text, [MARKERS["family_a"]], url)
    assert_shown(text_of(login(verified_login, "admin").get(url)), [SHARED], f"{url} (admin)")


@pytest.mark.parametrize(
    "report, permission",
    [
        ("/admin/reports/locked/", "unlock_page"),
        # Meetings only: the newest page would be beyond the report's first page.
        ("/admin/reports/aging-pages/?content_type={meetings}", "publish_page"),
        ("/admin/reports/workflow/", None),
        ("/admin/reports/workflow_tasks/", None),
    ],
)
def test_referent_never_sees_a_page_they_may_edit_but_not_view_in_a_report(
    verified_login, world, shared_meeting, report, permission
):
    if permission:
        grant(REFERENT, permission, page=world.spaces["family_a"])
    referent = get_user_model().objects.get(username=REFERENT)
    shared_meeting.get_workflow().start(shared_meeting, referent)
    report = report.format(meetings=ContentType.objects.get_for_model(MeetingPage).pk)
    text = text_of(login(verified_login, REFERENT).get(report))
    assert_hidden(text, [SHARED], report)
    assert_shown(text_of(login(verified_login, "admin").get(report)), [SHARED], report)


def test_referent_never_sees_a_page_they_may_edit_but_not_view_on_their_dashboard(
    verified_login, world, shared_meeting
):
    # The dashboard lists the pages the referent locked, edited, or asked to approve.
    referent = get_user_model().objects.get(username=REFERENT)
    MeetingPage.objects.filter(pk=world.pages["family_a"].pk).update(
        locked=True, locked_by=referent, locked_at=timezone.now()
    )
    shared_meeting.get_workflow().start(shared_meeting, referent)
    text = text_of(login(verified_login, REFERENT).get("/admin/"))
    assert_hidden(text, [SHARED], "le tableau de bord")
    assert_shown(text, [MARKERS["family_a"]], "le tableau de bord")


def test_referent_never_reads_the_title_of_a_hidden_page_in_the_usage_of_their_page(
    verified_login, world, shared_meeting
):
    url = f"/admin/pages/{world.pages['family_a'].pk}/usage/"
    text = text_of(login(verified_login, REFERENT).get(url))
    assert_hidden(text, [SHARED], "l'usage de la page")
    assert "(contenu privé)" in text
    assert_shown(text_of(login(verified_login, "admin").get(url)), [SHARED], "l'usage (admin)")


# --- Documents ---------------------------------------------------------------------------------


def test_referent_never_sees_a_document_of_a_sub_collection_restricted_to_an_instance(
    verified_login, world
):
    collection = world.spaces["family_a"].ensure_collection().add_child(name="Partagé")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(world.spaces["instance"].instance.group)
    document = get_document_model()(title=f"Document {SHARED}", collection=collection)
    document.file.save("partage.txt", ContentFile(b"partage"), save=True)
    client = login(verified_login, REFERENT)
    for url in ("/admin/documents/chooser/", "/admin/documents/", "/admin/documents/?q=CANARI"):
        text = text_of(client.get(url))
        assert_hidden(text, [SHARED], url)
        assert_shown(text, [MARKERS["family_a"]], url)
    chosen = f"/admin/documents/chooser/chosen-multiple/?id={document.pk}"
    assert_hidden(text_of(client.get(chosen)), [SHARED], chosen)
    response = client.get(f"/admin/documents/chooser/chosen/{document.pk}/")
    assert response.status_code == 404
    assert_hidden(text_of(response), [SHARED], "le document choisi par identifiant")
    admin_text = text_of(login(verified_login, "admin").get("/admin/documents/"))
    assert_shown(admin_text, [SHARED], "la bibliothèque (admin)")


def test_every_view_the_middleware_swaps_is_still_the_one_wagtail_routes_to():
    # The middleware swaps views by class: a renamed class in a later Wagtail would slip
    # through silently. Every swapped view must still be the one Wagtail routes to.
    from django.urls import resolve

    from hub.admin_access_views import REPLACEMENTS

    routed = {
        resolve(path).func.view_class
        for path in (
            "/admin/choose-page/",
            "/admin/choose-page/1/",
            "/admin/choose-page/chosen-multiple/",
            "/admin/choose-external-link/",
            "/admin/reports/page-types-usage/",
            "/admin/reports/locked/",
            "/admin/reports/site-history/",
            "/admin/documents/chooser/chosen/1/",
        )
    }
    assert routed == set(REPLACEMENTS)

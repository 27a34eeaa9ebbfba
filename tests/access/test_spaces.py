"""Partner spaces: their restrictions derive from their audience and cannot be loosened."""

import pytest
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from hub.accounts.models import PartnerFamily
from hub.models import MeetingPage, PartnerSpacePage

pytestmark = pytest.mark.usefixtures("world")


def restriction_of(page):
    restriction = PageViewRestriction.objects.get(page=page)
    return restriction.restriction_type, set(restriction.groups.values_list("name", flat=True))


def test_each_space_is_restricted_to_its_audience(world):
    assert restriction_of(world.spaces["partners"]) == ("login", set())
    family = PartnerFamily.objects.get(slug="bailleurs-gestionnaires")
    assert restriction_of(world.spaces["family_a"]) == ("groups", {family.group.name})
    kind, groups = restriction_of(world.spaces["instance"])
    assert kind == "groups" and groups == {"Instance : CLSM du territoire messin"}


def test_the_space_collection_has_the_same_privacy_as_the_space(world):
    space = world.spaces["family_b"]
    restriction = CollectionViewRestriction.objects.get(collection=space.collection)
    assert restriction.restriction_type == "groups"
    assert list(restriction.groups.all()) == [
        PartnerFamily.objects.get(slug="psychiatrie-publique").group
    ]


def test_making_a_space_public_in_the_privacy_dialog_is_undone(
    world, django_capture_on_commit_callbacks
):
    space = world.spaces["family_a"]
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=space).delete()
    assert restriction_of(space)[0] == "groups"


def test_widening_a_space_to_all_logged_in_users_is_undone(world):
    space = world.spaces["family_a"]
    restriction = PageViewRestriction.objects.get(page=space)
    restriction.restriction_type = "login"
    restriction.save()
    restriction.groups.clear()
    assert restriction_of(space)[0] == "groups"
    assert len(restriction_of(space)[1]) == 1


def test_adding_a_group_to_a_family_space_restriction_is_undone(world):
    space = world.spaces["family_a"]
    other = PartnerFamily.objects.get(slug="psychiatrie-publique").group
    PageViewRestriction.objects.get(page=space).groups.add(other)
    assert other.name not in restriction_of(space)[1]


def test_making_the_space_collection_public_is_undone(world, django_capture_on_commit_callbacks):
    space = world.spaces["instance"]
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.filter(collection=space.collection).delete()
    assert CollectionViewRestriction.objects.filter(collection=space.collection).exists()


def test_a_family_space_without_its_family_is_refused_by_validation(world):
    space = PartnerSpacePage(title="Incomplet", slug="incomplet", audience="family")
    with pytest.raises(Exception) as error:
        space.full_clean()
    assert "famille" in str(error.value)


def test_meetings_cannot_be_created_outside_a_partner_space():
    assert MeetingPage.parent_page_types == ["hub.PartnerSpacePage", "hub.WorkingGroupPage"]
    assert PartnerSpacePage.parent_page_types == ["hub.PartnerSpaceIndexPage"]


def test_a_space_is_closed_to_an_anonymous_visitor_who_is_sent_to_login(client, world):
    response = client.get(world.spaces["partners"].url)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=")


def test_a_partner_outside_the_family_gets_a_french_403(as_role, world):
    response = as_role("family_b").get(world.spaces["family_a"].url)
    assert response.status_code == 403
    assert "Accès réservé" in response.content.decode()


def test_family_space_changes_are_moderated_by_that_family_only(world, mailoutbox):
    from django.contrib.auth import get_user_model

    page = world.pages["family_a"]
    workflow = page.get_workflow()
    assert workflow.name == "Espace Bailleurs et gestionnaires"
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Éditeurs : Bailleurs et gestionnaires"]
    User = get_user_model()
    second_editor = User.objects.create_user("editeur.bailleurs", "editeur.bailleurs@example.org")
    second_editor.groups.add(*task.groups.all())
    family_a = PartnerFamily.objects.get(slug="bailleurs-gestionnaires").group
    second_editor.groups.add(family_a)
    referent = User.objects.get(username="referent.bailleurs")
    page.save_revision(user=referent)
    workflow.start(page, referent)
    recipients = {address for message in mailoutbox for address in message.to}
    # Family A members, and the administrators, who see everything anyway.
    allowed = set(User.objects.filter(groups=family_a).values_list("email", flat=True))
    allowed |= set(User.objects.filter(is_superuser=True).values_list("email", flat=True))
    assert "editeur.bailleurs@example.org" in recipients
    assert recipients <= allowed


# --- Working groups reserved to their members (issue 17) -----------------------------------


def reserved_group():
    from hub.models import WorkingGroupPage

    return WorkingGroupPage.objects.get(slug="signalement-parc-hlm")


def test_a_reserved_working_group_names_its_own_group_below_the_space(world):
    group = reserved_group()
    record = group.audience_record
    assert restriction_of(group) == ("groups", {record.group.name})
    # Its documents' collection sits under the space's, restricted to the same group.
    assert record.collection.get_parent() == world.spaces["family_a"].collection
    restriction = CollectionViewRestriction.objects.get(collection=record.collection)
    assert list(restriction.groups.all()) == [record.group]


def test_a_space_member_outside_the_group_does_not_see_it_but_a_member_does(as_role, world):
    group = reserved_group()
    assert as_role("family_a").get(group.url).status_code == 403
    space_page = as_role("family_a").get(world.spaces["family_a"].url).content.decode()
    assert group.title not in space_page
    # The referent reserved it and is its member.
    assert as_role("referent").get(group.url).status_code == 200


def test_opening_a_reserved_group_in_the_privacy_dialog_is_undone(
    world, django_capture_on_commit_callbacks
):
    group = reserved_group()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=group).delete()
    assert restriction_of(group)[0] == "groups"


def test_widening_a_reserved_group_to_its_whole_family_is_undone(world):
    group = reserved_group()
    family = PartnerFamily.objects.get(slug="bailleurs-gestionnaires").group
    PageViewRestriction.objects.get(page=group).groups.add(family)
    assert restriction_of(group)[1] == {group.audience_record.group.name}


def test_a_draft_of_a_reserved_group_cannot_open_it(world):
    from django.contrib.auth import get_user_model

    group = reserved_group()
    group.title = "Brouillon du groupe"
    group.save_revision(user=get_user_model().objects.get(username="referent.bailleurs"))
    assert restriction_of(group)[0] == "groups"

"""Ownership and workflow: only the owning family's editors change a chapter, nobody but
the follow-up committee publishes it (Wagtail permissions AND the guide's hooks)."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission, WorkflowState
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from guide.models import GuideChapterPage
from guide.permissions import committee_group, editor_group, ensure_workflow
from tests.guide.conftest import family, make_chapter, make_guide, make_user


@pytest.fixture
def setup():
    guide = make_guide(chapters=())
    ensure_workflow(guide.index)
    chapter = make_chapter(
        guide.part,
        "secteur",
        "Le secteur",
        owner="psychiatrie-publique",
        body=[("text", "<p>Texte initial.</p>")],
    )
    psy, landlords = family("psychiatrie-publique"), family("bailleurs-gestionnaires")
    owner = make_user("referent.psy", psy.group, editor_group(psy, create=True))
    psy.referent = owner
    psy.save()
    other = make_user("referent.bailleurs", landlords.group, editor_group(landlords, create=True))
    landlords.referent = other
    landlords.save()
    reviewer = make_user("comite", committee_group(create=True))
    return chapter, owner, other, reviewer


def edit_data(client, chapter, title):
    html = client.get(f"/admin/pages/{chapter.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").copy()
    # The StreamField's form is drawn by JavaScript: its fields are not in the HTML.
    data.update(
        nested_form_data({"body": streamfield([("text", rich_text("<p>Texte initial.</p>"))])})
    )
    data["title"] = title
    return data


def live_title(chapter):
    return GuideChapterPage.objects.get(pk=chapter.pk).title


def test_only_the_owning_family_editors_get_the_wagtail_permission(setup):
    chapter, *_ = setup
    groups = set(
        GroupPagePermission.objects.filter(page=chapter).values_list("group__name", flat=True)
    )
    assert groups == {"Rédacteurs guide : Psychiatrie publique"}
    codenames = set(
        GroupPagePermission.objects.filter(page=chapter).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"change_page"}


def test_a_referent_of_another_family_cannot_edit_the_chapter(setup, verified_login):
    chapter, _owner, other, _ = setup
    client = verified_login(other)
    response = client.get(f"/admin/pages/{chapter.pk}/edit/")
    assert response.status_code in (302, 403)
    assert "Le secteur" not in response.content.decode()


def test_the_hook_refuses_even_when_a_wagtail_permission_was_granted_by_mistake(
    setup, verified_login
):
    chapter, _owner, other, _ = setup
    # An administrator's slip: the landlords' editors may change and publish the whole guide.
    group = editor_group(family("bailleurs-gestionnaires"))
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=chapter.get_parent().get_parent(),
            permission=Permission.objects.get(codename=codename),
        )
    client = verified_login(other)
    response = client.get(f"/admin/pages/{chapter.pk}/edit/", follow=True)
    assert "seuls ses rédacteurs et les administrateurs" in response.content.decode()
    response = client.post(
        f"/admin/pages/{chapter.pk}/edit/", {"title": "Piraté", "action-publish": "1"}
    )
    assert response.status_code == 302
    assert live_title(chapter) == "Le secteur"
    assert client.post(f"/admin/pages/{chapter.pk}/unpublish/").status_code == 302
    assert GuideChapterPage.objects.get(pk=chapter.pk).live


def test_the_owning_referent_submits_for_approval_but_cannot_publish(setup, verified_login):
    chapter, owner, *_ = setup
    client = verified_login(owner)
    assert client.get(f"/admin/pages/{chapter.pk}/edit/").status_code == 200
    data = edit_data(client, chapter, "Le secteur (publication directe)")
    data["action-publish"] = "1"
    client.post(f"/admin/pages/{chapter.pk}/edit/", data)
    assert live_title(chapter) == "Le secteur"

    data = edit_data(client, chapter, "Le secteur, relu")
    data["action-submit"] = "1"
    response = client.post(f"/admin/pages/{chapter.pk}/edit/", data)
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(chapter.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Validation du guide"
    assert live_title(chapter) == "Le secteur"
    assert GuideChapterPage.objects.get(pk=chapter.pk).has_unpublished_changes


def test_the_committee_approves_and_the_chapter_is_published(setup, verified_login):
    chapter, owner, _other, reviewer = setup
    client = verified_login(owner)
    data = edit_data(client, chapter, "Le secteur, relu")
    data["action-submit"] = "1"
    client.post(f"/admin/pages/{chapter.pk}/edit/", data)
    state = WorkflowState.objects.get(object_id=str(chapter.pk))
    task_state = state.current_task_state

    # The other family's referent is not in the committee: refused.
    client.logout()
    outsider = verified_login(setup[2])
    url = f"/admin/pages/workflow/action/{chapter.pk}/approve/{task_state.pk}/"
    assert outsider.post(url).status_code in (302, 403)
    assert live_title(chapter) == "Le secteur"

    outsider.logout()
    committee = verified_login(reviewer)
    response = committee.post(url)
    assert response.status_code == 302
    assert live_title(chapter) == "Le secteur, relu"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_an_administrator_may_edit_any_chapter(setup, admin_client):
    chapter, *_ = setup
    assert admin_client.get(f"/admin/pages/{chapter.pk}/edit/").status_code == 200

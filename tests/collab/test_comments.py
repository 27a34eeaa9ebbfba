"""Comments on a meeting or a space's document: the privacy guard, who edits and removes,
moderation when the space asks for it."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from hub.collab.models import Comment, SpaceModeration
from hub.demo import sync
from hub.models import DocumentLibraryPage, MeetingPage

HEALTH = "M. Martin est hospitalisé en HDT depuis lundi, il est bipolaire."


@pytest.fixture
def meeting(family_space):
    page, _ = sync.ensure_page(
        family_space,
        MeetingPage,
        "reunion-commentee",
        {"title": "Réunion commentée", "date": timezone.now()},
    )
    return page


@pytest.fixture
def space_document(family_space):
    library = DocumentLibraryPage.objects.child_of(family_space).get()
    return library.documents[0].value["document"]


def comment_url(space, meeting):
    return f"/espaces/{space.pk}/pages/{meeting.pk}/commenter/"


def test_a_member_comments_a_meeting_and_reads_it_there(login, family_space, meeting):
    member = login("membre.bailleurs")
    response = member.post(
        comment_url(family_space, meeting), {"text": "Je propose d'avancer à 14 h."}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"#commentaire-{comment.pk}"
    )
    assert comment.status == "published" and comment.page.pk == meeting.pk
    page = member.get(meeting.url).content.decode()
    assert "Je propose d&#x27;avancer à 14 h." in page and 'id="commentaire-' in page
    assert "Votre commentaire" in page  # the labelled form


def test_a_comment_with_health_data_is_refused_next_to_the_field(login, family_space, meeting):
    response = login("membre.bailleurs").post(comment_url(family_space, meeting), {"text": HEALTH})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="id_text_error"' in text
    assert Comment.objects.count() == 0


def test_an_empty_comment_is_refused_in_french(login, family_space, meeting):
    response = login("membre.bailleurs").post(comment_url(family_space, meeting), {"text": ""})
    assert response.status_code == 400 and "Écrivez votre commentaire." in response.content.decode()


def test_a_document_has_a_discussion_page_linked_from_its_library(
    login, family_space, space_document
):
    member = login("membre.bailleurs")
    library = DocumentLibraryPage.objects.child_of(family_space).get()
    url = f"/espaces/{family_space.pk}/documents/{space_document.pk}/"
    assert url in member.get(library.url).content.decode()
    response = member.post(url, {"text": "La version 2 corrige le calendrier."})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.document == space_document and comment.page.pk == family_space.pk
    assert "La version 2 corrige le calendrier." in member.get(url).content.decode()


def test_the_author_edits_and_removes_but_another_member_cannot(login, family_space, meeting):
    member = login("membre.bailleurs")
    member.post(comment_url(family_space, meeting), {"text": "Premier jet"})
    comment = Comment.objects.get()
    edit, delete = (
        f"/espaces/commentaires/{comment.pk}/modifier/",
        f"/espaces/commentaires/{comment.pk}/supprimer/",
    )
    assert member.post(edit, {"text": "Version corrigée"}).status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Version corrigée" and comment.edited_at is not None
    assert member.post(edit, {"text": HEALTH}).status_code == 400
    colleague = get_user_model().objects.create_user(
        "collegue.bailleurs", "collegue.bailleurs@example.org"
    )
    colleague.groups.set(get_user_model().objects.get(username="membre.bailleurs").groups.all())
    other = login("collegue.bailleurs")
    assert other.get(edit).status_code == 404
    assert other.post(delete).status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()
    member = login("membre.bailleurs")
    assert member.get(delete).status_code == 200
    assert member.post(delete).status_code == 302
    assert not Comment.objects.exists()


def test_the_referent_removes_a_members_comment(login, family_space, meeting):
    login("membre.bailleurs").post(comment_url(family_space, meeting), {"text": "Hors sujet"})
    comment = Comment.objects.get()
    referent = login("referent.bailleurs")
    assert "Supprimer" in referent.get(meeting.url).content.decode()
    assert referent.post(f"/espaces/commentaires/{comment.pk}/supprimer/").status_code == 302
    assert not Comment.objects.exists()
    # Nor may the referent edit someone else's words.
    login("membre.bailleurs").post(comment_url(family_space, meeting), {"text": "Autre"})
    referent = login("referent.bailleurs")
    assert (
        referent.get(f"/espaces/commentaires/{Comment.objects.get().pk}/modifier/").status_code
        == 404
    )


def test_a_moderated_space_holds_comments_until_a_manager_publishes_them(
    login, family_space, meeting
):
    referent = login("referent.bailleurs")
    referent.post(f"/espaces/{family_space.pk}/moderation/", {"moderate_comments": "on"})
    assert SpaceModeration.objects.get(space=family_space).moderate_comments
    member = login("membre.bailleurs")
    member.post(comment_url(family_space, meeting), {"text": "En attente de relecture"})
    comment = Comment.objects.get()
    assert comment.status == "pending"
    # The author sees it, marked as waiting; another member does not.
    assert "en attente de validation" in member.get(meeting.url).content.decode()
    colleague = get_user_model().objects.create_user(
        "lecteur.bailleurs", "lecteur.bailleurs@example.org"
    )
    colleague.groups.set(get_user_model().objects.get(username="membre.bailleurs").groups.all())
    assert (
        "En attente de relecture"
        not in login("lecteur.bailleurs").get(meeting.url).content.decode()
    )
    referent = login("referent.bailleurs")
    assert (
        "En attente de relecture"
        in referent.get(f"/espaces/{family_space.pk}/a-valider/").content.decode()
    )
    referent.post(f"/espaces/commentaires/{comment.pk}/publier/")
    comment.refresh_from_db()
    assert comment.status == "published"
    assert "En attente de relecture" in login("lecteur.bailleurs").get(meeting.url).content.decode()


def test_a_managers_comment_is_published_even_in_a_moderated_space(login, family_space, meeting):
    SpaceModeration.objects.create(space=family_space, moderate_comments=True)
    login("referent.bailleurs").post(
        comment_url(family_space, meeting), {"text": "Note du référent"}
    )
    assert Comment.objects.get().status == "published"

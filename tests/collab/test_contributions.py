"""Proposing a document or a meeting's agenda or minutes, as members do it over HTTP:
the form, the refusals (nothing stored), the managers' list and decisions, direct
publishing for who manages the space, « Mes contributions »."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from hub.collab.models import Contribution
from hub.demo import sync
from hub.models import MeetingPage
from tests.collab.conftest import pdf_bytes, pending_files, person, upload

Document = get_document_model()


def propose_url(space, page=None):
    if page is None:
        return f"/espaces/{space.pk}/proposer/"
    return f"/espaces/{space.pk}/pages/{page.pk}/proposer/"


def post_document(
    client, space, name="compte-rendu.pdf", content=None, title="Relevé de décisions", **extra
):
    data = {"kind": "document", "title": title, "description": "Version de travail", **extra}
    data["file"] = upload(name, content)
    return client.post(propose_url(space, extra.pop("page", None)), data)


def test_the_space_page_offers_to_propose_a_document_in_one_click(login, family_space):
    page = login("membre.bailleurs").get(family_space.url).content.decode()
    assert "Proposer un document" in page
    assert propose_url(family_space) in page


def test_the_form_has_labelled_fields_and_is_private(login, family_space):
    response = login("membre.bailleurs").get(propose_url(family_space))
    assert response.status_code == 200
    text = response.content.decode()
    for label in ("Titre", "Description", "Fichier", "Types acceptés"):
        assert label in text
    assert 'enctype="multipart/form-data"' in text
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_member_proposes_a_document_which_waits_and_managers_are_told(
    login, family_space, mailoutbox, pending_root
):
    client = login("membre.bailleurs")
    response = post_document(client, family_space)
    contribution = Contribution.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/espaces/contributions/{contribution.pk}/envoyee/"
    )
    assert contribution.status == "proposed" and contribution.document is None
    assert contribution.author == person("membre.bailleurs")
    assert len(pending_files(pending_root)) == 1
    # The file waits outside MEDIA_ROOT, under a name the author did not choose.
    assert "compte-rendu" not in contribution.file.name
    sent = client.get(response["Location"]).content.decode()
    assert "Proposée" in sent or "proposé" in sent
    recipients = {address for message in mailoutbox for address in message.to}
    assert "referent.bailleurs@example.org" in recipients
    assert "membre.bailleurs@example.org" not in recipients
    assert (
        "membre.psychiatrie@example.org" not in recipients
        and "referent.psychiatrie@example.org" not in recipients
    )
    assert all(len(message.to) == 1 for message in mailoutbox)
    assert f"/espaces/{family_space.pk}/a-valider/" in mailoutbox[0].body


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("rapport.pdf", b"\x89PNG\r\n\x1a\n pas un pdf", "ne correspond pas"),
        ("script.exe", b"MZ\x90\x00", "Types acceptés"),
        ("page.html", b"<html></html>", "Types acceptés"),
    ],
)
def test_a_refused_file_gets_a_french_message_next_to_the_field_and_nothing_is_stored(
    login, family_space, pending_root, name, content, message
):
    documents = Document.objects.count()
    response = post_document(login("membre.bailleurs"), family_space, name, content)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'id="id_file_error"' in text
    assert Contribution.objects.count() == 0
    assert Document.objects.count() == documents
    assert pending_files(pending_root) == []


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(
    login, family_space, settings, pending_root
):
    settings.MAILLAGE_CONTRIBUTION_MAX_SIZE = 2048
    response = post_document(
        login("membre.bailleurs"), family_space, "gros.pdf", pdf_bytes() + b"%" * 4096
    )
    assert response.status_code == 400
    assert "la limite est de 2,0" in response.content.decode()
    assert Contribution.objects.count() == 0 and pending_files(pending_root) == []


def test_a_title_with_health_data_is_refused_by_the_privacy_guard(
    login, family_space, pending_root
):
    response = post_document(
        login("membre.bailleurs"), family_space, title="Situation de M. Dupont, né le 12/03/1975"
    )
    assert response.status_code == 400
    assert 'id="id_title_error"' in response.content.decode()
    assert Contribution.objects.count() == 0 and pending_files(pending_root) == []


def test_the_referent_approves_and_the_document_joins_the_space_collection(
    login, family_space, client, mailoutbox, pending_root
):
    post_document(login("membre.bailleurs"), family_space)
    contribution = Contribution.objects.get()
    referent = login("referent.bailleurs")
    pending = referent.get(f"/espaces/{family_space.pk}/a-valider/")
    assert pending.status_code == 200 and "Relevé de décisions" in pending.content.decode()
    download = referent.get(f"/espaces/{family_space.pk}/contributions/{contribution.pk}/fichier/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "no-store" in download["Cache-Control"]
    mailoutbox.clear()
    response = referent.post(
        f"/espaces/{family_space.pk}/contributions/{contribution.pk}/decision/",
        {"decision": "publish"},
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == "published" and contribution.decided_by == person(
        "referent.bailleurs"
    )
    assert contribution.document.collection == family_space.collection
    assert CollectionViewRestriction.objects.filter(
        collection=contribution.document.collection
    ).exists()
    assert contribution.document.file_size and contribution.document.file_hash
    assert pending_files(pending_root) == []
    assert [message.to for message in mailoutbox] == [["membre.bailleurs@example.org"]]
    # The member sees it published, on the space page and in « Mes contributions ».
    member = login("membre.bailleurs")
    assert "Publiée" in member.get("/espaces/mes-contributions/").content.decode()
    space_page = member.get(family_space.url).content.decode()
    assert "Proposés par les membres" in space_page and "Relevé de décisions" in space_page


def test_a_refusal_keeps_the_reason_for_the_author_and_drops_the_file(
    login, family_space, pending_root
):
    post_document(login("membre.bailleurs"), family_space)
    contribution = Contribution.objects.get()
    referent = login("referent.bailleurs")
    url = f"/espaces/{family_space.pk}/contributions/{contribution.pk}/decision/"
    missing = referent.post(url, {"decision": "refuse", "reason": ""})
    assert missing.status_code == 400 and "Indiquez le motif" in missing.content.decode()
    referent.post(url, {"decision": "refuse", "reason": "Doublon du document de mars."})
    contribution.refresh_from_db()
    assert contribution.status == "refused" and contribution.document is None
    assert pending_files(pending_root) == []
    member = login("membre.bailleurs")
    assert (
        "Doublon du document de mars." in member.get("/espaces/mes-contributions/").content.decode()
    )
    assert "Doublon du document de mars." in member.get(family_space.url).content.decode()
    # Decided once: a second decision finds nothing to decide.
    assert referent.post(url, {"decision": "publish"}).status_code == 404


def test_the_referent_publishes_directly_in_the_space_he_manages(
    login, family_space, mailoutbox, pending_root
):
    response = post_document(login("referent.bailleurs"), family_space, title="Note du référent")
    contribution = Contribution.objects.get()
    assert contribution.status == "published" and contribution.document is not None
    assert contribution.decided_by == person("referent.bailleurs")
    assert mailoutbox == [] and pending_files(pending_root) == []
    assert (
        "Document publié" in login("referent.bailleurs").get(response["Location"]).content.decode()
    )


def test_a_referent_of_another_family_is_no_manager_here(login, family_space):
    # referent.psychiatrie does not even see the space.
    assert (
        login("referent.psychiatrie").get(f"/espaces/{family_space.pk}/a-valider/").status_code
        == 404
    )
    assert (
        login("membre.bailleurs").get(f"/espaces/{family_space.pk}/a-valider/").status_code == 404
    )


def test_approve_all_publishes_every_pending_contribution_at_once(login, family_space):
    member = login("membre.bailleurs")
    for title in ("Premier", "Deuxième", "Troisième"):
        post_document(member, family_space, title=title)
    referent = login("referent.bailleurs")
    assert referent.post(f"/espaces/{family_space.pk}/a-valider/tout/").status_code == 302
    assert set(Contribution.objects.values_list("status", flat=True)) == {"published"}
    assert Contribution.objects.filter(document__isnull=False).count() == 3


def test_a_member_proposes_the_minutes_of_a_meeting_which_then_show_on_it(login, family_space):
    meeting, _ = sync.ensure_page(
        family_space,
        MeetingPage,
        "reunion-test",
        {"title": "Réunion mensuelle", "date": timezone.now()},
    )
    member = login("membre.bailleurs")
    page = member.get(meeting.url).content.decode()
    assert "Proposer un ordre du jour ou un compte rendu" in page
    form = member.get(propose_url(family_space, meeting)).content.decode()
    assert "Nature" in form and "compte rendu" in form
    response = member.post(
        propose_url(family_space, meeting),
        {"kind": "minutes", "title": "CR réunion mensuelle", "file": upload("cr.odt")},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.kind == "minutes" and contribution.page.pk == meeting.pk
    login("referent.bailleurs").post(
        f"/espaces/{family_space.pk}/contributions/{contribution.pk}/decision/",
        {"decision": "publish"},
    )
    meeting_page = login("membre.bailleurs").get(meeting.url).content.decode()
    assert "CR réunion mensuelle" in meeting_page and "compte rendu" in meeting_page


def test_a_document_kind_cannot_be_forced_on_a_meeting_nor_minutes_on_the_space(
    login, family_space
):
    member = login("membre.bailleurs")
    response = member.post(
        propose_url(family_space), {"kind": "minutes", "title": "x", "file": upload("a.pdf")}
    )
    assert response.status_code == 400 and Contribution.objects.count() == 0


def test_the_pending_file_is_for_its_author_and_the_managers_only(
    login, family_space, verified_login
):
    post_document(login("membre.bailleurs"), family_space)
    contribution = Contribution.objects.get()
    url = f"/espaces/{family_space.pk}/contributions/{contribution.pk}/fichier/"
    assert login("membre.bailleurs").get(url).status_code == 200
    assert login("referent.bailleurs").get(url).status_code == 200
    assert verified_login(person("admin")).get(url).status_code == 200
    bailleurs_colleague = person("membre.bailleurs")
    other = get_user_model().objects.create_user("autre.bailleurs", "autre.bailleurs@example.org")
    other.groups.set(bailleurs_colleague.groups.all())
    assert login("autre.bailleurs").get(url).status_code == 404
    assert login("membre.psychiatrie").get(url).status_code == 404

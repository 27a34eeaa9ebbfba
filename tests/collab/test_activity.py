"""The activity list of a space: what happened, most recent first, each line filtered by
`hub.access`; and a constant number of queries whatever the number of lines."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import CollectionViewRestriction

from hub.collab.activity import space_activity
from hub.collab.models import Comment, Contribution
from hub.demo import sync
from hub.demo.load_spaces import ensure_document
from hub.models import MeetingPage
from tests.collab.conftest import person

HIDDEN = "NICHE-DOCRESTREINT"


@pytest.fixture
def restricted_document(family_space):
    """A document of the family space in a sub-collection open to one other group only."""
    sub = family_space.collection.add_child(name="Sous-collection restreinte")
    restriction = CollectionViewRestriction.objects.create(
        collection=sub, restriction_type="groups"
    )
    restriction.groups.add(Group.objects.create(name="Groupe restreint de test"))
    return ensure_document(f"Note {HIDDEN}", "restreint.txt", b"secret", sub)


def comment(space, page, text, document=None, minutes_ago=0):
    created = Comment.objects.create(
        space=space, page=page, document=document, author=person("membre.bailleurs"), text=text
    )
    Comment.objects.filter(pk=created.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return created


def test_lines_come_most_recent_first_with_their_kinds(login, family_space):
    meeting, _ = sync.ensure_page(
        family_space,
        MeetingPage,
        "reunion-activite",
        {
            "title": "Réunion de l'activité",
            "date": timezone.now(),
            "minutes": "<p>Relevé</p>",
            "minutes_status": "draft",
        },
    )
    comment(family_space, meeting, "Plus ancien", minutes_ago=30)
    comment(family_space, meeting, "Le plus récent")
    text = login("membre.bailleurs").get(family_space.url).content.decode()
    section = text[text.index('id="activite"') :]
    assert "Activité récente" in text
    assert section.index("Le plus récent") < section.index("Plus ancien")
    assert "Compte rendu provisoire" in section and "Réunion de l&#x27;activité" in section
    assert "Nouveau document" in section  # the demo's notes of the family


def test_a_line_naming_a_document_the_reader_may_not_open_never_shows(
    login, family_space, restricted_document, verified_login
):
    comment(family_space, family_space, f"Avis sur {HIDDEN}", document=restricted_document)
    member_view = login("membre.bailleurs").get(family_space.url).content.decode()
    assert HIDDEN not in member_view
    # An administrator sees both lines: they exist.
    admin_view = verified_login(person("admin")).get(family_space.url).content.decode()
    assert admin_view.count(HIDDEN) >= 2


def test_published_contributions_show_with_their_author(login, family_space):
    login("referent.bailleurs").post(
        f"/espaces/{family_space.pk}/proposer/",
        {"kind": "document", "title": "Calendrier 2027", "file": _txt()},
    )
    assert Contribution.objects.get().status == "published"
    text = login("membre.bailleurs").get(family_space.url).content.decode()
    section = text[text.index('id="activite"') :]
    assert "Document proposé par un membre" in section and "Calendrier 2027" in section


def _txt():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("calendrier.txt", "Dates des réunions 2027".encode())


def _count(user, space):
    with CaptureQueriesContext(connection) as queries:
        lines = space_activity(user, space)
    return len(queries), lines


def test_the_activity_costs_the_same_queries_for_two_lines_or_twenty(
    family_space, restricted_document
):
    member = person("membre.bailleurs")
    comment(family_space, family_space, "Un")
    _count(person("membre.bailleurs"), family_space)  # warms Django's content-type cache
    first, lines = _count(member, family_space)
    for index in range(20):
        comment(family_space, family_space, f"Commentaire {index}")
    member = person("membre.bailleurs")  # a fresh audience, as on a new request
    second, more = _count(member, family_space)
    assert len(more) == 10 and len(lines) < 10
    assert second == first
    # Budget: the accreditation and the person (2), one query per kind of line (4).
    assert second <= 6, second

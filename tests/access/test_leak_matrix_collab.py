"""The leak matrix, members' contributions (hub/collab/): for every role, the contribution
forms, the managers' lists « À valider », the decisions, the pending files, the comments,
the documents' discussion pages, « Mes contributions », the activity lists and the
managers' e-mails show only what the role reaches.

In each canary space (partners, family A, family B, instance): a published contribution,
a meeting's minutes proposed by a member, a pending contribution, a comment on the canary
meeting and one on the canary document, all named with the space's marker. Nested:
- in family A's space, a document in a sub-collection open to a circle that only the
  family's referent joined (NICHE-COLLABDOC), with a comment and its contribution;
- in the partners' space, a working group reserved to its members (membre.psychiatrie),
  with a meeting, its comment, its published minutes and a pending agenda
  (NICHE-COLLABGT): other partners see the space, never the group.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.utils import timezone
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from hub.access import can_view_page, manages_space
from hub.collab import workflow
from hub.collab.models import Comment, Contribution
from hub.demo import sync
from hub.models import MeetingPage, WorkingGroupPage
from tests.access.conftest import MARKERS, ROLES, TIERS, USERNAMES, VISIBLE

SPACE_TIERS = ["partners", "family_a", "family_b", "instance"]
AUTHORS = {
    "partners": "membre.social",
    "family_a": "membre.bailleurs",
    "family_b": "membre.psychiatrie",
    "instance": "membre.clsm-metz",
}
NESTED = {"NICHE-COLLABDOC": {"referent"}, "NICHE-COLLABGT": {"family_b"}}
# An expired account is logged out at its next request: it meets the login, as an
# anonymous visitor does.
OUTSIDE = ("anonymous", "expired")
# Who manages which canary space (`manages_space`), among the roles.
MANAGES = {"referent": {"family_a"}}


def user(username):
    return get_user_model().objects.get(username=username)


def _contribution(space, page, kind, title, author):
    contribution = Contribution(
        space=space, page=page, kind=kind, title=title, author=author, original_name="canari.txt"
    )
    contribution.file.save("canari.txt", ContentFile(f"{title} contenu".encode()), save=True)
    return contribution


def _reserved_group(space, admin, member):
    """A working group of `space` reserved to `member`: through the hub's own service when
    it exists (issue 17), else by a group restriction on the page."""
    group_page, _ = sync.ensure_page(
        space, WorkingGroupPage, "groupe-niche-collab", {"title": "Groupe NICHE-COLLABGT"}
    )
    try:
        from hub.accounts.working_groups import add_group_member, set_reserved
    except ImportError:
        circle = Group.objects.create(name="Groupe de travail NICHE-COLLABGT")
        member.groups.add(circle)
        restriction = PageViewRestriction.objects.create(page=group_page, restriction_type="groups")
        restriction.groups.add(circle)
    else:
        set_reserved(group_page, reserved=True, actor=admin)
        add_group_member(group_page, email=member.email, actor=admin)
    return group_page


@pytest.fixture(scope="module")
def collab_world(world, django_db_blocker, tmp_path_factory):
    pending = override_settings(MAILLAGE_CONTRIBUTIONS_ROOT=tmp_path_factory.mktemp("attente"))
    pending.enable()
    built = {"pending": {}, "comments": {}, "documents": dict(world.documents)}
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            with TestCase.captureOnCommitCallbacks(execute=False):
                admin = user("admin")
                for tier in SPACE_TIERS:
                    space, meeting = world.spaces[tier], world.pages[tier]
                    author, marker = user(AUTHORS[tier]), MARKERS[tier]
                    done = _contribution(space, space, "document", f"Contribution {marker}", author)
                    workflow.publish(done, admin, notify=False)
                    minutes = _contribution(
                        space, meeting, "minutes", f"Compte rendu proposé {marker}", author
                    )
                    workflow.publish(minutes, admin, notify=False)
                    built["pending"][tier] = _contribution(
                        space, space, "document", f"En attente {marker}", author
                    )
                    built["comments"][tier] = Comment.objects.create(
                        space=space, page=meeting, author=author, text=f"Commentaire {marker}"
                    )
                    Comment.objects.create(
                        space=space,
                        page=space,
                        document=world.documents[tier],
                        author=author,
                        text=f"Avis {marker}",
                    )
                # A restricted document inside family A's space.
                family_a = world.spaces["family_a"]
                circle = Group.objects.create(name="Cercle NICHE-COLLABDOC")
                user("referent.bailleurs").groups.add(circle)
                sub = family_a.collection.add_child(name="Sous-collection NICHE-COLLABDOC")
                restriction = CollectionViewRestriction.objects.create(
                    collection=sub, restriction_type="groups"
                )
                restriction.groups.add(circle)
                nested = _contribution(
                    family_a, family_a, "document", "Document NICHE-COLLABDOC", admin
                )
                workflow.publish(nested, admin, notify=False)
                nested.document.collection = sub
                nested.document.save()
                built["nested_document"] = nested.document
                Comment.objects.create(
                    space=family_a,
                    page=family_a,
                    document=nested.document,
                    author=admin,
                    text="Avis NICHE-COLLABDOC",
                )
                # A working group reserved to its members inside the partners' space.
                partners = world.spaces["partners"]
                member = user("membre.psychiatrie")
                group_page = _reserved_group(partners, admin, member)
                group_meeting, _ = sync.ensure_page(
                    group_page,
                    MeetingPage,
                    "reunion-niche-collab",
                    {"title": "Réunion NICHE-COLLABGT", "date": timezone.now()},
                )
                built["group_meeting"] = group_meeting
                Comment.objects.create(
                    space=partners,
                    page=group_meeting,
                    author=member,
                    text="Commentaire NICHE-COLLABGT",
                )
                minutes = _contribution(
                    partners, group_meeting, "minutes", "CR NICHE-COLLABGT", member
                )
                workflow.publish(minutes, admin, notify=False)
                built["group_pending"] = _contribution(
                    partners, group_meeting, "agenda", "Attente NICHE-COLLABGT", member
                )
            yield built
    finally:
        pending.disable()


def client_for(role):
    client = Client()
    if USERNAMES[role]:
        client.force_login(user(USERNAMES[role]))
    return client


def hidden_for(role):
    hidden = [MARKERS[tier] for tier in TIERS if tier not in VISIBLE[role]]
    return hidden + [marker for marker, roles in NESTED.items() if role not in roles]


def assert_no_leak(role, text, where):
    leaked = [marker for marker in hidden_for(role) if marker in text]
    assert not leaked, f"{role} voit {leaked} via {where}"


def sees_space(role, tier):
    return tier in VISIBLE[role]


@pytest.mark.parametrize("role", ROLES)
def test_space_pages_activity_and_member_documents_show_only_what_the_role_reaches(
    collab_world, world, role
):
    client = client_for(role)
    for tier in SPACE_TIERS:
        response = client.get(world.spaces[tier].url)
        text = response.content.decode()
        assert_no_leak(role, text, f"espace {tier}")
        if sees_space(role, tier):
            assert response.status_code == 200
            activity = text[text.index('id="activite"') :]
            assert f"Contribution {MARKERS[tier]}" in activity, (role, tier)
            assert f"Commentaire {MARKERS[tier]}" in activity, (role, tier)
            assert f"Avis {MARKERS[tier]}" in activity, (role, tier)
            assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
        else:
            assert response.status_code in (302, 403, 404)
    # The nested canaries appear to whom they are for.
    if role == "referent":
        family_a = client.get(world.spaces["family_a"].url).content.decode()
        assert "Avis NICHE-COLLABDOC" in family_a and "Document NICHE-COLLABDOC" in family_a
    if role == "family_b":
        partners = client.get(world.spaces["partners"].url).content.decode()
        assert "Commentaire NICHE-COLLABGT" in partners and "CR NICHE-COLLABGT" in partners


@pytest.mark.parametrize("role", ROLES)
def test_meeting_pages_show_comments_and_minutes_only_with_the_meeting(collab_world, world, role):
    client = client_for(role)
    for tier in SPACE_TIERS:
        response = client.get(world.pages[tier].url)
        text = response.content.decode()
        assert_no_leak(role, text, f"réunion {tier}")
        if sees_space(role, tier):
            assert f"Commentaire {MARKERS[tier]}" in text
            assert f"Compte rendu proposé {MARKERS[tier]}" in text
    response = client.get(collab_world["group_meeting"].url)
    if role == "family_b":
        assert "Commentaire NICHE-COLLABGT" in response.content.decode()
    else:
        assert response.status_code in (302, 403, 404)
        assert_no_leak(role, response.content.decode(), "réunion du groupe réservé")


@pytest.mark.parametrize("role", ROLES)
def test_contribution_forms_open_only_in_spaces_the_role_enters(collab_world, world, role):
    client = client_for(role)
    pages = [(world.spaces[t], None) for t in SPACE_TIERS] + [
        (world.spaces[t], world.pages[t]) for t in SPACE_TIERS
    ]
    pages.append((world.spaces["partners"], collab_world["group_meeting"]))
    before = Contribution.objects.count()
    for space, page in pages:
        url = f"/espaces/{space.pk}/" + (f"pages/{page.pk}/" if page else "") + "proposer/"
        tier = next(t for t in SPACE_TIERS if world.spaces[t].pk == space.pk)
        allowed = sees_space(role, tier) and role not in ("anonymous", "expired")
        if page is not None and page.pk == collab_world["group_meeting"].pk:
            allowed = role == "family_b"
        response = client.get(url)
        if role in OUTSIDE:
            assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
        else:
            assert response.status_code == (200 if allowed else 404), (role, url)
        posted = client.post(url, {"kind": "document", "title": "Intrusion", "description": ""})
        if not allowed:
            assert posted.status_code in (302, 404), (role, url)
    assert Contribution.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_pending_lists_decisions_and_files_belong_to_managers_and_authors(
    collab_world, world, role
):
    client = client_for(role)
    username = USERNAMES[role]
    pending = list(collab_world["pending"].items()) + [("partners", collab_world["group_pending"])]
    for tier, contribution in pending:
        space = world.spaces[tier]
        manager = tier in MANAGES.get(role, set())
        listing = client.get(f"/espaces/{space.pk}/a-valider/")
        assert listing.status_code == (200 if manager else (302 if role in OUTSIDE else 404))
        if manager:
            assert_no_leak(role, listing.content.decode(), "à valider")
            assert f"En attente {MARKERS[tier]}" in listing.content.decode()
        file_url = f"/espaces/{space.pk}/contributions/{contribution.pk}/fichier/"
        author = contribution.author.username == username and role != "expired"
        reaches = author or manager
        if contribution is collab_world["group_pending"]:
            reaches = role == "family_b"
        response = client.get(file_url)
        expected = 200 if reaches else (302 if role in OUTSIDE else 404)
        assert response.status_code == expected, (role, tier, file_url)
        if reaches:
            assert "no-store" in response["Cache-Control"]
            b"".join(response.streaming_content)
        decision = client.post(
            f"/espaces/{space.pk}/contributions/{contribution.pk}/decision/",
            {"decision": "refuse", "reason": "Essai"},
        )
        if not manager:
            assert decision.status_code in (302, 404)
        everything = client.post(f"/espaces/{space.pk}/a-valider/tout/")
        if not manager:
            assert everything.status_code in (302, 404)
    refused_or_published = Contribution.objects.filter(pk__in=[c.pk for _, c in pending]).exclude(
        status="proposed"
    )
    if role not in MANAGES:
        assert not refused_or_published.exists()


@pytest.mark.parametrize("role", ROLES)
def test_document_discussions_follow_the_document(collab_world, world, role):
    client = client_for(role)
    documents = [(t, world.spaces[t], world.documents[t]) for t in SPACE_TIERS]
    documents.append(("family_a", world.spaces["family_a"], collab_world["nested_document"]))
    for tier, space, document in documents:
        response = client.get(f"/espaces/{space.pk}/documents/{document.pk}/")
        nested = document.pk == collab_world["nested_document"].pk
        allowed = (role == "referent") if nested else sees_space(role, tier)
        allowed = allowed and role not in ("anonymous", "expired")
        if role in OUTSIDE:
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if allowed else 404), (role, tier, nested)
        assert_no_leak(role, response.content.decode(), f"discussion {tier}")
        posted = client.post(f"/espaces/{space.pk}/documents/{document.pk}/", {"text": "Intrus"})
        if not allowed:
            assert posted.status_code in (302, 404)
    if role in ("anonymous", "expired"):
        assert not Comment.objects.filter(text="Intrus").exists()


@pytest.mark.parametrize("role", ROLES)
def test_nobody_edits_or_removes_another_members_comment_unless_managing(collab_world, world, role):
    client = client_for(role)
    for tier, comment in collab_world["comments"].items():
        own = comment.author.username == USERNAMES[role] and role != "expired"
        edit = client.get(f"/espaces/commentaires/{comment.pk}/modifier/")
        assert edit.status_code == (200 if own else (302 if role in OUTSIDE else 404))
        manager = tier in MANAGES.get(role, set())
        delete = client.get(f"/espaces/commentaires/{comment.pk}/supprimer/")
        assert delete.status_code == (200 if own or manager else (302 if role in OUTSIDE else 404))
        assert client.post(f"/espaces/commentaires/{comment.pk}/publier/").status_code in (
            (302,) if manager or role in OUTSIDE else (404,)
        )


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_my_contributions_list_only_mine_in_spaces_i_still_see(collab_world, role):
    text = client_for(role).get("/espaces/mes-contributions/").content.decode()
    assert_no_leak(role, text, "mes contributions")
    mine = [t for t, name in AUTHORS.items() if name == USERNAMES[role]]
    for tier in AUTHORS:
        if tier in mine:
            assert f"En attente {MARKERS[tier]}" in text
        else:
            assert f"En attente {MARKERS[tier]}" not in text


def test_managers_emails_go_only_to_who_may_see_the_contribution(collab_world, world, mailoutbox):
    for tier, contribution in collab_world["pending"].items():
        mailoutbox.clear()
        workflow.notify_managers(contribution)
        for message in mailoutbox:
            (address,) = message.to
            person = get_user_model().objects.get(email=address)
            assert manages_space(person, world.spaces[tier]) and can_view_page(
                person, contribution.page
            )
    mailoutbox.clear()
    workflow.notify_managers(collab_world["group_pending"])
    for message in mailoutbox:
        person = get_user_model().objects.get(email=message.to[0])
        assert person.is_superuser or person.username == "membre.psychiatrie"

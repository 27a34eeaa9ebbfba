"""The leak matrix for the text inside documents (issue 17): a word written only inside a
PDF is found, suggested and counted for who may read the file, and for nobody else.

Canaries: one PDF per tier (the public one in the root collection, the others in the
collection of the tier's space), each with a word of its own inside its text and a title
that does not contain it; and two nested ones: a PDF in a sub-collection of family A's
space restricted to the CLSM Metz instance (readable only by who is in both), and one in
a working group's collection below the instance space (the instance AND the group).

Channels: /recherche/ (all kinds, the « document » kind, the kind counts), its
suggestions, the pages API's `search=`, the directory's GeoJSON, the documents endpoint
(not mounted), and the file the result links to.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.db import transaction
from django.test import Client, TestCase
from wagtail.models import Collection, CollectionViewRestriction

from hub.access import audience_for, can_view_document, document_access
from hub.accounts.models import PartnerFamily
from hub.demo.load_spaces import ensure_document
from tests.access.conftest import ROLES, TIERS, USERNAMES, VISIBLE
from tests.search.test_document_text import make_pdf

# A word inside each PDF (far apart, even as French stems), and the PDF's title.
WORDS = {
    "public": "Zirconium",
    "partners": "Tungstene",
    "family_a": "Molybdene",
    "family_b": "Vanadium",
    "instance": "Ruthenium",
    "double": "Osmium",
    "groupe": "Iridium",
}
TITLES = {key: f"PVDOC-{key.upper().replace('_', '-')} compte rendu" for key in WORDS}
NESTED = ["double", "groupe"]

# Three more people for the nested canaries: in family A and the instance; in the
# instance and the working group; in the working group only.
EXTRA_USERS = {"double": "membre.double", "gt": "membre.gt", "gt_seul": "membre.gt-seul"}
EXTRA_VISIBLE = {
    "double": {"public", "partners", "family_a", "instance", "double"},
    "gt": {"public", "partners", "instance", "groupe"},
    "gt_seul": {"public", "partners"},
}
ALL_ROLES = ROLES + list(EXTRA_USERS)


def sees(role) -> set[str]:
    return EXTRA_VISIBLE[role] if role in EXTRA_VISIBLE else set(VISIBLE[role])


def username(role):
    return EXTRA_USERS.get(role) or USERNAMES[role]


def restricted_child(parent, name, group):
    child = parent.add_child(name=name)
    restriction = CollectionViewRestriction.objects.create(
        collection=child, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return child


@pytest.fixture(scope="module")
def pdfs(world, django_db_blocker):
    """The canary PDFs and the extra people, indexed (inside the world's transaction,
    rolled back with it)."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        family_a = PartnerFamily.objects.get(slug="bailleurs-gestionnaires").group
        instance = world.spaces["instance"].instance.group
        working_group = Group.objects.create(name="Groupe de travail PVDOC")
        collections = {"public": Collection.get_first_root_node()}
        for tier in TIERS[1:]:
            collections[tier] = world.spaces[tier].ensure_collection()
        collections["double"] = restricted_child(
            collections["family_a"], "Sous-dossier réservé à l'instance", instance
        )
        collections["groupe"] = restricted_child(
            collections["instance"], "Groupe de travail PVDOC", working_group
        )
        documents = {
            key: ensure_document(
                TITLES[key],
                f"pvdoc-{key}.pdf",
                make_pdf(f"Le groupe a retenu le dispositif {WORDS[key]} pour l'année."),
                collections[key],
            )
            for key in WORDS
        }
        User = get_user_model()
        groups = {"double": [family_a, instance], "gt": [instance, working_group]}
        groups["gt_seul"] = [working_group]
        for role, name in EXTRA_USERS.items():
            user = User.objects.create_user(name, f"{name}@example.org", "x" * 16)
            user.groups.add(*groups[role])
    return documents


def login(role):
    client = Client()
    if username(role):
        client.force_login(get_user_model().objects.get(username=username(role)))
    return client


def user_for(role):
    name = username(role)
    return AnonymousUser() if name is None else get_user_model().objects.get(username=name)


def leaked(role, text):
    """The canaries of `text` that `role` may not read: their title, or their inner word
    as a snippet marks it (the word typed is echoed by the page, never a leak)."""
    lowered = text.lower()
    return [
        key
        for key in WORDS
        if key not in sees(role)
        and (TITLES[key].lower() in lowered or f"<mark>{WORDS[key].lower()}" in lowered)
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_word_inside_a_pdf_is_found_only_by_who_may_read_it(pdfs, role):
    client = login(role)
    for key, word in WORDS.items():
        for params in ({"q": word}, {"q": word, "type": "document"}):
            response = client.get("/recherche/", params)
            assert response.status_code == 200
            body = response.content.decode()
            assert not leaked(role, body), (role, key, params)
            if key in sees(role):
                assert TITLES[key] in body, (role, key, params)
                # The snippet shows the word inside the file, marked.
                assert f"<mark>{word}</mark>" in body, (role, key)
                assert f'href="{pdfs[key].url}"' in body
            else:
                assert "Aucun résultat" in body, (role, key)
            if role not in ("anonymous", "expired"):
                # An expired account is served as anonymous: only the others' answers
                # depend on who asks.
                assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_document_count_counts_only_what_the_role_may_read(pdfs, role):
    body = login(role).get("/recherche/", {"q": "pvdoc"}).content.decode()
    assert not leaked(role, body)
    count = len([key for key in WORDS if key in sees(role)])
    assert f'Document <span class="count">({count})</span>' in body


@pytest.mark.parametrize("role", ALL_ROLES)
def test_suggestions_from_a_word_inside_a_pdf_only_for_its_readers(pdfs, role):
    client = login(role)
    for key, word in WORDS.items():
        suggested = client.get("/recherche/suggestions/", {"q": word}).json()["suggestions"]
        assert not leaked(role, " ".join(suggested)), (role, key)
        assert (TITLES[key] in suggested) == (key in sees(role)), (role, key)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_apis_never_give_a_document_s_text_or_title(pdfs, role):
    client = login(role)
    assert client.get("/api/v2/documents/").status_code == 404
    for word in WORDS.values():
        for url in (f"/api/v2/pages/?search={word}", f"/api/annuaire.geojson?q={word}"):
            response = client.get(url)
            assert response.status_code in (200, 400), url
            text = b"".join(response.streaming_content) if response.streaming else response.content
            assert not leaked(role, text.decode()), (role, url)
            # Neither API lists documents at all, even the readable ones.
            assert "PVDOC" not in text.decode(), url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_linked_file_is_served_to_the_same_readers_as_the_search(pdfs, role):
    client = login(role)
    user = user_for(role)
    for key, doc in pdfs.items():
        # The search's access (what the index records) is the serving rule's.
        assert document_access(doc).admits(audience_for(user)) == can_view_document(user, doc)
        response = client.get(doc.url)
        if key in sees(role):
            assert response.status_code == 200, (role, key)
        else:
            assert response.status_code in (302, 403), (role, key)


def test_the_nested_canaries_need_both_audiences(pdfs):
    double = document_access(pdfs["double"])
    assert len(double.group_clauses) == 2
    groupe = document_access(pdfs["groupe"])
    assert len(groupe.group_clauses) == 2

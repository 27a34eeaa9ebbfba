"""The space archive ("project memory" ZIP): a row of the leak matrix.

The archive ZIP holds only what the requesting person may see: for every role, exporting
the shared space and the family A space gives members none of whose bytes (nor names)
carry the canary of a tier the role does not reach. The command and the referent action
are tested here too. This module is also its own URL configuration, so that the action is
reachable before (and after) its line lands in hub/urls.py.
"""

import hashlib
import io
import json
import posixpath
import re
import zipfile
from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import path
from wagtail.models import Page

from hub import urls as hub_urls
from hub.accounts.models import AccreditationEvent, PartnerFamily
from hub.archive import (
    SpaceNotVisible,
    archive_rich_text,
    export_space,
    exportable_spaces,
    plan_export,
)
from hub.archive_views import export_space_view
from hub.models import MeetingPage
from hub.security.testing import force_login_with_second_factor
from tests.access.conftest import MARKERS, ROLES, TIERS, USERNAMES, VISIBLE

urlpatterns = [
    path(
        "compte/referent/espaces/<int:page_id>/export/",
        export_space_view,
        name="export_space",
    ),
    *hub_urls.urlpatterns,
]

pytestmark = pytest.mark.usefixtures("world")

SPACE_TIERS = ["partners", "family_a"]
FIXED_NOW = datetime.fromisoformat("2026-03-14T10:30:00+01:00")


def user_for(role):
    """A fresh user object (the audience is cached on the object)."""
    username = USERNAMES[role]
    if username is None:
        return AnonymousUser()
    return get_user_model().objects.get(username=username)


def hidden_tiers(role):
    return [tier for tier in TIERS if tier not in VISIBLE[role]]


def export(space, user, **kwargs):
    buffer = io.BytesIO()
    summary = export_space(space, user, buffer, **kwargs)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        assert archive.testzip() is None
        members = {name: archive.read(name) for name in archive.namelist()}
        names = archive.namelist()
    return summary, buffer.getvalue(), names, members


def exported_events(space=None):
    events = AccreditationEvent.objects.filter(action=AccreditationEvent.Action.EXPORTED)
    return events.filter(detail__contains=f"(page n° {space.pk})") if space else events


# --- The leak-matrix row ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tier", SPACE_TIERS)
def test_the_archive_holds_only_what_the_role_may_see(world, role, tier):
    space = world.spaces[tier]
    user = user_for(role)
    if tier not in VISIBLE[role]:
        buffer = io.BytesIO()
        with pytest.raises(SpaceNotVisible):
            export_space(space, user, buffer)
        assert buffer.getvalue() == b""
        assert not exported_events(space).exists()
        return
    summary, _, names, members = export(space, user)
    for name, data in members.items():
        for hidden in hidden_tiers(role):
            assert MARKERS[hidden].encode() not in data, f"{role} reçoit {hidden} via {name}"
            normalised = name.lower().replace("_", "-")
            assert f"canari-{hidden.replace('_', '-')}" not in normalised, (role, name)
    everything = b"".join(members.values())
    assert MARKERS[tier].encode() in everything
    assert summary.pages == len([name for name in names if name.startswith("pages/")])
    assert summary.documents == len([name for name in names if name.startswith("documents/")])


@pytest.mark.parametrize("role", ["partner", "family_a", "family_b", "instance", "referent"])
def test_the_family_a_document_chosen_in_the_shared_library_follows_its_own_tier(world, role):
    _, _, names, members = export(world.spaces["partners"], user_for(role))
    document = world.documents["family_a"]
    included = any(name.startswith(f"documents/{document.pk}-") for name in names)
    assert included == ("family_a" in VISIBLE[role])
    data = json.loads(members["data.json"])
    listed = {entry["id"] for entry in data["documents"]}
    assert (document.pk in listed) == ("family_a" in VISIBLE[role])
    library = next(page for page in data["pages"] if page["kind"] == "library")
    chosen = {entry["document_id"] for entry in library["fields"]["documents"]}
    assert world.documents["partners"].pk in chosen
    assert (document.pk in chosen) == ("family_a" in VISIBLE[role])


def test_an_editor_slip_in_rich_text_links_nothing_outside_the_tier(world):
    """A visible meeting whose minutes link a family A document, a family B page and a
    public document: the partner's archive keeps the link texts, links only the public
    document (copied into the archive) and never points at the live site."""
    meeting = world.pages["partners"]
    hidden_document, public_document = world.documents["family_a"], world.documents["public"]
    minutes = (
        f'<p><a linktype="document" id="{hidden_document.pk}">pièce jointe</a> '
        f'<a linktype="page" id="{world.pages["family_b"].pk}">autre réunion</a> '
        f'<a linktype="document" id="{public_document.pk}">document public</a> '
        '<a href="/documents/1/x.pdf">lien brut</a> '
        '<a href="https://example.org/">site externe</a></p>'
        '<embed embedtype="image" id="1" format="fullwidth" alt="x"/>'
    )
    MeetingPage.objects.filter(pk=meeting.pk).update(minutes=minutes)
    _, _, names, members = export(world.spaces["partners"], user_for("partner"))
    html = members[next(n for n in names if n.endswith("/canari-partners.html"))].decode()
    assert "pièce jointe" in html and "autre réunion" in html and "lien brut" in html
    assert f"documents/{public_document.pk}-" in html
    assert any(name.startswith(f"documents/{public_document.pk}-") for name in names)
    assert not any(name.startswith(f"documents/{hidden_document.pk}-") for name in names)
    assert 'href="https://example.org/"' in html
    assert 'href="/' not in html
    assert "<img" not in html and "linktype" not in html


def test_rich_text_links_point_inside_the_archive_or_nowhere(world):
    space = world.spaces["partners"]
    hidden = world.documents["family_a"]
    html = f'<a linktype="document" id="{hidden.pk}">x</a><embed embedtype="image" id="3"/>'
    partner_plan = plan_export(space, user_for("partner"))
    assert archive_rich_text(html, partner_plan, "../") == "<a>x</a>"
    family_plan = plan_export(space, user_for("family_a"))
    assert archive_rich_text(html, family_plan, "../").startswith(
        f'<a href="../documents/{hidden.pk}-'
    )


# --- Contents and format ----------------------------------------------------------------------


def test_data_json_lists_the_same_pages_as_the_html(world):
    user = user_for("family_a")
    space = world.spaces["partners"]
    _, _, names, members = export(space, user)
    data = json.loads(members["data.json"])
    html_pages = {name for name in names if name.startswith("pages/")}
    assert {page["archive_path"] for page in data["pages"]} == html_pages
    for page in data["pages"]:
        html = members[page["archive_path"]].decode()
        assert f'<meta name="maillage-page-id" content="{page["id"]}">' in html
        assert f'href="{page["archive_path"]}"' in members["index.html"].decode()
    assert data["pages"][0]["id"] == space.pk
    ids = [page["id"] for page in data["pages"]]
    in_tree_order = Page.objects.filter(pk__in=ids).order_by("path").values_list("pk", flat=True)
    assert ids == list(in_tree_order)
    export_meta = data["export"]
    assert export_meta["exported_by"] == "membre.bailleurs"
    assert export_meta["format_version"] == 1
    assert export_meta["space"]["title"] == space.title
    assert export_meta["space"]["url_path"] == space.url_path
    datetime.fromisoformat(export_meta["exported_at"])
    meeting = next(page for page in data["pages"] if page["id"] == world.pages["partners"].pk)
    assert meeting["type"] == "hub.meetingpage"
    assert MARKERS["partners"] in meeting["fields"]["minutes"]
    assert meeting["fields"]["minutes"].startswith("<p")
    datetime.fromisoformat(meeting["fields"]["date"])
    for document in data["documents"]:
        content = members[document["archive_path"]]
        assert document["size"] == len(content)
        assert document["sha1"] == hashlib.sha1(content).hexdigest()
    documents = {name for name in names if name.startswith("documents/")}
    assert {document["archive_path"] for document in data["documents"]} == documents


def test_members_have_safe_names_and_every_relative_link_resolves(world):
    _, _, names, members = export(world.spaces["family_a"], user_for("referent"))
    assert names[-3:] == ["index.html", "data.json", "LISEZMOI.txt"]
    for name in names:
        assert not name.startswith("/") and "\\" not in name and ":" not in name
        assert ".." not in name.split("/")
        assert re.fullmatch(r"(documents/\d+-[\w.-]+|pages/[\w/-]+\.html|[\w.]+)", name), name
    for name in (n for n in names if n.endswith(".html")):
        html = members[name].decode()
        assert '<html lang="fr">' in html
        assert "src=" not in html and "<link" not in html and "<script" not in html
        for href in re.findall(r'href="([^"]*)"', html):
            if href.startswith(("https:", "http:", "mailto:", "#")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), href))
            assert target in members, (name, href)


def test_the_archive_is_deterministic(world):
    space, user = world.spaces["partners"], user_for("partner")
    _, first, first_names, _ = export(space, user, now=FIXED_NOW, record=False)
    _, second, second_names, _ = export(space, user, now=FIXED_NOW, record=False)
    assert first_names == second_names
    assert first == second
    pages = [name for name in first_names if name.startswith("pages/")]
    documents = [name for name in first_names if name.startswith("documents/")]
    ids = [int(name.split("/")[1].split("-")[0]) for name in documents]
    assert ids == sorted(ids)
    assert pages[0] == "pages/commun.html"
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}


def test_the_readme_says_what_the_archive_is_and_records_the_export(world):
    space, user = world.spaces["family_a"], user_for("referent")
    before = exported_events().count()
    summary, raw, _, members = export(space, user, now=FIXED_NOW)
    readme = members["LISEZMOI.txt"].decode()
    assert space.title in readme
    assert "referent.bailleurs" in readme
    assert "14 mars 2026" in readme
    assert "ne contient QUE ce que cette personne pouvait voir" in readme
    assert summary.bytes == len(raw)
    assert exported_events().count() == before + 1
    event = exported_events(space).get()
    assert event.actor == user
    assert event.family == PartnerFamily.objects.get(slug="bailleurs-gestionnaires")
    assert space.title in event.detail


def test_a_missing_file_is_reported_not_linked(world, monkeypatch):
    from django.db.models.fields.files import FieldFile

    lost = world.documents["partners"]
    original_open = FieldFile.open

    def open_or_lose(self, mode="rb"):
        if self.name == lost.file.name:
            raise FileNotFoundError(self.name)
        return original_open(self, mode)

    monkeypatch.setattr(FieldFile, "open", open_or_lose)
    summary, _, names, members = export(world.spaces["partners"], user_for("partner"))
    assert summary.missing_files == 1
    assert not any(name.startswith(f"documents/{lost.pk}-") for name in names)
    entry = next(d for d in json.loads(members["data.json"])["documents"] if d["id"] == lost.pk)
    assert entry["missing"] is True and entry["archive_path"] is None
    library = members["pages/commun/documents.html"].decode()
    assert "fichier manquant" in library
    assert "1 fichier était introuvable" in members["LISEZMOI.txt"].decode()


# --- The command ------------------------------------------------------------------------------


def run_command(*args):
    out = io.StringIO()
    call_command("export_space", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("space_arg", ["/espace-partenaires/commun/", "commun", "id"])
def test_the_command_writes_the_archive_as_the_account_sees_it(world, tmp_path, space_arg):
    space = world.spaces["partners"]
    space_arg = str(space.pk) if space_arg == "id" else space_arg
    output = tmp_path / "commun.zip"
    out = run_command(space_arg, "--as", "membre.psychiatrie", "--output", str(output))
    assert out.count("\n") == 1 and out.startswith("Archive écrite")
    assert [p.name for p in tmp_path.iterdir()] == ["commun.zip"]
    with zipfile.ZipFile(output) as archive:
        text = b"".join(archive.read(name) for name in archive.namelist())
    assert MARKERS["partners"].encode() in text
    assert MARKERS["family_a"].encode() not in text
    assert exported_events(space).filter(actor__username="membre.psychiatrie").exists()


@pytest.mark.parametrize(
    ("space_arg", "username", "message"),
    [
        ("/espace-partenaires/nulle-part/", "membre.social", "Espace introuvable"),
        ("999999", "membre.social", "Espace introuvable"),
        ("commun", "personne.inconnue", "Compte introuvable"),
        ("commun", "membre.expire", "accréditation a expiré"),
        ("/espace-partenaires/famille-bailleurs-gestionnaires/", "membre.social", "n'a pas accès"),
        ("canary-meeting", "membre.social", "n'est pas un espace partenaires"),
    ],
)
def test_the_command_refuses_in_french_and_writes_nothing(
    world, tmp_path, space_arg, username, message
):
    if space_arg == "canary-meeting":
        space_arg = str(world.pages["partners"].pk)
    output = tmp_path / "archive.zip"
    with pytest.raises(CommandError, match=message):
        run_command(space_arg, "--as", username, "--output", str(output))
    assert list(tmp_path.iterdir()) == []
    assert not exported_events().exists()


def test_the_command_refuses_a_missing_folder_and_requires_as(world, tmp_path):
    output = tmp_path / "absent" / "archive.zip"
    with pytest.raises(CommandError, match="n'existe pas"):
        run_command("commun", "--as", "membre.social", "--output", str(output))
    with pytest.raises(CommandError, match="--as"):
        run_command("commun", "--output", str(tmp_path / "archive.zip"))
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_no_half_file_and_no_event(world, tmp_path, monkeypatch):
    from hub.archive import writer

    def broken(*args, **kwargs):
        raise OSError("disque plein")

    monkeypatch.setattr(writer, "data_json", broken)
    with pytest.raises(OSError):
        run_command("commun", "--as", "membre.social", "--output", str(tmp_path / "a.zip"))
    assert list(tmp_path.iterdir()) == []
    assert not exported_events().exists()


# --- The referent action ----------------------------------------------------------------------


def export_url(page_id):
    return f"/compte/referent/espaces/{page_id}/export/"


def login(client, username):
    """Logged in with a verified second factor: referent actions require one."""
    force_login_with_second_factor(client, get_user_model().objects.get(username=username))
    return client


def zip_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


@pytest.mark.parametrize(
    ("username", "slugs"),
    [
        ("referent.bailleurs", ["commun", "famille-bailleurs-gestionnaires"]),
        ("referent.psychiatrie", ["commun", "famille-psychiatrie-publique"]),
        ("membre.bailleurs", []),
        ("membre.expire", []),
    ],
)
def test_exportable_spaces_follow_the_referent_rule(world, username, slugs):
    user = get_user_model().objects.get(username=username)
    assert [space.slug for space in exportable_spaces(user)] == slugs


@pytest.mark.urls(__name__)
def test_the_referent_downloads_the_family_space(client, world):
    space = world.spaces["family_a"]
    response = login(client, "referent.bailleurs").post(export_url(space.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="espace-famille-bailleurs-gestionnaires-')
    assert disposition.endswith('.zip"')
    text = zip_text(response)
    assert MARKERS["family_a"].encode() in text
    for hidden in hidden_tiers("referent"):
        assert MARKERS[hidden].encode() not in text
    assert exported_events(space).filter(actor__username="referent.bailleurs").count() == 1


@pytest.mark.urls(__name__)
def test_get_shows_the_confirmation_page_and_exports_nothing(client, world):
    space = world.spaces["family_a"]
    response = login(client, "referent.bailleurs").get(export_url(space.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "csrfmiddlewaretoken" in body and 'method="post"' in body
    assert "Télécharger l’archive" in body
    assert response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"]
    assert not exported_events().exists()


@pytest.mark.urls(__name__)
def test_a_post_without_the_csrf_token_is_refused(world):
    client = login(Client(enforce_csrf_checks=True), "referent.bailleurs")
    response = client.post(export_url(world.spaces["family_a"].pk))
    assert response.status_code == 403
    assert not exported_events().exists()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_who_is_not_a_referent_gets_403(client, world, method):
    response = getattr(login(client, "membre.bailleurs"), method)(
        export_url(world.spaces["family_a"].pk)
    )
    assert response.status_code == 403
    assert "Accès réservé" in response.content.decode()
    assert not exported_events().exists()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_referent_of_another_family_gets_404_for_a_space_they_cannot_see(client, world, method):
    response = getattr(login(client, "referent.psychiatrie"), method)(
        export_url(world.spaces["family_a"].pk)
    )
    assert response.status_code == 404
    assert MARKERS["family_a"] not in response.content.decode()
    assert not exported_events().exists()


@pytest.mark.urls(__name__)
def test_any_referent_exports_the_shared_space_as_they_see_it(client, world):
    response = login(client, "referent.psychiatrie").post(export_url(world.spaces["partners"].pk))
    assert response.status_code == 200
    text = zip_text(response)
    assert MARKERS["partners"].encode() in text
    assert MARKERS["family_a"].encode() not in text


@pytest.mark.urls(__name__)
def test_a_referent_who_sees_another_family_space_may_not_export_it(client, world):
    """Member of family B as well, the family A referent sees its space, but is not its
    referent: 403."""
    referent = get_user_model().objects.get(username="referent.bailleurs")
    referent.groups.add(PartnerFamily.objects.get(slug="psychiatrie-publique").group)
    response = login(client, "referent.bailleurs").post(export_url(world.spaces["family_b"].pk))
    assert response.status_code == 403
    assert not exported_events().exists()


@pytest.mark.urls(__name__)
def test_tampered_ids_answer_404(client, world):
    client = login(client, "referent.bailleurs")
    for page_id in [world.pages["family_a"].pk, world.spaces["instance"].pk, 999999]:
        response = client.post(export_url(page_id))
        assert response.status_code in (403, 404), page_id
        assert response.status_code == 404
    assert not exported_events().exists()


@pytest.mark.urls(__name__)
def test_anonymous_and_expired_accounts_are_sent_to_the_login_page(client, world):
    url = export_url(world.spaces["partners"].pk)
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
    response = login(client, "membre.expire").post(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
    assert not exported_events().exists()


@pytest.mark.urls(__name__)
def test_a_superuser_exports_any_space(client, world, admin_user):
    force_login_with_second_factor(client, admin_user)
    response = client.post(export_url(world.spaces["family_b"].pk))
    assert response.status_code == 200
    assert MARKERS["family_b"].encode() in zip_text(response)

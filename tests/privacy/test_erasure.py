"""Erasing a person (issue 15): Perrine Canaridelle is planted in every place the hub
keeps people (account, request, journals, login logs, a directory contact, a guide
chapter and its revisions, a frozen edition, search documents, the PDF cache, the page
cache, an error report), erased, then looked for in every table and every channel."""

from __future__ import annotations

import io
import json
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F, TextField
from django.db.models.functions import Cast
from pypdf import PdfReader
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from directory.models import Contact, ErrorReport
from guide.models import GuideEdition
from hub.accounts import services
from hub.accounts.models import AccreditationEvent, AccreditationRequest, PartnerFamily
from hub.cache import STATUS_HEADER, connect_signals
from hub.privacy import register
from hub.privacy.erasure import ErasureError, erase_person
from hub.privacy.models import ErasureRecord
from hub.settings.security import content_security_policy, insert_production_middleware
from search.models import SearchDocument
from tests.accounts import family, make_user
from tests.directory.helpers import make_contact, make_organisation
from tests.guide.conftest import make_chapter, make_guide

NAME = "Perrine Canaridelle"
EMAIL = "perrine.canaridelle@example.org"
PHONE = "04 00 00 00 42"
# The number in any grouping: « 04 00 00 00 42 », « 0400000042 », « 04.00.00.00.42 ».
PHONE_ANYHOW = re.compile(r"(?:[\s.\-\u00a0]|&nbsp;){0,2}".join("400000042"))
MENTION = f'<p>Coordination : {NAME}, {PHONE}, <a href="mailto:{EMAIL}">{EMAIL}</a>.</p>'


def traces(text) -> list[str]:
    """What of the person a text still holds."""
    text = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False)
    found = []
    if "canaridelle" in text.lower():
        found.append("nom")
    if EMAIL in text.lower():
        found.append("adresse")
    if PHONE_ANYHOW.search(text):
        found.append("téléphone")
    return found


def every_trace_in_the_database() -> list[str]:
    """Every text and JSON column of every model, read as text."""
    found = []
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.proxy or model._meta.db_table not in tables:
            continue
        for field in model._meta.local_concrete_fields:
            kind = field.get_internal_type()
            if kind not in ("CharField", "TextField", "JSONField"):
                continue
            column = (
                Cast(F(field.attname), TextField()) if kind == "JSONField" else F(field.attname)
            )
            rows = model._base_manager.annotate(maillage_scan=column).values_list(
                "pk", "maillage_scan"
            )
            for pk, value in rows:
                if value and traces(value):
                    found.append(f"{model._meta.label}.{field.name}#{pk}: {traces(value)}")
    return found


def pdf_text(content: bytes) -> str:
    assert content[:4] == b"%PDF"
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def register_file(settings, tmp_path):
    settings.MAILLAGE_ERASURE_REGISTER = tmp_path / "registre.jsonl"
    settings.MAILLAGE_PDF_CACHE_DIR = str(tmp_path / "pdf-cache")
    return settings.MAILLAGE_ERASURE_REGISTER


@pytest.fixture
def page_cache_on(settings, tmp_path):
    settings.MIDDLEWARE = insert_production_middleware(settings.MIDDLEWARE)
    settings.CONTENT_SECURITY_POLICY = content_security_policy(settings.MAILLAGE_MAP_TILE_URL)
    settings.STATIC_ROOT = tmp_path
    settings.MAILLAGE_PAGE_CACHE_SECONDS = 300
    connect_signals()


@pytest.fixture
def admin(db):
    return make_user("admin.hub", superuser=True)


def plant_account(admin):
    """A request, approved: the account, its profile, the journal; then login logs."""
    outcome = services.submit_request(
        first_name="Perrine",
        last_name="Canaridelle",
        email=EMAIL,
        organisation="Bailleur du Rhône",
        job_role="Chargée de mission",
        family=family(),
        motivation=f"Joindre {NAME} au {PHONE} pour les situations de maintien.",
    )
    user = services.approve_request(outcome.value, actor=admin).value
    for model, extra in (
        (AccessLog, {}),
        (AccessFailureLog, {"locked_out": False}),
        (AccessAttempt, {"get_data": "", "post_data": "", "failures_since_start": 1}),
    ):
        model.objects.create(
            username=EMAIL,
            ip_address="192.0.2.7",
            user_agent="Firefox",
            http_accept="*/*",
            path_info="/compte/connexion/",
            **extra,
        )
    return user


@pytest.fixture
def world(db, admin, register_file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = plant_account(admin)
        structure = make_organisation("CMP Canut", slug="cmp-canut", verified_on="2026-01-05")
        contact = make_contact(structure, role=NAME, email="", phone=PHONE)
        contact.save_revision(user=admin)
        log(instance=contact, action="wagtail.create", user=admin)
        guide = make_guide()
        chapter = make_chapter(guide.part, "maintien", "Maintien", body=[("text", MENTION)])
        chapter.save_revision(user=user).publish()
        edition = GuideEdition.objects.create(name="Édition 2026", date="2026-01-31")
        edition.freeze(guide.index)
        ErrorReport.objects.create(
            content_type=ContentType.objects.get_for_model(structure),
            object_id=structure.pk,
            entry_label=structure.name,
            topic=ErrorReport.Topic.PHONE,
            message=f"Le numéro de {NAME} ({PHONE}) a changé.",
            reporter_email=EMAIL,
        )
    # A search document whose source is gone (a page deleted while the index was down).
    SearchDocument.objects.create(
        source="wagtailcore.page",
        object_id=987654,
        kind="page",
        title=f"Note de {NAME}",
        search_text=f"note de {NAME.lower()}",
        url="/note/",
    )
    return {"user": user, "contact": contact, "chapter": chapter, "edition": edition}


def test_an_erased_person_is_found_in_no_table_and_no_channel(
    client, world, page_cache_on, django_capture_on_commit_callbacks
):
    edition, chapter = world["edition"], world["chapter"]
    # Before: every channel shows her, and the caches hold her.
    assert "Canaridelle" in client.get("/recherche/", {"q": "Canaridelle"}).content.decode()
    assert PHONE in client.get("/annuaire/cmp-canut/").content.decode()
    assert client.get("/guide/maintien/")[STATUS_HEADER] == "miss"
    cached = client.get("/guide/maintien/")
    assert cached[STATUS_HEADER] == "hit" and NAME in cached.content.decode()
    assert NAME in pdf_text(client.get("/guide/guide.pdf").content)
    assert NAME in client.get(f"/guide/editions/{edition.pk}/maintien/").content.decode()
    assert len(every_trace_in_the_database()) > 15

    with django_capture_on_commit_callbacks(execute=True):
        plan = erase_person(email=EMAIL)

    assert every_trace_in_the_database() == []
    for query in ("Canaridelle", "0400000042"):
        found = client.get("/recherche/", {"q": query})
        assert found.context["groups"] == [], query
        # The query itself is echoed (search box, login link): the rest must not name her.
        echoed = found.content.decode().replace(query, "")
        assert traces(echoed) == [] and "Perrine" not in echoed, query
        listed = client.get("/annuaire/", {"q": query}).content.decode().replace(query, "")
        assert traces(listed) == [] and "Perrine" not in listed, query
    for path, query in (
        ("/annuaire/", {}),
        ("/annuaire/cmp-canut/", {}),
        ("/guide/maintien/", {}),
        (f"/guide/editions/{edition.pk}/maintien/", {}),
    ):
        response = client.get(path, query)
        assert response.status_code == 200, path
        assert traces(response.content.decode()) == [], path
    chapter_page = client.get("/guide/maintien/").content.decode()
    assert "[effacé]" in chapter_page
    assert "[effacé]" in client.get(f"/guide/editions/{edition.pk}/maintien/").content.decode()
    guide_pdf = pdf_text(client.get("/guide/guide.pdf").content)
    assert traces(guide_pdf) == [] and "[effacé]" in guide_pdf

    # History is kept: the chapter's revisions, its edition, the journal's decisions.
    assert chapter.revisions.count() >= 2
    assert edition.chapters.count() == 2
    pseudonym = plan.person.pseudonym
    assert pseudonym == register.pseudonym(register.identifier_hash("email", EMAIL))
    actions = set(AccreditationEvent.objects.values_list("action", flat=True))
    assert {"requested", "approved"} <= actions
    assert AccreditationEvent.objects.filter(detail__contains=pseudonym).count() == 2
    contact_log = ModelLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Contact),
        object_id=str(world["contact"].pk),
    )
    assert contact_log.label == pseudonym
    # The rows are gone, the error report stays without its address.
    assert not get_user_model().objects.filter(pk=world["user"].pk).exists()
    assert not AccreditationRequest.objects.exists()
    assert not Contact.objects.filter(pk=world["contact"].pk).exists()
    assert not AccessLog.objects.exists() and not AccessAttempt.objects.exists()
    assert ErrorReport.objects.get().reporter_email == ""
    # The register keeps a hash, in the database and in its file.
    digest = register.identifier_hash("email", EMAIL)
    assert ErasureRecord.objects.filter(hashed_identifier=digest).exists()
    assert digest in register.register_path().read_text()


def test_dry_run_lists_what_would_be_touched_and_changes_nothing(world):
    before = every_trace_in_the_database()
    out = io.StringIO()
    call_command("erase_person", "--email", EMAIL, "--dry-run", stdout=out)
    listing = out.getvalue()
    assert "Personne : personne effacée #" in listing
    assert "Lignes supprimées :" in listing and "Journaux de connexion supprimés : 3" in listing
    assert "Textes caviardés (« [effacé] ») :" in listing
    assert "chapitre du guide (1)" in listing and "chapitre d'une édition (1)" in listing
    assert "Simulation : rien n'a été modifié." in listing
    assert every_trace_in_the_database() == before
    assert get_user_model().objects.filter(email=EMAIL).exists()
    assert not ErasureRecord.objects.exists()


def test_erasing_someone_unknown_says_so_in_one_line_and_changes_nothing(world):
    before = every_trace_in_the_database()
    with pytest.raises(CommandError) as refusal:
        call_command("erase_person", "--email", "personne@nulle-part.example")
    message = str(refusal.value)
    assert message.startswith("Personne à effacer introuvable") and "\n" not in message
    with pytest.raises(CommandError, match="Aucun contact n'a l'identifiant 999999"):
        call_command("erase_person", "--contact", "999999")
    assert every_trace_in_the_database() == before
    assert not ErasureRecord.objects.exists()


def test_the_referent_of_a_family_is_refused_until_the_role_is_handed_over(world, admin):
    user = world["user"]
    bailleurs = family()
    PartnerFamily.objects.filter(pk=bailleurs.pk).update(referent=user)
    with pytest.raises(
        ErasureError, match="référente de la famille « Bailleurs et gestionnaires »"
    ):
        erase_person(email=EMAIL)
    assert get_user_model().objects.filter(pk=user.pk).exists()
    successor = make_user("suite.referent", families=[bailleurs.slug])
    services.hand_over(family(), new_referent=successor, actor=admin)
    erase_person(email=EMAIL)
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    handover = AccreditationEvent.objects.get(action="handover")
    assert EMAIL not in handover.detail and "personne effacée #" in handover.detail


def test_a_contact_alone_is_erased_by_its_id_and_the_account_stays(world, client):
    contact, chapter = world["contact"], world["chapter"]
    plan = erase_person(contact_ids=[contact.pk])
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert plan.person.users == []
    assert get_user_model().objects.filter(email=EMAIL).exists()
    # Its number goes from every text; its role (a name, here) only from its own journal.
    chapter.refresh_from_db()
    assert PHONE not in str(chapter.body.raw_data) and NAME in str(chapter.body.raw_data)
    entry = ModelLogEntry.objects.get(object_id=str(contact.pk))
    assert entry.label == plan.person.pseudonym
    assert register.identifier_hash("telephone", "0400000042") in set(
        ErasureRecord.objects.values_list("hashed_identifier", flat=True)
    )


def test_a_restore_of_an_older_state_is_erased_again_by_the_register(world, admin, tmp_path):
    """Rows come back as a restored archive brings them; the register file erases them
    again, and a person who came back after the erasure keeps their new account."""
    erase_person(contact_ids=[world["contact"].pk], email=EMAIL)
    ErasureRecord.objects.all().delete()  # the restored database predates the erasure
    User = get_user_model()
    old = User.objects.create_user(EMAIL, EMAIL, "x" * 16, first_name="Perrine")
    User.objects.filter(pk=old.pk).update(date_joined="2020-01-01T00:00:00Z")
    old_contact = make_contact(
        world["contact"].organisation, role="Ligne directe", email="", phone=PHONE
    )
    assert register.replay() == 2
    assert not User.objects.filter(pk=old.pk).exists()
    assert not Contact.objects.filter(pk=old_contact.pk).exists()
    assert ErasureRecord.objects.count() == 2  # completed from the file
    back = User.objects.create_user(EMAIL, EMAIL, "x" * 16)
    assert register.replay() == 0
    assert User.objects.filter(pk=back.pk).exists()


def test_the_admin_erasure_page_is_for_administrators(client, world, admin, verified_login):
    editor = make_user("redacteur.guide")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    verified_login(editor)
    # Wagtail answers a refusal in its admin by a redirection to the dashboard.
    for refused in (
        client.get("/admin/effacement/", {"email": EMAIL}),
        client.post("/admin/effacement/", {"email": EMAIL}),
    ):
        assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert get_user_model().objects.filter(email=EMAIL).exists()
    assert "/admin/effacement/" not in client.get("/admin/users/").content.decode()
    verified_login(admin)
    users = client.get("/admin/users/").content.decode()
    assert f"/admin/effacement/?email={EMAIL.replace('@', '%40')}" in users
    contacts = client.get("/admin/snippets/directory/contact/").content.decode()
    assert f"/admin/effacement/?contact={world['contact'].pk}" in contacts
    preview = client.get("/admin/effacement/", {"email": EMAIL})
    assert "Lignes supprimées" in preview.content.decode()
    assert get_user_model().objects.filter(email=EMAIL).exists()
    done = client.post("/admin/effacement/", {"email": EMAIL})
    assert done.status_code == 302
    assert not get_user_model().objects.filter(email=EMAIL).exists()
    record = ErasureRecord.objects.get(kind="email")
    assert record.erased_by == admin
    refused = client.post("/admin/effacement/", {"email": admin.email})
    assert "votre propre compte" in refused.content.decode()


def test_restore_site_erases_again_whoever_the_register_names(
    tmp_path, settings, admin, register_file
):
    """An archive made before the erasure brings the person back; `restore_site` replays
    the register (its file survives the restore) and erases them again."""
    from hub.backup import backup_site, restore_site

    settings.BACKUP_SIGNING_KEY = "cle-de-test-pour-signer-les-sauvegardes-0123456789"
    settings.MEDIA_ROOT = tmp_path / "media"
    user = plant_account(admin)
    backup = backup_site(tmp_path / "sauvegardes")
    erase_person(email=EMAIL)
    if connection.vendor == "postgresql":
        # As in tests/hub/test_backup_restore_database.py: TRUNCATE inside the test's
        # transaction needs its deferred checks done.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    result = restore_site(backup.path, force=True, rebuild_index=False)

    assert "registre des effacements : 1 effacement(s) rejoué(s)." in result.warnings
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not AccreditationRequest.objects.filter(email=EMAIL).exists()
    assert get_user_model().objects.filter(pk=admin.pk).exists()
    assert ErasureRecord.objects.filter(
        hashed_identifier=register.identifier_hash("email", EMAIL)
    ).exists()

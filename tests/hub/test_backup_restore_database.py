"""Backup then restore in the test database itself, on whichever engine the suite runs:
on PostgreSQL this is the path that empties the tables with TRUNCATE (the subprocess
drill of test_backup_restore.py always uses SQLite). CI runs the suite on both."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from directory.models import Organisation
from hub.backup import backup_site, restore_site
from tests.directory.helpers import make_organisation

KEY = "cle-de-test-pour-signer-les-sauvegardes-0123456789"


@pytest.fixture
def site(tmp_path, settings):
    settings.BACKUP_SIGNING_KEY = KEY
    settings.MEDIA_ROOT = tmp_path / "media"
    document = get_document_model().objects.create(
        title="Charte signée", file=ContentFile(b"%PDF-1.4 charte", name="charte.pdf")
    )
    user = get_user_model().objects.create_user("referente", "r@example.org", "x" * 16)
    organisation = make_organisation("Structure sauvegardée", slug="structure-sauvegardee")
    return {"document": document, "user": user, "organisation": organisation}


def test_restore_replaces_the_content_and_media_on_this_engine(tmp_path, site):
    backup = backup_site(tmp_path / "sauvegardes")
    document, organisation = site["document"], site["organisation"]
    media_file = tmp_path / "media" / document.file.name
    assert media_file.read_bytes() == b"%PDF-1.4 charte"
    # What happens after the backup and must be undone by the restore.
    Organisation.objects.filter(pk=organisation.pk).update(name="Modifiée après")
    make_organisation("Créée après la sauvegarde", slug="creee-apres")
    site["user"].delete()
    media_file.unlink()
    if connection.vendor == "postgresql":
        # The test's own transaction has pending deferred foreign-key checks, and
        # PostgreSQL refuses TRUNCATE then; a real restore runs in a fresh transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    with CaptureQueriesContext(connection) as queries:
        result = restore_site(backup.path, force=True)

    statements = [query["sql"].lstrip().split(" ", 1)[0].upper() for query in queries]
    if connection.vendor == "postgresql":
        assert "TRUNCATE" in statements
    else:
        assert "DELETE" in statements
    assert result.counts == backup.manifest["comptes"]
    assert result.media_files == 1
    assert Organisation.objects.get(pk=organisation.pk).name == "Structure sauvegardée"
    assert not Organisation.objects.filter(slug="creee-apres").exists()
    assert get_user_model().objects.filter(username="referente").exists()
    assert media_file.read_bytes() == b"%PDF-1.4 charte"
    # Sequences follow the restored keys: a new row does not collide with a restored one.
    assert make_organisation("Après la restauration", slug="apres").pk > organisation.pk

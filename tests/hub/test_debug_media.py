"""With DEBUG on, the development server serves images from /media/ but never a document
file: documents go through Wagtail's serve view, which checks their collection's privacy."""

from __future__ import annotations

import importlib
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction


def _reload_urls():
    import hub.urls

    importlib.reload(hub.urls)
    clear_url_caches()


@pytest.fixture
def debug_urls(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = True
    _reload_urls()  # hub/urls.py adds the media route only when DEBUG is on
    yield
    settings.DEBUG = False
    _reload_urls()


@pytest.fixture
def private_document():
    collection = Collection.get_first_root_node().add_child(name="Espace des bailleurs")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return get_document_model().objects.create(
        title="Compte rendu confidentiel",
        collection=collection,
        file=ContentFile(b"%PDF-1.4 confidentiel", name="compte-rendu.pdf"),
    )


def test_the_debug_server_never_serves_a_document_file(client, debug_urls, private_document):
    name = private_document.file.name
    assert name.startswith("documents/")
    for url in (
        f"/media/{name}",
        f"/media//{name}",
        f"/media/./{name}",
        f"/media/original_images/../{name}",
        f"/media/images/../../media/{name}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"confidentiel" not in b"".join(getattr(response, "streaming_content", [b""]))
    # Wagtail's serve view asks for a login instead.
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"] or "login" in response["Location"]


def test_the_debug_server_still_serves_images(client, debug_urls):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Logo", file=ContentFile(buffer.getvalue(), name="logo.png")
    )
    response = client.get(f"/media/{image.file.name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == buffer.getvalue()

"""An entry page says where its facts come from once (issue 13): a CMP of the demo,
whose own source is the demo note, used to print « Données de démonstration » twice."""

import html

import pytest
from django.contrib.auth.models import AnonymousUser

from directory.demo_data import DEMO_SOURCE
from directory.models import CoordinationInstance, Organisation, PsychiatricSector
from hub.access import visible_objects

pytestmark = pytest.mark.usefixtures("demo")


def page_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_cmp_page_prints_its_source_once(client):
    cmp = Organisation.objects.get(slug="cmp-metz-ch-jury")
    body = page_text(client, f"/annuaire/{cmp.slug}/")
    assert body.count("Source :") == 1
    assert body.count(DEMO_SOURCE) == 1


def test_every_public_entry_page_prints_each_part_of_its_source_once(client):
    anonymous = AnonymousUser()
    pages = [
        (f"/annuaire/{entry.slug}/", entry.source)
        for model in (Organisation, CoordinationInstance)
        for entry in visible_objects(anonymous, model.objects.all())
    ]
    pages += [(f"/annuaire/secteurs/{s.pk}/", s.source) for s in PsychiatricSector.objects.all()]
    assert len(pages) > 20
    for url, source in pages:
        body = page_text(client, url)
        assert body.count("Source :") == 1, url
        for part in source.split(" ; "):
            assert body.count(part) == 1, (url, part)

"""Issue 13 in the guide's « Qui contacter » block: each entry and each contact line says
how fresh it is (the directory's one freshness include), and a phone line kept for
partners offers the structure's public number, never the hidden one."""

from datetime import date

from directory.models import Commune, Contact, Organisation
from tests.guide.conftest import make_chapter

CANARY = "01 99 00 57 77"
RECEPTION = "01 99 00 57 70"
SENTENCE = "La ligne directe est réservée aux partenaires :"


def make_cmp():
    metz = Commune.objects.create(
        code="57463", name="Metz", search_name="metz", department="57", region="44"
    )
    cmp = Organisation.objects.create(
        name="CMP FRAIS", slug="cmp-frais", kind="cmp", commune=metz, verified_on=date(2026, 3, 12)
    )
    Contact.objects.create(
        organisation=cmp, role="Accueil", phone=RECEPTION, verified_on=date(2026, 6, 1)
    )
    Contact.objects.create(
        organisation=cmp, role="Ligne directe", phone=CANARY, phone_tier="partners"
    )
    return cmp


def chapter_html(client, guide):
    value = {
        "heading": "Le CMP",
        "organisation_kind": "cmp",
        "instance_kind": "",
        "commune_code": "57463",
        "note": "",
    }
    make_chapter(guide.part, "contacts-frais", body=[("who_to_contact", value)])
    return client.get("/guide/contacts-frais/").content.decode()


def test_the_block_says_when_each_entry_and_line_was_verified(client, guide):
    make_cmp()
    page = chapter_html(client, guide)
    assert '<time datetime="2026-03-12">12 mars 2026</time>' in page  # the structure
    assert '<time datetime="2026-06-01">1er juin 2026</time>' in page  # its reception line
    assert "À vérifier · Jamais vérifié" in page  # the direct line, never verified
    assert 'class="freshness' in page


def test_the_block_offers_the_reception_instead_of_a_partners_line(client, guide, partner):
    make_cmp()
    page = chapter_html(client, guide)
    assert CANARY not in page and CANARY.replace(" ", "") not in page
    assert SENTENCE in page and "connectez-vous pour la voir</a>." in page
    assert f'href="tel:{RECEPTION.replace(" ", "")}"' in page
    client.force_login(partner)
    page = client.get("/guide/contacts-frais/").content.decode()
    assert CANARY in page and SENTENCE not in page

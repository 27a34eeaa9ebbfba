"""The "who to contact" block shows live directory entries, as the reader may see them."""

from directory.models import Commune, Contact, CoordinationInstance, Organisation
from tests.guide.conftest import make_chapter


def make_cmp():
    metz = Commune.objects.create(
        code="57463", name="Metz", search_name="metz", department="57", region="44"
    )
    cmp = Organisation.objects.create(
        name="CMP VIVANT", slug="cmp-vivant", kind="cmp", commune=metz
    )
    Contact.objects.create(
        organisation=cmp,
        role="Accueil",
        email="accueil@example.org",
        phone="01 99 00 57 99",
        phone_tier="partners",
    )
    Organisation.objects.create(
        name="CMP CACHÉ", slug="cmp-cache", kind="cmp", commune=metz, access_tier="partners"
    )
    Organisation.objects.create(name="CMP AILLEURS", slug="cmp-ailleurs", kind="cmp")
    instance = CoordinationInstance.objects.create(name="CLSM VIVANT", slug="clsm", kind="clsm")
    instance.communes.add(metz)
    return cmp


def chapter_html(client, guide):
    make_chapter(
        guide.part,
        "contacts",
        body=[
            (
                "who_to_contact",
                {
                    "heading": "Le CMP",
                    "organisation_kind": "cmp",
                    "instance_kind": "",
                    "commune_code": "57463",
                    "note": "",
                },
            ),
            (
                "who_to_contact",
                {
                    "heading": "Le CLSM",
                    "organisation_kind": "",
                    "instance_kind": "clsm",
                    "commune_code": "57463",
                    "note": "",
                },
            ),
        ],
    )
    return client.get("/guide/contacts/").content.decode()


def test_anonymous_readers_see_live_public_entries_without_partner_lines(client, guide):
    make_cmp()
    html = chapter_html(client, guide)
    assert "CMP VIVANT" in html and "CLSM VIVANT" in html
    assert "accueil@example.org" in html
    assert "01 99 00 57 99" not in html
    assert "réservé aux partenaires" in html
    assert "CMP CACHÉ" not in html
    assert "CMP AILLEURS" not in html


def test_partners_see_partner_entries_and_lines(client, guide, partner):
    make_cmp()
    client.force_login(partner)
    html = chapter_html(client, guide)
    assert "01 99 00 57 99" in html and "CMP CACHÉ" in html


def test_the_block_follows_the_directory_without_republishing(client, guide):
    cmp = make_cmp()
    chapter_html(client, guide)
    cmp.name = "CMP RENOMMÉ"
    cmp.save()
    assert "CMP RENOMMÉ" in client.get("/guide/contacts/").content.decode()


def test_a_restricted_model_document_is_not_listed_to_readers_who_cannot_open_it(
    client, guide, partner
):
    from wagtail.models import Collection, CollectionViewRestriction

    from hub.demo.load_spaces import ensure_document

    private = Collection.get_first_root_node().add_child(name="Privée")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    document = ensure_document("Trame PRIVÉE", "privee.txt", b"x", private)
    make_chapter(
        guide.part,
        "document",
        body=[("model_document", {"document": document.pk, "description": "Description PRIVÉE"})],
    )
    assert "Trame PRIVÉE" not in client.get("/guide/document/").content.decode()
    client.force_login(partner)
    assert "Trame PRIVÉE" in client.get("/guide/document/").content.decode()

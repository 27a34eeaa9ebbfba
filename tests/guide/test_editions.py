"""Editions: freezing records each chapter's live revision; a frozen edition stays
readable as it was, with a banner, and under the same access check as the live chapter."""

import pytest

from guide.models import GuideEdition
from tests.guide.conftest import make_chapter


@pytest.fixture
def frozen(guide):
    make_chapter(
        guide.part,
        "reserve",
        "Chapitre RÉSERVÉ",
        body=[("text", "<p>Contenu RÉSERVÉ</p>")],
        audience="partners",
    )
    make_chapter(guide.part, "premier-chapitre", body=[("text", "<p>Version GELÉE</p>")])
    edition = GuideEdition.objects.create(name="Édition 2026", date="2026-01-31")
    assert edition.freeze(guide.index)
    return edition


def test_freezing_records_the_live_revision_of_every_chapter(guide, frozen):
    chapters = {item.slug: item for item in frozen.chapters.all()}
    assert set(chapters) == {"premier-chapitre", "reserve"}
    live = guide.chapters["premier-chapitre"]
    live.refresh_from_db()
    assert chapters["premier-chapitre"].revision_id == live.live_revision_id
    assert frozen.frozen and GuideEdition.current() == frozen
    # Freezing twice changes nothing.
    assert not frozen.freeze(guide.index)
    assert frozen.chapters.count() == 2


def test_a_frozen_edition_shows_the_content_of_its_time_with_a_banner(client, guide, frozen):
    make_chapter(guide.part, "premier-chapitre", body=[("text", "<p>Version NOUVELLE</p>")])
    assert "Version NOUVELLE" in client.get("/guide/premier-chapitre/").content.decode()
    response = client.get(f"/guide/editions/{frozen.pk}/premier-chapitre/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Version GELÉE" in html and "Version NOUVELLE" not in html
    assert "Vous consultez l’édition « Édition 2026 » du 31 janvier 2026" in html
    assert 'href="/guide/premier-chapitre/">la version en vigueur est ici' in html
    listing = client.get(f"/guide/editions/{frozen.pk}/").content.decode()
    assert "/premier-chapitre/" in listing
    assert "Édition 2026" in client.get("/guide/editions/").content.decode()


def test_a_frozen_partner_chapter_is_still_refused_to_anonymous(client, guide, frozen, partner):
    response = client.get(f"/guide/editions/{frozen.pk}/reserve/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
    assert "RÉSERVÉ" not in client.get(f"/guide/editions/{frozen.pk}/").content.decode()
    client.force_login(partner)
    response = client.get(f"/guide/editions/{frozen.pk}/reserve/")
    assert response.status_code == 200
    assert "Contenu RÉSERVÉ" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_chapter_made_public_later_stays_closed_in_the_edition_it_was_partner_in(
    client, guide, frozen
):
    make_chapter(
        guide.part,
        "reserve",
        "Chapitre RÉSERVÉ",
        body=[("text", "<p>Contenu RÉSERVÉ</p>")],
        audience="public",
    )
    assert client.get("/guide/reserve/").status_code == 200
    assert client.get(f"/guide/editions/{frozen.pk}/reserve/").status_code == 302


def test_an_unfrozen_or_unknown_edition_is_not_found(client, guide):
    draft = GuideEdition.objects.create(name="Brouillon", date="2027-01-01")
    assert client.get(f"/guide/editions/{draft.pk}/").status_code == 404
    assert client.get("/guide/editions/999/premier-chapitre/").status_code == 404


def test_the_admin_freezes_an_edition(guide, admin_client):
    edition = GuideEdition.objects.create(name="Édition 2027", date="2027-01-31")
    assert admin_client.get("/admin/guide_editions/").status_code == 200
    page = admin_client.get(f"/admin/guide_editions/edit/{edition.pk}/")
    assert "Geler cette édition" in page.content.decode()
    url = f"/admin/guide_editions/freeze/{edition.pk}/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url).status_code == 302
    edition.refresh_from_db()
    assert edition.frozen and edition.chapters.count() == 1


def test_an_editor_without_the_permission_cannot_freeze(guide, verified_login):
    from django.contrib.auth.models import Permission

    from tests.guide.conftest import make_user

    user = make_user("redacteur")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    edition = GuideEdition.objects.create(name="Édition 2027", date="2027-01-31")
    client = verified_login(user)
    client.post(f"/admin/guide_editions/freeze/{edition.pk}/")
    edition.refresh_from_db()
    assert not edition.frozen

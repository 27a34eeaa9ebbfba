"""The directory's public pages, through the HTTP client, as a visitor uses them:
/annuaire/ (search, facets, place, radius, pagination, errors), one entry (structure,
instance, sector) and the directory's part of sitemap.xml."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth import get_user_model

from directory.models import Organisation, PsychiatricSector, Service
from tests.accounts import make_user
from tests.directory.helpers import load_communes

pytestmark = pytest.mark.usefixtures("demo")

ERAH_LINE = "01 99 00 57 02"


def main_text(response) -> str:
    """The visible text of the page's <main>, tags removed, spaces collapsed."""
    body = response.content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def titles(response) -> list[str]:
    return [document.title for document in response.context["results"].page.object_list]


# --- /annuaire/ ------------------------------------------------------------------------------


def test_search_for_cmp_in_metz_finds_the_cmp_of_metz(client):
    response = client.get("/annuaire/", {"q": "CMP", "lieu": "Metz"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Annuaire · Maillage</title>" in body
    assert body.count("<h1") == 1
    assert '<h1 class="page-header__title">Annuaire</h1>' in body
    assert any(title.startswith("CMP de Metz") for title in titles(response))
    total = response.context["results"].total
    assert f">{total} résultat" in body
    # Each card links to its entry.
    assert 'href="/annuaire/cmp-metz-ch-jury/"' in body


def test_search_form_has_labels_fieldsets_and_facet_counts(client):
    response = client.get("/annuaire/", {"lieu": "Metz"})
    body = response.content.decode()
    assert '<label class="form-field__label" for="id_q">Mots-clés</label>' in body
    assert '<label class="form-field__label" for="id_lieu">' in body
    assert '<select name="rayon" id="id_rayon">' in body
    assert "<legend>Type</legend>" in body
    assert "<legend>Thématique</legend>" in body
    assert 'role="search"' in body
    facets = response.context["results"].facets
    landlords = next(value for value in facets["type"] if value.value == "bailleur-social")
    assert landlords.count > 0
    assert 'value="bailleur-social" id="id_type_' in body
    assert f'Bailleur social <span class="facet-count">({landlords.count}' in body


def test_a_facet_narrows_the_results_and_can_be_removed(client):
    everything = client.get("/annuaire/", {"lieu": "Metz"}).context["results"].total
    response = client.get("/annuaire/", {"lieu": "Metz", "type": "bailleur-social"})
    results = response.context["results"]
    assert 0 < results.total < everything
    assert {document.subkind for document in results.page.object_list} == {"bailleur-social"}
    body = response.content.decode()
    # The ticked value stays ticked, and the active filter has a link removing it only.
    assert 'value="bailleur-social" id="id_type_0" checked' in body
    assert "Type : Bailleur social" in main_text(response)
    assert 'href="/annuaire/?lieu=Metz"' in body


def test_pagination_keeps_the_query_string_and_marks_the_current_page(client):
    first = client.get("/annuaire/", {"thematique": "sante"})
    results = first.context["results"]
    assert results.total <= 20  # a small set: the full list is used below
    response = client.get("/annuaire/")
    results = response.context["results"]
    assert results.page.paginator.num_pages >= 2
    body = response.content.decode()
    assert 'href="/annuaire/?page=2" rel="next"' in body
    assert 'aria-current="page"' in body
    page_two = client.get("/annuaire/", {"page": 2})
    body_two = page_two.content.decode()
    assert 'href="/annuaire/" rel="prev"' in body_two
    assert set(titles(page_two)).isdisjoint(titles(response))
    # With criteria, the page links keep them.
    response = client.get("/annuaire/", {"famille": "bailleurs-gestionnaires"})
    if response.context["results"].page.paginator.num_pages > 1:
        assert "famille=bailleurs-gestionnaires&amp;page=2" in response.content.decode()


def test_pagination_with_criteria_keeps_them(client, django_capture_on_commit_callbacks):
    metz = load_communes("57463")["57463"]
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(25):
            Organisation.objects.create(
                name=f"Association test {number:02d}",
                slug=f"association-test-{number:02d}",
                kind=Organisation.Kind.ASSOCIATION,
                commune=metz,
            )
    response = client.get("/annuaire/", {"q": "association test", "lieu": "Metz"})
    assert response.context["results"].total == 25
    body = response.content.decode()
    assert 'href="/annuaire/?q=association+test&amp;lieu=Metz&amp;page=2" rel="next"' in body
    page_two = client.get("/annuaire/", {"q": "association test", "lieu": "Metz", "page": 2})
    assert len(titles(page_two)) == 5
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2<' in (
        page_two.content.decode()
    )


def test_radius_search_orders_by_distance_and_says_how_far(client):
    response = client.get("/annuaire/", {"lieu": "Metz", "rayon": 20})
    documents = list(response.context["results"].page.object_list)
    distances = [document.distance_km for document in documents]
    assert distances and all(distance is not None for distance in distances)
    assert distances == sorted(distances)
    assert all(distance <= 20 for distance in distances)
    assert re.search(r"à \d+,\d km", main_text(response))
    # The Jury hospital sits in Jury, a few kilometres away: further than what is in Metz.
    jury = next(d for d in documents if d.title == "Centre hospitalier de Jury")
    assert jury.distance_km > distances[0]


def test_an_ambiguous_place_offers_the_communes_as_links(client):
    load_communes("59383")  # Marly (Nord), a namesake of Marly (Moselle)
    response = client.get("/annuaire/", {"lieu": "Marly", "q": "CMP"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Plusieurs communes correspondent" in body
    assert 'href="/annuaire/?q=CMP&amp;lieu=57447"' in body
    assert 'href="/annuaire/?q=CMP&amp;lieu=59383"' in body
    assert "département 59" in main_text(response)


def test_an_unknown_place_says_so_and_suggests_what_to_try(client):
    response = client.get("/annuaire/", {"lieu": "Zzzville"})
    assert response.status_code == 200
    text = main_text(response)
    assert "Aucune commune ne correspond à « Zzzville »" in text
    assert "Aucun résultat" in text
    assert "qui contacter ?" in text
    assert 'href="/qui-contacter/?lieu=Zzzville"' in response.content.decode()


def test_nothing_matching_suggests_a_wider_radius_and_fewer_filters(client):
    response = client.get("/annuaire/", {"lieu": "Metz", "rayon": 5, "public": "seniors"})
    assert response.context["results"].total == 0
    body = response.content.decode()
    assert "Élargir la recherche à 10 km autour de Metz" in html.unescape(body)
    assert 'href="/annuaire/?lieu=Metz&amp;rayon=10&amp;public=seniors"' in body
    assert 'href="/annuaire/?lieu=Metz&amp;rayon=5"' in body  # the filters removed


@pytest.mark.parametrize(
    ("params", "target", "message"),
    [
        ({"rayon": 10}, "id_lieu", "Indiquez une commune pour chercher autour d"),
        ({"q": "x" * 300}, "id_q", "La recherche est trop longue : 200 caractères au plus."),
        ({"type": "inconnu"}, "id_type", "inconnu n’en fait pas partie"),
        ({"rayon": 7, "lieu": "Metz"}, "id_rayon", "Sélectionnez un choix valide"),
    ],
)
def test_invalid_criteria_give_a_french_error_summary_not_a_500(client, params, target, message):
    response = client.get("/annuaire/", params)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    summary = body[body.index('role="alert"') : body.index("</ul>", body.index('role="alert"'))]
    assert f'<a href="#{target}">' in summary
    assert message in summary
    assert "<title>Erreur : Annuaire" in body
    # The search still runs with the valid criteria.
    assert response.context["results"].total >= 0


def test_an_invalid_page_number_falls_back_to_the_first_page(client):
    response = client.get("/annuaire/", {"page": "abc"})
    assert response.status_code == 200
    assert response.context["results"].page.number == 1
    assert 'role="alert"' not in response.content.decode()


def test_the_list_links_to_the_map_with_the_same_query(client):
    response = client.get("/annuaire/", {"q": "CMP", "lieu": "Metz", "page": 1})
    assert 'href="/annuaire/carte/?q=CMP&amp;lieu=Metz"' in response.content.decode()


def test_the_list_does_not_run_one_query_per_result(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get("/annuaire/")
    assert len(response.context["results"].page.object_list) == 20


def test_main_navigation_offers_the_directory_and_who_to_contact(client):
    body = client.get("/annuaire/").content.decode()
    assert 'href="/annuaire/" aria-current="page">Annuaire</a>' in body
    assert 'href="/qui-contacter/">Qui contacter ?</a>' in body


# --- Entries -------------------------------------------------------------------------------


def test_organisation_page_shows_its_facts_services_and_hides_partner_lines(client):
    response = client.get("/annuaire/erah-ch-jury/")
    assert response.status_code == 200
    body = response.content.decode()
    text = main_text(response)
    assert body.count("<h1") == 1
    assert "Équipe mobile" in text
    assert "Centre hospitalier de Jury" in text  # parent structure
    assert "Psychiatrie publique" in text  # partner family
    assert "Santé" in text and "Logement, hébergement" in text
    service = Service.objects.get(organisation__slug="erah-ch-jury")
    assert f'id="service-{service.pk}"' in body
    assert "Montigny-lès-Metz" in text  # eligibility communes
    assert "Secteur de psychiatrie adulte du territoire messin" in text
    assert "réservé aux partenaires" in text
    assert ERAH_LINE not in body
    assert "/compte/connexion/?next=/annuaire/erah-ch-jury/" in body
    assert "Jamais vérifié" in text or "Vérifié le" in text
    assert 'href="/annuaire/erah-ch-jury/signaler/"' in body
    assert 'href="/annuaire/carte/?lieu=57463"' in body
    # The instances a structure belongs to: the CH de Jury carries the CLSM (the seed does
    # not say whether its ERAH sits in it).
    assert "CLSM du territoire messin" in main_text(client.get("/annuaire/ch-jury/"))


def test_organisation_page_shows_partner_lines_to_partners(client):
    client.force_login(make_user("partenaire.annuaire"))
    body = client.get("/annuaire/erah-ch-jury/").content.decode()
    assert ERAH_LINE in body
    assert f'href="tel:{ERAH_LINE.replace(" ", "")}"' in body


def test_organisation_page_shows_website_siret_and_opening_hours(client):
    Organisation.objects.filter(slug="arelor-hlm").update(
        website="https://www.example.org/arelor",
        siret="12345678901234",
        horaires_accueil="Mo-Fr 09:00-12:00",
    )
    text = main_text(client.get("/annuaire/arelor-hlm/"))
    assert "https://www.example.org/arelor" in text
    assert "12345678901234" in text
    assert "Horaires d’accueil Mo-Fr 09:00-12:00" in text


def test_instance_page_shows_territory_lead_coordinator_and_members(client):
    response = client.get("/annuaire/clsm-metz/")
    assert response.status_code == 200
    text = main_text(response)
    assert "Conseil local de santé mentale (CLSM)" in text
    assert "Centre hospitalier de Jury" in text
    assert "Montigny-lès-Metz" in text
    assert "Coordination CLSM" in text
    assert "ARELOR Hlm" in text
    # The coordinator's phone is for partners; the instance's space is not linked.
    assert "01 99 00 57 03" not in text
    assert "Espace partenaires" not in text


def test_instance_page_links_its_space_for_its_members_only(client):
    member = get_user_model().objects.get(username="membre.clsm-metz")
    client.force_login(member)
    body = client.get("/annuaire/clsm-metz/").content.decode()
    assert "Espace partenaires" in body
    assert 'href="/espace-partenaires/instance-clsm-metz/"' in body
    client.force_login(make_user("partenaire.hors-instance"))
    assert (
        "/espace-partenaires/instance-clsm-metz/"
        not in client.get("/annuaire/clsm-metz/").content.decode()
    )


def test_sector_page_shows_code_hospital_communes_and_cmp_contacts(client):
    sector = PsychiatricSector.objects.get(hospital__slug="ch-jury")
    response = client.get(f"/annuaire/secteurs/{sector.pk}/")
    assert response.status_code == 200
    text = main_text(response)
    assert sector.code in text
    assert "Centre hospitalier de Jury" in text
    assert "Marly" in text and "Montigny-lès-Metz" in text
    assert "CMP de Metz" in text
    assert "01 99 00 57 01" in text  # the CMP's public line
    assert "ERAH" in text
    assert ERAH_LINE not in text


def test_unknown_or_restricted_entries_answer_404(client):
    assert client.get("/annuaire/nexiste-pas/").status_code == 404
    assert client.get("/annuaire/secteurs/999999/").status_code == 404
    Organisation.objects.filter(slug="arelor-hlm").update(access_tier="partners")
    assert client.get("/annuaire/arelor-hlm/").status_code == 404


def test_sitemap_lists_public_directory_entries(client, django_capture_on_commit_callbacks):
    arelor = Organisation.objects.get(slug="arelor-hlm")
    arelor.access_tier = "partners"
    with django_capture_on_commit_callbacks(execute=True):
        arelor.save()  # its search document follows, after commit
    body = client.get("/sitemap.xml").content.decode()
    assert "/annuaire/ch-jury/" in body
    assert "/annuaire/clsm-metz/" in body
    assert "/annuaire/secteurs/" in body
    assert "/annuaire/arelor-hlm/" not in body
    assert "#service-" not in body

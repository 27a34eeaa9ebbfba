"""Every public page answers 200, in French, with its content from the seeds."""

import pytest

PUBLIC_PAGES = [
    ("/", ["Maillage", "Grand Lyon", "Metz", "Marseille", "Paris"]),
    (
        "/charte/",
        [
            "Favoriser l'accès et le maintien dans le logement des personnes "
            "en souffrance psychique",
            "Développer une culture commune aux différents partenaires de terrain",
            "Ils s'engagent à inciter leurs représentants locaux",
            "Comité de pilotage",
            "Comité de projet",
            "Plénière",
            "Déploiement des formations-actions",
            "Partage et essaimage d'outils et dispositifs de coordination",
            "Accès et maintien dans les logements",
            "UNIS Lyon Rhône",
            "Le Directeur Général du Centre Hospitalier Le Vinatier",
        ],
    ),
    ("/territoires/", ["Grand Lyon", "Metz", "Marseille 14e-16e", "Paris 11e, 17e, 19e"]),
    ("/territoires/grand-lyon/", ["Santé Psychique et Logement", "ABC HLM", "UNAFAM", "13"]),
    ("/territoires/metz/", ["ARELOR Hlm", "Centre hospitalier de Jury", "Montigny-lès-Metz"]),
    ("/territoires/marseille/", ["Logirem", "GCS Galilé", "Soliha Provence", "90"]),
    ("/territoires/paris/", ["Œuvre Falret", "GHT Paris psychiatrie et neurosciences", "37"]),
    ("/projets/", ["SELO", "DLAI", "territoire messin"]),
    (
        "/projets/selo/",
        ["Logirem", "FNAVDL", "10 accès", "90 agents", "Soyons Fous", "Coordinatrice"],
    ),
    ("/projets/dlai/", ["passerelle inversée", "trente-sept logements", "UNAFAM"]),
    (
        "/projets/metz-bailleurs-psychiatrie/",
        ["ARELOR Hlm", "4 critères cumulatifs", "sous-location", "ERAH"],
    ),
    ("/mentions-legales/", ["Etalab", "GeoNames", "CC-BY 4.0", "À compléter"]),
]


@pytest.mark.parametrize(("url", "expected"), PUBLIC_PAGES)
def test_public_page_answers_200_with_its_seed_content(client, demo, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    for text in expected:
        assert text in html.replace("&#x27;", "'").replace("&#39;", "'"), (url, text)


def test_base_layout_has_skip_link_landmarks_and_attributions(client, demo):
    html = client.get("/charte/").content.decode()
    assert 'href="#contenu"' in html
    assert 'id="contenu"' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert "Etalab" in html and "GeoNames" in html
    assert "/mentions-legales/" in html


def test_pages_load_no_asset_from_another_site(client, demo):
    import re

    for url, _ in PUBLIC_PAGES:
        html = client.get(url).content.decode()
        for attribute in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert "<link" not in attribute
        assets = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', html)
        assert assets == [], (url, assets)


def test_unknown_page_answers_a_french_404(client, demo):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "introuvable" in response.content.decode().lower()


def test_sitemap_lists_the_public_pages(client, demo):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for path in ("/charte/", "/territoires/metz/", "/projets/selo/", "/mentions-legales/"):
        assert path in xml


def test_english_interface_is_available(client, demo):
    html = client.get("/charte/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html

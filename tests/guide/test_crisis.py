"""« En cas de crise » (/guide/en-cas-de-crise/) on the demo, as a landlord agent walks it:
danger first, then the commune, then whether the person is followed; each step a GET URL,
no JavaScript, nothing about the person asked or kept."""

from __future__ import annotations

import html
import logging
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guide.crisis import Decision, Step, decide, previous_query, procedure_for
from tests.accounts import make_user
from tests.directory.helpers import load_communes

URL = "/guide/en-cas-de-crise/"
ERAH_LINE = "01 99 00 57 02"
CMP_METZ_LINE = "01 99 00 57 01"
CLSM_METZ_LINE = "01 99 00 57 03"
PRIVACY = (
    "Ce parcours ne collecte aucune information sur la personne concernée : rien n’est enregistré."
)
# The only names a form of the path may send: nothing about the person.
ALLOWED_FIELDS = {"etape", "envoi", "reponse", "lieu"}


def main_html(response) -> str:
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def main_text(response) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", main_html(response)))
    return re.sub(r"\s+", " ", text).replace("'", "’")


def headings(response, level: int) -> list[str]:
    body = html.unescape(response.content.decode())
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", body, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", h)).strip() for h in found]


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def walk(client, params):
    """GET the path with `params` and follow its redirects (answers lead to a step URL)."""
    return client.get(URL, params, follow=True)


def form_fields(response) -> set[str]:
    return set(re.findall(r'name="([^"]+)"', main_html(response)))


def assert_every_step_basics(response, number: int, total: int):
    assert response.status_code == 200
    text = main_text(response)
    body = main_html(response)
    assert headings(response, 1) == ["En cas de crise"]
    assert f"Étape {number} sur {total}" in text
    assert PRIVACY.replace("'", "’") in text
    assert f'href="{URL}"' in body and "Recommencer" in text
    assert 'href="/qui-contacter/' in body
    assert 'href="/annuaire/' in body
    # No script and no form that would post anything: plain GET links and forms.
    assert "<script" not in body
    assert 'method="post"' not in body.lower()
    assert form_fields(response) <= ALLOWED_FIELDS


# --- The decision, as pure logic ---------------------------------------------------------


def test_no_parameter_is_the_first_question():
    assert decide({}) == Decision(Step.DANGER)


def test_an_unknown_step_goes_back_to_the_first_question_with_a_french_notice():
    decision = decide({"etape": "<script>"})
    assert decision.step == Step.DANGER
    assert "n'existe pas" in decision.notice


def test_each_danger_answer_leads_to_its_step():
    assert decide({"etape": "danger", "reponse": "non"}).redirect == "?etape=lieu"
    assert decide({"etape": "danger", "reponse": "oui"}).redirect == "?etape=urgence"
    assert (
        decide({"etape": "danger", "reponse": "violence"}).redirect == "?etape=urgence&violence=oui"
    )


def test_the_situation_answer_chooses_care_or_coordination():
    base = {"etape": "situation", "lieu": "57463"}
    for answer, step in [
        ("suivie", "soins"),
        ("accepte", "soins"),
        ("refus", "coordination"),
        ("sans-contact", "coordination"),
    ]:
        redirect = decide({**base, "reponse": answer}).redirect
        assert query_of(redirect) == {"etape": step, "lieu": "57463", "situation": answer}


def test_a_hand_edited_result_url_follows_the_answer_not_the_step_name():
    decision = decide({"etape": "soins", "lieu": "57463", "situation": "refus"})
    assert query_of(decision.redirect)["etape"] == "coordination"


def test_a_step_after_the_place_without_a_place_asks_for_the_place():
    assert decide({"etape": "soins"}).step == Step.LIEU
    assert decide({"etape": "situation", "lieu": "  "}).error


def test_the_previous_step_of_each_step():
    assert previous_query(Decision(Step.DANGER)) is None
    assert previous_query(Decision(Step.URGENCE)) == "?etape=danger"
    assert previous_query(Decision(Step.SOINS, place="57463")) == "?etape=situation&lieu=57463"


def test_metz_has_a_seeded_procedure_and_it_invents_no_step():
    metz = procedure_for(["metz"], "57463")
    assert metz is not None and metz.label == "Procédure du territoire messin"
    assert metz.steps == []  # the seed says « en cours de définition (cf. fiche modèle) »
    assert "en cours de définition" in metz.status
    assert procedure_for(["grand-lyon"], "69381") is None


@pytest.mark.parametrize("code", ["75111", "75117", "75119"])
def test_the_dlai_arrondissements_get_the_paris_passerelle_inversee(code):
    paris = procedure_for([], code)
    assert paris is not None and paris.territory == "paris"
    assert paris.label == "Procédure du territoire parisien (DLAI)"
    assert procedure_for(["paris"], code) == paris
    # The seed's own words: landlords may report tenants of their housing stock.
    assert any("« passerelle inversée »" in step for step in paris.steps)
    assert any("signaler des locataires relevant de leur parc" in step for step in paris.steps)
    assert "protocole d'accord « santé mentale et logement » du 5 novembre 2018" in paris.source
    # What the seed does not say is left to the territory, not invented.
    assert "ne dit pas à qui adresser le signalement" in paris.status


def test_the_paris_procedure_never_leaves_its_three_arrondissements():
    for code in ("75056", "75112", "75118", "57463"):
        procedure = procedure_for(["paris"], code)
        assert procedure is None or procedure.territory != "paris", code
    assert procedure_for(["paris", "metz"], "75112").territory == "metz"


# --- The pages, on the demo -----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_once(demo_module):
    """The whole demo, once for the module (`tests/support/demo.py`)."""


pytestmark = pytest.mark.usefixtures("demo_once")


def test_the_first_step_asks_about_immediate_danger_with_radios(client):
    response = client.get(URL)
    assert_every_step_basics(response, 1, 4)
    body = main_html(response)
    assert "<fieldset" in body and "<legend" in body
    assert "Y a-t-il un danger immédiat pour la personne ou pour d’autres ?" in main_text(response)
    assert re.findall(r'type="radio" name="reponse"[^>]*value="([^"]+)"', body) == [
        "oui",
        "violence",
        "non",
    ]
    assert '<form class="form crisis-form" method="get"' in body
    assert 'type="submit"' in body
    assert "<title>Danger immédiat ? – En cas de crise · Maillage</title>" in (
        response.content.decode()
    )


def test_yes_leads_to_a_full_screen_with_15_and_112(client):
    response = walk(client, {"etape": "danger", "envoi": "1", "reponse": "oui"})
    assert response.redirect_chain == [(f"{URL}?etape=urgence", 302)]
    assert_every_step_basics(response, 2, 2)
    body = main_html(response)
    assert 'class="crisis-call" href="tel:15"' in body
    assert 'class="crisis-call" href="tel:112"' in body
    assert "crisis-call--police" not in body  # 17 is a line, not the big button
    text = main_text(response)
    assert "appelez aussi le 17 (police)" in text
    assert "Suivez les consignes de la personne qui vous répond" in text
    assert "aucun conseil médical" in text


def test_violence_adds_the_police_as_a_big_button(client):
    response = walk(client, {"etape": "danger", "envoi": "1", "reponse": "violence"})
    assert response.redirect_chain == [(f"{URL}?etape=urgence&violence=oui", 302)]
    body = main_html(response)
    assert 'class="crisis-call crisis-call--police" href="tel:17"' in body
    assert body.index("tel:17") < body.index("tel:15")


def test_no_leads_to_the_place_question(client):
    response = walk(client, {"etape": "danger", "envoi": "1", "reponse": "non"})
    assert response.redirect_chain == [(f"{URL}?etape=lieu", 302)]
    assert_every_step_basics(response, 2, 4)
    assert "Dans quelle commune se trouve le logement ?" in main_text(response)
    body = main_html(response)
    assert '<label class="form-field__label" for="lieu">' in body
    assert 'name="etape" value="situation"' in body  # the answer goes to the next step


def test_sending_no_answer_says_so_in_french(client):
    response = client.get(URL, {"etape": "danger", "envoi": "1"})
    assert response.status_code == 200
    assert "Choisissez une réponse : oui ou non." in main_text(response)
    assert 'role="alert"' in main_html(response)
    assert response.content.decode().count("<title>Erreur :") == 1


def test_sending_no_situation_keeps_the_place_and_asks_again(client):
    response = client.get(URL, {"etape": "situation", "lieu": "57463", "envoi": "1"})
    assert_every_step_basics(response, 3, 4)
    text = main_text(response)
    assert "Choisissez la réponse qui décrit le mieux la situation." in text
    assert "Logement situé à Metz" in text
    assert 'href="#reponse-1"' in main_html(response)  # the error leads to the first choice


def test_an_unknown_step_shows_the_first_question_not_an_error_page(client):
    response = client.get(URL, {"etape": "nimporte", "lieu": "x" * 500})
    assert_every_step_basics(response, 1, 4)
    assert "Cette étape n’existe pas" in main_text(response)


def test_metz_by_name_goes_on_with_its_insee_code(client):
    response = walk(client, {"etape": "situation", "lieu": "Metz"})
    assert response.redirect_chain == [(f"{URL}?etape=situation&lieu=57463", 302)]
    assert_every_step_basics(response, 3, 4)
    text = main_text(response)
    assert "Logement situé à Metz (code INSEE 57463)" in text
    assert "La personne est-elle déjà suivie ou accepte-t-elle une aide ?" in text
    values = re.findall(r'type="radio" name="reponse"[^>]*value="([^"]+)"', main_html(response))
    assert values == ["suivie", "accepte", "refus", "sans-contact"]


def test_a_followed_person_in_metz_gets_the_cmp_the_erah_and_the_metz_procedure(client):
    response = walk(
        client, {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": "suivie"}
    )
    assert response.redirect_chain == [(f"{URL}?etape=soins&lieu=57463&situation=suivie", 302)]
    assert_every_step_basics(response, 4, 4)
    text = main_text(response)
    assert "Secteur de psychiatrie adulte du territoire messin (CH de Jury)" in text
    cmp = text.index("CMP de Metz (CH de Jury)")
    erah = text.index("ERAH, équipe réseau des alternatives à l’hospitalisation (CH de Jury)")
    assert cmp < erah
    assert CMP_METZ_LINE in text
    assert 'href="tel:0199005701"' in main_html(response)
    assert "Procédure du territoire messin" in text
    assert "en cours de définition (cf. fiche modèle)" in text
    assert "à adapter par votre territoire" in text
    assert "Notez les faits, pas un diagnostic" in text


def test_a_person_who_accepts_help_gets_the_same_care_contacts(client):
    response = walk(
        client, {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": "accepte"}
    )
    text = main_text(response)
    assert "La personne accepte une aide" in text
    assert "CMP de Metz (CH de Jury)" in text and "ERAH" in text


@pytest.mark.parametrize("answer", ["refus", "sans-contact"])
def test_a_refusal_or_no_contact_gets_the_clsm_and_the_referent(client, answer):
    response = walk(
        client, {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": answer}
    )
    assert response.redirect_chain == [
        (f"{URL}?etape=coordination&lieu=57463&situation={answer}", 302)
    ]
    assert_every_step_basics(response, 4, 4)
    text = main_text(response)
    assert "CLSM du territoire messin" in text
    assert "Coordination CLSM" in text
    assert "Prévenez votre référent santé psychique et logement" in text
    assert "Procédure du territoire messin" in text
    # The CLSM coordination line is for partners: an anonymous visitor sees the note only.
    assert CLSM_METZ_LINE not in text
    clsm = text.index("Coordination CLSM")
    assert "réservé aux partenaires" in text[clsm : clsm + 200]
    # Care stays one link away.
    assert f'href="{URL}?etape=soins&amp;lieu=57463"' in main_html(response)


def test_the_erah_partner_line_is_hidden_from_an_anonymous_visitor(client):
    response = client.get(URL, {"etape": "soins", "lieu": "57463", "situation": "suivie"})
    body = response.content.decode()
    assert ERAH_LINE not in body and ERAH_LINE.replace(" ", "") not in body
    text = main_text(response)
    line = text.index("Ligne directe ERAH")
    assert "réservé aux partenaires" in text[line : line + 200]
    assert "Cache-Control" not in response.headers  # public page, nothing private in it


def test_the_erah_partner_line_is_shown_to_an_accredited_partner(client):
    client.force_login(make_user("partenaire.crise"))
    response = client.get(URL, {"etape": "soins", "lieu": "57463", "situation": "suivie"})
    body = response.content.decode()
    assert ERAH_LINE in body
    assert f'href="tel:{ERAH_LINE.replace(" ", "")}"' in body
    cache = response.headers["Cache-Control"]
    assert "private" in cache and "no-store" in cache


def test_an_expired_account_sees_what_the_public_sees(client):
    client.force_login(make_user("expire.crise", expires_in_days=-1))
    response = client.get(URL, {"etape": "soins", "lieu": "57463"})
    assert ERAH_LINE not in response.content.decode()


def test_montigny_les_metz_is_covered_by_the_metz_sector_and_procedure(client):
    response = walk(client, {"etape": "soins", "lieu": "57480", "situation": "suivie"})
    text = main_text(response)
    assert "CMP de Metz (CH de Jury)" in text
    assert "Procédure du territoire messin" in text


def test_paris_asks_for_the_arrondissement_with_links_to_the_next_step(client):
    response = client.get(URL, {"etape": "situation", "lieu": "Paris"})
    assert response.status_code == 200
    text = main_text(response)
    assert "Étape 2 sur 4" in text
    assert "précisez l’arrondissement" in text
    assert "Choisissez l’arrondissement" in text
    assert f'href="{URL}?etape=situation&amp;lieu=75111"' in main_html(response)


def test_paris_11e_gives_its_cmp_and_the_passerelle_inversee(client):
    response = walk(client, {"etape": "soins", "lieu": "75111", "situation": "accepte"})
    text = main_text(response)
    assert "CMP du 11e arrondissement (GHT Paris)" in text
    assert "01 99 00 75 11" in text
    assert "Procédure du territoire messin" not in text
    assert "Procédure du territoire parisien (DLAI)" in text
    assert "à adapter par votre territoire" in text
    coordination = walk(client, {"etape": "coordination", "lieu": "75111", "situation": "refus"})
    assert "CLSM des 11e, 17e et 19e arrondissements de Paris" in main_text(coordination)


PARIS_SOURCE = (
    "Source : Fiche projet « Dispositif expérimental de logement accompagné pour l’inclusion "
    "des personnes atteintes de troubles psychiques (DLAI) »"
)


@pytest.mark.parametrize("code", ["75111", "75117", "75119"])
@pytest.mark.parametrize("step,situation", [("soins", "suivie"), ("coordination", "refus")])
def test_paris_11e_17e_19e_get_the_paris_procedure_never_the_metz_one(
    client, code, step, situation
):
    response = walk(client, {"etape": step, "lieu": code, "situation": situation})
    assert_every_step_basics(response, 4, 4)
    text = main_text(response)
    assert "Procédure du territoire parisien (DLAI)" in text
    assert "La « passerelle inversée » des 11e, 17e et 19e arrondissements de Paris" in text
    assert "signalez le locataire de votre parc dans le cadre du dispositif" in text
    assert PARIS_SOURCE in text
    assert "Procédure du territoire messin" not in text and "ARELOR" not in text
    assert "Repères du parcours" in text  # the path's own reminders stay


def test_metz_gets_the_metz_procedure_and_a_place_without_one_the_generic_steps(client):
    metz = main_text(walk(client, {"etape": "soins", "lieu": "57463", "situation": "suivie"}))
    assert "Procédure du territoire messin" in metz and "passerelle inversée" not in metz
    lyon = main_text(walk(client, {"etape": "soins", "lieu": "69381", "situation": "suivie"}))
    assert "Procédure du territoire" not in lyon
    assert "Repères du parcours" in lyon and "Appelez le CMP du secteur" in lyon


def test_a_paris_arrondissement_outside_the_dlai_gets_the_generic_steps(client):
    load_communes("75112")
    text = main_text(walk(client, {"etape": "soins", "lieu": "75112", "situation": "suivie"}))
    assert "Logement situé à Paris 12e Arrondissement" in text
    assert "Procédure du territoire" not in text and "passerelle inversée" not in text
    assert "Repères du parcours" in text


def test_the_cards_of_the_result_say_how_fresh_they_are(client):
    text = main_text(walk(client, {"etape": "soins", "lieu": "57463", "situation": "suivie"}))
    cmp = text.index("CMP de Metz (CH de Jury)")
    erah = text.index("ERAH, équipe réseau des alternatives à l’hospitalisation (CH de Jury)")
    # The demo verifies nothing: every entry and contact line says « à vérifier ».
    assert "À vérifier · Jamais vérifié" in text[cmp:erah]
    assert "À vérifier · Jamais vérifié" in text[erah:]
    coordination = walk(client, {"etape": "coordination", "lieu": "57463", "situation": "refus"})
    clsm = main_text(coordination).index("CLSM du territoire messin")
    assert "À vérifier" in main_text(coordination)[clsm : clsm + 800]


def test_the_erah_direct_line_leaves_the_anonymous_agent_a_way_to_see_it(client):
    response = client.get(URL, {"etape": "soins", "lieu": "57463", "situation": "suivie"})
    text = main_text(response)
    line = text.index("Ligne directe ERAH")
    card = text[line : line + 500]
    assert "La ligne directe est réservée aux partenaires : connectez-vous pour la voir" in card
    # Neither the ERAH nor its hospital has a public line in the demo: said, not invented.
    assert "Aucun numéro public n’est connu pour cette structure." in card
    assert ERAH_LINE not in response.content.decode()
    login = reverse("accounts:login") + "?next=/guide/en-cas-de-crise/%3Fetape%3Dsoins"
    assert f'href="{login}' in main_html(response)


def test_an_unknown_commune_gets_a_french_message_and_keeps_what_was_typed(client):
    response = client.get(URL, {"etape": "situation", "lieu": "Zzzville<b>"})
    assert response.status_code == 200
    text = main_text(response)
    assert "Aucune commune ne correspond à « Zzzville<b> »" in text
    assert "Zzzville<b>" not in main_html(response)  # escaped
    assert 'value="Zzzville&lt;b&gt;"' in main_html(response)
    assert 'aria-invalid="true"' in main_html(response)


def test_an_empty_or_overlong_place_is_a_french_error_never_a_500(client):
    empty = client.get(URL, {"etape": "situation", "lieu": ""})
    assert "Indiquez une commune, un code postal ou un arrondissement." in main_text(empty)
    long = client.get(URL, {"etape": "situation", "lieu": "M" * 101})
    assert long.status_code == 200
    assert "Le lieu est trop long : 100 caractères au plus." in main_text(long)


def test_a_post_is_refused(client):
    assert client.post(URL, {"etape": "danger", "reponse": "oui"}).status_code == 405


# --- Nothing is kept --------------------------------------------------------------------------

WHOLE_PATH = [
    {},
    {"etape": "danger", "envoi": "1", "reponse": "oui"},
    {"etape": "danger", "envoi": "1", "reponse": "violence"},
    {"etape": "danger", "envoi": "1", "reponse": "non"},
    {"etape": "situation", "lieu": "Metz"},
    {"etape": "situation", "lieu": "Paris"},
    {"etape": "situation", "lieu": "Zzzville"},
    {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": "suivie"},
    {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": "accepte"},
    {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": "refus"},
    {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": "sans-contact"},
    {"etape": "situation", "lieu": "57463", "envoi": "1"},
    {"etape": "inconnue"},
]


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.mark.parametrize("role", ["anonymous", "partner"])
def test_walking_the_whole_path_writes_nothing(client, role):
    if role == "partner":
        client.force_login(make_user("partenaire.trace"))
        session_before = dict(client.session.items())
    before = row_counts()
    with CaptureQueriesContext(connection) as captured:
        for params in WHOLE_PATH:
            assert walk(client, params).status_code == 200
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", query["sql"], re.I)
    ]
    assert writes == []
    assert row_counts() == before
    if role == "anonymous":
        assert "sessionid" not in client.cookies
    else:
        assert dict(client.session.items()) == session_before


def test_no_form_of_the_path_asks_anything_about_the_person(client):
    names = set()
    for params in WHOLE_PATH:
        names |= form_fields(walk(client, params))
    assert names == ALLOWED_FIELDS


def test_the_path_logs_nothing_about_the_place(client, caplog):
    caplog.set_level(logging.DEBUG, logger="guide")
    caplog.set_level(logging.INFO)
    for params in WHOLE_PATH:
        walk(client, params)
    assert "57463" not in caplog.text and "Metz" not in caplog.text


# --- Links to the guide's procedure chapters --------------------------------------------------


def _chapter(slug, *, restricted=False):
    from wagtail.models import PageViewRestriction

    from hub.models import HomePage, StandardPage

    home = HomePage.objects.get()
    page = home.add_child(instance=StandardPage(title=f"Chapitre {slug}", slug=slug))
    if restricted:
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    return page


@pytest.fixture
def chapters_are_standard_pages(monkeypatch):
    """Stand-in for GuideChapterPage, to control the slugs and the restrictions."""
    from hub.models import StandardPage

    monkeypatch.setattr("guide.views.crisis.chapter_model", lambda: StandardPage)


def test_without_the_guide_model_the_path_links_no_chapter_and_still_works(client, monkeypatch):
    monkeypatch.setattr("guide.views.crisis.chapter_model", lambda: None)
    response = client.get(URL, {"etape": "soins", "lieu": "57463"})
    assert response.status_code == 200
    assert "Dans le guide :" not in main_text(response)


@pytest.mark.usefixtures("chapters_are_standard_pages")
def test_a_procedure_chapter_is_linked_only_to_who_may_see_it(client):
    _chapter("procedure-de-signalement")
    _chapter("signalement-partenaires", restricted=True)
    _chapter("glossaire")
    anonymous = main_text(client.get(URL, {"etape": "soins", "lieu": "57463"}))
    assert "Dans le guide : Chapitre procedure-de-signalement" in anonymous
    assert "signalement-partenaires" not in anonymous
    assert "glossaire" not in anonymous
    client.force_login(make_user("partenaire.guide"))
    partner = main_text(client.get(URL, {"etape": "urgence"}))
    assert "Dans le guide : Chapitre signalement-partenaires" in partner
    assert "Dans le guide : Chapitre procedure-de-signalement" in partner
    assert "glossaire" not in partner


def test_the_demo_guide_chapter_on_reporting_is_linked_from_the_result(client):
    from guide.models import GuideChapterPage

    chapter = GuideChapterPage.objects.live().filter(slug="signalement-et-intervention").first()
    if chapter is None:
        pytest.skip("the guide demo has no reporting chapter (yet)")
    response = client.get(URL, {"etape": "coordination", "lieu": "57463", "situation": "refus"})
    assert f'href="{chapter.url}"' in main_html(response)
    assert f"Dans le guide : {chapter.title}" in main_text(response).replace("’", "'")

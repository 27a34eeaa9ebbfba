"""Places as people type them (`directory.places.resolve`): a code that is both a postcode
and another commune's INSEE code, a postcode shared by communes, homonyms, too many
matches; and the Grand Lyon territory as the Métropole de Lyon (`directory.epci`)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from directory import epci
from directory.places import MAX_PREFIX_CHOICES, Status, resolve
from directory.who_covers import who_covers
from hub.models.territories import TerritoryPage
from tests.directory.helpers import load_communes, make_instance, make_organisation

ANONYMOUS = AnonymousUser()


def choices(resolution):
    return [(choice.code, choice.reading, choice.label) for choice in resolution.choices]


def test_13014_offers_marseille_14e_by_postcode_then_berre_by_insee_code():
    load_communes("13214", "13014")  # Marseille 14e (and its city), Berre-l'Étang
    resolution = resolve("13014")
    assert resolution.status == Status.AMBIGUOUS
    assert choices(resolution) == [
        ("13214", "postcode", "Marseille 14e Arrondissement (13) — code postal 13014"),
        ("13014", "insee", "Berre-l'Étang (13) — code INSEE"),
    ]
    assert "Plusieurs communes correspondent à « 13014 »" in resolution.message


def test_each_choice_value_resolves_exactly_to_its_commune():
    load_communes("13214", "13014", "69381", "69001")
    for typed in ("13014", "69001", " 13 014 "):
        resolution = resolve(typed)
        assert len(resolution.choices) == 2, typed
        for choice in resolution.choices:
            chosen = resolve(choice.value)
            assert chosen.status == Status.FOUND, choice.value
            assert chosen.commune == choice.commune
    values = {choice.code: choice.value for choice in resolve("13014").choices}
    # 13214 is no postcode: the bare INSEE code is exact; 13014 is one: the name goes along.
    assert values == {"13214": "13214", "13014": "Berre-l'Étang (13014)"}


def test_69001_offers_lyon_1er_then_affoux():
    load_communes("69381", "69001")
    assert [(c.code, c.reading) for c in resolve("69001").choices] == [
        ("69381", "postcode"),
        ("69001", "insee"),
    ]


def test_a_postcode_shared_by_communes_offers_them_all_before_the_insee_reading():
    # 57050: Metz and four neighbours share it; it is also Barchain's INSEE code.
    load_communes("57463", "57049", "57412", "57415", "57545", "57050")
    resolution = resolve("57050")
    assert resolution.status == Status.AMBIGUOUS
    readings = [(c.code, c.reading) for c in resolution.choices]
    assert {code for code, _ in readings[:5]} == {"57463", "57049", "57412", "57415", "57545"}
    assert readings[0] == ("57463", "postcode")  # the most populated first
    assert readings[5] == ("57050", "insee")
    assert resolution.choices[5].label == "Barchain (57) — code INSEE"


def test_a_single_match_goes_straight_through():
    load_communes("57447", "57463", "75116")
    for typed, code in [("57155", "57447"), ("57463", "57463"), ("Metz", "57463")]:
        resolution = resolve(typed)
        assert resolution.status == Status.FOUND, typed
        assert resolution.commune.code == code
    # 75116 is both Paris 16e's INSEE code and one of its postcodes: one place.
    assert resolve("75116").commune.code == "75116"


def test_the_arrondissement_wins_over_its_city_for_a_postcode():
    load_communes("13214", "75111")
    assert resolve("13014").commune.code == "13214"  # Berre-l'Étang not loaded here
    assert resolve("75011").commune.code == "75111"


def test_homonyms_are_labelled_with_their_department_and_a_postcode():
    load_communes("57447", "59383", "78372")  # Marly (57), Marly (59), Marly-le-Roi
    resolution = resolve("Marly")
    assert resolution.status == Status.AMBIGUOUS
    # The exact name wins over Marly-le-Roi, which starts with it.
    assert [choice.label for choice in resolution.choices] == [
        "Marly (59) — code postal 59770",
        "Marly (57) — code postal 57155",
    ]
    assert resolve("Marly (57)").commune.code == "57447"
    assert resolve(resolution.choices[0].label.split(" —")[0]).commune.code == "59383"


def test_too_many_matches_ask_for_more_rather_than_a_long_list():
    # The twelve Sainte-Colombe: all offered for the exact name, too many for a prefix.
    from tests.directory.helpers import _gazetteer_rows

    codes = [code for code, row in _gazetteer_rows().items() if row["nom"] == "Sainte-Colombe"]
    assert len(codes) == 12 > MAX_PREFIX_CHOICES
    load_communes(*codes)
    assert len(resolve("Sainte-Colombe").choices) == 12
    resolution = resolve("Sainte-Colo")
    assert resolution.status == Status.TOO_MANY
    assert resolution.choices == []
    assert "Trop de communes correspondent à « Sainte-Colo » (plus de 10)" in resolution.message
    assert "« Marly (57) »" in resolution.message


@pytest.mark.parametrize("typed", ["Atlantide", "99999", "Paris 42e", "Metz (13014)", "%%%"])
def test_no_match_is_a_french_message(typed):
    load_communes("57463", "13014")
    resolution = resolve(typed)
    assert resolution.status == Status.NOT_FOUND
    assert f"Aucune commune ne correspond à « {typed} »" in resolution.message


def test_an_empty_place_asks_for_one():
    assert resolve("   ").status == Status.EMPTY


# --- Grand Lyon as the metropolis ------------------------------------------------------


def test_the_vendored_metropole_de_lyon_has_its_58_communes():
    """The brief said 59: Oullins and Pierre-Bénite merged on 1 January 2024 into
    Oullins-Pierre-Bénite (69149), which the vendored Etalab 6.0.0 file lists."""
    members = epci.members(epci.METROPOLE_DE_LYON)
    assert len(members) == len(set(members)) == 58
    assert {"69123", "69266", "69259", "69149"} <= set(members)
    assert "69001" not in members  # Affoux, in the Rhône but not in the metropolis
    assert "69152" not in members  # Pierre-Bénite, merged


def grand_lyon_page():
    """The Grand Lyon territory page of the demo, as `load_demo` writes it."""
    from wagtail.models import Page

    from hub.demo.territories import TERRITORIES, commune_codes

    data = next(t for t in TERRITORIES if t["slug"] == "grand-lyon")
    page = TerritoryPage(
        title=data["title"],
        slug=data["slug"],
        short_name=data["short_name"],
        department_code=data["department_code"],
        region=data["region"],
        perimeter=data["perimeter"],
        commune_codes=commune_codes(data),
        partnership_name=data["partnership_name"],
    )
    Page.get_first_root_node().add_child(instance=page)
    return page


def test_the_grand_lyon_territory_covers_the_metropolis_not_the_rest_of_the_rhone():
    communes = load_communes("69266", "69259", "69001", "69383")
    page = grand_lyon_page()
    assert page.covers(communes["69266"])  # Villeurbanne
    assert page.covers(communes["69259"])  # Vénissieux
    assert page.covers(communes["69383"])  # Lyon 3e
    assert not page.covers(communes["69001"])  # Affoux
    assert len(page.commune_code_list) == 58 + 9  # and Lyon's nine arrondissements


def test_villeurbanne_finds_who_covers_the_grand_lyon_but_affoux_does_not():
    communes = load_communes("69266", "69259", "69001", "69123")
    page = grand_lyon_page()
    partner = make_organisation("Partenaire du Grand Lyon", commune=communes["69123"])
    partner.territories.set([page])
    committee = make_instance("Comité de projet de test", kind="groupe-travail")
    committee.territory_page = page
    committee.save()

    for code in ("69266", "69259"):
        result = who_covers(code, ANONYMOUS)
        assert result.status == Status.FOUND, code
        assert [e.item.name for e in result.partners] == ["Partenaire du Grand Lyon"], code
        assert [e.item.name for e in result.instances] == ["Comité de projet de test"], code

    affoux = who_covers("Affoux", ANONYMOUS)
    assert affoux.status == Status.FOUND and affoux.is_empty

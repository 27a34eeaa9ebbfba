"""Every postcode of the four territories' departments, read from the real gazetteer
(directory/data/communes-fr.json.gz, loaded once for this module by `load_communes`).

The expectations are computed from the file's rows, not from the database: the communes
that carry a postcode (less a city whose arrondissement carries it too), then the commune
whose INSEE code it is, if that one does not carry it.

Counts in the file (Etalab 6.0.0): 354 postcodes are carried by a commune of the Rhône
(69: 92), the Moselle (57: 114), the Bouches-du-Rhône (13: 127) or Paris (75: 21); 141 of
them are also the INSEE code of another commune (13014: Marseille 14e / Berre-l'Étang,
69001: Lyon 1er / Affoux, 57050: Metz and four neighbours / Barchain...) and offer both
readings, postcode first; 141 postcodes designate one place and go straight through, 213
offer a choice.
"""

from __future__ import annotations

import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction

from directory.models import Reading
from directory.places import Status, resolve
from tests.directory.helpers import _gazetteer_rows

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("gazetteer_once")]

DEPARTMENTS = {"69", "57", "13", "75"}


@pytest.fixture(scope="module")
def gazetteer_once(django_db_setup, django_db_blocker):
    """The full gazetteer, loaded once for this module and rolled back at the end."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("load_communes", stdout=io.StringIO())
            yield
            transaction.set_rollback(True)


def expected_readings() -> dict[str, tuple[list[str], str | None]]:
    """postcode -> (the communes carrying it, the commune whose INSEE code it is or None)."""
    rows = _gazetteer_rows()
    carriers = defaultdict(list)
    for code, row in rows.items():
        for postcode in row.get("codesPostaux") or []:
            carriers[postcode].append(code)
    expected = {}
    for postcode, codes in carriers.items():
        if not any(rows[code]["departement"] in DEPARTMENTS for code in codes):
            continue
        cities = {rows[code].get("commune") for code in codes}
        carrying = [code for code in codes if code not in cities]
        insee = postcode if postcode in rows and postcode not in codes else None
        expected[postcode] = (carrying, insee)
    return expected


def test_every_postcode_of_the_four_departments_offers_its_communes_first():
    expected = expected_readings()
    assert len(expected) == 354
    both = single = offered = 0
    for postcode, (carrying, insee) in sorted(expected.items()):
        resolution = resolve(postcode)
        places = carrying + ([insee] if insee else [])
        if len(places) == 1:
            single += 1
            assert resolution.status == Status.FOUND, postcode
            assert resolution.commune.code == places[0], postcode
            continue
        offered += 1
        assert resolution.status == Status.AMBIGUOUS, postcode
        got = [choice.code for choice in resolution.choices]
        assert len(got) == len(places), postcode
        assert set(got[: len(carrying)]) == set(carrying), postcode
        for choice in resolution.choices[: len(carrying)]:
            assert choice.reading == Reading.POSTCODE, postcode
            assert choice.label.endswith(f"— code postal {postcode}"), choice.label
        if insee:
            both += 1
            last = resolution.choices[-1]
            assert (last.code, last.reading) == (insee, Reading.INSEE), postcode
            assert last.label.endswith("— code INSEE"), last.label
        # Following a choice leads to its commune, without asking again.
        for choice in resolution.choices:
            chosen = resolve(choice.value)
            assert chosen.status == Status.FOUND, choice.value
            assert chosen.commune.code == choice.code, choice.value
    assert (single, offered) == (141, 213)
    assert both == 141


@pytest.mark.parametrize(
    ("typed", "first", "insee"),
    [
        ("13014", "13214", "13014"),  # Marseille 14e, then Berre-l'Étang
        ("69001", "69381", "69001"),  # Lyon 1er, then Affoux
        ("57050", "57463", "57050"),  # Metz first of five, then Barchain
        ("57155", "57447", "57155"),  # Marly, then Courcelles-Chaussy
        ("69100", "69266", "69100"),  # Villeurbanne, then Irigny
    ],
)
def test_the_reported_codes_offer_the_postcode_first(typed, first, insee):
    resolution = resolve(typed)
    assert resolution.status == Status.AMBIGUOUS
    assert resolution.choices[0].code == first
    assert resolution.choices[-1].code == insee


def test_a_name_prefix_with_dozens_of_matches_asks_for_more():
    resolution = resolve("Saint")
    assert resolution.status == Status.TOO_MANY
    assert "Trop de communes correspondent à « Saint »" in resolution.message
    # An exact name shared by many communes is still offered in full.
    assert len(resolve("Sainte-Colombe").choices) == 12
    assert resolve("Sainte-Colombe (69)").commune.department == "69"

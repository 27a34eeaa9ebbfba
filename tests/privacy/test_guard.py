"""The privacy guard as a pure function (hub.privacy.guard): what is refused, what is
warned, and the professional French that must pass untouched."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.privacy import guard
from hub.privacy.guard import BIRTH_DATE, HEALTH_MENTION, SOCIAL_SECURITY_NUMBER

pytestmark = pytest.mark.no_django_db


def kinds(text):
    return [finding.kind for finding in guard.inspect(text)]


# --- Social-security numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Le patient 1 85 05 78 006 084 36 n'a pas été reçu.",
        "NIR 2 55 08 14 168 025 38",
        "numéro 255081416802538",
        "sécu : 2.55.08.14.168.025.38",
        "Sécurité sociale 2-55-08-14-168-025-38",
        "carte vitale 2 55 08 14 168 025",
        "Dossier 2 84 12 2A 123 456 47",
        "Dossier 2 84 12 2B 123 456 74",
        "né en Corse : 284122A12345647",
        # Inside a longer run of digits, recognised by its right key.
        "réf. 12 2 55 08 14 168 025 38",
        "dossier 4521 2 84 12 2A 123 456 47",
    ],
)
def test_a_social_security_number_is_refused(text):
    assert SOCIAL_SECURITY_NUMBER in kinds(text)
    assert guard.inspect(text)[0].refused


def test_the_key_is_97_minus_the_number_modulo_97_with_corsica_read_as_19_and_18():
    assert guard.nir_key("2550814168025") == 38
    assert guard.nir_key("284122A123456") == 97 - 2841219123456 % 97
    assert guard.nir_key("284122B123456") == 97 - 2841218123456 % 97


@pytest.mark.parametrize(
    "text",
    [
        "Nouveau standard : 03 87 65 43 21.",
        "Tél. +33 3 87 65 43 21 ou 06.12.34.56.78",
        "Le SIRET de l'hôpital est 26570123400014 et non l'ancien.",
        "SIRET 265 701 234 00014",
        "Communes : 13201 13202 13203",
        "Codes INSEE 13214 13215 13216",
        "Budget : 401 075 euros sur trois ans.",
        "FINESS 570000123",
        # The same digits inside a longer run, with a wrong key: a list, not a person.
        "réf. 12 2 55 08 14 168 025 39",
    ],
)
def test_numbers_of_structures_phones_and_codes_are_not_social_security_numbers(text):
    assert SOCIAL_SECURITY_NUMBER not in kinds(text)


DEPARTMENTS = [f"{number:02d}" for number in range(1, 96) if number != 20] + ["2A", "2B"]
# The machine running the tests may be busy: no deadline, no complaint about slowness.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def valid_nirs():
    return st.builds(
        lambda sex, year, month, dep, commune, order: (
            f"{sex}{year:02d}{month:02d}{dep}{commune:03d}{order:03d}"
        ),
        st.sampled_from("12"),
        st.integers(0, 99),
        st.integers(1, 12),
        st.sampled_from(DEPARTMENTS),
        st.integers(1, 990),
        st.integers(1, 999),
    ).map(lambda first: first + f"{guard.nir_key(first):02d}")


def card_format(nir):
    parts = [nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:]]
    return " ".join(parts)


@RELAXED
@given(
    nir=valid_nirs(),
    layout=st.sampled_from(["compact", "card", "dots", "hyphens"]),
    before=st.sampled_from(["", "Locataire ", "NIR : ", "dossier n° 12 "]),
)
def test_any_valid_nir_is_refused_however_it_is_written(nir, layout, before):
    written = {
        "compact": nir,
        "card": card_format(nir),
        "dots": card_format(nir).replace(" ", "."),
        "hyphens": card_format(nir).replace(" ", "-"),
    }[layout]
    assert guard.has_social_security_number(f"{before}{written}, merci.")


@RELAXED
@given(st.lists(st.integers(0, 99), min_size=4, max_size=4), st.sampled_from("123456789"))
def test_a_french_phone_number_is_never_refused(pairs, first):
    number = f"0{first} " + " ".join(f"{pair:02d}" for pair in pairs)
    assert guard.inspect(f"Joignable au {number} (standard).") == []


# --- Dates of birth ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "né le 12/03/1975",
        "Locataire né le 12/03/1985 en difficulté.",
        "Patiente née le 3 mars 1990.",
        "Mme X, née le 1er janvier 1960, ne paie plus.",
        "né(e) le 12.03.75",
        "ne le 12-03-1975",
        "née à Metz le 3 mars 1990",
        "date de naissance : 01-02-1975",
        "Date de naissance 1975-03-12",
        "DDN 12/03/1975",
        "ddn : 1975",
        "année de naissance : 1982",
        "naissance : 12/03/1975",
    ],
)
def test_a_date_of_birth_is_refused(text):
    assert BIRTH_DATE in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "réunion le 12/03/2026",
        "Réunion du comité de projet le 12/03/2026 à 14 h au CMP de Metz.",
        "Le numéro ne répond plus depuis le 3 mars 2025.",
        "En poste depuis le 01/09/2024.",
        "Dispositif né du protocole du 5 novembre 2018.",
        "Le CLSM est né en 2013 de la volonté des élus.",
        "La convention a été signée le 12 mars 2013.",
    ],
)
def test_dates_of_meetings_and_of_schemes_are_not_dates_of_birth(text):
    assert BIRTH_DATE not in kinds(text)


@RELAXED
@given(
    day=st.integers(1, 28),
    month=st.integers(1, 12),
    year=st.integers(1930, 2030),
    lead=st.sampled_from(["Réunion le", "Plénière du", "Comité de pilotage le", "Mise à jour :"]),
)
def test_a_meeting_date_is_never_taken_for_a_birth_date(day, month, year, lead):
    assert guard.inspect(f"{lead} {day:02d}/{month:02d}/{year}.") == []


# --- Health mentions (warned) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, seen",
    [
        ("Mme Martin, schizophrène", "Mme Martin, schizophrène"),
        ("Mme Durand, bipolaire, hospitalisée", "Mme Durand, bipolaire"),
        ("M. Dupont est hospitalisé en HDT", "M. Dupont est hospitalisé"),
        ("Kevin, bipolaire", "Kevin, bipolaire"),
        ("Kévin Lefèvre est schizophrene depuis longtemps", "Kévin Lefèvre est schizophrene"),
        (
            "Madame Benali a décompensé hier : décompensée et délirante.",
            "Madame Benali a décompensé",
        ),
        (
            "Monsieur Petit (locataire) est en SDRE depuis lundi.",
            "Monsieur Petit (locataire) est en SDRE",
        ),
        ("M. B., schizophrène stabilisé, a retrouvé un logement", "M. B., schizophrène"),
        ("Mlle Roux, suivie au CMP, ne sort plus.", "Mlle Roux, suivie au CMP"),
        (
            "Le locataire hospitalisé, M. Garnier, a laissé le gaz ouvert.",
            "hospitalisé, M. Garnier",
        ),
        ("Jean-Pierre est sous neuroleptiques.", "Jean-Pierre est sous neuroleptiques"),
        ("MME DURAND, BIPOLAIRE", "MME DURAND, BIPOLAIRE"),
        ("Mr Morel a fait une tentative de suicide.", "Mr Morel a fait une tentative de suicide"),
        ("Nadia souffre de dépression.", "Nadia souffre de dépression"),
    ],
)
def test_a_named_person_next_to_a_diagnosis_or_care_is_warned(text, seen):
    findings = [f for f in guard.inspect(text) if f.kind == HEALTH_MENTION]
    assert findings, text
    assert not findings[0].refused
    assert findings[0].excerpt == seen
    message = findings[0].message
    assert f"« {findings[0].excerpt} »" in message
    assert "le locataire" in message and "la personne accompagnée" in message


@pytest.mark.parametrize(
    "text",
    [
        "le CMP de Metz",
        "La schizophrénie est une maladie qui se soigne ; le trouble bipolaire aussi.",
        "Les personnes hospitalisées sans consentement (SDRE, SDT) gardent leurs droits.",
        "M. le Directeur",
        "Mme la Présidente du CLSM",
        "Monsieur le Maire a ouvert la plénière sur l'accès aux soins des patients bipolaires.",
        "Madame, Monsieur, le CLSM se réunit le 12/03/2026.",
        "Mme Martin, psychiatre, centre expert bipolaire",
        "M. Dupont, infirmier au CMP, accompagne des patients hospitalisés.",
        "Dr Lambert, praticien hospitalier, unité d'hospitalisation complète.",
        "Patients hospitalisés au CH Édouard Toulouse.",
        "Centre hospitalier Saint Jean de Dieu : unité pour patients schizophrènes.",
        "Accueil CMP, 03 87 65 43 21",
        "Mme Martin, chargée de mission santé mentale au CLSM.",
        "Dépression : repérer les signes chez un locataire.",
        "Le secret partagé protège la personne accompagnée.",
        "Mme Martin (CESF) : repérage des troubles psychiques.",
    ],
)
def test_professional_and_general_french_passes(text):
    assert guard.inspect(text) == []


def test_a_name_and_a_diagnosis_in_different_sentences_are_not_linked():
    text = "Contact : Mme Martin. La schizophrénie touche 1 % de la population."
    assert guard.inspect(text) == []


def test_a_name_far_from_the_term_is_not_linked():
    text = (
        "Mme Martin présentera demain matin à la plénière du comité de projet le nouveau "
        "bilan annuel, puis le point sur la schizophrénie."
    )
    assert HEALTH_MENTION not in kinds(text)


def test_refusals_come_before_warnings_and_all_are_reported():
    text = "Mme Durand, bipolaire, née le 12/03/1975, NIR 2 55 08 14 168 025 38."
    assert kinds(text) == [SOCIAL_SECURITY_NUMBER, BIRTH_DATE, HEALTH_MENTION]


def test_validate_raises_one_error_with_every_message():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        guard.validate("Kevin, bipolaire, né le 12/03/1975")
    assert len(raised.value.messages) == 2
    assert {error.code for error in raised.value.error_list} == {"identifier"}
    guard.validate("Réunion le 12/03/2026 au CMP de Metz.")


@RELAXED
@given(st.text(alphabet=string.ascii_lowercase + " ,.'", max_size=200))
def test_lower_case_prose_without_digits_never_names_a_person(text):
    # No capital, no digit: no title, no first name, no number, no date.
    assert guard.inspect(text) == []

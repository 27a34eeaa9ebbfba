"""Issue 13: where a number is picked up, it says how fresh it is, and a direct line kept
for partners leaves the reader with the structure's public number, never the hidden one.

A small world at Thionville (no demo): a hospital with a public switchboard, its CMP with a
public reception line and a partners-only direct line (the canary), its mobile team whose
only contact is a partners-only direct line (a second canary), and a family-only line that
is never announced. Read through `/qui-contacter/` and the crisis path, as a landlord
agent does."""

from __future__ import annotations

import html
import re
from datetime import date
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from directory.models import OrganisationKind
from directory.public_lines import has_reserved_line, public_line
from directory.who_covers import contact_card, who_covers
from hub.access import Tier
from tests.accounts import BAILLEURS, family, make_user
from tests.directory.helpers import load_communes, make_contact, make_organisation, make_sector

ANONYMOUS = AnonymousUser()
CMP_CANARY = "01 99 00 42 42"
TEAM_CANARY = "01 99 00 42 43"
FAMILY_CANARY = "01 99 00 42 44"
CMP_RECEPTION = "01 99 00 42 00"
HOSPITAL_SWITCHBOARD = "01 99 00 42 01"
SENTENCE = "La ligne directe est réservée aux partenaires : connectez-vous pour la voir."
WHO = "/qui-contacter/"
CRISIS = "/guide/en-cas-de-crise/"
CANARIES = (CMP_CANARY, TEAM_CANARY, FAMILY_CANARY)


@pytest.fixture
def world():
    thionville = load_communes("57672")["57672"]
    hospital = make_organisation(
        "Hôpital de Thionville", OrganisationKind.HOSPITAL, commune=thionville
    )
    make_contact(hospital, role="Standard", phone=HOSPITAL_SWITCHBOARD, email="")
    cmp = make_organisation(
        "CMP de Thionville", OrganisationKind.CMP, commune=thionville, parent=hospital
    )
    make_contact(
        cmp,
        role="Accueil CMP",
        phone=CMP_RECEPTION,
        email="accueil-cmp@example.org",
        verified_on=date(2026, 3, 12),
    )
    make_contact(
        cmp, role="Ligne directe infirmière", phone=CMP_CANARY, phone_tier=Tier.PARTNERS, email=""
    )
    family_line = make_contact(
        cmp, role="Ligne des bailleurs", phone=FAMILY_CANARY, email="", access_tier=Tier.FAMILY
    )
    family_line.access_groups.set([family(BAILLEURS).group])
    team = make_organisation(
        "Équipe mobile de Thionville",
        OrganisationKind.MOBILE_TEAM,
        commune=thionville,
        parent=hospital,
        verified_on=date(2026, 2, 1),
    )
    make_contact(
        team, role="Ligne directe de l'équipe", phone=TEAM_CANARY, access_tier=Tier.PARTNERS
    )
    sector = make_sector("57G42", hospital=hospital, communes=[thionville], cmps=[cmp])
    sector.mobile_teams.set([team])
    return {"hospital": hospital, "cmp": cmp, "team": team, "commune": thionville}


def text_of(response) -> str:
    body = response.content.decode()
    body = body[body.index("<main") : body.index("</main>")]
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    text = re.sub(r"\s+([.,)])", r"\1", re.sub(r"\s+", " ", text))
    return text.replace("'", "’")


def pages(client):
    return {
        "qui-contacter": client.get(WHO, {"lieu": "57672"}),
        "crise": client.get(CRISIS, {"etape": "soins", "lieu": "57672", "situation": "suivie"}),
    }


def assert_no_canary(response):
    body = response.content.decode()
    for canary in CANARIES:
        assert canary not in body and canary.replace(" ", "") not in body


# --- The public number, in /qui-contacter/ and the crisis path -------------------------------


def test_an_anonymous_agent_gets_the_public_numbers_and_the_sentence_never_the_canary(
    client, world
):
    for name, response in pages(client).items():
        assert response.status_code == 200, name
        assert_no_canary(response)
        text = text_of(response)
        body = response.content.decode()
        # The CMP's direct line: the note, the sentence, and the CMP's own reception.
        line = text.index("Ligne directe infirmière")
        card = text[line : line + 400]
        assert "réservé aux partenaires" in card and SENTENCE in card, name
        assert f"Numéro public : {CMP_RECEPTION} (Accueil CMP, CMP de Thionville)" in card
        # The mobile team's only line is partners-only: its parent's switchboard.
        team = text.index("Équipe mobile de Thionville")
        team_card = text[team : team + 500]
        assert SENTENCE in team_card, name
        assert f"{HOSPITAL_SWITCHBOARD} (Standard, Hôpital de Thionville)" in team_card
        assert f'href="tel:{HOSPITAL_SWITCHBOARD.replace(" ", "")}"' in body
        # The login link brings the agent back to the same answer.
        here = f"{response.request['PATH_INFO']}?{response.request['QUERY_STRING']}"
        login = f'href="{reverse("accounts:login")}?next={quote(here, safe="/")}"'
        assert login in body, name
        # A family-only line is never announced: its role stays unknown.
        assert "Ligne des bailleurs" not in text


def test_an_accredited_partner_sees_the_direct_lines_and_no_sentence(client, world):
    client.force_login(make_user("partenaire.lignes"))
    for name, response in pages(client).items():
        body = response.content.decode()
        assert CMP_CANARY in body and TEAM_CANARY in body, name
        assert FAMILY_CANARY not in body  # not in the family of the landlords
        assert "La ligne directe est réservée" not in body
        assert "private" in response.headers["Cache-Control"]
    client.force_login(make_user("bailleur.lignes", families=[BAILLEURS]))
    for name, response in pages(client).items():
        assert FAMILY_CANARY in response.content.decode(), name


def test_an_expired_account_gets_what_an_anonymous_agent_gets(client, world):
    # The accreditation middleware logs an expired account out at its next request.
    client.force_login(make_user("expire.lignes", expires_in_days=-1))
    for name, response in pages(client).items():
        assert_no_canary(response)
        text = text_of(response)
        assert SENTENCE in text, name
        assert HOSPITAL_SWITCHBOARD in text and CMP_RECEPTION in text


def test_a_parent_the_reader_may_not_see_is_never_named_nor_dialled(client, world):
    world["hospital"].access_tier = Tier.PARTNERS
    world["hospital"].save()
    assert public_line(world["team"], ANONYMOUS) is None
    for name, response in pages(client).items():
        text = text_of(response)
        assert HOSPITAL_SWITCHBOARD not in text and "Hôpital de Thionville" not in text, name
        assert SENTENCE in text
        assert "Aucun numéro public n’est connu pour cette structure." in text


def test_a_structure_without_a_direct_line_announces_none(world):
    other = make_organisation("Association sans ligne directe", commune=world["commune"])
    make_contact(other, role="Accueil", phone="01 99 00 42 50")
    assert not has_reserved_line(other, ANONYMOUS, [])
    assert has_reserved_line(world["team"], ANONYMOUS, [])
    assert not has_reserved_line(world["team"], make_user("partenaire.sans"), [])


def test_the_card_of_a_hidden_line_holds_the_reception_never_the_canary(world):
    direct = world["cmp"].contacts.get(role="Ligne directe infirmière")
    card = contact_card(direct, ANONYMOUS)
    assert card.phone_hidden and card.public_line.phone == CMP_RECEPTION
    assert CMP_CANARY not in repr(card)
    # Reception and switchboard lines come first, whatever their order by role.
    make_contact(world["cmp"], role="Addictologie", phone="01 99 00 42 51")
    assert contact_card(direct, ANONYMOUS).public_line.role == "Accueil CMP"
    assert contact_card(direct, make_user("partenaire.carte")).public_line is None
    [team] = who_covers("57672", ANONYMOUS).mobile_teams
    assert team.contacts == [] and team.reserved_line
    assert team.public_line.organisation == "Hôpital de Thionville"


# --- « Vérifié le » where the numbers are picked up -------------------------------------------


def test_contact_cards_and_entries_say_how_fresh_they_are_on_both_channels(client, world):
    for name, response in pages(client).items():
        text = text_of(response)
        reception = text.index("Accueil CMP")
        # The contact's own date, not its structure's.
        assert "Vérifié le 12 mars 2026" in text[reception : reception + 300], name
        direct = text.index("Ligne directe infirmière")
        assert "À vérifier · Jamais vérifié" in text[direct : direct + 600], name
        team = text.index("Équipe mobile de Thionville")
        assert "Vérifié le 1er février 2026" in text[team : team + 800], name
        body = response.content.decode()
        assert '<time datetime="2026-03-12">' in body
        # A stale entry offers « signaler une erreur » on its page.
        assert reverse("directory:report", args=[world["cmp"].slug]) in body

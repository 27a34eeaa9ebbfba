"""The leak matrix, for « En cas de crise » (/guide/en-cas-de-crise/): for every role, the
whole path for Metz (every step and every answer) never shows a canary of a tier the role
does not reach, shows the canaries it does reach, and gives the partners-only phone line of
the public canary to partners only.

The canaries (tests/access/conftest.py) sit in Metz 57463: per tier, an association with a
contact, and a coordination instance (a working group) covering Metz.
"""

import pytest

from tests.access.conftest import MARKERS, ROLES, TIERS, VISIBLE

pytestmark = pytest.mark.usefixtures("world")

URL = "/guide/en-cas-de-crise/"
METZ_PATH = [
    {},
    {"etape": "danger", "envoi": "1", "reponse": "oui"},
    {"etape": "danger", "envoi": "1", "reponse": "violence"},
    {"etape": "danger", "envoi": "1", "reponse": "non"},
    {"etape": "situation", "lieu": "Metz"},
    {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": "suivie"},
    {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": "accepte"},
    {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": "refus"},
    {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": "sans-contact"},
    {"etape": "soins", "lieu": "57463"},
    {"etape": "coordination", "lieu": "57463"},
]


def walk_metz(client):
    """Every page of the Metz path, following the answers' redirects; their responses."""
    responses = []
    for params in METZ_PATH:
        response = client.get(URL, params, follow=True)
        assert response.status_code == 200, params
        responses.append(response)
    return responses


@pytest.mark.parametrize("role", ROLES)
def test_the_metz_crisis_path_shows_only_what_the_role_reaches(as_role, role):
    text = "".join(r.content.decode() for r in walk_metz(as_role(role)))
    hidden = [MARKERS[tier] for tier in TIERS if tier not in VISIBLE[role]]
    leaked = [marker for marker in hidden if marker in text]
    assert not leaked, f"{role} voit {leaked} via le parcours « En cas de crise »"
    # The path does list the local canaries the role reaches (support and instances), so
    # the absence above is the policy's doing, not an empty page.
    missing = [MARKERS[tier] for tier in VISIBLE[role] if MARKERS[tier] not in text]
    assert not missing, f"{role} ne voit pas {missing} via le parcours « En cas de crise »"


@pytest.mark.parametrize("role", ROLES)
def test_the_partners_only_line_is_given_to_partners_only(as_role, role, world):
    text = "".join(r.content.decode() for r in walk_metz(as_role(role)))
    compact = world.partner_phone.replace(" ", "")
    if "partners" in VISIBLE[role]:
        assert world.partner_phone in text
        assert f'href="tel:{compact}"' in text
    else:
        assert world.partner_phone not in text and compact not in text
        assert "Ligne directe du canari public" in text  # the contact, its line withheld
        assert "réservé aux partenaires" in text


@pytest.mark.parametrize("role", ROLES)
def test_a_logged_in_reader_s_crisis_pages_are_never_stored_by_a_cache(as_role, role):
    for number, response in enumerate(walk_metz(as_role(role))):
        cache = response.headers.get("Cache-Control", "")
        # The expired account is logged out at its first request: anonymous afterwards.
        logged_in = role != "anonymous" and (role != "expired" or number == 0)
        if logged_in:
            assert "private" in cache and "no-store" in cache
        else:
            assert "private" not in cache and "no-store" not in cache

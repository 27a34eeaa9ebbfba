"""Each contact line has its own tier (public or partners), read by
`hub.access.can_view_field`: a direct line kept for partners never reaches an anonymous
visitor, an expired account or a non-member, neither directly nor through "who covers"."""

import pytest
from django.contrib.auth.models import AnonymousUser

from directory.models import Contact
from directory.who_covers import contact_card, hidden_note, who_covers
from hub.access import Tier, can_view_field, visible_objects
from tests.accounts import make_user
from tests.directory.helpers import load_demo_directory, make_contact

ANONYMOUS = AnonymousUser()


@pytest.fixture
def direct_line():
    return make_contact(
        role="Ligne directe",
        email="ligne@example.org",
        phone="01 99 00 00 01",
        phone_tier=Tier.PARTNERS,
    )


def test_an_anonymous_visitor_never_gets_a_partners_phone(direct_line):
    assert not can_view_field(ANONYMOUS, direct_line, "phone")
    assert can_view_field(ANONYMOUS, direct_line, "email")


def test_an_accredited_partner_gets_the_partners_phone(direct_line):
    assert can_view_field(make_user("camille.partenaire"), direct_line, "phone")


def test_an_expired_or_inactive_account_sees_what_a_visitor_sees(direct_line):
    expired = make_user("eve.expiree", expires_in_days=-1)
    inactive = make_user("ivan.inactif", active=False)
    assert not can_view_field(expired, direct_line, "phone")
    assert not can_view_field(inactive, direct_line, "phone")


def test_a_partners_only_contact_hides_even_its_public_lines():
    contact = make_contact(email="cache@example.org", access_tier=Tier.PARTNERS)
    assert not can_view_field(ANONYMOUS, contact, "email")
    assert list(visible_objects(ANONYMOUS, Contact.objects.all())) == []
    assert list(visible_objects(make_user("camille.partenaire"), Contact.objects.all())) == [
        contact
    ]


def test_a_hidden_line_reads_reserve_aux_partenaires(direct_line):
    card = contact_card(direct_line, ANONYMOUS)
    assert card.phone == hidden_note() == "réservé aux partenaires"
    assert card.phone_hidden
    assert "01 99 00 00 01" not in repr(card)
    assert card.email == "ligne@example.org"
    partner_card = contact_card(direct_line, make_user("camille.partenaire"))
    assert partner_card.phone == "01 99 00 00 01"


def test_the_demo_canary_line_of_the_erah_is_hidden_from_visitors_in_who_covers():
    load_demo_directory()
    [erah] = who_covers("Metz", ANONYMOUS).mobile_teams
    [line] = erah.contacts
    assert line.phone_hidden and line.phone == "réservé aux partenaires"
    canary = Contact.objects.get(role="Ligne directe ERAH")
    assert canary.phone not in str(who_covers("Metz", ANONYMOUS))
    [erah] = who_covers("Metz", make_user("camille.partenaire")).mobile_teams
    assert erah.contacts[0].phone == canary.phone

""" "Who covers this place?" on the demo directory: sectors and CMPs first, then mobile
teams, coordination instances, accompanied housing and local partners, all through the
access policy."""

import pytest
from django.contrib.auth.models import AnonymousUser

from directory.models import CoordinationInstance, Organisation, OrganisationKind
from directory.who_covers import Status, who_covers
from hub.access import Tier
from tests.accounts import make_user
from tests.directory.helpers import (
    load_communes,
    load_demo_directory,
    make_contact,
    make_organisation,
    make_sector,
)

ANONYMOUS = AnonymousUser()


@pytest.fixture
def directory():
    load_demo_directory()


def names(entries):
    return [entry.item.name for entry in entries]


def test_metz_by_insee_code_gives_the_sector_its_cmp_the_erah_and_the_clsm(directory):
    result = who_covers("57463", ANONYMOUS)
    assert result.status == Status.FOUND
    assert [c.code for c in result.communes] == ["57463"]
    [sector] = result.sectors
    assert sector.hospital.item.slug == "ch-jury"
    assert [cmp.item.slug for cmp in sector.cmps] == ["cmp-metz-ch-jury"]
    assert [team.item.slug for team in result.mobile_teams] == ["erah-ch-jury"]
    assert names(result.instances) == ["CLSM du territoire messin"]


def test_metz_by_name_or_postcode_is_the_same_place(directory):
    for query in ("Metz", "metz", "57000"):
        result = who_covers(query, ANONYMOUS)
        assert [c.code for c in result.communes] == ["57463"], query
        assert result.sectors


def test_montigny_les_metz_is_covered_by_the_metz_sector_and_clsm(directory):
    result = who_covers("Montigny-lès-Metz", ANONYMOUS)
    assert [c.code for c in result.communes] == ["57480"]
    assert [s.sector.hospital.slug for s in result.sectors] == ["ch-jury"]
    assert [team.item.slug for team in result.mobile_teams] == ["erah-ch-jury"]
    assert names(result.instances) == ["CLSM du territoire messin"]
    assert "OPH de Montigny-lès-Metz" in names(result.partners)


def test_paris_11e_gives_the_paris_sector_and_the_paris_clsm(directory):
    result = who_covers("Paris 11e", ANONYMOUS)
    assert [c.code for c in result.communes] == ["75111"]
    [sector] = result.sectors
    assert sector.hospital.item.slug == "ght-paris-psychiatrie-neurosciences"
    assert [cmp.item.slug for cmp in sector.cmps] == ["cmp-paris-11"]
    assert names(result.instances) == ["CLSM des 11e, 17e et 19e arrondissements de Paris"]
    # Accompanied housing comes before the other partners, in its own list.
    assert names(result.housing_operators) == ["Œuvre Falret"]
    assert "Œuvre Falret" not in names(result.partners)


def test_paris_11e_by_insee_code_or_postcode(directory):
    for query in ("75111", "75011", "paris 11"):
        result = who_covers(query, ANONYMOUS)
        assert [c.code for c in result.communes] == ["75111"], query


def test_paris_alone_asks_for_the_arrondissement(directory):
    result = who_covers("Paris", ANONYMOUS)
    assert result.status == Status.NEEDS_ARRONDISSEMENT
    assert "précisez l'arrondissement" in result.message
    assert "75111" in [c.code for c in result.choices]
    assert not result.sectors


def test_an_unknown_place_gets_a_french_message_not_an_exception(directory):
    for query in ("Atlantide", "99999", "Paris 42e", "%%%"):
        result = who_covers(query, ANONYMOUS)
        assert result.status == Status.NOT_FOUND, query
        assert "Aucune commune ne correspond" in result.message


def test_an_empty_query_asks_for_a_place():
    result = who_covers("  ", ANONYMOUS)
    assert result.status == Status.EMPTY
    assert "Saisissez une commune" in result.message


def test_homonyms_ask_which_commune():
    load_communes("57447", "78372")  # Marly, Marly-le-Roi: two names starting with "marly"
    result = who_covers("Marl", ANONYMOUS)
    assert result.status == Status.AMBIGUOUS
    assert "précisez laquelle" in result.message
    assert {c.code for c in result.choices} == {"57447", "78372"}


def test_a_place_nobody_covers_yet_says_so():
    load_communes("78372")
    result = who_covers("78372", ANONYMOUS)
    assert result.status == Status.FOUND
    assert result.is_empty
    assert "Aucun secteur" in result.message


def test_a_partners_only_entry_is_not_returned_to_an_anonymous_visitor():
    communes = load_communes("57447")
    marly = communes["57447"]
    hidden_cmp = make_organisation("CMP réservé", OrganisationKind.CMP, access_tier=Tier.PARTNERS)
    open_cmp = make_organisation("CMP ouvert", OrganisationKind.CMP)
    make_sector("[à vérifier] Marly", communes=[marly], cmps=[hidden_cmp, open_cmp])
    hidden_partner = make_organisation("Partenaire réservé", access_tier=Tier.PARTNERS)
    hidden_partner.coverage.set([marly])
    restricted = make_sector("[à vérifier] réservé", communes=[marly], access_tier=Tier.PARTNERS)

    anonymous = who_covers("57447", ANONYMOUS)
    assert [cmp.item.name for s in anonymous.sectors for cmp in s.cmps] == ["CMP ouvert"]
    assert restricted not in [s.sector for s in anonymous.sectors]
    assert "Partenaire réservé" not in names(anonymous.partners)

    partner = who_covers("57447", make_user("camille.partenaire"))
    assert restricted in [s.sector for s in partner.sectors]
    assert "CMP réservé" in [cmp.item.name for s in partner.sectors for cmp in s.cmps]
    assert "Partenaire réservé" in names(partner.partners)


def test_an_instance_restricted_to_its_members_shows_only_to_them():
    marly = load_communes("57447")["57447"]
    instance = CoordinationInstance.objects.create(
        name="Cellule de Marly", slug="cellule-marly", kind="cellule", access_tier=Tier.INSTANCE
    )
    instance.access_groups.set([instance.group])
    instance.communes.set([marly])
    outsider = make_user("claude.dehors")
    member = make_user("dominique.membre")
    member.groups.add(instance.group)
    assert who_covers("57447", outsider).instances == []
    assert names(who_covers("57447", member).instances) == ["Cellule de Marly"]


def test_a_dissolved_instance_is_not_offered():
    marly = load_communes("57447")["57447"]
    instance = CoordinationInstance.objects.create(
        name="Ancien CLSM", slug="ancien", kind="clsm", status="dissoute"
    )
    instance.communes.set([marly])
    assert who_covers("Marly", ANONYMOUS).instances == []


def test_an_organisation_is_listed_once_even_when_it_is_also_a_local_partner():
    marly = load_communes("57447")["57447"]
    cmp = make_organisation("CMP de Marly", OrganisationKind.CMP, commune=marly)
    make_sector("[à vérifier] Marly", communes=[marly], cmps=[cmp])
    make_contact(cmp, "Accueil CMP")
    result = who_covers("Marly", ANONYMOUS)
    assert [c.item for s in result.sectors for c in s.cmps] == [cmp]
    assert cmp not in [entry.item for entry in result.partners]
    assert Organisation.objects.count() == 2  # the CMP and the sector's hospital


def test_the_sector_hospital_is_not_repeated_among_the_local_partners(directory):
    result = who_covers("Metz", ANONYMOUS)
    partner_slugs = [entry.item.slug for entry in result.partners]
    assert "ch-jury" not in partner_slugs
    assert "erah-ch-jury" not in partner_slugs
    assert "arelor-hlm" in partner_slugs


def test_a_cmp_not_yet_linked_to_a_sector_is_still_listed_among_the_partners():
    marly = load_communes("57447")["57447"]
    make_organisation("CMP sans secteur", OrganisationKind.CMP, commune=marly)
    assert names(who_covers("Marly", ANONYMOUS).partners) == ["CMP sans secteur"]

"""hub.access: the one policy, its queryset filters and its search-engine terms."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from hub import access
from hub.accounts.models import PartnerFamily
from tests.access.conftest import MARKERS, USERNAMES, VISIBLE

pytestmark = pytest.mark.usefixtures("world")


def user(role):
    username = USERNAMES[role]
    return get_user_model().objects.get(username=username) if username else None


@pytest.mark.parametrize("role", list(VISIBLE))
def test_visible_pages_agrees_with_can_view_page_for_every_canary(world, role):
    someone = user(role)
    visible = set(access.visible_pages(someone).values_list("pk", flat=True))
    for tier, page in world.pages.items():
        expected = tier in VISIBLE[role]
        assert access.can_view_page(someone, page) is expected, (role, tier)
        assert (page.pk in visible) is expected, (role, tier)


def test_visible_pages_is_one_query_whatever_the_number_of_restrictions(world):
    member = user("family_a")
    access.audience_for(member)  # computed once per request, outside the count
    with CaptureQueriesContext(connection) as few:
        list(access.visible_pages(member).values_list("pk", flat=True))
    # Many more restricted pages: still one query, and no clause per page.
    space = world.spaces["family_b"]
    for number in range(15):
        child = space.add_child(instance=Page(title=f"Page {number}", slug=f"page-{number}"))
        PageViewRestriction.objects.create(page=child, restriction_type="login")
    with CaptureQueriesContext(connection) as many:
        list(access.visible_pages(member).values_list("pk", flat=True))
    assert len(few) == len(many) == 1
    assert len(many[0]["sql"]) == len(few[0]["sql"])


def test_search_filter_terms_name_the_tiers_and_groups_the_user_reaches(world):
    assert access.search_filter_terms(None) == {"all": False, "tiers": ["public"], "groups": []}
    member = user("family_a")
    terms = access.search_filter_terms(member)
    family = PartnerFamily.objects.get(slug="bailleurs-gestionnaires")
    # Accredited: every tier, provided each family or instance clause names a group of theirs.
    assert terms["tiers"] == ["public", "partners", "family", "instance"]
    assert family.group_id in terms["groups"]
    assert access.search_filter_terms(user("expired"))["tiers"] == ["public"]
    admin = get_user_model().objects.get(username="admin")
    assert access.search_filter_terms(admin)["all"] is True


def test_page_access_records_the_tier_and_groups_of_each_canary(world):
    family_a = PartnerFamily.objects.get(slug="bailleurs-gestionnaires")
    Clause = access.Clause
    assert access.page_access(world.pages["public"]).clauses == ()
    assert access.page_access(world.pages["partners"]).clauses == (Clause("partners"),)
    assert access.page_access(world.pages["family_a"]).clauses == (
        Clause("family", frozenset({family_a.group_id})),
    )
    (clause,) = access.page_access(world.pages["instance"]).clauses
    assert clause.tier == "instance" and len(clause.groups) == 1


def test_a_person_removed_from_a_group_loses_access_at_the_next_request(as_role, world):
    client = as_role("family_a")
    url = world.pages["family_a"].url
    assert client.get(url).status_code == 200
    member = user("family_a")
    member.groups.remove(PartnerFamily.objects.get(slug="bailleurs-gestionnaires").group)
    response = client.get(url)
    assert response.status_code == 403
    assert MARKERS["family_a"] not in response.content.decode()


def test_an_expired_account_is_logged_out_with_a_french_message(as_role, world):
    client = as_role("expired")
    response = client.get("/", follow=True)
    assert "Votre accréditation a expiré le" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_tiered_objects_filter_and_field_tiers(world):
    """Objects and contact fields with a tier: the policy used by the directory."""
    audience_public = access.ANONYMOUS
    assert audience_public.reaches("public")
    assert not audience_public.reaches("partners")
    member = access.audience_for(user("family_a"))
    family_a = PartnerFamily.objects.get(slug="bailleurs-gestionnaires")
    assert member.reaches("family", [family_a.group_id])
    assert not member.reaches("family", [])
    assert not member.reaches("unknown-tier")

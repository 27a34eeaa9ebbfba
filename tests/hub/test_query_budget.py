"""Query budgets per page type (issue 20): a page that starts asking the database more
often fails here, not in production.

Each page of the issue's list is asked for twice, as an anonymous visitor and as a
logged-in partner (`membre.social`): the first request warms what is cached for every
reader of an audience (the site chrome, hub/chrome.py; Wagtail's site root paths), the
second is counted. The budgets are the counts measured on 2026-12-02 after the chrome
cache, the person read in one query and the page fragments kept per audience (issue 20),
with no margin: lower one when a page
gets cheaper, and raise one only with a reason written next to it.

The demo is loaded once and kept for the modules that read it (`demo_module`).
"""

import pytest
from django.contrib.auth import get_user_model

# (path, anonymous budget, partner budget). The partner pays for its session, its user,
# its accreditation, and one query for its groups with their kinds (the audience), whether
# it refers a family (the header) and whether it may open the admin (Wagtail's user bar):
# `hub.access.person_for`.
BUDGETS = {
    # The entries, territories and project sheets: a fragment kept per audience (issue 20,
    # hub/chrome.py), read from the cache on the second request.
    "home": ("/", 6, 10),
    # The charter's text up to its « Compléments » (its child rows, its signatories with
    # their families): a fragment kept per audience.
    "charter": ("/charte/", 10, 14),
    # The facts, key figures, partners, documents, project sheets and body: one fragment.
    "territory": ("/territoires/metz/", 11, 15),
    # The body, the outline, the neighbours and the part: kept per audience
    # (`GuideChapterPage._reading`).
    "guide chapter": ("/guide/cadre-legal-psychiatrie/", 12, 16),
    # The facets' labels read once; the public territories through `visible_pages`.
    "directory list": ("/annuaire/", 5, 9),
    "directory entry": ("/annuaire/clsm-metz/", 9, 12),
    # A fixed number of queries, whatever the number of sectors, structures and contacts
    # (`directory.who_covers._fill`).
    "qui contacter": ("/qui-contacter/?lieu=57463", 15, 15),
    # An anonymous visitor is sent to the login page. For a partner, 21 before issue 17,
    # plus its « Contribuer » box (3: `manages_space` reads the restriction again, and the
    # reader's own contributions), the members' documents (1) and the activity list (4,
    # constant whatever its length: tests/collab/test_activity.py). To bring down: read the
    # space's restriction once per request.
    "partner space": ("/espace-partenaires/commun/", 10, 30),
}
PARTNER = "membre.social"


# The demo, read only: kept open from module to module (tests/support/demo.py).
pytestmark = pytest.mark.usefixtures("demo_module")


def counted(client, path, django_assert_max_num_queries, budget):
    first = client.get(path)
    with django_assert_max_num_queries(budget):
        second = client.get(path)
    assert second.status_code == first.status_code
    return second


@pytest.mark.parametrize("page", list(BUDGETS))
def test_anonymous_page_stays_within_its_query_budget(client, page, django_assert_max_num_queries):
    path, budget, _partner = BUDGETS[page]
    response = counted(client, path, django_assert_max_num_queries, budget)
    assert response.status_code == (302 if page == "partner space" else 200)


@pytest.mark.parametrize("page", list(BUDGETS))
def test_partner_page_stays_within_its_query_budget(client, page, django_assert_max_num_queries):
    path, _anonymous, budget = BUDGETS[page]
    client.force_login(get_user_model().objects.get(username=PARTNER))
    response = counted(client, path, django_assert_max_num_queries, budget)
    assert response.status_code == 200


# --- What a logged-in person costs: one query (hub.access.person_for) ------------------------

DEMO_ACCOUNTS = [
    "admin",
    "referent.bailleurs",
    "membre.bailleurs",
    "referent.social",
    "membre.social",
    "membre.clsm-metz",
]


def _as_django_reads_it(user):
    """What the five queries of before read: the groups, their kinds, the referent check
    of the header and Wagtail's user bar (`has_perm`)."""
    from django.contrib.auth.models import Group

    user = get_user_model().objects.get(pk=user.pk)  # no cache of any kind
    group_ids = frozenset(user.groups.values_list("pk", flat=True))
    groups = Group.objects.filter(pk__in=group_ids)
    return (
        group_ids,
        frozenset(groups.filter(partner_family__isnull=False).values_list("pk", flat=True)),
        frozenset(groups.filter(coordination_instance__isnull=False).values_list("pk", flat=True)),
        user.referent_of_families.exists(),
        user.has_perm("wagtailadmin.access_admin"),
    )


@pytest.mark.parametrize("username", DEMO_ACCOUNTS)
def test_one_query_reads_what_five_did(username, django_assert_num_queries):
    from hub.access import person_for

    user = get_user_model().objects.get(username=username)
    with django_assert_num_queries(1):
        person = person_for(user)
        assert person_for(user) is person  # kept on the user object for the request
    read = (
        person.group_ids,
        person.family_group_ids,
        person.instance_group_ids,
        person.refers_a_family,
        person.may_open_admin,
    )
    assert read == _as_django_reads_it(user)


def test_a_direct_permission_and_an_inactive_account_count_as_django_counts_them(db):
    from django.contrib.auth.models import Permission

    from hub.access import person_for

    user = get_user_model().objects.create_user("editrice.directe", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    assert person_for(user).may_open_admin
    assert _as_django_reads_it(user)[4]
    user.is_active = False
    user.save()
    user = get_user_model().objects.get(pk=user.pk)
    assert not person_for(user).may_open_admin
    assert not user.has_perm("wagtailadmin.access_admin")


@pytest.mark.parametrize("username", ["referent.social", "membre.social", "admin"])
def test_the_header_and_the_user_bar_follow_the_person(client, verified_login, username):
    user = get_user_model().objects.get(username=username)
    # With the second factor given: an administrator is asked for it on every page.
    verified_login(user)
    html = client.get("/annuaire/").content.decode()
    referent = user.referent_of_families.exists() or user.is_superuser
    assert ("Espace référent" in html) == referent
    assert ("wagtail-userbar" in html) == user.has_perm("wagtailadmin.access_admin")

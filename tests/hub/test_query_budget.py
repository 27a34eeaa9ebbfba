"""Query budgets per page type (issue 20): a page that starts asking the database more
often fails here, not in production.

Each page of the issue's list is asked for twice, as an anonymous visitor and as a
logged-in partner (`membre.social`): the first request warms what is cached for every
reader of an audience (the site chrome, hub/chrome.py; Wagtail's site root paths), the
second is counted. The budgets are the counts measured on 2026-12-02 after the chrome
cache (issue 20), with no margin: lower one when a page gets cheaper, and raise one only
with a reason written next to it.

The demo is loaded once and kept for the modules that read it (`demo_module`).
"""

import pytest
from django.contrib.auth import get_user_model

# (path, anonymous budget, partner budget). The partner pays for its session, its user,
# its accreditation, its groups (the audience: three queries), whether it is a referent
# (the header), and Wagtail's user bar (its permissions).
BUDGETS = {
    "home": ("/", 9, 18),
    "charter": ("/charte/", 29, 38),
    "territory": ("/territoires/metz/", 14, 23),
    "guide chapter": ("/guide/cadre-legal-psychiatrie/", 18, 27),
    "directory list": ("/annuaire/", 9, 18),
    "directory entry": ("/annuaire/clsm-metz/", 13, 23),
    "qui contacter": ("/qui-contacter/?lieu=57463", 60, 52),
    # An anonymous visitor is sent to the login page.
    "partner space": ("/espace-partenaires/commun/", 10, 26),
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

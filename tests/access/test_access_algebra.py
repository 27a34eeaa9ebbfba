"""The algebra behind "access composes" (hub.access.Access), checked against a brute force
over every audience of a small world: `admits` is the conjunction of the clauses, `of`
never changes who is admitted, and `implies` (used to decide whether a document may name
a related entry) is sound: it never says yes when some reader of the first access would
not pass the second.

Plain data, no database: these tests need none."""

from itertools import chain, combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hub.access import Access, Audience, Clause, Tier

pytestmark = pytest.mark.no_django_db

GROUPS = (1, 2, 3)


def audiences():
    """Every kind of reader: anonymous, and accredited with each set of groups."""
    yield Audience(False, False, False, frozenset(), frozenset(), frozenset())
    subsets = chain.from_iterable(combinations(GROUPS, size) for size in range(len(GROUPS) + 1))
    for groups in subsets:
        yield Audience(True, True, False, frozenset(groups), frozenset(groups), frozenset())


AUDIENCES = list(audiences())
ADMIN = Audience(True, True, True, frozenset(), frozenset(), frozenset())

clauses = st.builds(
    Clause,
    st.sampled_from([Tier.PUBLIC, Tier.PARTNERS, Tier.FAMILY, Tier.INSTANCE]),
    st.frozensets(st.sampled_from(GROUPS), max_size=3),
)
raw_clauses = st.lists(clauses, max_size=4)


def passes_all(audience, raw):
    return all(audience.reaches(clause.tier, clause.groups) for clause in raw)


@settings(max_examples=300, deadline=None)
@given(raw_clauses)
def test_of_admits_exactly_the_readers_of_every_clause(raw):
    access = Access.of(raw)
    for audience in AUDIENCES:
        assert access.admits(audience) == passes_all(audience, raw)
    assert access.admits(ADMIN)


@settings(max_examples=300, deadline=None)
@given(raw_clauses, raw_clauses)
def test_implies_is_never_wrong(first, second):
    a, b = Access.of(first), Access.of(second)
    if a.implies(b):
        for audience in AUDIENCES:
            assert not a.admits(audience) or b.admits(audience), (a, b, audience)


@settings(max_examples=300, deadline=None)
@given(raw_clauses)
def test_an_access_implies_itself_and_whatever_it_is_made_of(raw):
    access = Access.of(raw)
    assert access.implies(access)
    for clause in raw:
        assert access.implies(Access.of([clause]))


@settings(max_examples=300, deadline=None)
@given(raw_clauses)
def test_the_tier_is_public_only_for_what_anyone_may_see(raw):
    access = Access.of(raw)
    anonymous = AUDIENCES[0]
    assert (access.tier == Tier.PUBLIC) == access.admits(anonymous)


def test_a_service_of_family_b_under_family_a_needs_both():
    service = Access.of([Clause(Tier.FAMILY, frozenset({2})), Clause(Tier.FAMILY, frozenset({1}))])
    only_a, both = AUDIENCES[2], None
    both = next(a for a in AUDIENCES if a.group_ids == frozenset({1, 2}))
    assert not service.admits(only_a) and service.admits(both)
    # The structure (family A) may be named by the service's document; not the reverse.
    structure = Access.of([Clause(Tier.FAMILY, frozenset({1}))])
    assert service.implies(structure) and not structure.implies(service)
    # A public document never names a partners-only relative.
    assert not Access.of([]).implies(Access.of([Clause(Tier.PARTNERS)]))

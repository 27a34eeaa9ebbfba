"""The one access policy of the hub. Every channel asks it; nothing else decides.

It answers two questions:

1. "May this user see this object, or this field?"  `can_view_page`,
   `can_view_document`, `can_view_object`, `can_view_field`.
2. "Which tiers, families and instances does this user reach?"  `audience_for`,
   as a queryset filter (`visible_pages`, `visible_documents`, `visible_objects`)
   and as filter terms for a search engine (`search_filter_terms`).

The tiers, from the most open to the most closed:

- `public`: anyone;
- `partners`: any accredited account (logged in, active, accreditation not expired);
- `family`: members of one or more partner families (Django groups of `PartnerFamily`);
- `instance`: members of one coordination instance (the group of `CoordinationInstance`).

Pages use Wagtail's own `PageViewRestriction` ("login" = partners, "groups" = family or
instance), so that Wagtail's serving keeps working; documents use the collection's
`CollectionViewRestriction`; other objects carry an `access_tier` field and an
`access_groups` relation (see `TieredMixin`). Shared-password restrictions are switched
off in the settings, and this policy refuses them anyway.

The queryset filters are one correlated sub-query whatever the number of restricted
pages: never one clause per private page (wagtail#14108).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction


class Tier(models.TextChoices):
    PUBLIC = "public", _("public")
    PARTNERS = "partners", _("partenaires")
    FAMILY = "family", _("famille de partenaires")
    INSTANCE = "instance", _("instance de coordination")


@dataclass(frozen=True)
class Audience:
    """What one user reaches. Computed once per request and kept on the user object."""

    authenticated: bool
    accredited: bool
    is_admin: bool
    group_ids: frozenset[int]
    family_group_ids: frozenset[int]
    instance_group_ids: frozenset[int]

    def reaches(self, tier, group_ids=()):
        """May this audience see something of `tier`, restricted to `group_ids`?"""
        if self.is_admin:
            # Administrators run the hub: they see everything, as Wagtail's admin does.
            return True
        if tier == Tier.PUBLIC:
            # Public: anyone, logged in or not.
            return True
        if not self.accredited:
            # Anything above public needs a valid accreditation: an expired or inactive
            # account sees what an anonymous visitor sees.
            return False
        if tier == Tier.PARTNERS:
            # Partners: every accredited account, whatever its family.
            return True
        if tier in (Tier.FAMILY, Tier.INSTANCE):
            # Family or instance: the person must belong to one of the named groups. An
            # object restricted to no group at all is seen by nobody but administrators.
            return bool(self.group_ids & frozenset(group_ids))
        # Unknown tier (a bug or tampered data): refuse.
        return False


ANONYMOUS = Audience(False, False, False, frozenset(), frozenset(), frozenset())

GROUP_TIERS = (Tier.FAMILY, Tier.INSTANCE)
_ORDER = (Tier.PUBLIC, Tier.PARTNERS, Tier.FAMILY, Tier.INSTANCE)


@dataclass(frozen=True)
class Clause:
    """One tier condition: `tier`, and for family or instance tiers the groups of which
    the reader must belong to one."""

    tier: str
    groups: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Access:
    """Who may see something: a conjunction of clauses, each of which must admit the
    reader. One clause per object it hangs from (a service: its own and its structure's;
    a page: one per view restriction on it and its ancestors). Build it with `of`."""

    clauses: tuple[Clause, ...] = ()

    @classmethod
    def of(cls, clauses):
        kept = []
        for clause in clauses:
            if clause.tier == Tier.PUBLIC:
                # Public admits everyone: it adds nothing to a conjunction.
                continue
            if clause.tier not in _ORDER:
                # Unknown tier (a bug or tampered data): nobody but administrators.
                clause = Clause(Tier.FAMILY)
            elif clause.tier in GROUP_TIERS:
                clause = Clause(clause.tier, frozenset(clause.groups))
            else:
                clause = Clause(clause.tier)
            if clause not in kept:
                kept.append(clause)
        if any(clause.tier in GROUP_TIERS for clause in kept):
            # A group clause already needs an accreditation: "partners" adds nothing.
            kept = [clause for clause in kept if clause.tier in GROUP_TIERS]
        return cls(tuple(kept))

    @property
    def tier(self) -> str:
        """The most closed tier of the clauses (public when there is none)."""
        return max((clause.tier for clause in self.clauses), key=_ORDER.index, default=Tier.PUBLIC)

    @property
    def group_clauses(self) -> list[frozenset[int]]:
        """The groups of each family or instance clause: one must be the reader's, per
        clause."""
        return [clause.groups for clause in self.clauses if clause.tier in GROUP_TIERS]

    def admits(self, audience) -> bool:
        return all(audience.reaches(clause.tier, clause.groups) for clause in self.clauses)

    def implies(self, other: Access) -> bool:
        """Does every reader this access admits also pass `other`?"""
        for needed in other.clauses:
            if needed.tier == Tier.PARTNERS:
                # Partners: any clause of ours already asks for an accreditation.
                if not self.clauses:
                    return False
            elif not any(
                # One of our group clauses is at least as narrow as the one needed.
                mine.tier in GROUP_TIERS and mine.groups <= needed.groups
                for mine in self.clauses
            ):
                return False
        return True


def is_accredited(user):
    """An account is accredited while it is active and its accreditation has not expired."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    try:
        profile = user.maillage_profile
    except ObjectDoesNotExist:
        # Accounts made by an administrator without a profile (createsuperuser) have no
        # accreditation date to expire.
        return True
    return not profile.is_expired()


@dataclass(frozen=True)
class Person:
    """What the hub reads of a logged-in person on each request, in one query (see
    `_read_person`): each of their groups with its kind, whether they refer a partner
    family (the header's « Espace référent ») and whether Wagtail would let them open the
    admin (its user bar). Kept on the user object, like the audience."""

    group_ids: frozenset[int]
    family_group_ids: frozenset[int]
    instance_group_ids: frozenset[int]
    refers_a_family: bool
    may_open_admin: bool
    coordinates_an_instance: bool = False


def _read_person(user) -> Person:
    """One query instead of five: the person's groups, each with its partner family and
    its coordination instance (LEFT JOINs: one row per group, one row with no group when
    there is none), whether a partner family names the person as its referent, and whether
    a permission `wagtailadmin.access_admin` reaches them, their own or a group's (what
    Django's `ModelBackend.has_perm` reads).

    An instance group whose membership record (`InstanceMembership`) has passed its expiry
    does not count: the person stays in the Django group until the review removes them,
    but is no longer admitted from the next request on."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from hub.accounts.models import InstanceCoordination, InstanceMembership, PartnerFamily

    person = OuterRef("pk")
    admin_permission = Permission.objects.filter(
        Q(user=person) | Q(group__user=person),
        content_type__app_label="wagtailadmin",
        codename="access_admin",
    )
    rows = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            maillage_referent=Exists(PartnerFamily.objects.filter(referent=person)),
            maillage_admin=Exists(admin_permission),
            maillage_coordinator=Exists(InstanceCoordination.objects.filter(coordinator=person)),
            maillage_lapsed=Exists(
                InstanceMembership.objects.filter(
                    user=person,
                    instance__group=OuterRef("groups__pk"),
                    expires_on__lt=timezone.localdate(),
                )
            ),
        )
        .values_list(
            "groups__pk",
            "groups__partner_family__pk",
            "groups__coordination_instance__pk",
            "maillage_referent",
            "maillage_admin",
            "maillage_coordinator",
            "maillage_lapsed",
        )
    )
    groups, families, instances = set(), set(), set()
    referent = admin = coordinator = False
    for group_id, family_id, instance_id, is_referent, has_admin, is_coord, lapsed in rows:
        referent, admin, coordinator = bool(is_referent), bool(has_admin), bool(is_coord)
        if group_id is None or lapsed:
            # No group, or an instance membership past its expiry: it opens nothing.
            continue
        groups.add(group_id)
        if family_id is not None:
            families.add(group_id)
        if instance_id is not None:
            instances.add(group_id)
    return Person(
        frozenset(groups),
        frozenset(families),
        frozenset(instances),
        refers_a_family=referent,
        # As `user.has_perm`: an inactive account has no permission, a superuser all.
        may_open_admin=bool(user.is_active and (user.is_superuser or admin)),
        coordinates_an_instance=coordinator,
    )


def person_for(user) -> Person | None:
    """The `Person` of a logged-in `user` (None for an anonymous visitor), read once per
    request with the audience."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_maillage_person", None)
    if cached is None:
        cached = user._maillage_person = _read_person(user)
    return cached


def audience_for(user) -> Audience:
    """The tiers, families and instances `user` reaches (cached on the user object, which
    lives for one request: a change of groups counts from the next request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_maillage_audience", None)
    if cached is not None:
        return cached
    accredited = is_accredited(user)
    # Read afresh with the audience: who drops the cached audience reads the groups again.
    person = user._maillage_person = _read_person(user)
    if accredited:
        group_ids = person.group_ids
        family_ids, instance_ids = person.family_group_ids, person.instance_group_ids
    else:
        # Without a valid accreditation, no group counts.
        group_ids = family_ids = instance_ids = frozenset()
    audience = Audience(
        authenticated=True,
        accredited=accredited,
        is_admin=accredited and user.is_superuser,
        group_ids=group_ids,
        family_group_ids=family_ids,
        instance_group_ids=instance_ids,
    )
    user._maillage_audience = audience
    return audience


# --- Restrictions (pages and collections) ----------------------------------------------------


def restriction_tier(restriction):
    """The tier a Wagtail view restriction stands for, and the groups it names."""
    if restriction.restriction_type == BaseViewRestriction.LOGIN:
        return Tier.PARTNERS, frozenset()
    if restriction.restriction_type == BaseViewRestriction.GROUPS:
        group_ids = frozenset(restriction.groups.values_list("pk", flat=True))
        instance = Group.objects.filter(pk__in=group_ids, coordination_instance__isnull=False)
        return (Tier.INSTANCE if instance.exists() else Tier.FAMILY), group_ids
    # Shared passwords (or an unknown type) are not a tier of this hub: nobody but
    # administrators may see such a page through the hub's own channels.
    return None, frozenset()


def passes_restrictions(audience, restrictions):
    """All the restrictions on an item and its ancestors must be passed, as in Wagtail."""
    for restriction in restrictions:
        tier, group_ids = restriction_tier(restriction)
        if tier is None:
            if not audience.is_admin:
                return False
        elif not audience.reaches(tier, group_ids):
            return False
    return True


def page_access(page):
    """The `Access` of a page: one clause per view restriction on it and its ancestors
    (a reader must pass each, as in Wagtail). None for a restriction the hub's tiers do
    not know (a shared password): such a page has no place in the hub's channels.

    This is what a search document or an export records about the page."""
    clauses = []
    for restriction in page.get_view_restrictions():
        tier, group_ids = restriction_tier(restriction)
        if tier is None:
            return None
        clauses.append(Clause(tier, group_ids))
    return Access.of(clauses)


def can_view_page(user, page):
    return passes_restrictions(audience_for(user), page.get_view_restrictions())


def _failed_restrictions(audience, restriction_model, target_field):
    """Restrictions of `restriction_model` this audience does NOT pass (a queryset)."""
    failed = Q(restriction_type=BaseViewRestriction.PASSWORD)
    if not audience.accredited:
        # Without a valid accreditation, every login or group restriction is failed.
        failed |= Q(restriction_type__in=[BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS])
    else:
        # With one, a group restriction is failed when none of its groups is the person's.
        through = restriction_model.groups.through
        member = through.objects.filter(
            **{f"{target_field}_id": OuterRef("pk")}, group_id__in=audience.group_ids
        )
        failed |= Q(restriction_type=BaseViewRestriction.GROUPS) & ~Exists(member)
    return restriction_model.objects.filter(failed)


def visible_pages(user, queryset=None):
    """`queryset` (default: all pages) without the pages `user` may not see.

    A page is hidden when a restriction on it or on one of its ancestors is failed: one
    correlated sub-query on the restrictions, whatever their number."""
    queryset = Page.objects.all() if queryset is None else queryset
    audience = audience_for(user)
    if audience.is_admin:
        return queryset
    failed = _failed_restrictions(audience, PageViewRestriction, "pageviewrestriction").filter(
        # The restricted page is the page itself or one of its ancestors: its path is a
        # prefix of the page's path.
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.exclude(Exists(failed))


# --- Documents ------------------------------------------------------------------------------


def can_view_document(user, document):
    return passes_restrictions(audience_for(user), document.collection.get_view_restrictions())


def visible_documents(user, queryset=None):
    """Documents whose collection (and its ancestors) `user` may see."""
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction

    queryset = get_document_model().objects.all() if queryset is None else queryset
    audience = audience_for(user)
    if audience.is_admin:
        return queryset
    failed = _failed_restrictions(
        audience, CollectionViewRestriction, "collectionviewrestriction"
    ).filter(collection__path=Substr(OuterRef("collection__path"), 1, Length("collection__path")))
    return queryset.exclude(Exists(failed))


# --- Tiered objects and fields ----------------------------------------------------------------


class TieredMixin(models.Model):
    """An object with an access tier: directory entries, contacts, meeting notes...

    `access_groups` names the families or the instance for the `family` and `instance`
    tiers; it is ignored for `public` and `partners`.

    `access_containers` names the foreign keys to the objects this one hangs from (a
    service's structure, a contact's structure): the object is visible only when each of
    them is visible too. Other relations (a unit's parent, an instance's lead) are not
    containers: they never hide the object, and are named only to who may see them."""

    access_containers: tuple[str, ...] = ()

    access_tier = models.CharField(
        _("visibilité"), max_length=10, choices=Tier.choices, default=Tier.PUBLIC
    )
    access_groups = models.ManyToManyField(
        Group,
        blank=True,
        related_name="+",
        verbose_name=_("familles ou instance autorisées"),
        help_text=_("Pour les visibilités « famille » et « instance » seulement."),
    )

    class Meta:
        abstract = True


def _own_clause(obj) -> Clause:
    if obj.access_tier in GROUP_TIERS:
        # `.all()` so that a prefetched relation is read without a query.
        return Clause(obj.access_tier, frozenset(group.pk for group in obj.access_groups.all()))
    return Clause(obj.access_tier)


def effective_access(obj) -> Access:
    """The access of any object, composed along what it hangs from.

    - A page: one clause per view restriction on it and its ancestors (`page_access`).
    - A tiered object: its own clause, and the clauses of each container it hangs from
      (`access_containers`), recursively. A service of family B under a structure of
      family A is thus seen only by people who are in both families.
    """
    if isinstance(obj, Page):
        access = page_access(obj)
        # A shared-password page: nobody but administrators.
        return access if access is not None else Access.of([Clause(Tier.FAMILY)])
    clauses = [_own_clause(obj)]
    for name in type(obj).access_containers:
        container = getattr(obj, name, None)
        if container is not None:
            clauses += effective_access(container).clauses
    return Access.of(clauses)


def can_view_object(user, obj):
    """May `user` see `obj` (and everything it hangs from)?"""
    return effective_access(obj).admits(audience_for(user))


def visible_related(user, obj):
    """`obj` if `user` may see it, else None: for a relation that is not containment (a
    unit's parent, an instance's lead), named only to who may see it."""
    return obj if obj is not None and can_view_object(user, obj) else None


def may_name(access: Access, relative) -> bool:
    """May a document (a search document, a public export, a cached sheet) seen by the
    readers of `access` name `relative`? Only if every one of those readers may see it."""
    return relative is not None and access.implies(effective_access(relative))


def _allowed(audience, model, prefix=""):
    """The `Q` of the rows of `model` (reached through `prefix`) whose own tier admits
    `audience`, and whose containers' tiers do too."""
    allowed = Q(**{f"{prefix}access_tier": Tier.PUBLIC})
    if audience.accredited:
        allowed |= Q(**{f"{prefix}access_tier": Tier.PARTNERS})
        through = model.access_groups.through
        owner = f"{model._meta.model_name}_id"
        in_group = through.objects.filter(
            **{owner: OuterRef(f"{prefix}pk")}, group_id__in=audience.group_ids
        )
        allowed |= Q(**{f"{prefix}access_tier__in": GROUP_TIERS}) & Exists(in_group)
    for name in model.access_containers:
        field = model._meta.get_field(name)
        container = _allowed(audience, field.related_model, f"{prefix}{name}__")
        if field.null:
            # No container: nothing to hang from.
            container |= Q(**{f"{prefix}{name}__isnull": True})
        allowed &= container
    return allowed


def visible_objects(user, queryset):
    """`queryset` of a `TieredMixin` model, without what `user` may not see: the object's
    own tier and each container's, in one filter whatever the number of restricted rows."""
    audience = audience_for(user)
    if audience.is_admin:
        return queryset
    return queryset.filter(_allowed(audience, queryset.model))


def can_view_field(user, obj, field_name):
    """Individual fields (a contact's phone line...) carry their own tier, in a field named
    `<field>_tier`, which may only be public or partners."""
    tier = getattr(obj, f"{field_name}_tier", Tier.PUBLIC)
    return can_view_object(user, obj) and audience_for(user).reaches(tier)


def visible_field_value(user, obj, field_name, hidden=""):
    return getattr(obj, field_name) if can_view_field(user, obj, field_name) else hidden


# --- Search engines ----------------------------------------------------------------------------


def search_filter_terms(user):
    """What a search engine must filter on, inside its query, for `user`.

    A document carries its most closed tier (`access_tier`) and, for each of its family or
    instance clauses, the groups of that clause (see `Access`). A document matches when
    its tier is one of `tiers` and each of its group clauses shares a group with `groups`
    (a document without group clauses has nothing more to pass). `all` means no filter
    (administrators). The terms have the same size whatever the number of documents."""
    audience = audience_for(user)
    if audience.is_admin:
        return {"all": True, "tiers": list(_ORDER), "groups": []}
    if not audience.accredited:
        # Without a valid accreditation: public documents only.
        return {"all": False, "tiers": [Tier.PUBLIC.value], "groups": []}
    # Accredited: every tier, provided each group clause names one of the person's groups.
    return {"all": False, "tiers": [t.value for t in _ORDER], "groups": sorted(audience.group_ids)}


# --- Who runs a partner space ----------------------------------------------------------------


def manages_space(user, space) -> bool:
    """May `user` run the partner space `space` (a `PartnerSpacePage`): approve what its
    members contribute, moderate its comments, manage its working groups' audiences?

    Administrators, the accredited referent of the space's partner family, and the
    accredited coordinator of the space's coordination instance (issue 17). Each must also
    be able to read the space: a referent or coordinator removed from its audience runs
    nothing in it."""
    if not is_accredited(user) or not can_view_page(user, space):
        return False
    if user.is_superuser:
        # Administrators run every space.
        return True
    family = getattr(space, "family", None)
    if space.audience == "family" and family is not None and family.referent_id == user.pk:
        # The family's referent runs the family's space.
        return True
    if space.audience == "instance" and space.instance_id is not None:
        # The instance's coordinator runs the instance's space, and no other.
        from hub.accounts.models import InstanceCoordination

        return InstanceCoordination.objects.filter(
            instance_id=space.instance_id, coordinator_id=user.pk
        ).exists()
    return False


def document_access(document):
    """The `Access` of a Wagtail document: one clause per view restriction on its
    collection and the collection's ancestors (a reader must pass each, as in
    `can_view_document`); None for a restriction the hub's tiers do not know (a shared
    password). What a search document records about the file (issue 17)."""
    clauses = []
    for restriction in document.collection.get_view_restrictions():
        tier, group_ids = restriction_tier(restriction)
        if tier is None:
            return None
        clauses.append(Clause(tier, group_ids))
    return Access.of(clauses)

"""Who sees and who runs trainings: the one place the trainings' views, e-mails, PDF,
admin listings and dashboard figures ask, all through `hub.access`.

- A module is seen by who its tier admits (`hub.access.visible_objects`); a session, a
  registration, an evaluation hang from their module: hidden with it.
- A person registers when they are accredited and see the module.
- The module's managers mark attendance and read results: administrators, and the
  accredited referent of a partner family in the module's audience who sees the module.
- A registration (its page, its evaluations, its certificate) is its owner's; its
  certificate is also its managers'. One person's answers are never shown to anyone: only
  aggregates (`hub.trainings.results`).
"""

from __future__ import annotations

from django.db.models import Count, Q

from hub.access import audience_for, can_view_object, can_view_page, visible_objects
from hub.trainings.models import HOLDS_A_PLACE, TrainingModule, TrainingSession


def visible_modules(user):
    return visible_objects(user, TrainingModule.objects.all())


def visible_sessions(user, queryset=None):
    """Sessions whose module `user` may see, with the count of places taken."""
    queryset = TrainingSession.objects.all() if queryset is None else queryset
    return (
        queryset.filter(module__in=visible_modules(user))
        .select_related("module", "territory")
        .annotate(
            taken=Count("registrations", filter=Q(registrations__status__in=HOLDS_A_PLACE)),
        )
    )


def places_left(session) -> int:
    taken = getattr(session, "taken", None)
    if taken is None:
        taken = session.registrations.filter(status__in=HOLDS_A_PLACE).count()
    return max(session.capacity - taken, 0)


def may_register(user, module) -> bool:
    return audience_for(user).accredited and can_view_object(user, module)


def may_manage(user, module) -> bool:
    """Administrators, and the referent of a family of the module's audience (accredited
    and seeing the module)."""
    audience = audience_for(user)
    if not audience.accredited or not can_view_object(user, module):
        return False
    if audience.is_admin:
        return True
    return module.audience.filter(referent=user).exists()


def managed_modules(user):
    """The modules `user` manages (a queryset)."""
    audience = audience_for(user)
    modules = visible_modules(user)
    if audience.is_admin:
        return modules
    if not audience.accredited:
        return modules.none()
    return modules.filter(audience__referent=user).distinct()


def trainers(user, module):
    """The trainers' organisations `user` may see (the others are not named)."""
    return visible_objects(user, module.trainer_organisations.all()).order_by("name")


def visible_territory(user, session):
    territory = session.territory
    return territory if territory.live and can_view_page(user, territory) else None


def visible_event(user, session):
    from hub.access import visible_related

    return visible_related(user, session.event)

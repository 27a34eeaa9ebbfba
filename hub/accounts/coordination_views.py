"""Views of « Mon instance » (/compte/instance/) and of working-group audiences
(/compte/groupes-de-travail/).

They read input and show results; `hub.accounts.coordination` and
`hub.accounts.working_groups` decide. Every object is looked up *within what the person
runs* (their coordinations; the spaces they manage, `hub.access.manages_space`), so a
tampered slug or id answers 404 and changes nothing.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hub.access import visible_pages
from hub.accounts import coordination, working_groups
from hub.accounts.coordination_forms import (
    AddGroupMemberForm,
    AddMemberForm,
    CoordinationHandoverForm,
    ExpiryForm,
)
from hub.accounts.models import AccreditationEvent, InstanceMembership
from hub.accounts.rules import AccreditationError

RECENT_EVENTS = 15


def _name(user):
    return user.get_full_name() or user.get_username()


def coordinator_required(view):
    """Logged in (else the login page) and coordinator of an instance (else a French 403)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not coordination.is_coordinator(request.user):
            return render(request, "accounts/coordinator_forbidden.html", status=403)
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return render(request, "accounts/coordinator_forbidden.html", status=403)

    return wrapper


def _coordination(request, instance_slug):
    return get_object_or_404(
        coordination.coordinations_of(request.user).select_related("coordinator"),
        instance__slug=instance_slug,
    )


def _dashboard_url(instance):
    return reverse("accounts:instance_dashboard", args=[instance.slug])


@coordinator_required
def coordinator_home(request):
    rows = list(coordination.coordinations_of(request.user).order_by("instance__name"))
    if len(rows) == 1:
        return redirect(_dashboard_url(rows[0].instance))
    return render(request, "accounts/instance_list.html", {"coordinations": rows})


def _member_rows(instance, today):
    memberships = {row.user_id: row for row in InstanceMembership.objects.filter(instance=instance)}
    rows = []
    for member in coordination.instance_members(instance):
        membership = memberships.get(member.pk)
        expires_on = membership.expires_on if membership else None
        rows.append(
            {
                "user": member,
                "profile": getattr(member, "maillage_profile", None),
                "expires_on": expires_on,
                "lapsed": membership is not None and membership.is_expired(today),
                "form": ExpiryForm(
                    initial={"expires_on": expires_on}, prefix=f"membre-{member.pk}"
                ),
            }
        )
    return rows


@coordinator_required
@require_http_methods(["GET", "POST"])
def instance_dashboard(request, instance_slug):
    """« Mon instance »: the members, the form to add one, the journal."""
    row = _coordination(request, instance_slug)
    instance = row.instance
    form = AddMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = coordination.add_member(
                instance,
                email=form.cleaned_data["email"],
                expires_on=form.cleaned_data["expires_on"],
                actor=request.user,
            )
        except AccreditationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("%(name)s est désormais membre de l’instance %(instance)s.")
                % {"name": _name(outcome.value), "instance": instance.name},
            )
            return redirect(_dashboard_url(instance))
    from hub.models.spaces import PartnerSpacePage

    return render(
        request,
        "accounts/instance_dashboard.html",
        {
            "coordination": row,
            "instance": instance,
            "form": form,
            "members": _member_rows(instance, timezone.localdate()),
            "spaces": visible_pages(
                request.user, PartnerSpacePage.objects.filter(instance=instance).live()
            ),
            "events": AccreditationEvent.objects.filter(instance=instance).select_related(
                "actor", "subject"
            )[:RECENT_EVENTS],
        },
    )


def _member(row, user_id):
    return get_object_or_404(coordination.instance_members(row.instance), pk=user_id)


@coordinator_required
@require_POST
def set_expiry(request, instance_slug, user_id):
    row = _coordination(request, instance_slug)
    member = _member(row, user_id)
    form = ExpiryForm(request.POST, prefix=f"membre-{member.pk}")
    if not form.is_valid():
        messages.error(request, _("Indiquez une date valide (jj/mm/aaaa)."))
        return redirect(_dashboard_url(row.instance))
    expires_on = form.cleaned_data["expires_on"]
    try:
        coordination.set_membership_expiry(
            row.instance, user=member, expires_on=expires_on, actor=request.user
        )
    except AccreditationError as error:
        messages.error(request, str(error))
    else:
        if expires_on:
            messages.success(
                request,
                _("%(name)s est membre de l’instance jusqu’au %(date)s.")
                % {"name": _name(member), "date": expires_on.strftime("%d/%m/%Y")},
            )
        else:
            messages.success(
                request,
                _("%(name)s est membre de l’instance sans échéance.") % {"name": _name(member)},
            )
    return redirect(_dashboard_url(row.instance))


@coordinator_required
@require_http_methods(["GET", "POST"])
def remove_member(request, instance_slug, user_id):
    row = _coordination(request, instance_slug)
    member = _member(row, user_id)
    if request.method == "POST":
        try:
            coordination.remove_member(row.instance, user=member, actor=request.user)
        except AccreditationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s n’est plus membre de l’instance %(instance)s.")
                % {"name": _name(member), "instance": row.instance.name},
            )
        return redirect(_dashboard_url(row.instance))
    return render(
        request,
        "accounts/instance_remove.html",
        {
            "instance": row.instance,
            "member": member,
            "is_coordinator": member.pk == row.coordinator_id,
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def instance_handover(request, instance_slug):
    row = _coordination(request, instance_slug)
    candidates = coordination.handover_candidates(row)
    form = CoordinationHandoverForm(
        request.POST if request.method == "POST" else None, candidates=candidates
    )
    if request.method == "POST" and form.is_valid():
        new = form.cleaned_data["new_coordinator"]
        try:
            coordination.hand_over_coordination(row, new_coordinator=new, actor=request.user)
        except AccreditationError as error:
            form.add_error("new_coordinator", str(error))
        else:
            messages.success(
                request,
                _("%(name)s coordonne désormais l’instance %(instance)s.")
                % {"name": _name(new), "instance": row.instance.name},
            )
            if coordination.can_coordinate(request.user, row.instance):
                return redirect(_dashboard_url(row.instance))
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/instance_handover.html",
        {"instance": row.instance, "form": form, "has_candidates": bool(candidates)},
    )


# --- Working groups' audiences ------------------------------------------------------------------


def _managed_group(request, page_id):
    """The live working group `page_id`, if the person manages its space (else 404: who
    does not manage the space learns nothing of the group)."""
    from hub.models.spaces import WorkingGroupPage

    group_page = get_object_or_404(WorkingGroupPage.objects.live(), pk=page_id)
    try:
        working_groups.require_manager(request.user, group_page)
    except PermissionDenied:
        raise Http404 from None
    return group_page


def _group_url(group_page):
    return reverse("accounts:working_group", args=[group_page.pk])


@login_required
@require_http_methods(["GET", "POST"])
def working_group(request, page_id):
    group_page = _managed_group(request, page_id)
    form = AddGroupMemberForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("reserve", "open"):
                working_groups.set_reserved(
                    group_page, reserved=action == "reserve", actor=request.user
                )
                messages.success(
                    request,
                    _("Le groupe de travail est désormais réservé à ses membres.")
                    if action == "reserve"
                    else _("Le groupe de travail est désormais ouvert à tout l’espace."),
                )
                return redirect(_group_url(group_page))
            if action == "add" and form.is_valid():
                outcome = working_groups.add_group_member(
                    group_page, email=form.cleaned_data["email"], actor=request.user
                )
                messages.success(
                    request,
                    _("%(name)s est désormais membre du groupe de travail.")
                    % {"name": _name(outcome.value)},
                )
                return redirect(_group_url(group_page))
        except AccreditationError as error:
            form.add_error("email", str(error))
    return render(
        request,
        "accounts/working_group_members.html",
        {
            "group_page": group_page,
            "space": group_page.space(),
            "reserved": group_page.is_reserved,
            "members": working_groups.group_members(group_page),
            "form": form,
        },
    )


@login_required
@require_POST
def working_group_remove(request, page_id, user_id):
    group_page = _managed_group(request, page_id)
    member = get_object_or_404(working_groups.group_members(group_page), pk=user_id)
    working_groups.remove_group_member(group_page, user=member, actor=request.user)
    messages.success(
        request, _("%(name)s n’est plus membre du groupe de travail.") % {"name": _name(member)}
    )
    return redirect(_group_url(group_page))

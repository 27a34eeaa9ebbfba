"""The accounts in the Wagtail admin.

- Partner families are snippets (name, description, referent).
- The accreditation requests and their audit trail are read-only listings for superusers:
  nobody adds, edits or deletes them here; decisions are taken in the referents' area
  (/compte/referent/), which records them.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from hub.accounts.models import (
    AccreditationEvent,
    AccreditationRequest,
    InstanceCoordination,
    PartnerFamily,
)


class PartnerFamilyViewSet(SnippetViewSet):
    model = PartnerFamily
    icon = "group"
    menu_label = _("Familles de partenaires")
    list_display = ["name", "referent"]


register_snippet(PartnerFamilyViewSet)


class InstanceCoordinationViewSet(SnippetViewSet):
    """Administrators name each instance's coordinator here; `sync_coordination` then
    puts the coordinator in the instance's group and alone in its editors group, and
    journals the change (the hooks below)."""

    model = InstanceCoordination
    icon = "user"
    menu_label = _("Coordinateurs d'instance")
    list_display = ["instance", "coordinator", "since"]
    add_to_admin_menu = False


register_snippet(InstanceCoordinationViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def sync_instance_coordination(request, instance):
    if isinstance(instance, InstanceCoordination):
        from hub.accounts.coordination import sync_coordination

        sync_coordination(instance, actor=request.user)


class SuperuserReadOnlyPolicy(BasePermissionPolicy):
    """View for active superusers; add, change and delete for nobody (not even them)."""

    def user_has_permission(self, user, action):
        return (
            action == "view"
            and getattr(user, "is_authenticated", False)
            and user.is_active
            and user.is_superuser
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if "view" in actions else users.none()


register_permission_policy(AccreditationEvent, SuperuserReadOnlyPolicy(AccreditationEvent))
register_permission_policy(AccreditationRequest, SuperuserReadOnlyPolicy(AccreditationRequest))


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    # The forms are never reachable (the policy refuses add and change); Wagtail still
    # wants to know their fields.
    form_fields = []

    def get_permissions_to_register(self):
        # Nothing to grant to groups: the permissions are fixed by the policy.
        return super().get_permissions_to_register().none()


class AccreditationEventViewSet(ReadOnlyViewSet):
    model = AccreditationEvent
    icon = "history"
    menu_label = _("Journal des accréditations")
    name = "journal-accreditations"
    list_display = ["created_at", "action", "family", "instance", "actor", "subject", "detail"]
    list_filter = ["family", "action"]
    inspect_view_fields = [
        "created_at",
        "action",
        "family",
        "instance",
        "actor",
        "subject",
        "request",
        "expires_on",
        "detail",
    ]


class AccreditationRequestViewSet(ReadOnlyViewSet):
    model = AccreditationRequest
    icon = "user"
    menu_label = _("Demandes d'accréditation")
    name = "demandes-accreditation"
    list_display = ["created_at", "__str__", "family", "status", "decided_by", "decided_at"]
    list_filter = ["family", "status"]
    inspect_view_fields = [
        "created_at",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "job_role",
        "family",
        "motivation",
        "status",
        "decided_at",
        "decided_by",
        "reason",
        "account",
    ]


class AccreditationViewSetGroup(ModelViewSetGroup):
    menu_label = _("Accréditations")
    menu_icon = "group"
    menu_order = 250
    items = (AccreditationRequestViewSet, AccreditationEventViewSet)


@hooks.register("register_admin_viewset")
def register_accreditation_viewsets():
    return AccreditationViewSetGroup()

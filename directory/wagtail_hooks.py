"""A read-only listing of the communes gazetteer in the Wagtail admin (Settings menu).

The gazetteer is written by `manage.py load_communes` only: an edit made by hand would be
overwritten by the next load, so nobody, superusers included, may add, change or delete a
commune here.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from directory.models import Commune


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, reduced to "view"."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])


register_permission_policy(Commune, ViewOnlyPermissionPolicy(Commune))


class CommuneViewSet(ModelViewSet):
    model = Commune
    icon = "site"
    menu_label = _("Communes")
    add_to_settings_menu = True
    list_display = ["name", "code", "department", "kind", "population"]
    list_filter = ["kind"]
    # Commune is not in Wagtail's search index: the listing searches these fields with
    # icontains; search_name lets "montigny les metz" find Montigny-lès-Metz.
    search_fields = ["name", "search_name", "code"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = [
        "code",
        "name",
        "kind",
        "department",
        "region",
        "population",
        "parent",
        "latitude",
        "longitude",
    ]
    copy_view_enabled = False
    # Required to build the (never reachable) edit form.
    form_fields = ["name"]


@hooks.register("register_admin_viewset")
def register_commune_viewset():
    return CommuneViewSet("communes")

"""The directory in the Wagtail admin.

- A read-only listing of the communes gazetteer (Settings menu);
- the "Annuaire" menu: structures, services, coordination instances, psychiatric sectors
  and contacts, as snippets with revisions;
- "Signalements" in the same menu: the public's error reports, moderated here.

The gazetteer is written by `manage.py load_communes` only: an edit made by hand would be
overwritten by the next load, so nobody, superusers included, may add, change or delete a
commune here.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Value, When
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory.admin_choosers import ReportChooserViewSet, VisibleEntriesMixin
from directory.admin_forms import (
    CommunesAdminForm,
    ContainedEntryAdminForm,
    OrganisationAdminForm,
    container_note,
)
from directory.forms import ErrorReportModerationForm
from directory.models import (
    Commune,
    Contact,
    CoordinationInstance,
    ErrorReport,
    Organisation,
    PsychiatricSector,
    Service,
)


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


# --- The directory ("Annuaire" menu) ---------------------------------------------------------
# Snippets with revisions: editors see who changed an entry and when, and can compare.
# Listings filter on what partners ask first: kind, territory, partner family, tier.
# Every form ends with the same two groups: where the facts come from, and who sees them.


def _verification():
    return MultiFieldPanel(
        [FieldPanel("source"), FieldPanel("verified_on"), FieldPanel("verified_by")],
        heading=_("Source et vérification"),
    )


def _visibility():
    return MultiFieldPanel(
        [FieldPanel("access_tier"), FieldPanel("access_groups")], heading=_("Visibilité")
    )


class OrganisationViewSet(VisibleEntriesMixin, SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Structures")
    list_display = ["name", "kind", "commune", "partner_family", "access_tier", "verified_on"]
    list_filter = ["kind", "partner_family", "territories", "access_tier"]
    search_fields = ["name", "description", "slug"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("kind"),
                    FieldPanel("parent"),
                    FieldPanel("partner_family"),
                    FieldPanel("territories"),
                    FieldPanel("description"),
                    FieldPanel("tags"),
                ],
                heading=_("Identité"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("address"),
                    FieldPanel("address_complement"),
                    FieldPanel("postal_code"),
                    FieldPanel("commune"),
                    FieldPanel("coverage"),
                    FieldPanel("latitude"),
                    FieldPanel("longitude"),
                    FieldPanel("website"),
                    FieldPanel("siret"),
                    FieldPanel("horaires_accueil"),
                ],
                heading=_("Adresse, position et accueil"),
            ),
            MultiFieldPanel(
                [FieldPanel("thematiques"), FieldPanel("reseaux_porteurs")],
                heading=_("Référentiel data·inclusion"),
            ),
            _verification(),
            _visibility(),
        ],
        base_form_class=OrganisationAdminForm,
    )


class ContainedEntryViewSet(VisibleEntriesMixin, SnippetViewSet):
    """Services and contacts hang from a structure: their form says when their visibility
    is more open than the structure's (directory.admin_forms.container_note)."""

    def get_edit_handler(self):
        handler = super().get_edit_handler()
        handler.base_form_class = ContainedEntryAdminForm
        return handler


class ServiceViewSet(ContainedEntryViewSet):
    model = Service
    icon = "list-ul"
    menu_label = _("Services")
    list_display = ["name", "organisation", "access_tier", "verified_on"]
    list_filter = ["organisation__kind", "organisation__territories", "access_tier"]
    search_fields = ["name", "description"]


class CoordinationInstanceViewSet(VisibleEntriesMixin, SnippetViewSet):
    model = CoordinationInstance
    icon = "openquote"
    menu_label = _("Instances de coordination")
    list_display = ["name", "kind", "status", "territory_page", "verified_on"]
    list_filter = ["kind", "status", "territory_page"]
    search_fields = ["name", "description"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("kind"),
                    FieldPanel("status"),
                    FieldPanel("description"),
                    FieldPanel("created_on"),
                    FieldPanel("meeting_rhythm"),
                ],
                heading=_("Instance"),
            ),
            MultiFieldPanel(
                [FieldPanel("communes"), FieldPanel("territory_page")],
                heading=_("Territoire"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("lead_organisation"),
                    FieldPanel("coordinator"),
                    FieldPanel("members"),
                    FieldPanel("group"),
                ],
                heading=_("Porteur, coordination et membres"),
            ),
            _verification(),
            _visibility(),
        ],
        base_form_class=CommunesAdminForm,
    )


class PsychiatricSectorViewSet(VisibleEntriesMixin, SnippetViewSet):
    model = PsychiatricSector
    icon = "home"
    menu_label = _("Secteurs psychiatriques")
    list_display = ["code", "name", "hospital", "verified_on"]
    list_filter = ["hospital"]
    search_fields = ["code", "name"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("code"),
                    FieldPanel("name"),
                    FieldPanel("hospital"),
                    FieldPanel("description"),
                ],
                heading=_("Secteur"),
            ),
            MultiFieldPanel(
                [FieldPanel("communes"), FieldPanel("cmps"), FieldPanel("mobile_teams")],
                heading=_("Territoire, CMP et équipes mobiles"),
            ),
            _verification(),
            _visibility(),
        ],
        base_form_class=CommunesAdminForm,
    )


class ContactViewSet(ContainedEntryViewSet):
    model = Contact
    icon = "mail"
    menu_label = _("Contacts")
    list_display = ["role", "organisation", "email_tier", "phone_tier", "verified_on"]
    list_filter = ["email_tier", "phone_tier", "access_tier", "organisation__kind"]
    search_fields = ["role", "email"]


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def warn_about_a_container_more_closed(request, instance):
    """The saved entry is accepted; the editor is told who will really see it."""
    if isinstance(instance, Service | Contact):
        note = container_note(
            instance.organisation, instance.access_tier, instance.access_groups.all()
        )
        if note:
            messages.warning(request, note)


# --- Error reports ("Signalements") ---------------------------------------------------------
# Reports come from the public form only (/annuaire/<slug>/signaler/): moderators read them,
# correct the entry themselves if need be, and close them. They never add one, and they
# change only the status and their note; the form erases the reporter's address on closing
# and records who closed the report (directory.forms.ErrorReportModerationForm).


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, without "add"."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action != "add"]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


register_permission_policy(ErrorReport, NoAddPermissionPolicy(ErrorReport))


class ReportedEntryPanel(HelpPanel):
    """A link to the reported entry's own edit page, or why there is none."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            entry = self.instance.entry if self.instance.pk else None
            url = AdminURLFinder(self.request.user).get_edit_url(entry) if entry else None
            if url:
                self.content = format_html(
                    '<p><a class="button button-small button-secondary" href="{}">{}</a></p>',
                    url,
                    gettext("Ouvrir la fiche « %(entry)s » pour la corriger") % {"entry": entry},
                )
            elif entry is None:
                self.content = format_html(
                    "<p>{}</p>", gettext("L'entrée signalée a été supprimée depuis.")
                )
            else:
                self.content = format_html(
                    "<p>{}</p>", gettext("Vous n'avez pas le droit de modifier cette entrée.")
                )


def _open_first(queryset):
    return queryset.annotate(
        closed=Case(
            When(status__in=ErrorReport.OPEN_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("closed", "-created_at")


class ErrorReportViewSet(SnippetViewSet):
    model = ErrorReport
    chooser_viewset_class = ReportChooserViewSet
    icon = "warning"
    menu_label = _("Signalements")
    list_display = ["entry_label", "topic", "created_at", "status"]
    list_filter = ["status", "topic"]
    search_fields = ["entry_label", "message"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "entry_label",
        "topic",
        "message",
        "reporter_email",
        "created_at",
        "status",
        "moderator_note",
        "handled_by",
        "handled_at",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    ReportedEntryPanel(heading=_("Entrée signalée")),
                    FieldPanel("entry_label", read_only=True),
                    FieldPanel("topic", read_only=True),
                    FieldPanel("message", read_only=True),
                    FieldPanel("reporter_email", read_only=True),
                    FieldPanel("created_at", read_only=True),
                ],
                heading=_("Le signalement"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("status"),
                    FieldPanel("moderator_note"),
                    FieldPanel("handled_by", read_only=True),
                    FieldPanel("handled_at", read_only=True),
                ],
                heading=_("Modération"),
                help_text=_(
                    "Le signalement ne modifie pas la fiche : corrigez-la vous-même. À la "
                    "clôture (corrigé ou rejeté), l'adresse de la personne est effacée."
                ),
            ),
        ],
        base_form_class=ErrorReportModerationForm,
    )

    def get_queryset(self, request):
        # Open reports first (new and in progress), the newest first; a column's own sort
        # order, when chosen, replaces this one.
        return _open_first(ErrorReport.objects.all())

    @cached_property
    def menu_item_class(self):
        base = super().menu_item_class

        class ErrorReportMenuItem(base):
            def render_component(self, request):
                # One COUNT on an indexed column per admin page: the number of new reports.
                component = super().render_component(request)
                count = ErrorReport.objects.filter(status=ErrorReport.Status.NEW).count()
                if count:
                    component.label = f"{component.label} ({count})"
                return component

        return ErrorReportMenuItem


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Annuaire")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        OrganisationViewSet,
        ServiceViewSet,
        CoordinationInstanceViewSet,
        PsychiatricSectorViewSet,
        ContactViewSet,
        ErrorReportViewSet,
    )


register_snippet(DirectoryViewSetGroup)

"""The trainings in Wagtail's admin: modules, sessions and the registrations of each
session as snippets, in a « Formations » menu. Every listing reads through
`hub.trainings.rules` (what the editor may see: `hub.access.visible_objects`), on top of
Wagtail's model permissions (administrators have them; give them to a group to delegate)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from hub.trainings import rules
from hub.trainings.forms import TrainingModuleAdminForm
from hub.trainings.models import Registration, TrainingModule, TrainingSession


class TrainingModuleViewSet(SnippetViewSet):
    model = TrainingModule
    icon = "doc-full"
    menu_label = _("Modules")
    list_display = ["title", "length_text", "access_tier"]
    list_filter = ["access_tier"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("objectives"),
            FieldRowPanel([FieldPanel("length_days"), FieldPanel("length_days_max")]),
            FieldPanel("audience"),
            FieldPanel("trainer_organisations"),
            FieldPanel("source"),
            MultiFieldPanel(
                [FieldPanel("access_tier"), FieldPanel("access_groups")],
                heading=_("Qui voit le module et ses sessions ?"),
            ),
        ],
        base_form_class=TrainingModuleAdminForm,
    )

    def get_queryset(self, request):
        return rules.visible_modules(request.user)


class TrainingSessionViewSet(SnippetViewSet):
    model = TrainingSession
    icon = "date"
    menu_label = _("Sessions")
    list_display = ["module", "start", "territory", "capacity"]
    list_filter = ["territory", "module"]
    ordering = ["-start"]
    edit_handler = ObjectList(
        [
            FieldPanel("module"),
            FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            FieldRowPanel([FieldPanel("hours"), FieldPanel("capacity")]),
            FieldRowPanel([FieldPanel("place"), FieldPanel("territory")]),
            FieldPanel("event"),
            FieldPanel("notes"),
        ]
    )

    def get_queryset(self, request):
        return TrainingSession.objects.filter(
            module__in=rules.visible_modules(request.user)
        ).select_related("module", "territory")


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Inscriptions")
    list_display = ["user", "session", "organisation", "role", "status", "created_at"]
    list_filter = ["session", "status"]
    ordering = ["session", "queued_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("session", read_only=True),
            FieldPanel("user", read_only=True),
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")]),
            FieldPanel("status"),
        ]
    )

    def get_queryset(self, request):
        return Registration.objects.filter(
            session__module__in=rules.visible_modules(request.user)
        ).select_related("user", "session__module")


class TrainingsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Formations")
    menu_icon = "doc-full"
    menu_order = 260
    items = (TrainingModuleViewSet, TrainingSessionViewSet, RegistrationViewSet)


register_snippet(TrainingsViewSetGroup)

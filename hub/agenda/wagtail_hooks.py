"""The agenda in Wagtail's admin: events as snippets, in an « Agenda » menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from hub.agenda.forms import EventAdminForm
from hub.agenda.models import Event


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    menu_label = _("Agenda")
    menu_name = "agenda"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["title", "kind", "territory", "start", "access_tier"]
    list_filter = ["kind", "territory", "access_tier"]
    search_fields = ["title", "place"]
    ordering = ["-start"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("territory")]),
            FieldPanel("coordination_instance"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            FieldRowPanel([FieldPanel("place"), FieldPanel("video_url")]),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("recurrence_frequency"), FieldPanel("recurrence_interval")]
                    ),
                    FieldRowPanel([FieldPanel("recurrence_until"), FieldPanel("recurrence_count")]),
                    FieldPanel("cancelled_dates"),
                ],
                heading=_("Réunion récurrente"),
                help_text=_(
                    "Une série a toujours une fin : une dernière date ou un nombre de séances."
                ),
            ),
            MultiFieldPanel(
                [FieldPanel("access_tier"), FieldPanel("access_groups")],
                heading=_("Qui voit l'événement ?"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("agenda_document"), FieldPanel("agenda_page")]),
                    FieldRowPanel([FieldPanel("minutes_document"), FieldPanel("minutes_page")]),
                ],
                heading=_("Ordre du jour et compte rendu"),
                help_text=_(
                    "Chacun garde sa propre confidentialité : le lien n'est montré qu'à qui peut "
                    "lire sa cible."
                ),
            ),
        ],
        base_form_class=EventAdminForm,
    )


register_snippet(EventViewSet)

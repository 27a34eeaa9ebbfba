"""The territories' yearly figures in Wagtail's admin, as snippets under « Évaluation »:
administrators, and the referents their group's permissions allow, type them there."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from hub.evaluation.models import ProjectFigure


class ProjectFigureViewSet(SnippetViewSet):
    model = ProjectFigure
    icon = "table"
    menu_label = _("Évaluation")
    menu_name = "evaluation"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["project", "kind", "year", "value"]
    list_filter = ["kind", "year"]
    ordering = ["project__title", "kind", "-year"]
    panels = [
        FieldPanel("project"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("year"), FieldPanel("value")]),
        FieldPanel("source"),
    ]


register_snippet(ProjectFigureViewSet)

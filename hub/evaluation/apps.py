"""The evaluation dashboard (issue 16): `/evaluation/` for accredited partners and its
public summary `/evaluation/synthese/`, the figures typed by the territories and the
cookie-less page-view counts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "hub.evaluation"
    label = "evaluation"
    verbose_name = _("Évaluation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Its own series (project figures, page views) and its part of the demo.
        from hub.evaluation import hub_hooks  # noqa: F401

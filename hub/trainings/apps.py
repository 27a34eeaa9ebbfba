"""The trainings app (issue 16). Its models change public pages (/formations/, the places
left): their saves empty the page cache as hub's own models do (hub/cache.py)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "hub.trainings"
    label = "trainings"
    verbose_name = _("Formations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from hub.cache import invalidate
        from hub.trainings import hub_hooks  # noqa: F401  (demo, dashboard figures)
        from hub.trainings.models import Registration, TrainingModule, TrainingSession

        for model in (TrainingModule, TrainingSession, Registration):
            name = model._meta.model_name
            post_save.connect(invalidate, sender=model, dispatch_uid=f"trainings-{name}-save")
            post_delete.connect(invalidate, sender=model, dispatch_uid=f"trainings-{name}-delete")
        m2m_changed.connect(
            invalidate,
            sender=TrainingModule.access_groups.through,
            dispatch_uid="trainings-cache-groups",
        )

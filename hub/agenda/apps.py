"""The agenda app. Its models change public pages (/agenda/): their saves empty the page
cache as hub's own models do (hub/cache.py)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "hub.agenda"
    label = "agenda"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from hub.agenda import hub_hooks  # noqa: F401  (its part of the demo, hub/hooks.py)
        from hub.agenda.models import Event
        from hub.cache import invalidate

        post_save.connect(invalidate, sender=Event, dispatch_uid="agenda-cache-save")
        post_delete.connect(invalidate, sender=Event, dispatch_uid="agenda-cache-delete")
        m2m_changed.connect(
            invalidate, sender=Event.access_groups.through, dispatch_uid="agenda-cache-groups"
        )

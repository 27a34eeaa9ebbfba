from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Login hardening: brute-force lockout, second factor for the admin, session timeouts."""

    name = "hub.security"
    label = "security"
    verbose_name = _("Sécurité des connexions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from hub.security.middleware import stamp_session_at_login

        user_logged_in.connect(stamp_session_at_login, dispatch_uid="maillage_session_stamp")

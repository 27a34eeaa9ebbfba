"""Production: refuses to start without SECRET_KEY, or with DEBUG on.

Issue 7 adds gunicorn, whitenoise, the Redis cache, CSP and HSTS here."""

from hub.settings.base import *  # noqa: F403
from hub.settings.env import ConfigError, env_bool, env_list, env_str

if env_bool("DEBUG", False):
    raise ConfigError(
        "DEBUG doit être désactivé en production (retirez DEBUG ou mettez DEBUG=false)."
    )
DEBUG = False

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    raise ConfigError(
        "SECRET_KEY est obligatoire en production : définissez une valeur longue et secrète."
    )
if len(SECRET_KEY) < 32:
    raise ConfigError("SECRET_KEY est trop courte en production (32 caractères au moins).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ConfigError(
        "ALLOWED_HOSTS est obligatoire en production (noms d'hôte séparés par des virgules)."
    )

"""Local development: DEBUG on, a throw-away secret key, SQLite under var/ by default."""

from hub.settings.base import *  # noqa: F403
from hub.settings.env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

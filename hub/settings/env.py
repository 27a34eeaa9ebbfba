"""One small typed helper to read the environment.

Every setting that comes from the environment goes through these functions, so that a
wrong value is reported once, in French, on one line, naming the variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on", "oui", "vrai"}
FALSE_VALUES = {"0", "false", "no", "off", "non", "faux", ""}


class ConfigError(ImproperlyConfigured):
    """A configuration problem, to be shown as one clear line."""


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ConfigError(f"la variable d'environnement {name} est obligatoire.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ConfigError(f"{name}={raw!r} n'est pas un booléen (attendu : true/false, 1/0).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} n'est pas un nombre entier.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name: str, default_sqlite: Path) -> dict[str, Any]:
    """Parse DATABASE_URL (SQLite or PostgreSQL) into Django's DATABASES entry."""
    import dj_database_url

    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite)}
    scheme = raw.split(":", 1)[0].lower() if ":" in raw else ""
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            f"{name} est mal formée ({_redact(raw)!r}) : attendu "
            "sqlite:///chemin/vers/base.sqlite3 ou postgres://utilisateur@hôte:port/base."
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=60 if scheme != "sqlite" else 0)
    except Exception as error:  # dj-database-url raises several kinds of errors
        raise ConfigError(f"{name} est mal formée ({_redact(raw)!r}) : {error}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError(
            f"{name} est mal formée ({_redact(raw)!r}) : le nom de la base manque "
            "(postgres://utilisateur@hôte:port/base)."
        )
    if scheme != "sqlite":
        config.setdefault("OPTIONS", {})
    return config


def _redact(url: str) -> str:
    """Hide a password in a URL before it is printed."""
    if "@" in url and "://" in url:
        head, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        if ":" in credentials:
            user = credentials.split(":", 1)[0]
            return f"{head}://{user}:***@{host}"
    return url

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


def env_secret(name: str, *, min_length: int) -> str | None:
    """A secret (a key, a password): None when unset; never printed in an error."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    if len(value) < min_length:
        raise ConfigError(f"{name} est trop courte ({min_length} caractères au moins).")
    return value


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


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
_EMAIL_URL_EXAMPLE = "smtp://utilisateur:motdepasse@smtp.example.org:587?tls=1"


def env_email() -> dict[str, Any]:
    """Django's e-mail settings from EMAIL_URL, or from EMAIL_HOST, EMAIL_PORT,
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL.

    `smtp://user:password@host:587?tls=1` (STARTTLS), `smtps://…:465` (TLS from the
    start), `smtp://host:25` (a local relay). A user or password with `@`, `:` or `/` is
    percent-encoded (`%40`). With neither EMAIL_URL nor EMAIL_HOST, e-mails go to the
    console (development). A password is never printed."""
    url = env_str("EMAIL_URL")
    if url:
        config = _parse_email_url(url)
    elif env_str("EMAIL_HOST"):
        config = {
            "EMAIL_HOST": env_str("EMAIL_HOST"),
            "EMAIL_PORT": env_int("EMAIL_PORT", 25),
            "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
            "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", False),
        }
    else:
        return {"EMAIL_BACKEND": env_str("EMAIL_BACKEND", CONSOLE_BACKEND)}
    if config["EMAIL_USE_TLS"] and config["EMAIL_USE_SSL"]:
        raise ConfigError(
            "e-mail : STARTTLS (tls) et TLS direct (ssl / smtps) s'excluent, choisissez-en un."
        )
    if not 0 < config["EMAIL_PORT"] < 65536:
        raise ConfigError(f"e-mail : port {config['EMAIL_PORT']} hors de 1 à 65535.")
    if bool(config["EMAIL_HOST_USER"]) != bool(config["EMAIL_HOST_PASSWORD"]):
        raise ConfigError(
            "e-mail : l'utilisateur SMTP et son mot de passe vont ensemble (il en manque un)."
        )
    config["EMAIL_BACKEND"] = env_str("EMAIL_BACKEND", SMTP_BACKEND)
    config["EMAIL_TIMEOUT"] = env_int("EMAIL_TIMEOUT", 10)
    return config


def _parse_email_url(raw: str) -> dict[str, Any]:
    from urllib.parse import parse_qs, unquote, urlsplit

    shown = _redact(raw)
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as error:
        raise ConfigError(
            f"EMAIL_URL est mal formée ({shown!r}) : {error} ; exemple : {_EMAIL_URL_EXAMPLE}."
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in {"smtp", "smtps"}:
        raise ConfigError(
            f"EMAIL_URL est mal formée ({shown!r}) : elle commence par smtp:// ou smtps:// ; "
            f"exemple : {_EMAIL_URL_EXAMPLE}."
        )
    if not parts.hostname:
        raise ConfigError(f"EMAIL_URL est mal formée ({shown!r}) : le nom du serveur manque.")
    query = {key.lower(): values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = sorted(set(query) - {"tls", "ssl"})
    if unknown:
        raise ConfigError(
            f"EMAIL_URL : paramètre(s) inconnu(s) {', '.join(unknown)} (connus : tls, ssl)."
        )
    flags = {}
    for key in ("tls", "ssl"):
        value = query.get(key, "").strip().lower()
        if value not in TRUE_VALUES | FALSE_VALUES:
            raise ConfigError(f"EMAIL_URL : {key}={value!r} n'est pas un booléen (1 ou 0).")
        flags[key] = value in TRUE_VALUES
    use_ssl = scheme == "smtps" or flags["ssl"]
    use_tls = flags["tls"]
    return {
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }

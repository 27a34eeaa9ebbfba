"""Settings come from the environment; bad values give one clear French line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hub.settings.env import ConfigError, env_bool, env_database, env_list

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    """Run manage.py in a subprocess with a clean, controlled environment."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


def test_production_without_secret_key_refuses_to_start_with_one_clear_line():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="hub.settings.production", ALLOWED_HOSTS="hub.example.org"
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "SECRET_KEY est obligatoire en production" in lines[0]
    assert "Traceback" not in result.stderr


def test_production_with_debug_on_refuses_to_start():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        SECRET_KEY="x" * 50,
        DEBUG="true",
        ALLOWED_HOSTS="hub.example.org",
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Erreur de configuration : DEBUG doit être désactivé en production "
        "(retirez DEBUG ou mettez DEBUG=false)."
    ]


def test_production_with_secret_key_and_hosts_starts():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        SECRET_KEY="a-long-enough-secret-key-for-the-production-check-0123456789",
        ALLOWED_HOSTS="hub.example.org",
        MAILLAGE_VAR_DIR="/tmp/maillage-test-prod-check",
        EMAIL_URL="smtp://127.0.0.1:25",
        DEFAULT_FROM_EMAIL="Maillage <ne-pas-repondre@hub.example.org>",
    )
    assert result.returncode == 0, result.stderr


def test_malformed_database_url_gives_one_clear_line():
    result = run_manage("check", DATABASE_URL="mysql//nothing-here")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Erreur de configuration : DATABASE_URL est mal formée")


def test_database_url_password_is_never_printed():
    with pytest.raises(ConfigError) as error:
        env_database_from("ftp://user:s3cret@host/db")
    assert "s3cret" not in str(error.value)
    assert "user:***@host" in str(error.value)


def test_postgres_url_without_database_name_is_refused():
    with pytest.raises(ConfigError, match="le nom de la base manque"):
        env_database_from("postgres://postgres@127.0.0.1:5432")


def test_sqlite_is_the_default_under_var(tmp_path):
    config = env_database_from(None, default=tmp_path / "var" / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"].endswith("var/db.sqlite3")
    assert (tmp_path / "var").is_dir()


def test_postgres_url_is_parsed():
    config = env_database_from("postgres://postgres@127.0.0.1:5432/test")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("test", "127.0.0.1", 5432)


def test_booleans_and_lists_are_typed(monkeypatch):
    monkeypatch.setenv("X_FLAG", "oui")
    monkeypatch.setenv("X_LIST", "a.example.org, b.example.org,")
    assert env_bool("X_FLAG") is True
    assert env_list("X_LIST") == ["a.example.org", "b.example.org"]
    monkeypatch.setenv("X_FLAG", "peut-être")
    with pytest.raises(ConfigError, match="n'est pas un booléen"):
        env_bool("X_FLAG")


def test_site_speaks_french_in_paris_time(settings):
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert ("en", "English") in settings.LANGUAGES


def test_shared_password_restrictions_are_switched_off(settings):
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}
    assert settings.WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS == {"SHARED_PASSWORD": False}
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def env_database_from(value, default=Path("/tmp/maillage-test/unused.sqlite3")):
    previous = os.environ.pop("X_DATABASE_URL", None)
    try:
        if value is not None:
            os.environ["X_DATABASE_URL"] = value
        return env_database("X_DATABASE_URL", default)
    finally:
        os.environ.pop("X_DATABASE_URL", None)
        if previous is not None:
            os.environ["X_DATABASE_URL"] = previous

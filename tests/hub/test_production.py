"""Production settings, as the host runs them: `check --deploy` clean, static files collected
with hashed names, a CSP on the public site and another on Wagtail's admin, HTTPS behind a proxy
believed only from the trusted proxies, and gunicorn's settings from the environment."""

import json
import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hub.settings.security import (
    admin_content_security_policy,
    content_security_policy,
    insert_production_middleware,
    tile_source,
)

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra):
    """A clean environment: only what a host would set."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50)[:50],
        "ALLOWED_HOSTS": "maillage.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'maillage.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "MAILLAGE_VAR_DIR": str(tmp_path),
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "DEFAULT_FROM_EMAIL": "Maillage <ne-pas-repondre@maillage.example.org>",
    }
    env.update(extra)
    return env


def run_manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


SETTINGS_DUMP = """
import json
from django.conf import settings as s
print("SETTINGS " + json.dumps({
    "middleware": s.MIDDLEWARE,
    "static_storage": s.STORAGES["staticfiles"]["BACKEND"],
    "cache": s.CACHES["default"]["BACKEND"],
    "page_cache": s.MAILLAGE_PAGE_CACHE_SECONDS,
    "csp": s.CONTENT_SECURITY_POLICY,
    "proxy_header": s.SECURE_PROXY_SSL_HEADER,
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "hsts": [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD],
    "cookies": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],
    "log_stream": s.LOGGING["handlers"]["stdout"]["stream"],
}))
"""


def production_settings(tmp_path, **extra):
    result = run_manage(
        production_env(tmp_path, **extra), "shell", "--no-imports", "-c", SETTINGS_DUMP
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("SETTINGS "))
    return json.loads(line[len("SETTINGS ") :])


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    result = run_manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_cookies_are_not_secure(tmp_path):
    result = run_manage(
        production_env(tmp_path, SECURE_COOKIES="false"),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode != 0
    assert "security.W012" in result.stderr + result.stdout


def test_production_settings_put_whitenoise_right_after_security_and_use_redis(tmp_path):
    settings = production_settings(tmp_path)
    middleware = settings["middleware"]
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security - 1] == "hub.middleware.TrustedProxyHeadersMiddleware"
    assert middleware[security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    assert middleware.index("hub.cache.AnonymousPageCacheMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert settings["static_storage"] == ("whitenoise.storage.CompressedManifestStaticFilesStorage")
    assert settings["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert settings["page_cache"] == 300
    assert settings["proxy_header"] is None  # no trusted proxy configured
    assert settings["ssl_redirect"] is True
    assert settings["hsts"] == [31_536_000, True, False]
    assert settings["cookies"] == [True, True]
    assert settings["log_stream"] == "ext://sys.stdout"


def test_without_redis_the_page_cache_is_off_and_behind_a_proxy_https_is_believed(tmp_path):
    env = production_env(
        tmp_path,
        TRUSTED_PROXIES="10.0.0.0/8",
        MAILLAGE_MAP_TILE_URL="https://{s}.tuiles.example.org/{z}/{x}/{y}.png",
    )
    del env["REDIS_URL"]
    result = run_manage(env, "shell", "--no-imports", "-c", SETTINGS_DUMP)
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout.split("SETTINGS ", 1)[1])
    assert settings["page_cache"] == 0
    assert settings["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert "https://*.tuiles.example.org" in settings["csp"]["DIRECTIVES"]["img-src"]


@pytest.mark.slow
def test_collectstatic_hashes_and_compresses_every_file_with_the_vendored_leaflet(tmp_path):
    static_root = tmp_path / "static"
    result = run_manage(
        production_env(tmp_path, STATIC_ROOT=str(static_root)),
        "collectstatic",
        "--noinput",
        "-v",
        "0",
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    for name in (
        "directory/vendor/leaflet/leaflet.js",
        "directory/vendor/leaflet/leaflet.css",
        "directory/vendor/leaflet/images/marker-icon.png",
        "directory/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "css/maillage.css",
    ):
        assert name in manifest, name
        assert (static_root / (manifest[name] + ".gz")).is_file() or name.endswith(".png")
    css = (static_root / manifest["directory/vendor/leaflet/leaflet.css"]).read_text()
    assert re.search(r"images/layers\.[0-9a-f]{12}\.png", css)


# --- CSP on the public site -------------------------------------------------------------------


@pytest.fixture
def production_middleware(settings, tmp_path):
    settings.MIDDLEWARE = insert_production_middleware(settings.MIDDLEWARE)
    settings.CONTENT_SECURITY_POLICY = content_security_policy(settings.MAILLAGE_MAP_TILE_URL)
    settings.MAILLAGE_ADMIN_CONTENT_SECURITY_POLICY = admin_content_security_policy()
    settings.STATIC_ROOT = tmp_path


MAIN_PUBLIC_PAGES = [
    "/",
    "/charte/",
    "/territoires/",
    "/territoires/grand-lyon/",
    "/projets/selo/",
    "/guide/",
    "/annuaire/",
    "/annuaire/?q=cmp&lieu=Metz",
    "/annuaire/carte/",
    "/annuaire/clsm-metz/",
    "/qui-contacter/?lieu=57463",
    "/recherche/?q=logement",
    "/compte/connexion/",
    "/compte/demande/",
    "/mentions-legales/",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)


@pytest.mark.slow
def test_main_public_pages_carry_the_csp_and_nothing_inline_that_it_would_block(
    client, demo, production_middleware
):
    problems = []
    for url in MAIN_PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ):
            assert directive in policy, (url, directive)
        assert "img-src 'self' data: https://tile.openstreetmap.org" in policy
        html = response.content.decode()
        problems += [f"{url}: {match}" for match in INLINE_SCRIPT.findall(html)]
        problems += [f"{url}: {match.strip()}" for match in INLINE_STYLE.findall(html)]
    assert not problems, "\n".join(problems)


def test_wagtail_admin_gets_its_own_policy_and_the_public_site_keeps_its_own(
    client, production_middleware
):
    admin = client.get("/admin/login/")
    assert admin.status_code == 200
    assert admin["Content-Security-Policy"] == admin_content_security_policy()
    for directive in (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline';",
        "script-src-attr 'none'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:;",
        "frame-ancestors 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert directive in admin["Content-Security-Policy"], directive
    assert "unsafe-eval" not in admin["Content-Security-Policy"]
    public = client.get("/compte/connexion/")
    assert public.status_code == 200
    # django-csp does not keep the directives in a fixed order: read them as a mapping.
    directives = dict(
        part.strip().split(" ", 1)
        for part in public["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in public["Content-Security-Policy"]


def test_production_sends_the_admin_policy_and_report_only_switches_both(tmp_path):
    dump = (
        "from django.conf import settings as s\n"
        "print('ADMIN', s.MAILLAGE_ADMIN_CSP_REPORT_ONLY, s.MAILLAGE_ADMIN_CONTENT_SECURITY_POLICY)"
    )
    enforced = run_manage(
        production_env(tmp_path, CSP_REPORT_URI="https://rapports.example.org/csp"),
        "shell",
        "--no-imports",
        "-c",
        dump,
    )
    assert enforced.returncode == 0, enforced.stderr
    line = next(line for line in enforced.stdout.splitlines() if line.startswith("ADMIN "))
    assert line.startswith("ADMIN False default-src 'self'; script-src 'self' 'unsafe-inline';")
    assert line.endswith("report-uri https://rapports.example.org/csp")
    report_only = run_manage(
        production_env(tmp_path, CSP_REPORT_ONLY="true"), "shell", "--no-imports", "-c", dump
    )
    assert report_only.returncode == 0, report_only.stderr
    assert "ADMIN True default-src 'self'" in report_only.stdout


def test_admin_policy_is_sent_as_report_only_when_asked(client, production_middleware, settings):
    settings.MAILLAGE_ADMIN_CSP_REPORT_ONLY = True
    response = client.get("/admin/login/")
    assert "Content-Security-Policy" not in response
    assert response["Content-Security-Policy-Report-Only"] == admin_content_security_policy()


# --- HTTPS behind a proxy ---------------------------------------------------------------------


@pytest.fixture
def behind_proxy(settings, production_middleware):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.MAILLAGE_TRUSTED_PROXIES = ["10.0.0.0/8"]


def test_https_is_believed_from_the_trusted_proxy_only(client, behind_proxy):
    forged = client.get(
        "/compte/connexion/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="203.0.113.9"
    )
    assert forged.status_code == 301
    assert forged["Location"].startswith("https://")
    proxied = client.get(
        "/compte/connexion/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.1.2.3"
    )
    assert proxied.status_code == 200


# --- Small pieces -----------------------------------------------------------------------------


def test_tile_host_is_derived_from_the_tile_url_template():
    assert tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert tile_source("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png") == (
        "https://*.tile.openstreetmap.fr"
    )
    assert tile_source("/tuiles/{z}/{x}/{y}.png") is None
    assert tile_source("") is None
    with pytest.raises(ImproperlyConfigured, match="premier élément"):
        tile_source("https://tiles.{s}.example.org/{z}/{x}/{y}.png")
    policy = content_security_policy("")
    assert policy["DIRECTIVES"]["img-src"] == ["'self'", "data:"]
    assert policy["EXCLUDE_URL_PREFIXES"] == ["/admin/"]


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1/32, 10.0.0.0/8")
    monkeypatch.delenv("BIND", raising=False)
    config = runpy.run_path(str(ROOT / "hub" / "gunicorn.conf.py"))
    assert config["bind"] == ["127.0.0.1:8123"]
    assert config["workers"] == 3
    assert config["accesslog"] == "-"
    assert config["forwarded_allow_ips"] == "127.0.0.1/32,10.0.0.0/8"
    assert "%(q)s" not in config["access_log_format"]  # no search terms in the logs
    monkeypatch.setenv("BIND", "unix:/run/maillage/gunicorn.sock")
    assert runpy.run_path(str(ROOT / "hub" / "gunicorn.conf.py"))["bind"] == [
        "unix:/run/maillage/gunicorn.sock"
    ]

"""E-mail settings from the environment: EMAIL_URL or the usual variables, clear French
errors that never print a password, production refusing to start without a server, and a
real message sent over SMTP to a server this test starts (aiosmtpd), not a mock."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from hub.settings.env import SMTP_BACKEND, ConfigError, env_email

ROOT = Path(__file__).resolve().parents[2]
EMAIL_VARIABLES = (
    "EMAIL_URL", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_BACKEND", "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL",
)  # fmt: skip


@pytest.fixture
def environ(monkeypatch):
    for name in EMAIL_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return env_email()

    return set_env


@pytest.mark.no_django_db
def test_email_url_gives_every_smtp_setting(environ):
    config = environ(EMAIL_URL="smtp://maillage:p%40ss%3Aw0rd@smtp.example.org:587?tls=1")
    assert config == {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "maillage",
        "EMAIL_HOST_PASSWORD": "p@ss:w0rd",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
    }
    smtps = environ(EMAIL_URL="smtps://u:p@smtp.example.org")
    assert (smtps["EMAIL_PORT"], smtps["EMAIL_USE_SSL"], smtps["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )
    relay = environ(EMAIL_URL="smtp://localhost")
    assert (relay["EMAIL_HOST"], relay["EMAIL_PORT"], relay["EMAIL_HOST_USER"]) == (
        "localhost",
        25,
        "",
    )


@pytest.mark.no_django_db
def test_the_usual_variables_work_too_and_nothing_set_means_the_console(environ):
    assert environ() == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    config = environ(
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="maillage",
        EMAIL_HOST_PASSWORD="secret",
        EMAIL_USE_TLS="true",
    )
    assert config["EMAIL_HOST"] == "smtp.example.org"
    assert (config["EMAIL_PORT"], config["EMAIL_USE_TLS"]) == (2525, True)
    assert config["EMAIL_BACKEND"] == SMTP_BACKEND


@pytest.mark.no_django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://u:tres-secret@smtp.example.org", "elle commence par smtp:// ou smtps://"),
        ("smtp://u:tres-secret@:587", "le nom du serveur manque"),
        ("smtp://u:tres-secret@smtp.example.org:port", "EMAIL_URL est mal formée"),
        ("smtp://u:tres-secret@smtp.example.org?tls=peut-etre", "tls='peut-etre'"),
        ("smtp://u:tres-secret@smtp.example.org?starttls=1", "paramètre(s) inconnu(s) starttls"),
        ("smtps://u:tres-secret@smtp.example.org?tls=1", "s'excluent"),
        ("smtp://u@smtp.example.org", "l'utilisateur SMTP et son mot de passe vont ensemble"),
    ],
)
def test_a_bad_email_url_is_one_french_error_without_the_password(environ, url, expected):
    with pytest.raises(ConfigError) as caught:
        environ(EMAIL_URL=url)
    assert expected in str(caught.value)
    assert "tres-secret" not in str(caught.value)


def _production(tmp_path, **extra):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "SECRET_KEY": "a-long-enough-secret-key-for-the-production-check-0123456789",
        "ALLOWED_HOSTS": "maillage.example.org",
        "MAILLAGE_VAR_DIR": str(tmp_path),
        **extra,
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.no_django_db
def test_production_refuses_to_start_without_a_mail_server(tmp_path):
    result = _production(tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Erreur de configuration : aucun serveur d'e-mail en production : définissez "
        "EMAIL_URL (smtp://utilisateur:motdepasse@hôte:587?tls=1) ou EMAIL_HOST "
        "(EMAIL_HOST=localhost pour un relais local), sinon les liens de mot de passe ne "
        "partent pas."
    ]
    result = _production(tmp_path, EMAIL_URL="smtp://maillage:tres-secret@smtp.example.org")
    assert result.returncode == 2
    assert "DEFAULT_FROM_EMAIL est obligatoire en production" in result.stderr
    result = _production(tmp_path, EMAIL_URL="smtp://maillage:tres-secret@smtp.example.org:x")
    assert result.stderr.strip().splitlines() == [
        "Erreur de configuration : EMAIL_URL est mal formée "
        "('smtp://maillage:***@smtp.example.org:x') : Port could not be cast to integer "
        "value as 'x' ; exemple : smtp://utilisateur:motdepasse@smtp.example.org:587?tls=1."
    ]


# --- A real SMTP exchange -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """An SMTP server on 127.0.0.1 that asks for a login and keeps what it receives."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    class Inbox:
        def __init__(self):
            self.envelopes = []
            self.logins = []

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append(envelope)
            return "250 Message accepted for delivery"

    inbox = Inbox()

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            b"maillage",
            b"p@ss:w0rd",
        )
        inbox.logins.append((mechanism, ok))
        return AuthResult(success=ok)

    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,  # a loopback test server, no certificate
    )
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_an_email_goes_out_through_the_smtp_server_of_email_url(environ, smtp_server):
    controller, inbox = smtp_server
    config = environ(EMAIL_URL=f"smtp://maillage:p%40ss%3Aw0rd@127.0.0.1:{controller.port}")
    with override_settings(**config, DEFAULT_FROM_EMAIL="Maillage <ne-pas-repondre@example.org>"):
        sent = mail.send_mail(
            "Votre compte Maillage est ouvert",
            "Choisissez votre mot de passe : https://maillage.example.org/compte/mot-de-passe/",
            None,
            ["referente@example.org"],
        )
    assert sent == 1
    assert inbox.logins and all(ok for _mechanism, ok in inbox.logins)
    (envelope,) = inbox.envelopes
    assert envelope.mail_from == "ne-pas-repondre@example.org"
    assert envelope.rcpt_tos == ["referente@example.org"]
    message = message_from_bytes(envelope.content)
    assert str(make_header(decode_header(message["Subject"]))) == "Votre compte Maillage est ouvert"
    assert "mot-de-passe" in message.get_payload(decode=True).decode()

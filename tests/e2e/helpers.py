"""What the browser tests share: the browser's settings, logging in, screenshots, e-mails.

Playwright is imported here and nowhere else at module level, so that a machine without it
still collects the suite: the fixtures then skip (or fail, in CI) with a clear reason.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
from base64 import b32decode
from pathlib import Path

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the suite skips (or fails in CI): see conftest.browser_problem
    PlaywrightError = Exception
    expect = sync_playwright = None

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "maillage-demo-2026"
CHROMIUM = Path(os.environ.get("MAILLAGE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
# Screenshots of the journeys, shown by the README. CI may send them elsewhere.
SCREENSHOTS = Path(os.environ.get("MAILLAGE_SCREENSHOTS_DIR", ROOT / "docs" / "screenshots"))
# Anything that is not our server (map tiles, mostly) is refused at once: the tests never
# depend on the internet, and the map shows its "no background" notice as it would offline.
NOT_OUR_SERVER = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")


def screenshot(page, name):
    """A 1280×800 PNG of what the visitor sees, in docs/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def login(page, username, password=DEMO_PASSWORD, next_url=""):
    """Log in through /compte/connexion/, as a partner does."""
    target = "/compte/connexion/" + (f"?next={next_url}" if next_url else "")
    page.goto(target)
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.locator("main form").get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def login_with_second_factor(page, hub_server, username, password=DEMO_PASSWORD, next_url=""):
    """Log in through /compte/connexion/ as a referent or an administrator: the password,
    then the enrolment of a second factor that the login asks for at once (any earlier
    device is removed first, so the page is always the enrolment)."""
    import re

    hub_server.manage("reset_second_factor", username)
    login(page, username, password, next_url)
    expect(page).to_have_url(re.compile(r"/compte/2fa/configuration/"))
    secret = page.locator(".secret code").inner_text()
    page.get_by_label("Votre mot de passe").fill(password)
    page.get_by_label("Code à 6 chiffres affiché par l'application").fill(totp_now(secret))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/compte/2fa/codes-de-secours/"))


def totp_now(secret: str) -> str:
    """The 6-digit code an authenticator app would show for this base32 secret."""
    from django_otp.oath import totp

    compact = "".join(secret.split()).upper()
    key = b32decode(compact + "=" * (-len(compact) % 8))
    return f"{totp(key, step=30, t0=0, digits=6):06d}"


def read_mails(folder: Path):
    """Every message the file e-mail backend wrote, oldest first."""
    separator = b"\n" + b"-" * 79 + b"\n"
    messages = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime):
        for chunk in path.read_bytes().split(separator):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def mail_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()

"""Two middleware that run right after django-otp's OTPMiddleware.

`AdminSecondFactorMiddleware`: the second-factor policy (docs/operations.md). Whoever can
reach the Wagtail admin or the referents' area (`/compte/referent/`) must have verified a
second factor in this session before any page of those answers; an administrator
(superuser) must have done so before any page at all answers, front end included.

`SessionTimeoutMiddleware`: a logged-in session ends after `MAILLAGE_SESSION_IDLE_TIMEOUT`
seconds without a request, and `SESSION_COOKIE_AGE` seconds after the login whatever the
activity. Anonymous sessions are never read or written here.
"""

from __future__ import annotations

import logging
import re
import time
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.messages.storage import default_storage
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _

from hub.security.client_ip import client_ip
from hub.security.otp import has_confirmed_totp_device, must_use_second_factor

logger = logging.getLogger("maillage.security")

# URLs reachable without a second factor: logging in and out, the second-factor pages
# themselves, and the assets and helpers those pages load.
EXEMPT_URL_NAMES = (
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "accounts:login",
    "accounts:logout",
    "security:verify",
    "security:setup",
    "set_language",
    "javascript-catalog",
)
# Areas that need the second factor from whoever must use one: Wagtail's admin, Django's if
# it is ever installed, and the referents' area (decisions, renewals, revocations,
# hand-overs, space exports all live under /compte/referent/).
PROTECTED_URL_NAMES = ("wagtailadmin_home", "admin:index", "accounts:referent_dashboard")


def _reverse_or_none(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@lru_cache(maxsize=16)
def _guarded_paths(urlconf, script_prefix):
    protected = tuple(path for path in map(_reverse_or_none, PROTECTED_URL_NAMES) if path)
    exempt = frozenset(path for path in map(_reverse_or_none, EXEMPT_URL_NAMES) if path)
    return protected, exempt


def admin_paths():
    """(prefixes that need the second factor, exact paths exempted), for the URLs in use."""
    return _guarded_paths(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}"


def _is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def second_factor_page(user, next_url):
    """Where `user` types their code (or enrols first), coming back to `next_url`."""
    target = "security:verify" if has_confirmed_totp_device(user) else "security:setup"
    return with_next(reverse(target), next_url)


def needs_second_factor_at_login(user) -> bool:
    """Asked right after the password: everyone who must use a second factor, so that an
    administrator's session is never open without it and nobody is stopped mid-task."""
    return must_use_second_factor(user) and not _is_verified(user)


class AdminSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.second_factor_redirect(request)
        if redirect is not None:
            return redirect
        return self.get_response(request)

    def second_factor_redirect(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _is_verified(user):
            return None  # the admin and the referents' area send anonymous visitors to login
        path = request.path
        protected, exempt = admin_paths()
        if path in exempt or path.startswith(settings.STATIC_URL or "/static/"):
            return None
        if user.is_superuser and user.is_active:
            # Everywhere: with a password alone, an administrator would read every
            # family's pages. Sent to the code rather than shown the site as anonymous:
            # one rule, and no page that silently hides what the person expects to see.
            pass
        elif not path.startswith(protected) or not must_use_second_factor(user):
            return None  # the admin or the referents' area refuses them itself
        return HttpResponseRedirect(second_factor_page(user, request.get_full_path()))


# --- Session timeouts --------------------------------------------------------------------
LOGIN_AT_SESSION_KEY = "maillage_login_at"
LAST_SEEN_SESSION_KEY = "maillage_last_seen"
# The last-activity stamp is rewritten at most once a minute (less for very short idle
# limits), so that a logged-in person's pages do not each write the session.
ACTIVITY_STAMP_INTERVAL = 60


def _now():
    return int(time.time())


def stamp_session_at_login(sender, request, user, **kwargs):
    """`user_logged_in` receiver: the absolute and idle clocks start at the login."""
    session = getattr(request, "session", None)
    if session is None:
        return
    now = _now()
    session[LOGIN_AT_SESSION_KEY] = now
    session[LAST_SEEN_SESSION_KEY] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self.expiry_reason(request)
            if expired is not None:
                response = self.end_session(request, user, expired)
                if response is not None:
                    return response
        return self.get_response(request)

    def expiry_reason(self, request):
        session = request.session
        now = _now()
        idle_limit = settings.MAILLAGE_SESSION_IDLE_TIMEOUT
        login_at = session.get(LOGIN_AT_SESSION_KEY)
        last_seen = session.get(LAST_SEEN_SESSION_KEY)
        if not isinstance(login_at, int):
            # A session opened before this middleware existed: its clocks start now.
            login_at = session[LOGIN_AT_SESSION_KEY] = now
        if not isinstance(last_seen, int):
            last_seen = session[LAST_SEEN_SESSION_KEY] = now
        if now - login_at >= settings.SESSION_COOKIE_AGE:
            return "absolute"
        if now - last_seen >= idle_limit:
            return "idle"
        if now - last_seen >= min(ACTIVITY_STAMP_INTERVAL, max(idle_limit // 4, 1)):
            session[LAST_SEEN_SESSION_KEY] = now
        return None

    def end_session(self, request, user, reason):
        """Log out. A page asked for by a browser is asked for again, now anonymously, with a
        message; anything else (a form sent, a script's request) simply goes on anonymously,
        and the view answers as it does to anyone not logged in."""
        logger.info(
            "Session expirée (%s) : utilisateur id=%s, adresse %s.",
            "inactivité" if reason == "idle" else "durée maximale",
            user.pk,
            client_ip(request),
        )
        logout(request)
        if request.method not in ("GET", "HEAD"):
            return None
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return None
        if not request.accepts("text/html"):
            return None
        if reason == "idle":
            text = _("Votre session a expiré après une période d'inactivité. Reconnectez-vous.")
        else:
            text = _(
                "Votre session a expiré : la durée maximale de connexion est atteinte. "
                "Reconnectez-vous."
            )
        response = HttpResponseRedirect(request.get_full_path())
        add_message_before_message_middleware(request, response, text)
        return response


def add_message_before_message_middleware(request, response, text):
    """This middleware runs before Django's MessageMiddleware (which is further down the
    list), so the message storage is set up, filled and written here, on the redirect."""
    if hasattr(request, "_messages"):
        messages.info(request, text)
        return
    storage = default_storage(request)
    storage.add(messages.INFO, text)
    storage.update(response)


class AdminExplorerMiddleware:
    """The admin's page explorer (`/admin/pages/<id>/`) lets an editor open any page below
    the common ancestor of the pages they may edit, showing its title and breadcrumb even
    when they may neither edit nor view it. A family referent who edits guide chapters
    (under /guide/) and their family's space (under /espace-partenaires/) would thus read
    the titles of other families' meetings. Here, such a page answers 403 unless the
    editor has a permission on it, below it or above it (Wagtail's own "explorable"
    pages), or may view it through `hub.access`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = _EXPLORER.match(request.path_info)
        user = getattr(request, "user", None)
        if match and user is not None and user.is_authenticated and not user.is_superuser:
            from django.core.exceptions import PermissionDenied
            from wagtail.models import Page
            from wagtail.permission_policies.pages import PagePermissionPolicy

            from hub.access import can_view_page

            page = Page.objects.filter(pk=int(match["page_id"])).first()
            if page is not None:
                explorable = PagePermissionPolicy().explorable_instances(user)
                if not explorable.filter(pk=page.pk).exists() and not can_view_page(user, page):
                    raise PermissionDenied
        return self.get_response(request)


_EXPLORER = re.compile(r"^/admin/pages/(?P<page_id>\d+)/$")

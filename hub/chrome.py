"""The site chrome: what every page's header and footer show (the main menu, the legal
and accessibility links), computed once per audience and kept in the cache.

The chrome depends on nothing but the reader's audience (`hub.access.audience_for`: logged
in or not, accredited or not, administrator or not, and the exact set of groups: partner
families, coordination instances, any other group a view restriction may name), the site
(the host) and the language of the labels. The key is made of exactly these, digested:
two readers share a chrome only when the access policy cannot tell them apart, and never
by their user id alone. A change of groups or an expired accreditation gives another
audience, hence another key, at the next request.

The menu's labels are fixed, translated words, one per kind of section (not the pages'
titles): a page title is French content with no English version, and a menu keeps short,
stable labels whatever an editor calls the page. A section whose page is missing, or that
the reader may not see, is left out. A page class says which section it is with a class
attribute, `menu_section = "guide"`, found here among Wagtail's page models: hub imports
nothing of the apps above it.

Emptied with the page cache: the key holds the page cache's version token
(`hub.cache.current_version`), which every publication, unpublication, move, deletion,
change of a view restriction (or of its groups), of a site or of a redirect replaces
(`hub.cache.invalidate`). Both are read in one round trip to the cache.

Fragments (issue 20): what a page shows that depends only on the audience and the content
(the home page's entries, the charter's text, a guide chapter's body...) is kept the same
way, under the same key parts plus the fragment's name: `cached_fragment` for data computed
in Python, `fragment_key` / `fragment_seconds` (context processor) for Django's `{% cache %}`
tag in templates. Same audience digest, same version token, same lifetime: one mechanism.

`MAILLAGE_CHROME_CACHE_SECONDS` sets the lifetime (300 by default; production without
Redis: 0, since each worker's local memory would miss the others' invalidations); 0
computes the chrome on every request. If the cache does not answer, the chrome is
computed: a page never fails for its menu.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from wagtail.models import get_page_models

from hub.access import audience_for, visible_pages
from hub.cache import VERSION_KEY, current_version, page_cache

logger = logging.getLogger("maillage.cache")

KEY_PREFIX = "maillage-chrome"
DEFAULT_SECONDS = 300
# The sections the menu may show, in its order, with their labels (a function: the label
# is translated in the language of the request that builds the chrome).
MENU_SECTIONS = (
    ("charter", lambda: pgettext("menu", "Charte")),
    ("territories", lambda: pgettext("menu", "Territoires")),
    ("projects", lambda: pgettext("menu", "Fiches projet")),
    ("guide", lambda: pgettext("menu", "Guide")),
)
# Footer links: StandardPage slugs.
FOOTER_PAGES = {"legal_page": "mentions-legales", "accessibility_page": "accessibilite"}


def chrome_seconds() -> int:
    return int(getattr(settings, "MAILLAGE_CHROME_CACHE_SECONDS", DEFAULT_SECONDS) or 0)


def section_models() -> dict[str, list]:
    """`menu_section` → the page models declaring it (on the class itself, not inherited:
    a subclass of the guide's index is not a second guide)."""
    found: dict[str, list] = {}
    for model in get_page_models():
        section = vars(model).get("menu_section")
        if section:
            found.setdefault(section, []).append(model)
    return found


def audience_key(audience) -> str:
    """A digest of everything the access policy reads from a reader: never the user id."""
    parts = (
        f"authenticated={int(audience.authenticated)}",
        f"accredited={int(audience.accredited)}",
        f"admin={int(audience.is_admin)}",
        "groups=" + ",".join(str(pk) for pk in sorted(audience.group_ids)),
        "families=" + ",".join(str(pk) for pk in sorted(audience.family_group_ids)),
        "instances=" + ",".join(str(pk) for pk in sorted(audience.instance_group_ids)),
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def chrome_key(request, audience) -> str | None:
    try:
        host = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return None
    language = get_language() or settings.LANGUAGE_CODE
    digest = hashlib.sha256(f"{host}\n{language}\n{audience_key(audience)}".encode())
    return f"{KEY_PREFIX}:{digest.hexdigest()}"


def _first_visible_url(user, queryset, request):
    page = visible_pages(user, queryset).order_by("path").first()
    return page.get_url(request) if page is not None else None


def build_chrome(request, user) -> dict:
    """The chrome of `user`'s audience, as plain data (labels and URLs: what is cached)."""
    from hub.models import PartnerSpaceIndexPage, StandardPage

    models = section_models()
    sections = []
    for section, label in MENU_SECTIONS:
        for model in models.get(section, ()):
            url = _first_visible_url(user, model.objects.live(), request)
            if url is not None:
                sections.append({"title": label(), "url": url, "section": section})
                break
    # The directory is public (what it lists is filtered entry by entry).
    sections.append(
        {"title": pgettext("menu", "Annuaire"), "url": reverse("directory:search"), "section": ""}
    )
    sections.append(
        {
            "title": pgettext("menu", "Qui contacter ?"),
            "url": reverse("directory:who_covers"),
            "section": "",
        }
    )
    # The agenda is public (what it lists is filtered event by event: hub/agenda/query.py).
    sections.append(
        {"title": pgettext("menu", "Agenda"), "url": reverse("agenda:list"), "section": ""}
    )
    # The partner spaces are listed for everyone: their name is not secret, and an
    # anonymous visitor who follows the link is asked to log in.
    spaces = PartnerSpaceIndexPage.objects.live().order_by("path").first()
    if spaces is not None:
        sections.append(
            {
                "title": pgettext("menu", "Espaces partenaires"),
                "url": spaces.get_url(request),
                "section": "spaces",
            }
        )
    chrome = {
        "main_sections": sections,
        # `section_urls.guide`...: for the pages that link to a section (the home page).
        "section_urls": {entry["section"]: entry["url"] for entry in sections if entry["section"]},
    }
    for name, slug in FOOTER_PAGES.items():
        url = _first_visible_url(user, StandardPage.objects.live().filter(slug=slug), request)
        chrome[name] = {"url": url} if url else None
    return chrome


def _request_state(request) -> dict:
    """The reader's chrome key, the version token and the stored chrome, read once per
    request (one round trip to the cache for both), kept on the request: the chrome and
    every fragment of the page use the same token."""
    state = getattr(request, "_maillage_chrome_state", None)
    if state is not None:
        return state
    state = {"key": None, "version": None, "chrome": None}
    if chrome_seconds() > 0:
        key = chrome_key(request, audience_for(getattr(request, "user", None)))
        if key is not None:
            try:
                cache = page_cache()
                found = cache.get_many([VERSION_KEY, key])
                version = found.get(VERSION_KEY) or current_version(cache)
                stored = found.get(key)
                state.update(key=key, version=version)
                if stored is not None and stored[0] == version:
                    state["chrome"] = stored[1]
            except Exception:  # the cache is down: everything is computed
                logger.exception("chrome : le cache ne répond pas")
                state = {"key": None, "version": None, "chrome": None}
    request._maillage_chrome_state = state
    return state


def chrome_for(request) -> dict:
    """The chrome of the request's reader: from the cache when another reader of the same
    audience (or this one) asked for it since the last change, else built and stored."""
    user = getattr(request, "user", None)
    state = _request_state(request)
    if state["chrome"] is not None:
        return state["chrome"]
    chrome = build_chrome(request, user)
    if state["key"] is not None:
        try:
            # The version read before building: if a publication replaced it meanwhile,
            # this copy is never read (its version is the old one).
            page_cache().set(state["key"], (state["version"], chrome), chrome_seconds())
            state["chrome"] = chrome
        except Exception:
            logger.exception("chrome : le cache ne répond pas")
    return chrome


# --- Fragments of a page, per audience --------------------------------------------------------


def fragment_key(request) -> str | None:
    """What a fragment's key holds besides its own name: the chrome's key (host, language,
    audience) and the version token. None when the chrome cache is off, and for a preview
    (a draft under the live page's pk): nothing is kept nor served.
    Templates get it as `fragment_key`, with `fragment_seconds`, for Django's
    `{% cache fragment_seconds "name" fragment_key page.pk %}`."""
    if getattr(request, "is_preview", False):
        return None  # a draft seen in the admin's preview is never kept nor served
    state = _request_state(request)
    if state["key"] is None:
        return None
    return hashlib.sha256(f"{state['key']}\n{state['version']}".encode()).hexdigest()


def cached_fragment(request, name: str, build):
    """`build()` (plain, picklable data) for the request's audience, from the cache when a
    reader of the same audience asked for it since the last change. `name` says which
    fragment of which page (its pk in it). Only for what depends on nothing but the
    audience and the content: never a CSRF token, a message or a user's own data."""
    base = fragment_key(request)
    if base is None:
        return build()
    digest = hashlib.sha256(f"{base}\n{name}".encode()).hexdigest()
    key = f"{KEY_PREFIX}:fragment:{digest}"
    cache = page_cache()
    try:
        stored = cache.get(key)
    except Exception:
        logger.exception("chrome : le cache ne répond pas")
        return build()
    if stored is not None:
        return stored
    value = build()
    try:
        cache.set(key, value, chrome_seconds())
    except Exception:
        logger.exception("chrome : le cache ne répond pas")
    return value

"""The anonymous page cache (hub/cache.py), with the production middleware in place.

Served from the cache: a public page asked for again by an anonymous visitor. Never
stored nor served: a restricted page, a logged-in person's page, a page with a CSRF
token, a POST. A publication or a new restriction shows at once.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from hub.accounts.models import AccountProfile
from hub.cache import STATUS_HEADER, connect_signals
from hub.demo import sync
from hub.models import HomePage, StandardPage
from hub.settings.base import BASE_DIR
from hub.settings.security import content_security_policy, insert_production_middleware

LANGUAGE_SWITCH = BASE_DIR / "templates" / "includes" / "language_switch.html"


@pytest.fixture
def page_cache_on(settings, tmp_path):
    settings.MIDDLEWARE = insert_production_middleware(settings.MIDDLEWARE)
    settings.CONTENT_SECURITY_POLICY = content_security_policy(settings.MAILLAGE_MAP_TILE_URL)
    settings.STATIC_ROOT = tmp_path  # whitenoise wants the folder to exist
    settings.MAILLAGE_PAGE_CACHE_SECONDS = 300
    cache.clear()
    connect_signals()
    yield
    cache.clear()


@pytest.fixture
def cacheable_language_switch():
    """The language switch carries no CSRF token (its view is exempt from CSRF: it only
    sets the interface language), so that public pages can be cached at all."""
    assert "{% csrf_token %}" not in LANGUAGE_SWITCH.read_text(encoding="utf-8")


@pytest.fixture
def form_with_a_token(settings, tmp_path):
    """A page element that posts a form with a CSRF token (as the language switch once
    did)."""
    (tmp_path / "includes").mkdir()
    source = LANGUAGE_SWITCH.read_text(encoding="utf-8")
    (tmp_path / "includes" / "language_switch.html").write_text(
        source.replace('method="post"', 'method="post">{% csrf_token %}<span hidden'),
        encoding="utf-8",
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]


@pytest.fixture
def pages():
    root = Page.get_first_root_node()
    home, _ = sync.ensure_page(root, HomePage, "accueil", {"title": "Accueil"})
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    public, _ = sync.ensure_page(home, StandardPage, "publique", {"title": "Page publique"})
    restricted, _ = sync.ensure_page(
        home, StandardPage, "reservee", {"title": "Page réservée CANARI-PARTENAIRES"}
    )
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    return {"home": home, "public": public, "restricted": restricted}


@pytest.fixture
def partner(django_user_model):
    user = django_user_model.objects.create_user("partenaire.cache", "p@example.org", "x" * 16)
    AccountProfile.objects.create(
        user=user,
        organisation="Organisation de test",
        job_role="Fonction de test",
        expires_on=timezone.localdate() + timedelta(days=100),
    )
    return user


def test_public_page_is_served_from_the_cache_the_second_time(
    client, page_cache_on, cacheable_language_switch, pages, django_assert_num_queries
):
    first = client.get("/publique/")
    assert first.status_code == 200
    assert first[STATUS_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/publique/")
    assert second.status_code == 200
    assert second[STATUS_HEADER] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second


def test_a_hit_carries_the_headers_of_the_answer_it_copies_and_skips_the_inner_middleware(
    client, page_cache_on, cacheable_language_switch, pages, settings
):
    """Served before the CSP, the session, the second factor, the lockout (issue 20), with
    the same headers: the stored CSP, and HSTS and the rest from SecurityMiddleware."""
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
    settings.SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    settings.SECURE_CONTENT_TYPE_NOSNIFF = True
    first = client.get("/publique/", secure=True)
    second = client.get("/publique/", secure=True)
    assert (first[STATUS_HEADER], second[STATUS_HEADER]) == ("miss", "hit")

    def headers(response):
        return {name.lower(): value for name, value in response.items() if name != STATUS_HEADER}

    assert headers(second) == headers(first)
    for name in (
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "Vary",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert name in second, name
    # Neither the session nor the authentication middleware ran for the hit.
    assert hasattr(first.wsgi_request, "session") and hasattr(first.wsgi_request, "user")
    assert not hasattr(second.wsgi_request, "session")
    assert not hasattr(second.wsgi_request, "user")


def test_a_hit_costs_one_round_trip_to_the_cache(
    client, page_cache_on, cacheable_language_switch, pages, monkeypatch
):
    from hub import cache as cache_module

    client.get("/publique/")
    real, calls = cache_module.page_cache(), []

    class Counting:
        def __getattr__(self, name):
            attribute = getattr(real, name)
            if not callable(attribute):
                return attribute

            def counted(*args, **kwargs):
                calls.append(name)
                return attribute(*args, **kwargs)

            return counted

    monkeypatch.setattr(cache_module, "page_cache", Counting)
    assert client.get("/publique/")[STATUS_HEADER] == "hit"
    assert calls == ["get_many"]


def test_head_is_answered_from_the_copy_of_the_get(
    client, page_cache_on, cacheable_language_switch, pages
):
    client.get("/publique/")
    assert client.head("/publique/")[STATUS_HEADER] == "hit"


def test_page_with_a_csrf_token_is_never_cached(client, page_cache_on, form_with_a_token, pages):
    """A page carrying a CSRF token is never stored: a copy would hand one visitor's token
    to the next, whose form would then be refused."""
    for _ in range(2):
        response = client.get("/publique/")
        assert response.status_code == 200
        assert STATUS_HEADER not in response
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_restricted_page_is_never_cached_nor_leaked_to_the_next_anonymous_visitor(
    client, page_cache_on, cacheable_language_switch, pages, partner
):
    anonymous = client.get("/reservee/")
    assert anonymous.status_code == 302
    assert "/compte/connexion/" in anonymous["Location"]
    assert STATUS_HEADER not in anonymous

    client.force_login(partner)
    seen = client.get("/reservee/")
    assert seen.status_code == 200
    assert "CANARI-PARTENAIRES" in seen.content.decode()
    assert "no-store" in seen["Cache-Control"]
    assert STATUS_HEADER not in seen

    client.logout()
    client.cookies.clear()
    again = client.get("/reservee/")
    assert again.status_code == 302
    assert "CANARI-PARTENAIRES" not in again.content.decode()


def test_logged_in_page_is_never_stored_nor_served_from_the_cache(
    client, page_cache_on, cacheable_language_switch, pages, partner
):
    client.force_login(partner)
    mine = client.get("/publique/")
    assert mine.status_code == 200
    assert STATUS_HEADER not in mine
    assert "Se déconnecter" in mine.content.decode()

    client.logout()
    client.cookies.clear()
    anonymous = client.get("/publique/")
    assert anonymous[STATUS_HEADER] == "miss"
    assert "Se déconnecter" not in anonymous.content.decode()

    # The anonymous copy is now stored; a logged-in person still never gets it.
    client.force_login(partner)
    mine_again = client.get("/publique/")
    assert STATUS_HEADER not in mine_again
    assert "Se déconnecter" in mine_again.content.decode()


def test_publishing_a_change_shows_at_once(client, page_cache_on, cacheable_language_switch, pages):
    client.get("/publique/")
    assert client.get("/publique/")[STATUS_HEADER] == "hit"
    page = pages["public"]
    page.title = "Titre publié à l'instant"
    page.save_revision().publish()
    response = client.get("/publique/")
    assert response[STATUS_HEADER] == "miss"
    assert "Titre publié à l&#x27;instant" in response.content.decode()


def test_a_page_made_private_is_no_longer_served_from_the_cache(
    client, page_cache_on, cacheable_language_switch, pages
):
    client.get("/publique/")
    assert client.get("/publique/")[STATUS_HEADER] == "hit"
    PageViewRestriction.objects.create(page=pages["public"], restriction_type="login")
    assert client.get("/publique/").status_code == 302


def test_language_and_host_have_their_own_copies(
    client, page_cache_on, cacheable_language_switch, pages, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "autre.example.org"]
    french = client.get("/publique/")
    english = client.get("/publique/", HTTP_ACCEPT_LANGUAGE="en")
    assert english[STATUS_HEADER] == "miss"
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="fr"' in french.content.decode()
    assert client.get("/publique/", HTTP_HOST="autre.example.org")[STATUS_HEADER] == "miss"
    assert client.get("/publique/", HTTP_ACCEPT_LANGUAGE="en")[STATUS_HEADER] == "hit"


def test_post_and_excluded_paths_never_touch_the_cache(
    client, page_cache_on, cacheable_language_switch, pages
):
    assert STATUS_HEADER not in client.post("/publique/")
    assert STATUS_HEADER not in client.get("/compte/connexion/")
    assert STATUS_HEADER not in client.get("/admin/")


def test_page_cache_is_off_when_its_lifetime_is_zero(
    client, page_cache_on, cacheable_language_switch, pages, settings
):
    settings.MAILLAGE_PAGE_CACHE_SECONDS = 0
    assert STATUS_HEADER not in client.get("/publique/")
    assert STATUS_HEADER not in client.get("/publique/")

"""Rate limits of the public API, the exports and the search suggestions (issue 12):
settings.MAILLAGE_RATE_LIMITS read by hub.security.ratelimit.RateLimitMiddleware."""

import json
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings

from hub.security import ratelimit
from hub.settings.security import insert_production_middleware

LIMITS = {
    "/api/": (3, 60),
    "/api/annuaire.": (2, 60),
    "/recherche/suggestions/": (2, 60),
}


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand, at the start of a 60-second window."""
    now = SimpleNamespace(value=1_800_000_000.0)
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now.value))
    return now


@pytest.fixture
def limited(settings, clock):
    settings.MAILLAGE_RATE_LIMITS_ENABLED = True
    settings.MAILLAGE_RATE_LIMITS = LIMITS
    settings.MAILLAGE_TRUSTED_PROXIES = []
    return settings


def burst(client, path, count, address="203.0.113.7", **extra):
    return [client.get(path, REMOTE_ADDR=address, **extra) for _ in range(count)]


def test_a_burst_on_an_export_answers_429_with_retry_after_and_french_text(client, limited):
    responses = burst(client, "/api/annuaire.csv", 3)
    assert [r.status_code for r in responses] == [200, 200, 429]
    refused = responses[-1]
    assert refused["Retry-After"] == "60"
    assert refused["Content-Type"].startswith("text/plain")
    text = refused.content.decode()
    assert "Trop de requêtes depuis votre adresse" in text and "60 secondes" in text


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/data-inclusion/structures.json"])
def test_json_endpoints_answer_json(client, limited, path):
    refused = burst(client, path, 4)[-1]
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    body = json.loads(refused.content)
    assert body["erreur"].startswith("Trop de requêtes")
    assert body["reessayer_dans"] == int(refused["Retry-After"]) == 60


def test_search_suggestions_are_limited(client, limited, clock):
    clock.value += 15
    responses = burst(client, "/recherche/suggestions/?q=cmp", 3)
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[-1]["Retry-After"] == "45"  # the end of the current window
    assert json.loads(responses[-1].content)["erreur"]


def test_another_address_is_not_limited(client, limited):
    assert burst(client, "/api/annuaire.csv", 3)[-1].status_code == 429
    assert client.get("/api/annuaire.csv", REMOTE_ADDR="198.51.100.9").status_code == 200


def test_each_prefix_has_its_own_counter_and_the_longest_wins(client, limited):
    assert burst(client, "/api/annuaire.csv", 3)[-1].status_code == 429
    # /api/v2/ falls under "/api/" (3 a minute), not under the exports' 2.
    assert [r.status_code for r in burst(client, "/api/v2/pages/", 3)] == [200] * 3
    assert client.get("/guide/", REMOTE_ADDR="203.0.113.7").status_code != 429


def test_the_limit_resets_with_the_next_window(client, limited, clock):
    assert burst(client, "/api/annuaire.csv", 3)[-1].status_code == 429
    clock.value += 59
    assert client.get("/api/annuaire.csv", REMOTE_ADDR="203.0.113.7").status_code == 429
    clock.value += 1
    assert client.get("/api/annuaire.csv", REMOTE_ADDR="203.0.113.7").status_code == 200


def test_the_address_comes_from_the_trusted_proxy_helper(client, limited):
    limited.MAILLAGE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = "10.0.0.2"
    for_a = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert burst(client, "/api/annuaire.csv", 3, address=proxy, **for_a)[-1].status_code == 429
    # Behind our proxy, another visitor has their own counter...
    other = client.get("/api/annuaire.csv", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other.status_code == 200
    # ...but a client that writes X-Forwarded-For itself is counted by its own address.
    direct = "192.0.2.50"
    spoofed = [
        client.get("/api/annuaire.csv", REMOTE_ADDR=direct, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        for n in range(3)
    ]
    assert spoofed[-1].status_code == 429


def test_limits_are_off_when_disabled(client, limited):
    limited.MAILLAGE_RATE_LIMITS_ENABLED = False
    assert {r.status_code for r in burst(client, "/api/annuaire.csv", 4)} == {200}


def test_a_failing_counter_store_lets_requests_through(client, limited, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis parti")

    monkeypatch.setattr(ratelimit, "_count", broken)
    assert {r.status_code for r in burst(client, "/api/annuaire.csv", 3)} == {200}


def test_the_middleware_is_installed_before_sessions_and_the_page_cache():
    middleware = list(django_settings.MIDDLEWARE)
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "hub.security.ratelimit.RateLimitMiddleware"
    production = insert_production_middleware(middleware)
    assert production.count("hub.security.ratelimit.RateLimitMiddleware") == 1
    assert production.index("hub.security.ratelimit.RateLimitMiddleware") < production.index(
        "hub.cache.AnonymousPageCacheMiddleware"
    )


def test_default_limits_cover_the_api_exports_and_suggestions():
    rules = django_settings.MAILLAGE_RATE_LIMITS
    for path in (
        "/api/v2/pages/",
        "/api/annuaire.geojson",
        "/api/annuaire.xlsx",
        "/api/data-inclusion/services.json",
        "/recherche/suggestions/",
    ):
        assert ratelimit.rule_for(path) is not None, path
        assert all(limit > 0 and seconds > 0 for limit, seconds in rules.values())
    assert ratelimit.rule_for("/guide/") is None

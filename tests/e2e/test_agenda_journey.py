"""A visitor subscribes to the Metz public feed and adds the Metz seminar to their calendar.

/agenda/ filtered on Metz lists the partnership seminar the Metz document announces (the
demo's public Metz event, hub/agenda/demo.py); the « S'abonner » address is the Metz
public feed, a valid calendar whose every event is public (its page opens without an
account); the seminar's page gives its .ics through « Ajouter à mon agenda »."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest

from tests.e2e.helpers import expect, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SEMINAR = "[Démo] Séminaire partenarial : procédure de signalement et d'intervention"


def test_a_visitor_subscribes_to_the_metz_feed_and_adds_the_seminar(page, hub_server):
    page.goto("/agenda/")
    main = page.locator("main")
    main.get_by_label("Territoire", exact=True).select_option(label="Metz")
    main.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/agenda/\?.*territoire=metz"))
    expect(main.get_by_role("link", name=SEMINAR)).to_be_visible()
    # Metz only: every listed meeting names Metz as its territory.
    metas = main.locator(".agenda-item__meta").all_inner_texts()
    metas = [" ".join(meta.split()) for meta in metas]
    assert metas and all(" · Metz" in meta for meta in metas), metas
    screenshot(page, "parcours-agenda-metz.png")

    # The Metz public feed, as a calendar app reads it (no account).
    feed = main.locator('.agenda-subscribe a[href^="/agenda/flux/metz.ics"]')
    expect(feed).to_contain_text("/agenda/flux/metz.ics")
    # The same address for the calendar apps that open webcal:// links themselves.
    webcal = main.get_by_role("link", name="S’abonner avec mon logiciel d’agenda")
    assert webcal.get_attribute("href").startswith("webcal://")
    assert webcal.get_attribute("href").endswith("/agenda/flux/metz.ics")
    response = page.request.get(feed.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    vevents = calendar.walk("VEVENT")
    assert SEMINAR in {str(vevent["SUMMARY"]) for vevent in vevents}
    for vevent in vevents:
        assert "Territoire : Metz" in str(vevent["DESCRIPTION"])
        # Public only: each event's page opens for a visitor, without the login page.
        event_page = page.request.get(urlsplit(str(vevent["URL"])).path, max_redirects=0)
        assert event_page.status == 200, str(vevent["SUMMARY"])

    # The seminar's page, and « Ajouter à mon agenda ».
    main.get_by_role("link", name=SEMINAR).click()
    expect(page.locator("h1.page-header__title")).to_have_text(SEMINAR)
    with page.expect_download() as download_info:
        main.get_by_role("link", name=re.compile("Ajouter à mon agenda")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    single = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    [vevent] = single.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == SEMINAR
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert "automne 2018" in str(vevent["DESCRIPTION"])  # the source travels with it

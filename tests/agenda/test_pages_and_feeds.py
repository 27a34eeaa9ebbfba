"""The agenda as a reader uses it: the list by month, filters, archive, an event's page, its
.ics, the public feeds and the personal feed (through Django's test client)."""

import logging
from datetime import timedelta

import icalendar
import vobject
from django.utils import timezone

from hub.agenda.models import FeedToken
from tests.accounts import family, make_user
from tests.agenda.conftest import make_event, make_territory, paris


def parse_both(body: bytes):
    """The calendar read back by icalendar and by vobject (a second, independent parser)."""
    calendar = icalendar.Calendar.from_ical(body)
    second = vobject.readOne(body.decode())
    return calendar, second


def summaries(body: bytes) -> set[str]:
    calendar, second = parse_both(body)
    first = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    other = {event.summary.value for event in getattr(second, "vevent_list", [])}
    assert first == other
    return first


def test_the_agenda_lists_upcoming_meetings_by_month_in_french(client, metz):
    make_event(metz, "Plénière de Metz")
    make_event(
        metz,
        "Réunion passée",
        start=timezone.now() - timedelta(days=3, hours=2),
        end=timezone.now() - timedelta(days=3),
    )
    body = client.get("/agenda/").content.decode()
    assert "Mars 2027" in body
    assert "mardi 2 mars 2027, 14 h 00 – 16 h 00" in body
    assert "Plénière de Metz" in body
    assert "Réunion passée" not in body
    archive = client.get("/agenda/archives/").content.decode()
    assert "Réunion passée" in archive and "Plénière de Metz" not in archive


def test_the_filters_keep_one_territory_and_one_type(client, metz):
    lyon = make_territory("grand-lyon", "Grand Lyon")
    make_event(metz, "Plénière de Metz")
    make_event(lyon, "Comité de pilotage lyonnais", kind="comite-pilotage")
    make_event(lyon, "Plénière lyonnaise")
    body = client.get("/agenda/?territoire=grand-lyon&type=pleniere").content.decode()
    assert "Plénière lyonnaise" in body
    assert "Plénière de Metz" not in body and "Comité de pilotage lyonnais" not in body
    assert '<label class="form-field__label" for="id_territoire">Territoire</label>' in body
    assert "/agenda/flux/grand-lyon.ics?type=pleniere" in body
    refused = client.get("/agenda/?type=inconnu").content.decode()
    assert "Sélectionnez un choix valide" in refused


def test_an_event_page_offers_its_ics_with_uid_timezone_and_recurrence(client, metz):
    event = make_event(
        metz,
        "Comité de projet",
        kind="comite-projet",
        recurrence_frequency="MONTHLY",
        recurrence_interval=2,
        recurrence_count=6,
    )
    page = client.get(f"/agenda/evenement/{event.pk}/").content.decode()
    assert "Ajouter à mon agenda" in page
    assert "Tous les 2 mois, 6 séances" in page
    response = client.get(f"/agenda/evenement/{event.pk}.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, second = parse_both(response.content)
    vevent = calendar.walk("VEVENT")[0]
    assert str(vevent["UID"]) == f"{event.uid}@maillage"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTSTART") == paris(2027, 3, 2, 14, 0)
    assert "DTSTAMP" in vevent
    assert vevent["RRULE"]["FREQ"] == ["MONTHLY"] and vevent["RRULE"]["INTERVAL"] == [2]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    # vobject expands the rule itself: six meetings, every other month, at 14 h in Paris.
    starts = list(second.vevent.getrruleset())
    assert len(starts) == 6 and {s.hour for s in starts} == {14}
    assert starts[-1].month == 1 and starts[-1].year == 2028
    again = icalendar.Calendar.from_ical(client.get(f"/agenda/evenement/{event.pk}.ics").content)
    assert str(again.walk("VEVENT")[0]["UID"]) == str(vevent["UID"])


def test_the_public_feed_carries_public_events_of_its_territory_and_type_only(client, metz):
    lyon = make_territory("grand-lyon", "Grand Lyon")
    partners_only = make_event(metz, "Comité réservé", access_tier="partners")
    make_event(metz, "Plénière de Metz")
    make_event(metz, "SISM à Metz", kind="sism")
    make_event(lyon, "Plénière lyonnaise")
    assert summaries(client.get("/agenda/flux/metz.ics").content) == {
        "Plénière de Metz",
        "SISM à Metz",
    }
    assert summaries(client.get("/agenda/flux/metz.ics?type=sism").content) == {"SISM à Metz"}
    assert len(summaries(client.get("/agenda/flux.ics").content)) == 3
    client.force_login(make_user("membre.bailleurs", families=["bailleurs-gestionnaires"]))
    # Logged in or not, a public feed is public.
    assert partners_only.title not in client.get("/agenda/flux/metz.ics").content.decode()
    assert client.get("/agenda/flux/nulle-part.ics").status_code == 404
    assert client.get("/agenda/flux/metz.ics?type=inconnu").status_code == 404


def issue_address(client, user):
    client.force_login(user)
    response = client.post("/compte/agenda/", {"action": "issue"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    address = response.context["address"]
    assert address in response.content.decode()
    return address.split("testserver", 1)[1]


def test_a_partner_subscribes_revokes_and_regenerates_a_personal_feed(client, metz, caplog):
    make_event(metz, "Plénière publique")
    make_event(
        metz,
        "Comité des bailleurs",
        access_tier="family",
        groups=[family("bailleurs-gestionnaires").group],
    )
    make_event(
        metz,
        "Comité des psychiatres",
        access_tier="family",
        groups=[family("psychiatrie-publique").group],
    )
    member = make_user("membre.bailleurs", families=["bailleurs-gestionnaires"])
    url = issue_address(client, member)
    token = url.split("jeton=", 1)[1]
    assert FeedToken.objects.get(user=member).digest != token  # only a digest is kept

    calendar_app = client.__class__()  # no cookie: calendar apps cannot log in
    with caplog.at_level(logging.DEBUG):
        response = calendar_app.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert summaries(response.content) == {"Plénière publique", "Comité des bailleurs"}

        client.post("/compte/agenda/", {"action": "revoke"})
        assert calendar_app.get(url).status_code == 404
        new_url = issue_address(client, member)
        assert calendar_app.get(new_url).status_code == 200
        client.post("/compte/agenda/", {"action": "issue"})
        assert calendar_app.get(new_url).status_code == 404
        assert calendar_app.get("/agenda/flux/personnel.ics?jeton=faux").status_code == 404
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Not Found: /agenda/flux/personnel.ics" in logged  # the 404s are logged…
    assert token not in logged and new_url.split("jeton=")[1] not in logged  # …without secrets


def test_the_personal_feed_page_needs_an_account(client):
    response = client.get("/compte/agenda/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/")


def test_minutes_more_restricted_than_the_event_are_linked_only_for_their_readers(client, metz):
    from wagtail.models import Page, PageViewRestriction

    minutes = Page(title="Compte rendu réservé aux bailleurs", slug="cr-bailleurs")
    metz.add_child(instance=minutes)
    restriction = PageViewRestriction.objects.create(page=minutes, restriction_type="groups")
    restriction.groups.add(family("bailleurs-gestionnaires").group)
    event = make_event(metz, "Plénière publique", minutes_page=minutes)
    url = f"/agenda/evenement/{event.pk}/"
    assert "Compte rendu réservé" not in client.get(url).content.decode()
    client.force_login(make_user("membre.bailleurs", families=["bailleurs-gestionnaires"]))
    assert "Compte rendu réservé" in client.get(url).content.decode()


def test_an_event_for_partners_sends_visitors_to_the_login_page(client, metz):
    event = make_event(metz, "Comité réservé", access_tier="partners")
    response = client.get(f"/agenda/evenement/{event.pk}/")
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert client.get(f"/agenda/evenement/{event.pk}.ics").status_code == 302
    assert "Comité réservé" not in client.get("/agenda/").content.decode()


def test_a_feed_from_stored_vevents_is_the_same_calendar_and_follows_every_change(client, metz):
    from hub.agenda import ical
    from hub.models import TerritoryPage

    event = make_event(metz, "Plénière de Metz")
    ical._vevents.clear()
    written = client.get("/agenda/flux/metz.ics").content
    assert client.get("/agenda/flux/metz.ics").content == written  # from the stored VEVENT
    calendar, _second = parse_both(written)
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE", "VEVENT"]
    event.title = "Plénière déplacée"
    event.save()
    assert summaries(client.get("/agenda/flux/metz.ics").content) == {"Plénière déplacée"}
    TerritoryPage.objects.filter(pk=metz.pk).update(title="Metz Métropole")
    calendar = icalendar.Calendar.from_ical(client.get("/agenda/flux/metz.ics").content)
    assert "Territoire : Metz Métropole" in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])


def test_a_public_event_names_its_territory_only_to_who_may_see_the_territory_page(client, metz):
    # Bug: the list, the archive and the feeds named the territory of a public event whose
    # territory page is restricted (only the event's page hid it).
    from wagtail.models import PageViewRestriction

    hidden = make_territory("territoire-reserve", "Territoire réservé")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    event = make_event(hidden, "Plénière ouverte")
    make_event(
        hidden,
        "Plénière passée",
        start=timezone.now() - timedelta(days=3, hours=2),
        end=timezone.now() - timedelta(days=3),
    )

    def descriptions(body):
        return " ".join(
            str(vevent["DESCRIPTION"])
            for vevent in icalendar.Calendar.from_ical(body).walk("VEVENT")
        )

    for url in ("/agenda/", "/agenda/archives/", f"/agenda/evenement/{event.pk}/"):
        body = client.get(url).content.decode()
        assert "Plénière" in body and "Territoire réservé" not in body, url
    for url in ("/agenda/flux.ics", f"/agenda/evenement/{event.pk}.ics"):
        text = descriptions(client.get(url).content)
        assert "Territoire : " not in text, url
    # A partner may see the page: the list and the personal feed name it.
    partner = make_user("membre.bailleurs", families=["bailleurs-gestionnaires"])
    client.force_login(partner)
    assert "Plénière ouverte</a></h3>" in client.get("/agenda/").content.decode()
    assert " · Territoire réservé" in client.get("/agenda/").content.decode()
    token = FeedToken.issue(partner)
    personal = client.__class__().get(f"/agenda/flux/personnel.ics?jeton={token}").content
    assert "Territoire : Territoire réservé" in descriptions(personal)
    # The public feed stays the same for everyone.
    assert "Territoire : " not in descriptions(client.get("/agenda/flux.ics").content)


def test_a_cancelled_meeting_is_an_exdate_both_parsers_honour_and_the_page_says_so(client, metz):
    from datetime import timedelta

    first = (timezone.localtime() + timedelta(days=10)).date()
    weeks = [first + timedelta(weeks=n) for n in range(4)]
    series = make_event(
        metz,
        "Comité de projet",
        start=paris(first.year, first.month, first.day, 14, 0),
        end=paris(first.year, first.month, first.day, 16, 0),
        recurrence_frequency="WEEKLY",
        recurrence_count=4,
        cancelled_dates=weeks[1].strftime("%d/%m/%Y"),
    )
    body = client.get(f"/agenda/evenement/{series.pk}.ics").content
    calendar, second = parse_both(body)
    vevent = calendar.walk("VEVENT")[0]
    assert [d.dt.date() for d in vevent["EXDATE"].dts] == [weeks[1]]
    starts = list(second.vevent.getrruleset())
    assert [s.date() for s in starts] == [weeks[0], weeks[2], weeks[3]]
    assert {s.hour for s in starts} == {14}
    page = client.get(f"/agenda/evenement/{series.pk}/").content.decode()
    assert "Séances annulées" in page and weeks[1].isoformat() in page
    listing = client.get("/agenda/").content.decode()
    assert listing.count("Comité de projet") == 3
    assert 'href="webcal://' in listing

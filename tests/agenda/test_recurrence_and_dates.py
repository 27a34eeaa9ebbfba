"""Recurring meetings and French dates, without pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hub.agenda.dates import span
from hub.agenda.models import Event
from tests.agenda.conftest import paris


def event(**fields):
    values = {
        "title": "Comité de projet",
        "kind": "comite-projet",
        "place": "Lyon",
        "start": paris(2026, 1, 13, 14, 0),
        "end": paris(2026, 1, 13, 16, 0),
    }
    values.update(fields)
    return Event(**values)


pytestmark = pytest.mark.no_django_db


def test_a_meeting_every_two_months_keeps_its_paris_hour_across_the_clock_change():
    every_two_months = event(
        recurrence_frequency="MONTHLY", recurrence_interval=2, recurrence_until=date(2026, 12, 31)
    )
    meetings = every_two_months.occurrences()
    assert [m.start.date() for m in meetings] == [
        date(2026, month, 13) for month in (1, 3, 5, 7, 9, 11)
    ]
    assert {(m.start.hour, m.end.hour) for m in meetings} == {(14, 16)}
    assert meetings[2].start.utcoffset() != meetings[0].start.utcoffset()  # summer time
    assert every_two_months.recurrence_text == "tous les 2 mois, jusqu'au jeudi 31 décembre 2026"


def test_dates_read_as_a_french_reader_writes_them():
    assert span(paris(2026, 3, 3, 14, 0), paris(2026, 3, 3, 16, 0)) == (
        "mardi 3 mars 2026, 14 h 00 – 16 h 00"
    )
    assert span(paris(2026, 6, 1, 9, 30), paris(2026, 6, 2, 17, 0)) == (
        "du lundi 1er juin 2026, 9 h 30 au mardi 2 juin 2026, 17 h 00"
    )


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"end": paris(2026, 1, 13, 13, 0)},
            "end",
            "La fin doit venir après le début.",
        ),
        (
            {"recurrence_frequency": "MONTHLY"},
            "recurrence_until",
            "Une réunion récurrente doit avoir une fin",
        ),
        (
            {
                "recurrence_frequency": "WEEKLY",
                "recurrence_count": 4,
                "recurrence_until": date(2026, 3, 1),
            },
            "recurrence_count",
            "pas les deux",
        ),
        ({"place": "", "video_url": ""}, "place", "Indiquez un lieu ou un lien"),
    ],
)
def test_an_event_that_cannot_happen_is_refused_with_a_french_message_on_its_field(
    fields, field, message
):
    with pytest.raises(ValidationError) as refused:
        event(**fields).clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_gunicorn_access_log_never_prints_a_query_string_where_feed_secrets_travel():
    import re
    from pathlib import Path

    conf = (Path(__file__).resolve().parents[2] / "hub" / "gunicorn.conf.py").read_text()
    log_format = re.search(r"^access_log_format = (.+)$", conf, re.M).group(1)
    assert "%(U)s" in log_format
    assert not any(code in log_format for code in ("%(q)s", "%(r)s", "{raw_uri}"))


def test_an_event_over_the_clock_change_ends_at_its_own_end_in_the_lists():
    # Bug: the meeting's end was its start plus the length on the wall clock, an hour late
    # after the last Sunday of October (19 h instead of 18 h in the agenda and the archive).
    from datetime import UTC

    from hub.agenda import recurrence
    from hub.agenda.recurrence import PARIS

    weekend = event(start=paris(2026, 10, 24, 9, 0), end=paris(2026, 10, 26, 18, 0))
    [meeting] = weekend.occurrences()
    assert meeting.end == weekend.end
    # As read back from the database (UTC).
    weekend.start, weekend.end = (weekend.start.astimezone(UTC), weekend.end.astimezone(UTC))
    [meeting] = weekend.occurrences()
    assert meeting.end == weekend.end and meeting.end.astimezone(PARIS).hour == 18
    assert span(meeting.start, meeting.end).endswith("au lundi 26 octobre 2026, 18 h 00")
    assert recurrence.series_end(weekend) == weekend.end
    # Every meeting of a rule keeps the exact length of the first (RFC 5545, with DTEND).
    yearly = event(
        start=paris(2026, 10, 24, 9, 0),
        end=paris(2026, 10, 26, 18, 0),
        recurrence_frequency="YEARLY",
        recurrence_count=2,
    )
    lengths = {m.end.astimezone(UTC) - m.start.astimezone(UTC) for m in yearly.occurrences()}
    assert lengths == {weekend.end - weekend.start}  # 58 hours, both in UTC
    # A meeting that ends exactly when the window opens is not in it.
    assert weekend.occurrences(after=weekend.end) == []


def test_a_cancelled_meeting_leaves_the_series_and_its_end():
    series = event(
        recurrence_frequency="MONTHLY",
        recurrence_interval=2,
        recurrence_until=date(2026, 12, 31),
        cancelled_dates="13/05/2026\n13/11/2026",
    )
    series.clean()
    days = [m.start.date() for m in series.occurrences()]
    assert days == [date(2026, month, 13) for month in (1, 3, 7, 9)]
    from hub.agenda import recurrence

    assert recurrence.series_end(series).date() == date(2026, 9, 13)
    assert [s.date() for s in recurrence.cancelled_starts(series)] == [
        date(2026, 5, 13),
        date(2026, 11, 13),
    ]
    assert {s.hour for s in recurrence.cancelled_starts(series)} == {14}


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"cancelled_dates": "13/05/2026"}, "Seule une séance d'une réunion récurrente"),
        (
            {
                "recurrence_frequency": "MONTHLY",
                "recurrence_count": 3,
                "cancelled_dates": "31/02/2026",
            },
            "« 31/02/2026 » n'est pas une date au format JJ/MM/AAAA.",
        ),
        (
            {"recurrence_frequency": "MONTHLY", "recurrence_count": 3, "cancelled_dates": "demain"},
            "« demain » n'est pas une date au format JJ/MM/AAAA.",
        ),
        (
            {
                "recurrence_frequency": "MONTHLY",
                "recurrence_count": 3,
                "cancelled_dates": "14/02/2026",
            },
            "Pas de séance de la série le 14/02/2026 : vérifiez la date.",
        ),
    ],
)
def test_a_cancelled_date_outside_the_series_is_refused_next_to_its_field(fields, message):
    with pytest.raises(ValidationError) as refused:
        event(**fields).clean()
    assert any(message in text for text in refused.value.message_dict["cancelled_dates"])


def test_cancelled_dates_are_written_back_one_per_line_in_order():
    series = event(
        recurrence_frequency="MONTHLY", recurrence_count=4, cancelled_dates="13/03/2026, 13/02/2026"
    )
    series.clean()
    assert series.cancelled_dates == "13/02/2026\n13/03/2026"

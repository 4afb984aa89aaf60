"""Termine: series across summer time, iCalendar in and out, the store, the sample."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from clock import BERLIN
from events import (
    Event,
    EventFilter,
    NotCalendar,
    build_event_data,
    read_event_file,
    read_ics,
    repetition,
    select_dates,
    write_ics,
)
from events.model import day_bounds, expand, is_stale_event
from providers.sample_events import SAMPLE_EVENTS_PATH
from store import Store
from store.store import sqlite_url


def _tuesdays(**changes) -> Event:
    values = {
        "id": "elterncafe-1",
        "title": "Elterncafé",
        "start": datetime(2027, 3, 16, 9, 30, tzinfo=BERLIN),
        "end": datetime(2027, 3, 16, 11, 0, tzinfo=BERLIN),
        "rrule": "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271102T235959Z",
        "cancelled_dates": (date(2027, 3, 30),),
        "kind": "elterncafe",
        "languages": ("de", "tr"),
        "life_stages": ("0-1",),
        "cost": "kostenlos",
        "registration": False,
    }
    return Event(**{**values, **changes})


def _dates(events, first, last):
    return expand(events, *day_bounds(first, last))


def test_a_weekly_series_keeps_its_wall_clock_time_across_both_changes_of_summer_time():
    dates = _dates([_tuesdays()], date(2027, 3, 16), date(2027, 11, 2))
    local = [(d.date(), d.time()) for d in dates["start"]]
    assert {clock for _, clock in local} == {time(9, 30)}
    # the weeks of the changes (28 March, 31 October 2027) and the UNTIL day are in it
    days = [day for day, _ in local]
    assert date(2027, 3, 23) in days and date(2027, 4, 6) in days
    assert date(2027, 10, 26) in days and date(2027, 11, 2) in days
    assert date(2027, 11, 9) not in days
    offsets = {d.utcoffset().total_seconds() / 3600 for d in dates["start"]}
    assert offsets == {1.0, 2.0}


def test_an_excluded_date_is_shown_as_cancelled_not_dropped():
    dates = _dates([_tuesdays()], date(2027, 3, 29), date(2027, 4, 7))
    assert dates["start"].dt.date.tolist() == [date(2027, 3, 30), date(2027, 4, 6)]
    assert dates["cancelled"].tolist() == [True, False]


def test_an_all_day_event_covers_its_day():
    fest = Event(
        "fest",
        "Familienfest",
        datetime(2027, 6, 12, tzinfo=BERLIN),
        datetime(2027, 6, 13, tzinfo=BERLIN),
        all_day=True,
    )
    dates = _dates([fest], date(2027, 6, 12), date(2027, 6, 12))
    assert dates["start"].dt.date.tolist() == [date(2027, 6, 12)]
    back, _ = read_ics(write_ics([fest]))
    assert back[0].all_day and back[0].start.date() == date(2027, 6, 12)


def test_an_ics_export_reads_back_as_the_same_events_and_a_real_parser_agrees():
    original = [_tuesdays(registration_until=date(2027, 4, 1), barrier_free=True)]
    data = write_ics(original)
    back, report = read_ics(data)
    assert report.problems == []
    assert _dates(back, date(2027, 3, 1), date(2027, 12, 31)).equals(
        _dates(original, date(2027, 3, 1), date(2027, 12, 31))
    )
    assert back[0].languages == ("de", "tr") and back[0].registration is False
    assert back[0].registration_until == date(2027, 4, 1) and back[0].barrier_free is True
    # recurring-ical-events, a kept library, expands the file the same way
    calendar = icalendar.Calendar.from_ical(data)
    theirs = recurring_ical_events.of(calendar).between(date(2027, 3, 1), date(2028, 1, 1))
    ours = _dates(back, date(2027, 3, 1), date(2027, 12, 31))
    assert sorted(e["DTSTART"].dt for e in theirs) == [
        d.to_pydatetime() for d in ours.loc[~ours["cancelled"], "start"]
    ]


def test_a_calendar_in_another_zone_repeats_in_its_own_wall_clock():
    new_york = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:online-1
SUMMARY:Online-Elternkurs
DTSTART;TZID=America/New_York:20270301T120000
DTEND;TZID=America/New_York:20270301T130000
RRULE:FREQ=WEEKLY;COUNT=4
END:VEVENT
END:VCALENDAR
"""
    (event,), report = read_ics(new_york.encode())
    assert report.problems == [] and event.timezone == "America/New_York"
    starts = _dates([event], date(2027, 3, 1), date(2027, 3, 31))["start"]
    # 12:00 in New York is 18:00 in Berlin, 17:00 in the weeks between the two changes
    assert [s.time() for s in starts] == [time(18), time(18), time(17), time(17)]


def test_a_broken_file_is_refused_whole_and_a_broken_event_is_named():
    with pytest.raises(NotCalendar):
        read_ics(b"this is not a calendar")
    with pytest.raises(NotCalendar):
        read_ics(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    half = write_ics([_tuesdays()]).replace(b"SUMMARY:Elterncaf\xc3\xa9\r\n", b"")
    events, report = read_ics(half)
    assert events == [] and "ohne Titel" in report.problems[0].message


def test_a_hostile_title_stays_text_in_the_file():
    hostile = _tuesdays(title='<script>alert("x")</script>\nDTSTART:19700101')
    data = write_ics([hostile])
    (back,), _ = read_ics(data)
    assert back.title.startswith("<script>") and back.start == hostile.start
    # the line break in the title cannot start a property of its own
    assert b"</script>\\nDTSTART:19700101\r\n" in data and "DTSTART:19700101" in back.title


def test_repetition_says_how_a_series_repeats():
    assert repetition(_tuesdays()).weekdays == (1,)
    monthly = _tuesdays(rrule="FREQ=MONTHLY;BYDAY=1WE")
    assert (repetition(monthly).frequency, repetition(monthly).ordinal) == ("monthly", 1)
    assert repetition(_tuesdays(rrule="")).frequency == "once"


def test_filters_work_on_the_dates_table(sample_events):
    data = sample_events
    first, last = date(2026, 12, 7), date(2026, 12, 13)
    week = select_dates(data, EventFilter(first, last))
    turkish = select_dates(data, EventFilter(first, last, language="tr", free=True))
    assert 0 < len(turkish) < len(week)
    assert all("tr" in data.events[i].languages for i in turkish["event"])
    near = select_dates(data, EventFilter(first, last, near=(50.7997, 7.2043, 10_000)))
    assert len(near) and (near["distance_m"] <= 10_000).all()
    professionals = select_dates(data, EventFilter(first, last, audience="fachkraefte"))
    assert {data.events[i].kind for i in professionals["event"]} <= {
        "netzwerktreffen",
        "fortbildung",
    }


def test_past_dates_leave_family_views_and_old_series_are_flagged(sample_events):
    data = sample_events
    now = datetime(2026, 12, 8, 12, 0, tzinfo=BERLIN)
    today = select_dates(data, EventFilter(date(2026, 12, 8), date(2026, 12, 8)), now)
    assert (today["end"] > now).all()
    assert data.table["stale"].any() and not data.table["stale"].all()
    assert not is_stale_event(_tuesdays(rrule="", last_verified=None), date(2027, 1, 1))


def test_the_sample_covers_every_land_and_is_fictional(sample_events):
    data = sample_events
    lands = {str(k)[:2] for k in data.table["kreis_ags"].dropna()}
    assert len(lands) == 16
    assert all("(Muster)" in e.title for e in data.events) and data.is_sample


def test_events_are_stored_with_their_history(tmp_path):
    store = Store(sqlite_url(tmp_path / "termine.db"))
    store.migrate()
    event = _tuesdays()
    assert store.save_events([event], "anna").added == 1
    assert store.save_events([event], "anna").unchanged == 1
    changed = _tuesdays(title="Elterncafé am Dienstag")
    assert store.save_events([changed], "ben").updated == 1
    assert store.events() == [changed]
    assert store.retire_event(event.id, "anna") and store.events() == []
    trail = store.audit_trail(f"termin:{event.id}")
    assert trail["action"].tolist() == ["retire", "edit", "add"]
    assert trail["user"].tolist() == ["anna", "ben", "anna"]


@pytest.fixture(scope="module")
def sample_events():
    from providers import load_providers

    events, problems = read_event_file()
    assert problems == ()
    frame = load_providers().frame
    return build_event_data(events, frame, date(2026, 12, 4))


def test_zone_names_from_a_calendar_are_kept():
    assert ZoneInfo(_tuesdays().timezone) == BERLIN


def _agree_with_a_real_parser(data: bytes, first: date, last: date) -> None:
    events, _ = read_ics(data)
    ours = expand(events, *day_bounds(first, last))
    # a parser drops EXDATEs but keeps a cancelled event's dates (STATUS is ours to show)
    whole = ours["event"].map(lambda i: events[i].cancelled)
    ours = ours[~ours["cancelled"] | whole]
    calendar = icalendar.Calendar.from_ical(data)
    theirs = recurring_ical_events.of(calendar).between(first, last + timedelta(days=1))
    assert sorted((str(e["UID"]), e["DTSTART"].dt) for e in theirs) == sorted(
        (events[i].id, s.to_pydatetime()) for i, s in zip(ours["event"], ours["start"], strict=True)
    )


def test_every_date_of_the_sample_matches_a_real_calendar_parser():
    _agree_with_a_real_parser(SAMPLE_EVENTS_PATH.read_bytes(), date(2026, 12, 1), date(2027, 4, 30))


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",  # a weekday before the first's, every other week
        "FREQ=WEEKLY;BYDAY=MO,WE,FR",
        "FREQ=WEEKLY;BYDAY=TU;COUNT=5",
        "FREQ=DAILY;INTERVAL=3;UNTIL=20270410T120000Z",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TH",
        "FREQ=MONTHLY;BYMONTHDAY=15",  # not computed with arrays: dateutil
    ],
)
def test_each_kind_of_rule_gives_the_dates_a_real_parser_gives(rule):
    event = _tuesdays(
        rrule=rule,
        start=datetime(2027, 3, 17, 9, 30, tzinfo=BERLIN),
        end=datetime(2027, 3, 17, 11, 0, tzinfo=BERLIN),
        cancelled_dates=(),
    )
    _agree_with_a_real_parser(write_ics([event]), date(2027, 3, 1), date(2027, 12, 31))


def test_a_series_rule_is_written_from_its_first_date_and_read_back_for_the_form():
    from events import rhythm_of, rule_problem, series_rule

    second_tuesday = date(2026, 12, 8)
    assert series_rule(second_tuesday, "once") == ""
    assert series_rule(second_tuesday, "weekly") == "FREQ=WEEKLY;BYDAY=TU"
    assert series_rule(second_tuesday, "biweekly", date(2027, 6, 30)) == (
        "FREQ=WEEKLY;BYDAY=TU;INTERVAL=2;UNTIL=20270630T235959Z"
    )
    assert series_rule(second_tuesday, "monthly") == "FREQ=MONTHLY;BYDAY=2TU"
    start = datetime.combine(second_tuesday, time(9, 30), BERLIN)
    for rhythm in ("once", "weekly", "biweekly", "monthly"):
        event = _tuesdays(start=start, end=start + timedelta(hours=1))
        event = Event(**{**event.__dict__, "rrule": series_rule(second_tuesday, rhythm)})
        assert rhythm_of(event) == (rhythm, None)
    two_days = _tuesdays(start=start, rrule="FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270131T235959Z")
    assert rhythm_of(two_days) == ("custom", date(2027, 1, 31))
    # a rule typed by hand: read by dateutil, with at least one date
    assert rule_problem("FREQ=WEEKLY;BYDAY=TU,TH", start) is None
    assert "FREQ" in rule_problem("BYDAY=TU", start)
    assert "nicht lesbar" in rule_problem("FREQ=SOMETIMES", start)
    assert "keinen Termin" in rule_problem("FREQ=WEEKLY;UNTIL=20200101T000000Z", start)


def test_the_next_date_skips_what_falls_out_and_a_past_single_date_has_none():
    from events import next_starts

    series = _tuesdays()
    once = _tuesdays(id="einmal", rrule="", cancelled_dates=())
    # on the Monday before the cancelled Tuesday (30 March) the next date is 6 April
    coming = next_starts([series, once], date(2027, 3, 29))
    assert coming[0] == datetime(2027, 4, 6, 9, 30, tzinfo=BERLIN)
    assert coming[1] is None  # the single date (16 March) is over

"""The page "Termine" headless (AppTest), and the calendar subscription."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import recurring_ical_events
from streamlit.testing.v1 import AppTest

from clock import BERLIN
from events import Event, write_ics
from tests.dashboard.pages import run_page

#: Each test may load other data: Streamlit's cached resources are cleared around it.
pytestmark = pytest.mark.usefixtures("fresh_caches")


def _page() -> None:
    from dashboard.i18n.language import use_session_language
    from dashboard.page import events as page

    use_session_language()
    page.render()


def _titles(at: AppTest) -> list[str]:
    return [m.value.strip("*").split("**")[0] for m in at.markdown if m.value.startswith("**")]


def test_the_next_four_weeks_near_a_postcode_are_listed_by_day():
    at = run_page(_page, q="53721")
    assert at.subheader[0].value.split(" ")[1] == "Termine"
    count = int(at.subheader[0].value.split(" ")[0])
    days = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert count > 5 and days == sorted(days, key=lambda d: days.index(d)) and len(days) > 2
    assert any("Beispieltermine" in i.value for i in at.info)
    # each card says in words when and how far, and goes into a calendar by one link
    cards = [m.value for m in at.markdown if m.value.startswith("**")]
    assert all(":gray[jeden " in c or ":gray[" in c for c in cards)
    assert any(":gray[jeden " in c for c in cards) and any("km Luftlinie" in c for c in cards)
    assert all("](/termine.ics?termin=" in c for c in cards)


def test_the_list_comes_a_page_at_a_time_and_starts_again_for_new_wishes():
    at = run_page(_page, q="53721", umkreis="50")
    count = int(at.subheader[0].value.split(" ")[0])
    assert count > 40 and len(_titles(at)) == 20
    more = next(b for b in at.button if b.label.startswith("Weitere 20 Termine zeigen"))
    assert f"(noch {count - 20})" in more.label
    more.click().run()
    assert len(_titles(at)) == 40
    at.selectbox(key="e_radius").set_value(25).run()
    assert len(_titles(at)) == 20


def test_a_first_visit_without_any_wish_lists_the_first_twenty_dates():
    at = run_page(_page)
    assert not at.exception
    assert len(_titles(at)) == 20


def test_in_den_kalender_gives_that_one_termin_as_a_calendar():
    from dashboard import cache
    from dashboard.web.calendar_feed import feed

    event = next(e for e in cache.event_data().events if e.rrule)
    calendar = icalendar.Calendar.from_ical(feed({"termin": [event.id]}))
    (only,) = calendar.walk("VEVENT")
    assert str(only["SUMMARY"]) == event.title and "RRULE" in only
    empty = icalendar.Calendar.from_ical(feed({"termin": ["gibt-es-nicht"]}))
    assert list(empty.walk("VEVENT")) == []


def test_filters_narrow_the_dates_and_stay_in_the_url():
    at = run_page(_page, q="53721", umkreis="50", sprache="tr")
    titles = _titles(at)
    assert titles and all("auf Türkisch" in title for title in titles)
    assert at.query_params["sprache"] in (["tr"], "tr")
    at = run_page(_page, q="53721", art="elterncafe")
    titles = _titles(at)
    # the Eltern-Treff at a Stadtteilzentrum is an Elterncafé too
    assert titles and all(title.startswith(("Elterncafé", "Eltern-Treff")) for title in titles)
    assert at.query_params["art"] in (["elterncafe"], "elterncafe")


def test_the_month_view_is_a_calendar_with_weeks():
    month = (date.today().replace(day=28) + timedelta(days=4)).replace(day=1)
    at = run_page(
        _page, q="53721", ansicht="monat", zeitraum="monat", monat=month.strftime("%Y-%m")
    )
    (calendar,) = [h for h in at.get("html") if "fk-month" in h.proto.body]
    assert "KW" in calendar.proto.body and calendar.proto.body.count("<tr>") >= 5


def test_professionals_see_their_meetings():
    at = run_page(_page, zielgruppe="fachkraefte", zeitraum="monat")
    titles = _titles(at)
    assert titles and all("Netzwerktreffen" in t or "Fortbildung" in t for t in titles)


def test_a_hostile_title_is_text_in_list_and_calendar(tmp_path, monkeypatch):
    start = datetime.now(BERLIN).replace(microsecond=0) + timedelta(days=1)
    hostile = Event(
        "boese",
        "**<img src=x onerror=alert(1)>**",
        start,
        start + timedelta(hours=1),
        lat=50.7997,
        lon=7.2043,
        place="<b>Raum</b>",
    )
    path = tmp_path / "termine.ics"
    path.write_bytes(write_ics([hostile]))
    monkeypatch.setenv("FAMILIENKARTE_TERMINE", str(path))
    at = run_page(_page, zeitraum="woche")
    card = next(m.value for m in at.markdown if "img" in m.value)
    assert r"\*\*\<img src=x onerror=alert(1)\>\*\*" in card
    at = run_page(_page, zeitraum="woche", ansicht="monat")
    (calendar,) = [h for h in at.get("html") if "fk-month" in h.proto.body]
    assert "&lt;img src=x onerror=alert(1)&gt;" in calendar.proto.body
    assert "<img" not in calendar.proto.body


def test_the_page_speaks_arabic():
    at = run_page(_page, lang="ar", q="53721")
    assert at.title[0].value == "المواعيد: دورات ومجموعات ولقاءات"


def test_the_subscription_is_a_calendar_a_parser_reads():
    from dashboard.web.calendar_feed import feed

    data = feed({"kreis": ["05382"], "art": ["elterncafe"]})
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert events and all(
        str(e["SUMMARY"]).startswith(("Elterncafé", "Eltern-Treff")) for e in events
    )
    assert any(not e.get("X-FAMILIENKARTE-PROVIDER") for e in events)  # at its own place too
    assert "Rhein-Sieg-Kreis" in str(calendar["X-WR-CALNAME"])
    today = date.today()
    coming = recurring_ical_events.of(calendar).between(today, today + timedelta(days=28))
    assert len(coming) >= len(events)  # weekly series: each at least once in four weeks


def test_nearby_cards_show_a_provider_s_next_dates():
    from tests.dashboard.test_page_nearby import _page as nearby_page

    at = run_page(nearby_page, q="53721", typ="familienzentrum")
    assert any("Nächste Termine:" in m.value for m in at.markdown)


def test_at_half_past_eleven_utc_on_new_years_eve_the_page_shows_berlins_new_year():
    """The server's clock says 31 December; in Germany it is already 1 January: the
    families' list starts with Berlin's day, also where the server runs in UTC."""
    import os
    import time

    import time_machine

    previous = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), tick=False):
            server_day = datetime.fromtimestamp(time.time()).date()
            assert server_day == date(2026, 12, 31)
            at = run_page(_page, zeitraum="woche")
    finally:
        if previous is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = previous
        time.tzset()
    heading = at.subheader[0].value
    assert "vom 1. Januar bis 3. Januar" in heading, heading
    assert "31. Dezember" not in heading

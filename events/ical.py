"""Termine in and out as iCalendar (RFC 5545), with the kept ``icalendar`` library.

:func:`read_ics` takes a network's calendar export: each ``VEVENT`` becomes an
:class:`~events.model.Event` (its ``RRULE`` and ``EXDATE`` kept as a series,
times in the calendar's own zone, also a ``VTIMEZONE`` other than Berlin); what
cannot be read is reported by the event's number and nothing of a broken file
is taken. Our own fields travel as ``X-FAMILIENKARTE-*`` properties, so that an
export read back is the same. :func:`write_ics` writes any selection, for a
download or a calendar subscription.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from events.model import AUDIENCES, BERLIN, EVENT_KINDS, Event, stable_id, zone_of
from intake.fields import clean_text, parse_date
from intake.problems import ProblemLog

PRODID = "-//Familienkarte//Termine//DE"
_X = "X-FAMILIENKARTE-"
#: Our fields as X-properties: (property, Event attribute).
_LISTS = (("LIFE-STAGES", "life_stages"), ("LANGUAGES", "languages"))
_TEXTS = (
    ("KIND", "kind"),
    ("AUDIENCE", "audience"),
    ("COST", "cost"),
    ("REGISTRATION-HOW", "registration_how"),
    ("PROVIDER", "provider_id"),
    ("PHONE", "phone"),
    ("SOURCE", "source"),
)
_FLAGS = (("REGISTRATION", "registration"), ("BARRIER-FREE", "barrier_free"))
_DATES = (("REGISTRATION-UNTIL", "registration_until"), ("VERIFIED", "last_verified"))
#: Longest text kept from a calendar field (a description may be long, a title not).
_LIMITS = {"title": 200, "description": 4000, "place": 300}


class NotCalendar(ValueError):
    """The file is no iCalendar file (the message says why, in German)."""


def read_ics(data: bytes, source: str = "") -> tuple[list[Event], ProblemLog]:
    """Events of an iCalendar file.

    Parameters
    ----------
    data
        The file's bytes.
    source
        Where the file comes from, kept with each event unless it names its own.

    Raises
    ------
    NotCalendar
        When the file cannot be read as iCalendar at all (nothing is taken then).
    """
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError) as error:
        raise NotCalendar(f"Keine lesbare iCalendar-Datei (.ics): {str(error)[:120]}") from None
    report = ProblemLog()
    events: list[Event] = []
    components = [c for calendar in calendars for c in calendar.walk("VEVENT")]
    if not components:
        raise NotCalendar("Die Datei enthält keinen Termin (kein VEVENT).")
    for number, component in enumerate(components, start=1):
        try:
            event = _event(component, source)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            report.error(number, f"Termin {number} nicht gelesen: {str(error)[:160]}")
            continue
        if event.audience not in AUDIENCES:
            report.note(number, f"Zielgruppe „{event.audience}“ unbekannt: als Familien gelesen")
            event = replace(event, audience="familien")
        if event.kind and event.kind not in EVENT_KINDS:
            report.note(number, f"Art „{event.kind}“ unbekannt: ohne Art gelesen")
            event = replace(event, kind="")
        events.append(event)
    return events, report


def _text(component: icalendar.Component, name: str, limit: int = 500) -> str:
    value = component.get(name)
    if value is None:
        return ""
    return clean_text(str(value)).text[:limit]


def _moment(value: date | datetime) -> tuple[datetime, bool, str]:
    """(aware start, all day, zone name) of a DTSTART value."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), BERLIN), True, BERLIN.key
    if value.tzinfo is None:  # "floating" time: the wall clock of Germany
        return value.replace(tzinfo=BERLIN), False, BERLIN.key
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo):
        return value, False, zone.key
    # A VTIMEZONE without an IANA name: the same instant, repeated in Berlin time.
    return value.astimezone(BERLIN), False, BERLIN.key


def _event(component: icalendar.Component, source: str) -> Event:
    start_value = component.get("DTSTART")
    if start_value is None:
        raise ValueError("ohne Beginn (DTSTART)")
    start, all_day, zone = _moment(start_value.dt)
    end = None
    if component.get("DTEND") is not None:
        end = _moment(component.get("DTEND").dt)[0]
    elif component.get("DURATION") is not None:
        end = start + component.get("DURATION").dt
    elif all_day:
        end = start + timedelta(days=1)
    if end is not None and end <= start:
        raise ValueError("Ende liegt nicht nach dem Beginn")
    rule = component.get("RRULE")
    rrule = rule.to_ical().decode() if rule is not None else ""
    cancelled_dates: list[date] = []
    exdates = component.get("EXDATE")
    for entry in exdates if isinstance(exdates, list) else [exdates] if exdates else []:
        for moment in entry.dts:
            value = moment.dt
            if isinstance(value, datetime) and value.tzinfo is not None:
                value = value.astimezone(zone_of(zone))
            cancelled_dates.append(value.date() if isinstance(value, datetime) else value)
    title = _text(component, "SUMMARY", _LIMITS["title"])
    if not title:
        raise ValueError("ohne Titel (SUMMARY)")
    geo = component.get("GEO")
    values: dict[str, object] = {
        "id": _text(component, "UID", 200) or stable_id("termin", title, start.isoformat()),
        "title": title,
        "start": start,
        "end": end,
        "all_day": all_day,
        "timezone": zone,
        "rrule": rrule,
        "cancelled_dates": tuple(sorted(set(cancelled_dates))),
        "cancelled": str(component.get("STATUS", "")).upper() == "CANCELLED",
        "place": _text(component, "LOCATION", _LIMITS["place"]),
        "lat": float(geo.latitude) if geo is not None else None,
        "lon": float(geo.longitude) if geo is not None else None,
        "description": _text(component, "DESCRIPTION", _LIMITS["description"]),
        "email": _mail(component),
        "website": _text(component, "URL", 500),
        "source": source,
    }
    for name, attribute in _TEXTS:
        text = _text(component, _X + name)
        if text:
            values[attribute] = text
    for name, attribute in _LISTS:
        text = _text(component, _X + name)
        values[attribute] = tuple(part.strip() for part in text.split(",") if part.strip())
    for name, attribute in _FLAGS:
        text = _text(component, _X + name).casefold()
        values[attribute] = {"ja": True, "nein": False}.get(text)
    for name, attribute in _DATES:
        text = _text(component, _X + name)
        values[attribute] = parse_date(text) if text else None
    if not values.get("kind"):
        values["kind"] = _kind(component)
    return Event(**values)  # type: ignore[arg-type]


def _mail(component: icalendar.Component) -> str:
    organizer = component.get("ORGANIZER")
    text = str(organizer) if organizer is not None else ""
    return text.removeprefix("mailto:").removeprefix("MAILTO:")[:200] if "@" in text else ""


def _kind(component: icalendar.Component) -> str:
    """A kind from CATEGORIES when one of ours is named there."""
    categories = component.get("CATEGORIES")
    entries = categories if isinstance(categories, list) else [categories] if categories else []
    for entry in entries:
        for category in getattr(entry, "cats", []):
            code = str(category).strip().casefold().replace("é", "e").replace(" ", "")
            if code in EVENT_KINDS:
                return code
    return ""


def write_ics(events: Sequence[Event], name: str = "Familienkarte – Termine") -> bytes:
    """An iCalendar file of the events (series as series), readable back by :func:`read_ics`."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("X-WR-CALNAME", name)
    calendar.add("X-WR-TIMEZONE", BERLIN.key)
    for event in events:
        calendar.add_component(_component(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _component(event: Event) -> icalendar.Event:
    component = icalendar.Event()
    component.add("UID", event.id)
    component.add("SUMMARY", event.title)
    component.add("DTSTAMP", datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC")))
    zone = zone_of(event.timezone)
    if event.all_day:
        component.add("DTSTART", event.start.astimezone(zone).date())
        if event.end:
            component.add("DTEND", event.end.astimezone(zone).date())
    else:
        component.add("DTSTART", event.start.astimezone(zone))
        if event.end:
            component.add("DTEND", event.end.astimezone(zone))
    if event.rrule:
        component.add("RRULE", icalendar.vRecur.from_ical(event.rrule))
    for day in event.cancelled_dates:
        moment = (
            day
            if event.all_day
            else datetime.combine(day, event.start.astimezone(zone).timetz()).replace(tzinfo=zone)
        )
        component.add("EXDATE", moment)
    if event.cancelled:
        component.add("STATUS", "CANCELLED")
    for name, value in (
        ("LOCATION", event.place),
        ("DESCRIPTION", event.description),
        ("URL", event.website),
    ):
        if value:
            component.add(name, value)
    if event.lat is not None and event.lon is not None:
        component.add("GEO", (event.lat, event.lon))
    if event.email:
        component.add("ORGANIZER", f"mailto:{event.email}")
    if event.kind:
        component.add("CATEGORIES", [event.kind])
    for name, attribute in _TEXTS:
        if getattr(event, attribute):
            component.add(_X + name, getattr(event, attribute))
    for name, attribute in _LISTS:
        if getattr(event, attribute):
            component.add(_X + name, ",".join(getattr(event, attribute)))
    for name, attribute in _FLAGS:
        if getattr(event, attribute) is not None:
            component.add(_X + name, "ja" if getattr(event, attribute) else "nein")
    for name, attribute in _DATES:
        if getattr(event, attribute) is not None:
            component.add(_X + name, getattr(event, attribute).isoformat())
    return component

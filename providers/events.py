"""Termine: courses, groups and events of the networks, and their dates.

Netzwerke Frühe Hilfen live from recurring offers — Elterncafé, Babymassage,
Krabbelgruppe, Sprechstunde der Familienhebamme — and from dates for
professionals. An :class:`Event` is a series (an RFC 5545 ``RRULE`` with
cancelled dates) or a single date, held in its own time zone (Europe/Berlin
unless a calendar said otherwise), so that "every Tuesday 9:30" stays 9:30
across the change to and from summer time. :func:`expand` turns events into
their dates in a window as one table, once per data version; the pages filter
that table with array operations, never event by event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from dateutil.rrule import rrulestr

#: The time zone dates are shown in.
BERLIN = ZoneInfo("Europe/Berlin")
#: Who an event is for.
AUDIENCES = ("familien", "fachkraefte")
#: Kinds of offer, for the "type of offer" filter.
EVENT_KINDS = (
    "elterncafe",
    "krabbelgruppe",
    "babymassage",
    "geburtsvorbereitung",
    "sprechstunde",
    "elternkurs",
    "beratung",
    "fortbildung",
    "netzwerktreffen",
)
#: A series not verified for this long is flagged as possibly out of date.
STALE_AFTER = timedelta(days=365)
#: The most dates one series yields in a window (a daily series over a year).
MAX_DATES_PER_SERIES = 400


@dataclass(frozen=True)
class Event:
    """One Termin: a single date or a series.

    Attributes
    ----------
    id
        Stable key (the UID of an iCalendar event).
    title, description
        As the organiser wrote them (plain text).
    start, end
        First date's start and end, time-zone aware (in ``timezone``); for an
        all-day event midnight of the day and of the day after.
    all_day
        A day, not a time ("Familienfest").
    timezone
        IANA name the series repeats in.
    rrule
        RFC 5545 recurrence rule (``"FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T000000Z"``),
        empty for a single date.
    cancelled_dates
        Dates of the series that fall out (EXDATE, "fällt aus"), shown as cancelled.
    cancelled
        The whole event is cancelled (iCalendar ``STATUS:CANCELLED``).
    provider_id
        The provider it takes place at, if any; else ``place``/``lat``/``lon``.
    place, lat, lon
        Where, when not at a provider (or more precisely: "Raum 2").
    kind
        One of :data:`EVENT_KINDS` (empty: not said).
    audience
        One of :data:`AUDIENCES`.
    life_stages, languages
        Codes as for providers (``"0-1"``; ISO 639-1).
    cost
        ``"kostenlos"``, an amount as written ("5 € pro Termin") or empty.
    registration
        ``True``: needed; ``False``: not needed; ``None``: not said.
    registration_how, registration_until
        How to register, and until when.
    barrier_free
        As for providers.
    phone, email, website
        Contact.
    source, last_verified
        Where the entry comes from and when it was last checked.
    """

    id: str
    title: str
    start: datetime
    end: datetime | None = None
    all_day: bool = False
    timezone: str = "Europe/Berlin"
    rrule: str = ""
    cancelled_dates: tuple[date, ...] = ()
    cancelled: bool = False
    provider_id: str = ""
    place: str = ""
    lat: float | None = None
    lon: float | None = None
    kind: str = ""
    audience: str = "familien"
    life_stages: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    cost: str = ""
    registration: bool | None = None
    registration_how: str = ""
    registration_until: date | None = None
    barrier_free: bool | None = None
    description: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    source: str = ""
    last_verified: date | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def free(self) -> bool:
        """Whether it costs nothing."""
        return self.cost.strip().casefold() in ("kostenlos", "0", "0 €", "frei", "gratis")

    @property
    def duration(self) -> timedelta:
        """Length of one date (an hour when no end is given)."""
        return (self.end - self.start) if self.end else timedelta(hours=1)

    @property
    def is_series(self) -> bool:
        return bool(self.rrule)


def event_record(event: Event) -> dict:
    """An event as plain JSON values (ISO dates), for the store and its audit trail."""
    record: dict[str, object] = {}
    for name in Event.__dataclass_fields__:
        if name == "extra":
            continue
        value = getattr(event, name)
        if isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = [item.isoformat() if isinstance(item, date) else item for item in value]
        record[name] = value
    return record


def event_from_record(record: dict) -> Event:
    """The event of :func:`event_record` (unknown keys are ignored)."""
    values = {k: v for k, v in record.items() if k in Event.__dataclass_fields__}
    for name in ("start", "end"):
        if values.get(name):
            values[name] = datetime.fromisoformat(str(values[name]))
    for name in ("registration_until", "last_verified"):
        if values.get(name):
            values[name] = date.fromisoformat(str(values[name]))
    values["cancelled_dates"] = tuple(
        date.fromisoformat(str(day)) for day in values.get("cancelled_dates") or ()
    )
    for name in ("life_stages", "languages"):
        values[name] = tuple(values.get(name) or ())
    return Event(**values)


def is_stale_event(event: Event, today: date) -> bool:
    """A series whose last check is older than :data:`STALE_AFTER` (or never done)."""
    if not event.is_series:
        return False
    return event.last_verified is None or today - event.last_verified > STALE_AFTER


def _local_starts(event: Event, start: datetime, end: datetime) -> list[datetime]:
    """Start of each date of the event that overlaps ``[start, end)``, in its zone."""
    zone = zone_of(event.timezone)
    first = event.start.astimezone(zone)
    if not event.rrule:
        return [first] if first < end and first + event.duration > start else []
    # Expanded in local wall time, then placed in the zone: 9:30 stays 9:30 in summer.
    naive_first = first.replace(tzinfo=None)
    rule = rrulestr(event.rrule, dtstart=naive_first, ignoretz=True, cache=False)
    window_start = (start - event.duration).astimezone(zone).replace(tzinfo=None)
    window_end = end.astimezone(zone).replace(tzinfo=None)
    starts = []
    for local in rule.xafter(window_start, count=MAX_DATES_PER_SERIES, inc=True):
        if local >= window_end:
            break
        starts.append(local.replace(tzinfo=zone))
    return starts


@lru_cache(maxsize=64)
def zone_of(name: str) -> ZoneInfo:
    """The zone of an IANA name; Berlin for an unknown one."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return BERLIN


def expand(events: Sequence[Event], start: datetime, end: datetime) -> pd.DataFrame:
    """Every date of the events in ``[start, end)``, in start order.

    Returns
    -------
    DataFrame
        ``event`` (position in ``events``), ``start`` and ``end`` (aware, Berlin),
        ``day`` (the Berlin date), ``cancelled`` (the date or the whole event falls
        out).
    """
    positions: list[int] = []
    starts: list[datetime] = []
    ends: list[datetime] = []
    cancelled: list[bool] = []
    for position, event in enumerate(events):
        out = set(event.cancelled_dates)
        for local in _local_starts(event, start, end):
            positions.append(position)
            starts.append(local.astimezone(BERLIN))
            ends.append((local + event.duration).astimezone(BERLIN))
            cancelled.append(event.cancelled or local.date() in out)
    frame = pd.DataFrame(
        {
            "event": np.array(positions, dtype=np.int64),
            "start": pd.to_datetime(starts, utc=True).tz_convert(BERLIN) if starts else [],
            "end": pd.to_datetime(ends, utc=True).tz_convert(BERLIN) if ends else [],
            "cancelled": np.array(cancelled, dtype=bool),
        }
    )
    if frame.empty:
        frame["start"] = pd.Series(dtype=f"datetime64[ns, {BERLIN.key}]")
        frame["end"] = pd.Series(dtype=f"datetime64[ns, {BERLIN.key}]")
    frame["day"] = frame["start"].dt.date
    return frame.sort_values(["start", "event"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Repetition:
    """How a series repeats, for saying it in words.

    Attributes
    ----------
    frequency
        ``"once"``, ``"daily"``, ``"weekly"``, ``"monthly"`` or ``"yearly"``.
    interval
        Every n-th (2: every other week).
    weekdays
        0 = Monday … 6 = Sunday, for weekly series (and "first Tuesday" monthly).
    ordinal
        For a monthly series on a weekday: 1 = first, -1 = last; else ``None``.
    """

    frequency: str
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    ordinal: int | None = None


_FREQUENCIES = {0: "yearly", 1: "monthly", 2: "weekly", 3: "daily"}


def repetition(event: Event) -> Repetition:
    """How the event repeats (``"once"`` for a single date or a rule we cannot say)."""
    if not event.rrule:
        return Repetition("once")
    try:
        rule = rrulestr(event.rrule, dtstart=event.start.replace(tzinfo=None), ignoretz=True)
    except (ValueError, TypeError):
        return Repetition("once")
    frequency = _FREQUENCIES.get(rule._freq, "once")  # noqa: SLF001 - dateutil keeps no public getter
    interval = int(rule._interval)  # noqa: SLF001
    weekdays = tuple(sorted(rule._byweekday or ()))  # noqa: SLF001
    ordinal = None
    if rule._bynweekday:  # noqa: SLF001 - "first Tuesday"
        weekday, ordinal = rule._bynweekday[0]  # noqa: SLF001
        weekdays = (weekday,)
    if frequency == "weekly" and not weekdays:
        weekdays = (event.start.astimezone(zone_of(event.timezone)).weekday(),)
    return Repetition(frequency, interval, weekdays, ordinal)


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Berlin midnight of ``first`` and of the day after ``last``: a window of whole days."""
    return (
        datetime.combine(first, time(), BERLIN),
        datetime.combine(last + timedelta(days=1), time(), BERLIN),
    )

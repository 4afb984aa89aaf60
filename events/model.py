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

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from dateutil.rrule import rrulestr

from clock import BERLIN, is_stale

#: The time zone dates are shown in.

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


def stable_id(prefix: str, *parts: str) -> str:
    """An id from an event's own text, the same in every process (for a re-import to
    update, not duplicate)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{digest}"


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
    """A series whose last check is older than :data:`clock.STALE_AFTER` (or never done)."""
    return event.is_series and is_stale(event.last_verified, today)


def _local_starts(event: Event, first: datetime, start: datetime, end: datetime) -> list[datetime]:
    """Wall times (naive, in the event's zone) of a series' dates that may overlap
    ``[start, end)`` (wall times too); ``first`` is DTSTART in that zone."""
    rule = rrulestr(event.rrule, dtstart=first, ignoretz=True, cache=False)
    starts = []
    for local in rule.xafter(start - event.duration, count=MAX_DATES_PER_SERIES, inc=True):
        if local >= end:
            break
        starts.append(local)
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

    Single dates and the common rules (daily or weekly, with INTERVAL, BYDAY,
    COUNT, UNTIL; monthly on "the first Wednesday") are computed for all events
    at once with array arithmetic in each zone's wall time; other rules go
    through ``dateutil`` one by one. All dates are placed in their zones once.

    Returns
    -------
    DataFrame
        ``event`` (position in ``events``), ``start`` and ``end`` (aware, Berlin),
        ``cancelled`` (the date or the whole event falls out).
    """
    names = sorted({event.timezone for event in events})
    zones = np.array([names.index(event.timezone) for event in events], dtype=np.int64)
    first = _wall_times(events, names, zones)
    durations = np.array([e.duration.total_seconds() for e in events], dtype=np.int64)
    lanes: list[tuple[int, int, int, int, int]] = []
    monthly: list[tuple[int, int, int, int, int]] = []
    others: list[int] = []
    for position, event in enumerate(events):
        plan = _rule_plan(event.rrule, event.timezone) if event.rrule else None
        if plan is None:
            if event.rrule:
                others.append(position)
        elif plan[0] == "monthly":
            monthly.append((position, *plan[1:]))
        else:
            _, step, count, until, weekdays = plan
            lanes += [(position, weekday, step, count, until) for weekday in weekdays]
    # Wall time of the window with a day's margin either side (zones differ by hours).
    low = np.datetime64(start.replace(tzinfo=None), "s") - np.timedelta64(1, "D")
    high = np.datetime64(end.replace(tzinfo=None), "s") + np.timedelta64(1, "D")
    walls = [
        # DTSTART is always the first date (RFC 5545), also off the rule's days
        _steps(np.arange(len(events)), first, 1, 1, _NEVER_S, durations, low, high),
        _lane_dates(lanes, first, durations, low, high),
        _monthly_dates(monthly, first, low, high),
        _each_dates(events, first, others, low, high),
    ]
    position = np.concatenate([w[0] for w in walls])
    local = np.concatenate([w[1] for w in walls])
    return _placed(events, names, zones, position, local, durations, start, end)


def _wall_times(events: Sequence[Event], names: list[str], zones: np.ndarray) -> np.ndarray:
    """Each event's start as wall time in its own zone (``datetime64[s]``)."""
    # whole seconds are exact in a float timestamp; dates start on whole seconds
    seconds = np.floor([event.start.timestamp() for event in events]).astype(np.int64)
    utc = pd.DatetimeIndex(seconds.astype("datetime64[s]")).tz_localize("UTC")
    wall = np.zeros(len(events), dtype="datetime64[s]")
    for number, name in enumerate(names):
        here = zones == number
        wall[here] = utc[here].tz_convert(zone_of(name)).tz_localize(None).as_unit("s")
    return wall


_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NEVER_S = int(np.datetime64("2200-01-01T00:00:00", "s").astype(np.int64))


@lru_cache(maxsize=4096)
def _rule_plan(rrule: str, timezone: str) -> tuple | None:
    """What array arithmetic needs of a rule, read once for all series that share it.

    ``("steps", step in days, most dates, last local start allowed (seconds),
    weekdays)`` for a plain daily or weekly rule (weekday -1: the first's own);
    ``("monthly", months between, which of the month (1…4, -1 last), weekday, last
    local start allowed)`` for "every first Wednesday"; ``None`` for any other rule.
    """
    parts = dict(part.split("=", 1) for part in rrule.upper().split(";") if "=" in part)
    names = set(parts)
    try:
        interval = int(parts.get("INTERVAL", "1"))
        until = _until(parts["UNTIL"], timezone) if "UNTIL" in parts else _NEVER_S
        count = int(parts["COUNT"]) if "COUNT" in parts else 1_000_000
    except ValueError:
        return None
    if interval < 1:
        return None
    frequency = parts.get("FREQ")
    if frequency == "MONTHLY" and not names - {"FREQ", "INTERVAL", "BYDAY", "UNTIL"}:
        found = re.fullmatch(r"([+-]?[1-4])(MO|TU|WE|TH|FR|SA|SU)", parts.get("BYDAY", ""))
        if found is None:
            return None
        return (
            "monthly",
            interval,
            int(found.group(1)),
            _WEEKDAY_CODES.index(found.group(2)),
            until,
        )
    if names - {"FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL", "WKST"}:
        return None
    if frequency not in ("DAILY", "WEEKLY") or parts.get("WKST", "MO") != "MO":
        return None
    if frequency == "DAILY":
        return None if "BYDAY" in parts else ("steps", interval, count, until, (-1,))
    codes = parts["BYDAY"].split(",") if "BYDAY" in parts else []
    if any(code not in _WEEKDAY_CODES for code in codes) or (len(codes) > 1 and "COUNT" in parts):
        return None  # "1WE", or COUNT over several weekdays: dateutil counts those
    weekdays = tuple(_WEEKDAY_CODES.index(code) for code in codes) or (-1,)
    return ("steps", 7 * interval, count, until, weekdays)


def _until(text: str, timezone: str) -> int:
    """UNTIL as local wall time in seconds since 1970."""
    if text.endswith("Z"):
        moment = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=ZoneInfo("UTC"))
        local = moment.astimezone(zone_of(timezone)).replace(tzinfo=None)
    elif "T" in text:
        local = datetime.strptime(text, "%Y%m%dT%H%M%S")
    else:
        local = datetime.strptime(text, "%Y%m%d").replace(hour=23, minute=59, second=59)
    return int(np.datetime64(local, "s").astype(np.int64))


#: Dates in wall time, not yet placed in a zone: event positions, ``datetime64[s]``.
_Wall = tuple[np.ndarray, np.ndarray]


def _lane_dates(
    lanes: list[tuple[int, int, int, int, int]],
    first: np.ndarray,
    durations: np.ndarray,
    low: np.datetime64,
    high: np.datetime64,
) -> _Wall:
    """The dates of plain daily and weekly series: one lane per weekday, starting on
    its first such day from the series' first week (weeks start on Monday; a weekday
    before the first's falls in the next week the interval allows)."""
    if not lanes:
        return _no_wall()
    position, weekday, step, count, until = np.array(lanes, dtype=np.int64).T
    day = first[position].astype("datetime64[D]").astype(np.int64)
    own = (day + 3) % 7  # 1970-01-01 was a Thursday: Monday = 0 as in Python
    offset = np.where(weekday < 0, 0, weekday - own)
    offset = np.where(offset < 0, offset + step, offset)
    lane_first = first[position] + offset.astype("timedelta64[D]")
    return _steps(position, lane_first, step, count, until, durations, low, high)


def _steps(
    position: np.ndarray,
    first: np.ndarray,
    step: np.ndarray | int,
    count: np.ndarray | int,
    until: np.ndarray | int,
    durations: np.ndarray,
    low: np.datetime64,
    high: np.datetime64,
) -> _Wall:
    """Each lane's k-th date is its first plus k steps (in days), in wall time — 9:30
    stays 9:30 in summer — within the window, the count and ``until``."""
    seconds = np.asarray(step, dtype=np.int64) * 86_400
    start = first.astype(np.int64)
    since = low.astype(np.int64) - start - durations[position]
    k_min = np.maximum(0, -(-since // seconds))
    k_max = np.minimum((high.astype(np.int64) - start) // seconds, np.asarray(count) - 1)
    until = np.asarray(until, dtype=np.int64)
    k_max = np.minimum(k_max, np.where(until >= start, (until - start) // seconds, -1))
    n = np.maximum(0, k_max - k_min + 1)
    lane = np.repeat(np.arange(len(position)), n)
    k = k_min[lane] + np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    seconds = np.broadcast_to(seconds, len(position))
    local = (start[lane] + k * seconds[lane]).astype("datetime64[s]")
    return position[lane], local


def _monthly_dates(
    items: list[tuple[int, int, int, int, int]],
    first_all: np.ndarray,
    low: np.datetime64,
    high: np.datetime64,
) -> _Wall:
    """ "Every first Wednesday" for all such series at once: the n-th (or last) weekday
    of each month, in wall time."""
    if not items:
        return _no_wall()
    position, interval, ordinal, weekday, until = np.array(items, dtype=np.int64).T
    first = first_all[position]
    low_month = low.astype("datetime64[M]").astype(np.int64) - 1
    high_month = high.astype("datetime64[M]").astype(np.int64) + 1
    first_month = first.astype("datetime64[M]").astype(np.int64)
    k_min = np.maximum(0, -(-(low_month - first_month) // interval))
    n = np.maximum(0, (high_month - first_month) // interval - k_min + 1)
    row = np.repeat(np.arange(len(items)), n)
    k = k_min[row] + np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    month = (first_month[row] + k * interval[row]).astype("datetime64[M]")
    opening = month.astype("datetime64[D]")
    closing = (month + 1).astype("datetime64[D]") - 1
    # 1970-01-01 was a Thursday: Monday = 0 as in Python
    weekday_of = lambda days: (days.astype(np.int64) + 3) % 7  # noqa: E731
    wanted = weekday[row]
    forward = opening + (wanted - weekday_of(opening)) % 7 + 7 * (ordinal[row] - 1)
    backward = closing - (weekday_of(closing) - wanted) % 7 + 7 * (ordinal[row] + 1)
    day = np.where(ordinal[row] > 0, forward, backward)
    time_of_day = first[row] - first[row].astype("datetime64[D]")
    local = day.astype("datetime64[s]") + time_of_day
    keep = (local >= first[row]) & (local.astype(np.int64) <= until[row])
    keep &= (day <= closing) & (day >= opening)
    return position[row][keep], local[keep]


def _each_dates(
    events: Sequence[Event],
    first: np.ndarray,
    positions: list[int],
    low: np.datetime64,
    high: np.datetime64,
) -> _Wall:
    """The dates of the other rules, one series at a time with ``dateutil``."""
    start, end = low.astype(datetime), high.astype(datetime)
    rows = [
        (position, local)
        for position in positions
        for local in _local_starts(events[position], first[position].astype(datetime), start, end)
    ]
    if not rows:
        return _no_wall()
    return (
        np.array([p for p, _ in rows], dtype=np.int64),
        np.array([local for _, local in rows], dtype="datetime64[s]"),
    )


def _no_wall() -> _Wall:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype="datetime64[s]")


def _placed(
    events: Sequence[Event],
    names: list[str],
    zones: np.ndarray,
    position: np.ndarray,
    local: np.ndarray,
    durations: np.ndarray,
    start: datetime,
    end: datetime,
) -> pd.DataFrame:
    """Wall times placed in each event's zone, shown in Berlin, kept where they overlap
    ``[start, end)``, marked where cancelled, each once, in start order."""
    nanos = np.zeros(len(local), dtype=np.int64)
    zone = zones[position]
    for number, name in enumerate(names):
        here = zone == number
        if not here.any():
            continue
        placed = pd.DatetimeIndex(local[here]).tz_localize(
            zone_of(name),
            ambiguous=np.ones(int(here.sum()), dtype=bool),  # the first 2:30 in October
            nonexistent="shift_forward",  # 2:30 on the March night is 3:00
        )
        nanos[here] = placed.as_unit("ns").asi8
    inside = (nanos < pd.Timestamp(end).value) & (
        nanos + durations[position] * 1_000_000_000 > pd.Timestamp(start).value
    )
    # In start order, then event; the same date twice (DTSTART on a rule's day) once.
    # Starts are whole seconds: seconds and position make one sortable key.
    order = np.flatnonzero(inside)
    key = nanos[order] // 1_000_000_000 * max(len(events), 1) + position[order]
    sort = np.argsort(key)
    key = key[sort]
    once = np.ones(len(key), dtype=bool)
    once[1:] = key[1:] != key[:-1]
    order = order[sort[once]]
    position, nanos, local = position[order], nanos[order], local[order]
    ends = nanos + durations[position] * 1_000_000_000
    cancelled = np.array([event.cancelled for event in events], dtype=bool)[position]
    _mark_cancelled_dates(events, position, local, cancelled)
    return pd.DataFrame(
        {
            "event": position,
            "start": _berlin(nanos),
            "end": _berlin(ends),
            "cancelled": cancelled,
        }
    )


def _mark_cancelled_dates(
    events: Sequence[Event], position: np.ndarray, local: np.ndarray, cancelled: np.ndarray
) -> None:
    """Set ``cancelled`` where an event's date (its local day) is one of its
    ``cancelled_dates``: a table of events with such dates by day of the window."""
    pairs = [
        (number, day.toordinal())
        for number, event in enumerate(events)
        for day in event.cancelled_dates
    ]
    if not pairs or not len(position):
        return
    day = local.astype("datetime64[D]").astype(np.int64) + date(1970, 1, 1).toordinal()
    opening, days = int(day.min()), int(day.max() - day.min()) + 1
    number, out_day = np.array(pairs, dtype=np.int64).T
    inside = (out_day >= opening) & (out_day < opening + days)
    row_of = np.full(len(events), -1, dtype=np.int64)
    holders = np.unique(number[inside])
    row_of[holders] = np.arange(len(holders))
    table = np.zeros((len(holders), days), dtype=bool)
    table[row_of[number[inside]], out_day[inside] - opening] = True
    row = row_of[position]
    held = row >= 0
    cancelled[held] |= table[row[held], day[held] - opening]


def _berlin(nanos: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(nanos.view("datetime64[ns]")).tz_localize("UTC").tz_convert(BERLIN)


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


def next_starts(events: Sequence[Event], today: date, days: int = 400) -> list[pd.Timestamp | None]:
    """The start of each event's next date that takes place, from ``today`` on
    (within ``days``), or ``None``; all events expanded at once."""
    dates = expand(events, *day_bounds(today, today + timedelta(days=days)))
    first = dates[~dates["cancelled"]].groupby("event")["start"].first()
    return [first.get(position) for position in range(len(events))]


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Berlin midnight of ``first`` and of the day after ``last``: a window of whole days."""
    return (
        datetime.combine(first, time(), BERLIN),
        datetime.combine(last + timedelta(days=1), time(), BERLIN),
    )

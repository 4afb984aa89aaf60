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

    Single dates and the common rules (daily or weekly, with INTERVAL, BYDAY,
    COUNT, UNTIL) are computed for all events at once with array arithmetic in
    each zone's wall time; other rules (monthly on "the first Wednesday" …) go
    through ``dateutil`` one by one.

    Returns
    -------
    DataFrame
        ``event`` (position in ``events``), ``start`` and ``end`` (aware, Berlin),
        ``day`` (the Berlin date), ``cancelled`` (the date or the whole event falls
        out).
    """
    lanes: list[tuple[int, datetime, int, int, datetime | None]] = []
    monthly: list[tuple[int, datetime, int, int, int, datetime | None]] = []
    others: list[int] = []
    for position, event in enumerate(events):
        if event.rrule:
            # DTSTART is always the first date (RFC 5545), also off the rule's days
            lanes.append(
                (
                    position,
                    event.start.astimezone(zone_of(event.timezone)).replace(tzinfo=None),
                    1,
                    1,
                    None,
                )
            )
        plan = _simple_plan(event)
        if plan is not None:
            lanes += [(position, *lane) for lane in plan]
        elif (nth := _monthly_plan(event)) is not None:
            monthly.append((position, *nth))
        else:
            others.append(position)
    parts = [
        _expand_lanes(events, lanes, start, end),
        _expand_monthly(events, monthly, start, end),
        _expand_each(events, others, start, end),
    ]
    frame = (
        pd.concat([p for p in parts if len(p)], ignore_index=True)
        if any(len(p) for p in parts)
        else parts[0]
    )
    if len(frame):
        days = frame["local_day"].to_numpy()
        keys = frame["event"].to_numpy() * 1_000_000 + days
        out = [
            position * 1_000_000 + (day - date(1970, 1, 1)).days
            for position, event in enumerate(events)
            for day in event.cancelled_dates
        ]
        whole = np.array([event.cancelled for event in events], dtype=bool)[frame["event"]]
        frame["cancelled"] = np.isin(keys, out) | whole
    else:
        frame["cancelled"] = np.zeros(0, dtype=bool)
    frame = frame.drop(columns="local_day").drop_duplicates(["event", "start"])
    frame["day"] = frame["start"].dt.date
    return frame.sort_values(["start", "event"], kind="stable").reset_index(drop=True)


_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _simple_plan(event: Event) -> list[tuple[datetime, int, int, datetime | None]] | None:
    """Lanes of a single date or a plain daily/weekly series: (first local start, step
    in days, most dates, last local start allowed); ``None`` for any other rule."""
    zone = zone_of(event.timezone)
    first = event.start.astimezone(zone).replace(tzinfo=None)
    if not event.rrule:
        return [(first, 1, 1, None)]
    parts = dict(part.split("=", 1) for part in event.rrule.upper().split(";") if "=" in part)
    if set(parts) - {"FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL", "WKST"}:
        return None
    if parts.get("FREQ") not in ("DAILY", "WEEKLY") or parts.get("WKST", "MO") != "MO":
        return None
    try:
        interval = int(parts.get("INTERVAL", "1"))
        count = int(parts["COUNT"]) if "COUNT" in parts else 1_000_000
        until = _until(parts["UNTIL"], zone) if "UNTIL" in parts else None
    except ValueError:
        return None
    if parts["FREQ"] == "DAILY":
        return None if "BYDAY" in parts else [(first, interval, count, until)]
    codes = parts.get("BYDAY", _WEEKDAY_CODES[first.weekday()]).split(",")
    if any(code not in _WEEKDAY_CODES for code in codes) or (len(codes) > 1 and "COUNT" in parts):
        return None  # "1WE", or COUNT over several weekdays: dateutil counts those
    lanes = []
    monday = first - timedelta(days=first.weekday())
    for code in codes:
        # weeks count from the first's week (starting Monday): a weekday before the
        # first's falls in the next week that the interval allows
        lane = monday + timedelta(days=_WEEKDAY_CODES.index(code))
        if lane < first:
            lane += timedelta(weeks=interval)
        lanes.append((lane, 7 * interval, count, until))
    return lanes


def _monthly_plan(event: Event) -> tuple[datetime, int, int, int, datetime | None] | None:
    """(first local start, months between, which of the month (1…4, -1 last), weekday,
    last local start allowed) of a rule like "every first Wednesday"; ``None`` else."""
    if not event.rrule:
        return None
    parts = dict(part.split("=", 1) for part in event.rrule.upper().split(";") if "=" in part)
    if parts.get("FREQ") != "MONTHLY" or set(parts) - {"FREQ", "INTERVAL", "BYDAY", "UNTIL"}:
        return None
    found = re.fullmatch(r"([+-]?[1-4])(MO|TU|WE|TH|FR|SA|SU)", parts.get("BYDAY", ""))
    if found is None:
        return None
    zone = zone_of(event.timezone)
    first = event.start.astimezone(zone).replace(tzinfo=None)
    try:
        interval = int(parts.get("INTERVAL", "1"))
        until = _until(parts["UNTIL"], zone) if "UNTIL" in parts else None
    except ValueError:
        return None
    return first, interval, int(found.group(1)), _WEEKDAY_CODES.index(found.group(2)), until


def _expand_monthly(
    events: Sequence[Event],
    items: list[tuple[int, datetime, int, int, int, datetime | None]],
    start: datetime,
    end: datetime,
) -> pd.DataFrame:
    """ "Every first Wednesday" for all such series at once: the n-th (or last) weekday
    of each month, in wall time."""
    if not items:
        return _empty()
    position = np.array([item[0] for item in items], dtype=np.int64)
    first = np.array([item[1] for item in items], dtype="datetime64[s]")
    interval = np.array([item[2] for item in items], dtype=np.int64)
    ordinal = np.array([item[3] for item in items], dtype=np.int64)
    weekday = np.array([item[4] for item in items], dtype=np.int64)
    never = np.datetime64("2200-01-01T00:00:00")
    until = np.array([item[5] or never for item in items], dtype="datetime64[s]")
    duration = np.array([events[p].duration.total_seconds() for p in position], dtype=np.int64)
    low = np.datetime64(start.replace(tzinfo=None), "M").astype(np.int64) - 1
    high = np.datetime64(end.replace(tzinfo=None), "M").astype(np.int64) + 1
    first_month = first.astype("datetime64[M]").astype(np.int64)
    k_min = np.maximum(0, -(-(low - first_month) // interval))
    n = np.maximum(0, (high - first_month) // interval - k_min + 1)
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
    keep = (local >= first[row]) & (local <= until[row]) & (day <= closing) & (day >= opening)
    return _placed(events, position[row][keep], local[keep], duration[row][keep], start, end)


def _until(text: str, zone: ZoneInfo) -> datetime:
    if text.endswith("Z"):
        moment = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=ZoneInfo("UTC"))
        return moment.astimezone(zone).replace(tzinfo=None)
    if "T" in text:
        return datetime.strptime(text, "%Y%m%dT%H%M%S")
    return datetime.strptime(text, "%Y%m%d").replace(hour=23, minute=59, second=59)


def _expand_lanes(
    events: Sequence[Event],
    lanes: list[tuple[int, datetime, int, int, datetime | None]],
    start: datetime,
    end: datetime,
) -> pd.DataFrame:
    """The dates of plain series, all at once: each lane's k-th date is its first plus
    k steps, in wall time, placed in its zone afterwards (9:30 stays 9:30)."""
    if not lanes:
        return _empty()
    position = np.array([lane[0] for lane in lanes], dtype=np.int64)
    first = np.array([lane[1] for lane in lanes], dtype="datetime64[s]")
    step = np.array([lane[2] for lane in lanes], dtype=np.int64) * 86_400
    count = np.array([lane[3] for lane in lanes], dtype=np.int64)
    never = np.datetime64("2200-01-01T00:00:00")
    until = np.array([lane[4] or never for lane in lanes], dtype="datetime64[s]")
    duration = np.array([events[p].duration.total_seconds() for p in position], dtype=np.int64)
    # Wall time of the window with a day's margin either side (zones differ by hours).
    low = np.datetime64(start.replace(tzinfo=None), "s") - np.timedelta64(1, "D")
    high = np.datetime64(end.replace(tzinfo=None), "s") + np.timedelta64(1, "D")
    since = (low - first).astype(np.int64) - duration
    k_min = np.maximum(0, -(-since // step))
    k_max = np.minimum((high - first).astype(np.int64) // step, count - 1)
    k_max = np.minimum(
        k_max, np.where(until >= first, (until - first).astype(np.int64) // step, -1)
    )
    n = np.maximum(0, k_max - k_min + 1)
    lane = np.repeat(np.arange(len(lanes)), n)
    k = k_min[lane] + np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    local = first[lane] + (k * step[lane]).astype("timedelta64[s]")
    return _placed(events, position[lane], local, duration[lane], start, end)


def _placed(
    events: Sequence[Event],
    position: np.ndarray,
    local: np.ndarray,
    duration: np.ndarray,
    start: datetime,
    end: datetime,
) -> pd.DataFrame:
    """Wall times (``datetime64[s]``) placed in each event's zone, shown in Berlin, and
    kept where they overlap ``[start, end)``."""
    names = sorted({event.timezone for event in events})
    code = np.array([names.index(event.timezone) for event in events], dtype=np.int64)
    zones = code[position]
    nanos = np.zeros(len(local), dtype=np.int64)
    for number, name in enumerate(names):
        here = zones == number
        if not here.any():
            continue
        placed = pd.DatetimeIndex(local[here]).tz_localize(
            zone_of(name),
            ambiguous=np.ones(int(here.sum()), dtype=bool),  # the first 2:30 in October
            nonexistent="shift_forward",  # 2:30 on the March night is 3:00
        )
        nanos[here] = placed.as_unit("ns").asi8
    starts = pd.to_datetime(nanos, utc=True).tz_convert(BERLIN)
    ends = starts + pd.to_timedelta(duration, unit="s")
    inside = np.asarray((starts < pd.Timestamp(end)) & (ends > pd.Timestamp(start)))
    return pd.DataFrame(
        {
            "event": position[inside],
            "start": starts[inside],
            "end": ends[inside],
            "local_day": local.astype("datetime64[D]").astype(np.int64)[inside],
        }
    )


def _expand_each(
    events: Sequence[Event], positions: list[int], start: datetime, end: datetime
) -> pd.DataFrame:
    """The dates of the other rules, one series at a time with ``dateutil``."""
    rows = [
        (position, local)
        for position in positions
        for local in _local_starts(events[position], start, end)
    ]
    if not rows:
        return _empty()
    starts = pd.to_datetime([local for _, local in rows], utc=True).tz_convert(BERLIN)
    durations = pd.to_timedelta([events[p].duration for p, _ in rows])
    return pd.DataFrame(
        {
            "event": np.array([p for p, _ in rows], dtype=np.int64),
            "start": starts,
            "end": starts + durations,
            "local_day": [(local.date() - date(1970, 1, 1)).days for _, local in rows],
        }
    )


def _empty() -> pd.DataFrame:
    berlin = f"datetime64[ns, {BERLIN.key}]"
    return pd.DataFrame(
        {
            "event": pd.Series(dtype=np.int64),
            "start": pd.Series(dtype=berlin),
            "end": pd.Series(dtype=berlin),
            "local_day": pd.Series(dtype=np.int64),
        }
    )


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

"""Termine as the pages use them: placed, expanded once, filtered with arrays.

:func:`build_event_data` places each event (at its provider, else at its own
point) and expands every series over a window of dates once per data version;
:func:`select_dates` answers "this week, in Turkish, free, within 10 km of
24768" on that table with vectorised masks and one distance computation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from events.ical import NotCalendar, read_ics
from events.model import Event, day_bounds, expand, is_stale_event
from geodata import assign_areas, metric_point, parent_ags, parents, to_metric
from intake.guard import FileRefused, check_file
from intake.limits import LIMITS
from intake.problems import Problem, ProblemLog
from intake.provenance import SAMPLE_SOURCE

#: Days before today still expanded (reports look back; families never see them).
LOOK_BACK_DAYS = 31
#: Days after today expanded.
LOOK_AHEAD_DAYS = 400
#: Environment variable naming an iCalendar file to show instead of the sample.
EVENTS_ENV = "FAMILIENKARTE_TERMINE"

#: The fictional sample Termine (written by ``python -m providers.sample_events``).
SAMPLE_EVENTS_PATH = Path(__file__).parent / "data" / "sample_events.ics"


@dataclass(frozen=True)
class EventData:
    """Events, one row each in ``table`` and one row per date in ``dates``.

    Attributes
    ----------
    events
        The events, in ``table`` order.
    table
        Per event: ``lat``, ``lon`` (``NaN`` when it has no place), ``provider``
        (row position in the provider frame, -1 for none), ``provider_name``,
        ``kreis_ags``, ``gemeinde_ags``, ``stale``.
    dates
        :func:`events.model.expand` over ``window``, with ``x``/``y`` in metres.
    window
        First and last day expanded.
    problems
        What reading the events found.
    source
        Where the events come from (a file or the store).
    """

    events: tuple[Event, ...]
    table: pd.DataFrame
    dates: pd.DataFrame
    window: tuple[date, date]
    problems: tuple[Problem, ...] = ()
    source: str = ""
    #: ``dates`` columns as arrays (``event``, ``t0``, ``t1``, ``x``, ``y``): a query
    #: reads these, not the frame.
    arrays: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_sample(self) -> bool:
        return bool(self.events) and all(e.source == SAMPLE_SOURCE for e in self.events)


def build_event_data(
    events: Sequence[Event],
    providers: pd.DataFrame,
    today: date,
    problems: Sequence[Problem] = (),
    source: str = "",
    gemeinden: gpd.GeoDataFrame | None = None,
) -> EventData:
    """Place and expand the events.

    Parameters
    ----------
    events
        The events.
    providers
        The provider frame (``id``, ``name``, ``lat``, ``lon``, ``kreis_ags``,
        ``gemeinde_ags``), to place events held at a provider.
    today
        The day the window is counted from.
    gemeinden
        Gemeinde boundaries (``ags``, geometry): an event at a place of its own gets
        the Gemeinde and Kreis its point lies in, so that it counts for its area.
    """
    positions: dict[str, int] = {}
    for row, key in enumerate(providers["id"].astype(str).to_numpy()):
        positions.setdefault(key, row)  # the first row of an id, as the pages find it
    provider = np.array([positions.get(e.provider_id, -1) for e in events], dtype=np.int64)
    own_lat = np.array([np.nan if e.lat is None else e.lat for e in events], dtype=float)
    own_lon = np.array([np.nan if e.lon is None else e.lon for e in events], dtype=float)
    at_provider = provider >= 0
    # -1 (no provider) indexes nothing: read row 0 there (or nothing from an empty frame)
    safe = np.where(at_provider, provider, 0)
    lat, lon = own_lat.copy(), own_lon.copy()
    if len(providers):
        lat[at_provider] = providers["lat"].to_numpy(float)[safe][at_provider]
        lon[at_provider] = providers["lon"].to_numpy(float)[safe][at_provider]

    def of_provider(column: str) -> list:
        values = providers[column].to_numpy(object) if column in providers else None
        return [values[p] if p >= 0 and values is not None else None for p in provider]

    gemeinde, kreis = of_provider("gemeinde_ags"), of_provider("kreis_ags")
    own = ~at_provider & np.isfinite(lat) & np.isfinite(lon)
    if gemeinden is not None and own.any():
        points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon[own], lat[own]), crs="EPSG:4326")
        found = assign_areas(points, gemeinden, snap_m=500)["gemeinde_ags"]
        for position, ags in zip(np.flatnonzero(own), found, strict=True):
            if not pd.isna(ags):
                gemeinde[position], kreis[position] = str(ags), parent_ags(str(ags), "kreis")
    table = pd.DataFrame(
        {
            "lat": lat,
            "lon": lon,
            "provider": provider,
            "provider_name": of_provider("name"),
            "kreis_ags": kreis,
            "gemeinde_ags": gemeinde,
            "stale": [is_stale_event(e, today) for e in events],
        }
    )
    first, last = today - timedelta(days=LOOK_BACK_DAYS), today + timedelta(days=LOOK_AHEAD_DAYS)
    dates = expand(events, *day_bounds(first, last))
    placed = np.isfinite(lat) & np.isfinite(lon)
    xy = np.full((len(events), 2), np.nan)
    if placed.any():
        xy[placed] = to_metric(lat[placed], lon[placed])
    dates["x"] = xy[dates["event"].to_numpy(), 0] if len(dates) else []
    dates["y"] = xy[dates["event"].to_numpy(), 1] if len(dates) else []
    # start and end as nanoseconds: a range of days is a slice of the sorted starts
    dates["t0"] = (
        dates["start"].dt.as_unit("ns").astype("int64") if len(dates) else np.zeros(0, np.int64)
    )
    dates["t1"] = (
        dates["end"].dt.as_unit("ns").astype("int64") if len(dates) else np.zeros(0, np.int64)
    )
    arrays = {name: dates[name].to_numpy() for name in ("event", "t0", "t1", "x", "y")}
    arrays["longest"] = int((arrays["t1"] - arrays["t0"]).max()) if len(dates) else 0
    return EventData(tuple(events), table, dates, (first, last), tuple(problems), source, arrays)


@dataclass(frozen=True)
class EventFilter:
    """What a family (or a coordinator) looks for.

    Attributes
    ----------
    first, last
        Days, both included.
    audience
        One of :data:`events.model.AUDIENCES`, or ``None`` for both.
    kinds, stages
        Wished kinds of offer and life stages (empty: any).
    language
        A language the event is held in, or ``None``.
    free, no_registration
        Only free events; only events without registration.
    near
        ``(lat, lon, radius in metres)``: only events within it.
    kreis
        Only events in this Kreis (AGS).
    """

    first: date
    last: date
    audience: str | None = None
    kinds: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    language: str | None = None
    free: bool = False
    no_registration: bool = False
    near: tuple[float, float, float] | None = None
    kreis: str | None = None


def event_mask(data: EventData, wish: EventFilter) -> np.ndarray:
    """One flag per event: fits the wishes that do not depend on the date or place."""
    events = data.events
    keep = np.ones(len(events), dtype=bool)
    if wish.audience:
        keep &= np.array([e.audience == wish.audience for e in events], dtype=bool)
    if wish.kinds:
        keep &= np.array([e.kind in wish.kinds for e in events], dtype=bool)
    if wish.stages:
        wanted = set(wish.stages)
        keep &= np.array([bool(wanted & set(e.life_stages)) for e in events], dtype=bool)
    if wish.language:
        keep &= np.array([wish.language in e.languages for e in events], dtype=bool)
    if wish.free:
        keep &= np.array([e.free for e in events], dtype=bool)
    if wish.no_registration:
        keep &= np.array([e.registration is False for e in events], dtype=bool)
    if wish.kreis:
        keep &= (data.table["kreis_ags"] == wish.kreis).to_numpy(dtype=bool, na_value=False)
    return keep


def select_dates(data: EventData, wish: EventFilter, now: datetime | None = None) -> pd.DataFrame:
    """The dates that fit, in start order, with ``distance_m`` (``NaN`` without a place
    to measure from). Dates already over at ``now`` are left out."""
    start, end = day_bounds(wish.first, wish.last)
    begin = pd.Timestamp(max(start, now or start)).value
    finish = pd.Timestamp(end).value
    arrays = data.arrays
    # sorted by start: only the slice that can overlap the range is looked at
    low, high = np.searchsorted(arrays["t0"], [begin - arrays["longest"], finish], side="left")
    window = slice(low, high)
    keep = (arrays["t1"][window] > begin) & (arrays["t0"][window] < finish)
    if _has_wishes(wish):
        keep &= event_mask(data, wish)[arrays["event"][window]]
    distance = np.full(high - low, np.nan)
    if wish.near is not None:
        lat, lon, radius = wish.near
        x, y = metric_point(lat, lon)
        distance = np.hypot(arrays["x"][window] - x, arrays["y"][window] - y)
        keep &= distance <= radius  # NaN (no place) is never near
    rows = np.flatnonzero(keep)
    return data.dates.iloc[low + rows].assign(distance_m=distance[rows])


def _has_wishes(wish: EventFilter) -> bool:
    return bool(
        wish.audience
        or wish.kinds
        or wish.stages
        or wish.language
        or wish.free
        or wish.no_registration
        or wish.kreis
    )


def dates_per_area(
    data: EventData, first: date, last: date, level: str = "kreis", stages: tuple[str, ...] = ()
) -> pd.Series:
    """Family dates (not cancelled) from ``first`` to ``last`` per Kreis or Land, by
    AGS, only those for one of ``stages`` if given; areas without a date do not
    appear (the caller knows all areas)."""
    wish = EventFilter(first, last, audience="familien", stages=stages)
    dates = select_dates(data, wish)
    dates = dates[~dates["cancelled"]]
    kreise = data.table["kreis_ags"].to_numpy(object)[dates["event"].to_numpy()]
    keys = pd.Series(kreise, dtype=object).dropna()
    if level == "land":
        keys = parents(keys, "land")
    return keys.value_counts().rename("termine")


def coming_by_provider(
    data: EventData, now: datetime, count: int = 2
) -> dict[int, list[tuple[str, datetime]]]:
    """Each provider's next dates for families (not cancelled), by provider position:
    ``[(title, start), …]``, at most ``count`` each."""
    dates = data.dates
    if dates.empty:
        return {}
    events = dates["event"].to_numpy()
    families = np.array([e.audience == "familien" for e in data.events], dtype=bool)
    provider = data.table["provider"].to_numpy()[events]
    keep = families[events] & (provider >= 0) & ~dates["cancelled"].to_numpy()
    keep &= data.arrays["t1"] > pd.Timestamp(now).value
    chosen = pd.DataFrame({"provider": provider[keep], "row": np.flatnonzero(keep)})
    first = chosen.groupby("provider", sort=False).head(count)
    starts = dates["start"]
    coming: dict[int, list[tuple[str, datetime]]] = {}
    for position, row in zip(first["provider"], first["row"], strict=True):
        event = data.events[int(events[row])]
        coming.setdefault(int(position), []).append((event.title, starts.iloc[row]))
    return coming


def read_event_file(path: Path = SAMPLE_EVENTS_PATH) -> tuple[list[Event], tuple[Problem, ...]]:
    """Events of an iCalendar file; a file that cannot be read gives none and says why."""
    source = SAMPLE_SOURCE if path == SAMPLE_EVENTS_PATH else path.name
    try:
        data = path.read_bytes()
        check_file(data, LIMITS["termine"])
        events, report = read_ics(data, source)
    except (OSError, NotCalendar, FileRefused) as error:
        report = ProblemLog()
        report.error(0, str(error))
        return [], tuple(report.problems)
    return events, tuple(report.problems)

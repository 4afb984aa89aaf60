"""The map's layer "Termine diese Woche": providers with a family date in the next
seven days, and the dates held at a place of their own (a Stadtteilzentrum, a
park) as calendar pins with title, day, time and place.

The dates come from :func:`dashboard.cache.event_data`; a family never sees a
cancelled or past date here (as on the page "Termine").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import clock
from dashboard import cache
from dashboard.i18n.event_wording import short_weekday, time_of_day
from dashboard.i18n.texts import t
from events import EventFilter, select_dates
from geodata import within

#: Legend swatch of a date at its own place (the pin's look, see familienkarte.css).
SWATCH = "date"


def week_dates() -> pd.DataFrame:
    """Family dates of the next seven days that take place (not cancelled): once per
    run, for both parts of the layer."""
    now = clock.now()
    first, last = clock.next_days(clock.WEEK_DAYS, now.date())
    wish = EventFilter(first, last, audience="familien")
    dates = select_dates(cache.event_data(), wish, now)
    return dates[~dates["cancelled"]]


def hosts_this_week(
    all_providers: pd.DataFrame, shown: pd.DataFrame, dates: pd.DataFrame
) -> np.ndarray:
    """One flag per shown provider: holds one of ``dates`` (:func:`week_dates`)."""
    table = cache.event_data().table
    hosts = table["provider"].to_numpy()[dates["event"].to_numpy()]
    return np.isin(all_providers.index.get_indexer(shown.index), hosts)


def own_place_dates(area: str | None, dates: pd.DataFrame) -> list[tuple[float, float, str]]:
    """The next of ``dates`` (:func:`week_dates`) of each event held at its own place
    within ``area`` (a Land, Kreis or Gemeinde AGS; ``None`` for Germany): ``(lat,
    lon, label)``, the label "title · Mi., 9. Dez., 15:00 · place" in the page's
    language."""
    data = cache.event_data()
    table = data.table
    own = (table["provider"].to_numpy() < 0) & table["lat"].notna().to_numpy()
    if area:
        gemeinden = table["gemeinde_ags"].fillna("").astype(str)
        own &= within(gemeinden, area)
    dates = dates[own[dates["event"].to_numpy()]].drop_duplicates("event")
    points = []
    for event_position, start in zip(dates["event"], dates["start"], strict=True):
        event = data.events[int(event_position)]
        when = f"{short_weekday(start)}, {time_of_day(start)}"
        label = " · ".join(part for part in (event.title, when, event.place) if part)
        points.append((round(float(event.lat), 5), round(float(event.lon), 5), label))
    return points


def legend_line(count: int) -> tuple[str, str, str]:
    """The legend entry of the pins, with their count."""
    return (t("map_events_own_place", count=count), "", SWATCH)

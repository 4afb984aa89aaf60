"""Family dates per Kreis (or per Land) for every 10,000 of those they are for: where
the networks offer many courses and groups, and where none. One computation for the
Planung page's figure and for a slide's chart (``diagramm = "termine"``), so the
screen, the PNG and the PDF show the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

import clock
from events import EventData, dates_per_area
from geodata import level_of, parent_ags, parents, within

#: Days counted from today when no month is chosen.
DAYS = clock.FOUR_WEEKS_DAYS


@dataclass(frozen=True)
class DatesPerArea:
    """The figure.

    Attributes
    ----------
    table
        By AGS: ``name``, ``termine`` (dates that take place), ``nenner`` (those they
        are for, ``NaN`` where unknown), ``je_10000``.
    first, last
        The days counted.
    """

    table: pd.DataFrame
    first: date
    last: date

    @property
    def without(self) -> list[str]:
        """Names of the areas without a single date, in order."""
        return sorted(self.table.loc[self.table["termine"] == 0, "name"])

    @property
    def ranked(self) -> pd.DataFrame:
        """Areas with a known denominator, most dates per head first."""
        known = self.table.dropna(subset=["je_10000"])
        return known.sort_values("je_10000", ascending=False)


def next_days(today: date | None = None) -> tuple[date, date]:
    """Today and the day :data:`DAYS` later."""
    return clock.next_days(DAYS, today)


def dates_per_10000(
    data: EventData,
    boundaries: Mapping[str, pd.DataFrame],
    under_18: pd.Series,
    region: str | None,
    days: tuple[date, date] | None = None,
    stage: str | None = None,
    denominator: pd.Series | None = None,
) -> DatesPerArea:
    """The Kreise of a Land (for a Kreis: those of its Land; for Germany: the Länder)
    with their family dates in ``days`` (default: the next four weeks), for one life
    ``stage`` or all, per 10,000 of ``denominator`` (a figure per Gemeinde, e.g. a
    planner's children under 3; default: ``under_18``, those under 18 per Gemeinde).

    ``boundaries`` holds the areas by level (``"land"``, ``"kreis"``: index AGS, a
    ``name`` column); ``data`` the placed and expanded Termine.
    """
    level = "kreis" if region else "land"
    if level_of(region) in ("kreis", "gemeinde"):  # its Land's Kreise make the comparison
        region = parent_ags(region, "land")
    areas = boundaries[level]
    areas = areas[within(areas.index, region)] if region else areas
    first, last = days or next_days()
    counts = dates_per_area(data, first, last, level, (stage,) if stage else ())
    people = under_18 if denominator is None else denominator
    people = people.astype(float).groupby(parents(people.index, level)).sum(min_count=1)
    table = pd.DataFrame(
        {
            "name": areas["name"],
            "termine": counts.reindex(areas.index).fillna(0).astype(int),
            "nenner": people.reindex(areas.index),
        }
    )
    table["je_10000"] = table["termine"] / table["nenner"].where(table["nenner"] > 0) * 10_000
    return DatesPerArea(table, first, last)

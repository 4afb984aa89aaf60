"""What an import of a provider file gives back."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd

from events.model import Event
from intake.problems import Problem, ProblemLog
from providers.model import providers_frame


@dataclass(frozen=True)
class ImportResult:
    """What an import read from a file.

    Attributes
    ----------
    frame
        The valid rows as providers, EPSG:4326 points, in file order.
    problems
        Rows not loaded (``fehler``) and changes made while loading (``hinweis``).
    rows
        The line (CSV) or feature number (GeoJSON) of each provider in ``frame``.
    events
        Termine the file held at these providers (an HSDS package's schedules).
    """

    frame: gpd.GeoDataFrame
    problems: tuple[Problem, ...]
    rows: tuple[int, ...]
    events: tuple[Event, ...] = ()

    @classmethod
    def failed(cls, report: ProblemLog) -> ImportResult:
        """Nothing loaded; the report says why."""
        return cls(providers_frame([]), tuple(report.problems), ())

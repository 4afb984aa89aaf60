"""Load the providers the app shows, placed in Gemeinde, Kreis and Land."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata import assign_areas, kreise_at, load_boundaries, within
from intake.problems import Problem, ProblemLog
from intake.provenance import SAMPLE_SOURCE
from providers.importer import import_providers
from providers.real import REAL_DIR, REAL_SOURCES
from providers.result import ImportResult

#: The embedded data set: the fictional sample, of which the real providers of
#: :data:`providers.real.REAL_SOURCES` take the place where they exist.
SAMPLE_PATH = Path(__file__).parent / "data" / "sample_providers.csv"
#: Environment variable naming a provider file to show instead of the sample.
PROVIDERS_ENV = "FAMILIENKARTE_PROVIDERS"
#: A point this close to the land area still counts as on land (simplified
#: coastlines; a harbour at the water); farther out it is at sea or abroad.
COAST_BUFFER_M = 2_000


@dataclass(frozen=True)
class ProviderData:
    """Providers as loaded, with what the import found.

    Attributes
    ----------
    frame
        The provider columns plus ``gemeinde_ags``, ``kreis_ags`` and
        ``land_ags`` (from geometry, never from the city text) and
        ``is_sample``; treat as read-only.
    problems
        Rows not loaded and changes made, in file order.
    source
        The file the providers come from.
    failed_source
        The file that was asked for but gave no provider, when the sample is
        shown instead (``problems`` say why); ``None`` otherwise.
    unavailable
        Why the store could not be read, when older data is shown instead – for the
        operator's log and readiness check, never for visitors.
    stored_at
        When the shown data were read from the store (``None`` for a file): what a
        visitor is told instead while the database is down.
    """

    frame: gpd.GeoDataFrame
    problems: tuple[Problem, ...]
    source: Path
    failed_source: Path | None = None
    unavailable: str | None = None
    stored_at: datetime | None = None

    @property
    def is_sample(self) -> bool:
        """Whether every record is fictional sample data."""
        return bool(len(self.frame)) and bool(self.frame["is_sample"].all())

    @property
    def has_sample(self) -> bool:
        """Whether any record is fictional sample data (the default install's are,
        where no real source exists)."""
        return bool(self.frame["is_sample"].any()) if len(self.frame) else False


def load_providers(
    path: str | Path | None = None, gemeinden: gpd.GeoDataFrame | None = None
) -> ProviderData:
    """Load providers and place them in their areas by a spatial join.

    A file that yields no provider at all (unreadable, empty, every row broken)
    does not leave the map empty: the sample is shown instead, and
    ``failed_source`` and ``problems`` say what went wrong.

    Parameters
    ----------
    path
        A provider file; default ``$FAMILIENKARTE_PROVIDERS`` or the embedded sample.
    gemeinden
        Gemeinde boundaries to join against; default the embedded ones.

    Returns
    -------
    ProviderData
        The placed providers, the import's problems and the file's path.
    """
    chosen = Path(path or os.environ.get(PROVIDERS_ENV) or SAMPLE_PATH)
    boundaries = gemeinden if gemeinden is not None else load_boundaries("gemeinde")
    frame, problems = placed_in_areas(import_file(chosen), boundaries)
    if frame.empty and chosen != SAMPLE_PATH:
        sample = load_providers(SAMPLE_PATH, boundaries)
        return ProviderData(sample.frame, problems, SAMPLE_PATH, failed_source=chosen)
    return ProviderData(frame, problems, chosen)


def import_file(path: Path) -> ImportResult:
    try:
        return embedded() if path == SAMPLE_PATH else import_providers(path)
    except Exception as error:  # the importer promises not to raise; the map must stay up
        report = ProblemLog()
        report.error(
            0, f"Die Datei konnte wegen eines internen Fehlers nicht gelesen werden ({error!r})."
        )
        return ImportResult.failed(report)


def embedded() -> ImportResult:
    """The default install's providers: the real ones of every :data:`REAL_SOURCES`,
    and the invented sample where no real source covers a type (a sample provider
    with any type a real source gives in its area makes way)."""
    sample = import_providers(SAMPLE_PATH, source=SAMPLE_SOURCE)
    frame = sample.frame
    kreise = kreise_at(frame["lat"].tolist(), frame["lon"].tolist(), load_boundaries("gemeinde"))
    keys = pd.Index([kreis or "" for kreis in kreise], dtype=object)
    kept = np.ones(len(frame), dtype=bool)
    for real in REAL_SOURCES:
        covered = frame["service_types"].map(lambda codes, r=real: bool(set(codes) & set(r.types)))
        kept &= ~(covered.to_numpy() & within(keys, real.area or None))
    parts = [frame[kept]]
    rows = [row for row, keep in zip(sample.rows, kept, strict=True) if keep]
    problems = list(sample.problems)
    for real in REAL_SOURCES:
        result = import_providers(REAL_DIR / real.file, source=real.source)
        parts.append(result.frame)
        rows.extend(result.rows)
        problems.extend(result.problems)
    combined = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=frame.crs)
    return ImportResult(combined, tuple(problems), tuple(rows))


def placed_in_areas(
    result: ImportResult, gemeinden: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, tuple[Problem, ...]]:
    """Providers with their areas; those off German land are dropped and reported."""
    placed = assign_areas(result.frame, gemeinden, snap_m=COAST_BUFFER_M)
    outside = placed["gemeinde_ags"].isna().to_numpy()
    rejected = [
        Problem(
            row,
            f"Koordinaten ({lat:.5f}, {lon:.5f}) liegen nicht auf deutschem Gebiet (auf See "
            "oder im Ausland). Bitte die Koordinaten prüfen.",
        )
        for row, lat, lon, off in zip(
            result.rows, placed["lat"], placed["lon"], outside, strict=True
        )
        if off
    ]
    placed = placed[~outside].reset_index(drop=True)
    placed["is_sample"] = placed["source"] == SAMPLE_SOURCE
    problems = sorted(result.problems + tuple(rejected), key=lambda p: p.row)
    return placed, tuple(problems)

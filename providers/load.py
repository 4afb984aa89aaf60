"""Load the providers the app shows, placed in Gemeinde, Kreis and Land."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geodata import assign_areas, load_boundaries
from providers.importer import import_providers
from providers.problems import Problem

#: The embedded, fictional sample data set.
SAMPLE_PATH = Path(__file__).parent / "data" / "sample_providers.csv"
#: ``source`` value that marks fictional sample records.
SAMPLE_SOURCE = "Beispieldaten (fiktiv)"
#: Environment variable naming a provider file to show instead of the sample.
PROVIDERS_ENV = "FAMILIENKARTE_PROVIDERS"


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
        Rows not loaded and changes made, in file order; points outside every
        Gemeinde last.
    source
        The file read.
    """

    frame: gpd.GeoDataFrame
    problems: tuple[Problem, ...]
    source: Path

    @property
    def is_sample(self) -> bool:
        """Whether every record is fictional sample data."""
        return bool(len(self.frame)) and bool(self.frame["is_sample"].all())


def load_providers(
    path: str | Path | None = None, gemeinden: gpd.GeoDataFrame | None = None
) -> ProviderData:
    """Load providers and place them in their areas by a spatial join.

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
    providers, problems = import_providers(chosen)
    boundaries = gemeinden if gemeinden is not None else load_boundaries("gemeinde")
    placed = assign_areas(providers, boundaries)
    outside = placed["gemeinde_ags"].isna()
    problems = problems + [
        Problem(0, f"„{name}“ liegt in keiner Gemeinde (Ausland oder Gewässer?).", "hinweis")
        for name in placed.loc[outside, "name"]
    ]
    placed["is_sample"] = placed["source"] == SAMPLE_SOURCE
    return ProviderData(placed, tuple(problems), chosen)

"""Load the providers the app shows, placed in Gemeinde, Kreis and Land."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd

from geodata import assign_areas, load_boundaries
from providers.importer import Problem, import_providers

#: The embedded, fictional sample data set.
SAMPLE_PATH = Path(__file__).parent / "data" / "sample_providers.csv"
#: ``source`` value that marks fictional sample records.
SAMPLE_SOURCE = "Beispieldaten (fiktiv)"
#: Environment variable naming a provider file to show instead of the sample.
PROVIDERS_ENV = "FAMILIENKARTE_PROVIDERS"


def load_providers(
    path: str | Path | None = None, gemeinden: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Load providers and place them in their areas by a spatial join.

    Parameters
    ----------
    path
        A provider file; default ``$FAMILIENKARTE_PROVIDERS`` or the embedded sample.
    gemeinden
        Gemeinde boundaries to join against; default the embedded ones.

    Returns
    -------
    GeoDataFrame
        The provider columns plus ``gemeinde_ags``, ``kreis_ags`` and
        ``land_ags`` (from geometry, never from the city text) and
        ``is_sample``. ``attrs["problems"]`` lists the import's problems,
        ``attrs["path"]`` the file read.
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
    placed.attrs = {"problems": problems, "path": str(chosen)}
    return placed

"""Load the embedded (or a rebuilt) set of boundaries."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

import geopandas as gpd

from geodata.build import BoundaryMetadata, variant_name

Level = Literal["land", "kreis", "gemeinde"]

#: Folder with the committed default build.
EMBEDDED_DIR = Path(__file__).parent / "data"
#: Environment variable naming another build folder (from ``python -m geodata build``).
BOUNDARIES_ENV = "FAMILIENKARTE_BOUNDARIES"

_COLUMNS: dict[str, list[str]] = {
    "land": ["ags", "name", "bez"],
    "kreis": ["ags", "name", "bez", "land_ags"],
    "gemeinde": ["ags", "name", "bez", "land_ags", "kreis_ags"],
}


def boundaries_dir() -> Path:
    """Folder the boundaries are read from: ``$FAMILIENKARTE_BOUNDARIES`` or the embedded one."""
    configured = os.environ.get(BOUNDARIES_ENV)
    return Path(configured) if configured else EMBEDDED_DIR


def load_boundaries(
    level: Level, directory: str | Path | None = None, display_m: float | None = None
) -> gpd.GeoDataFrame:
    """Load one administrative level as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    level
        ``"land"`` (AGS with 2 digits), ``"kreis"`` (5) or ``"gemeinde"`` (8).
    directory
        Build folder; defaults to :func:`boundaries_dir`.
    display_m
        Load the coarser display variant of this tolerance in metres instead
        (see ``geodata.build.DISPLAY_TOLERANCES_M``).

    Returns
    -------
    GeoDataFrame
        Columns ``ags``, ``name``, ``bez``, the parent keys ``land_ags`` and
        ``kreis_ags`` where they apply, and the polygons, sorted by AGS. Only
        these columns are read, so loading stays fast.

    Raises
    ------
    ValueError
        For an unknown level.
    FileNotFoundError
        If the build folder lacks the level's file (or that display variant).
    """
    if level not in _COLUMNS:
        raise ValueError(f"unbekannte Ebene {level!r}; erlaubt: land, kreis, gemeinde")
    path = Path(directory) if directory is not None else boundaries_dir()
    name = variant_name(level, display_m) if display_m else f"{level}.parquet"
    return gpd.read_parquet(path / name, columns=[*_COLUMNS[level], "geometry"])


@lru_cache(maxsize=4)
def _read_metadata(path: Path) -> BoundaryMetadata:
    return BoundaryMetadata.from_json((path / "metadata.json").read_text(encoding="utf-8"))


def load_metadata(directory: str | Path | None = None) -> BoundaryMetadata:
    """Return source, edition, attribution and licence of the boundaries."""
    return _read_metadata(Path(directory) if directory is not None else boundaries_dir())

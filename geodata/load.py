"""Load the embedded (or a rebuilt) set of boundaries."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from geodata.ags import LEVELS, Level
from geodata.fileformat import (
    LEVEL_COLUMNS,
    METADATA_FILE,
    BoundaryMetadata,
    DisplayVariant,
    level_file,
)

#: Folder with the committed default build.
EMBEDDED_DIR = Path(__file__).parent / "data"
#: Environment variable naming another build folder (from ``python -m geodata build``).
BOUNDARIES_ENV = "FAMILIENKARTE_BOUNDARIES"


def boundaries_dir() -> Path:
    """Folder the boundaries are read from: ``$FAMILIENKARTE_BOUNDARIES`` or the embedded one."""
    configured = os.environ.get(BOUNDARIES_ENV)
    return Path(configured) if configured else EMBEDDED_DIR


def load_boundaries(
    level: Level,
    directory: str | Path | None = None,
    variant: DisplayVariant | None = None,
) -> gpd.GeoDataFrame:
    """Load one administrative level as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    level
        ``"land"`` (AGS with 2 digits), ``"kreis"`` (5) or ``"gemeinde"`` (8).
    directory
        Build folder; defaults to :func:`boundaries_dir`.
    variant
        Load this coarser display variant of the level instead (one of
        ``geodata.DISPLAY_VARIANTS``).

    Returns
    -------
    GeoDataFrame
        Columns ``ags``, ``name``, ``bez``, the parent keys ``land_ags`` and
        ``kreis_ags`` where they apply, and the polygons, sorted by AGS. Only
        these columns are read, so loading stays fast.

    Raises
    ------
    ValueError
        For an unknown level, or a variant of another level.
    FileNotFoundError
        If the build folder lacks the level's file (or that display variant).
    """
    if level not in LEVELS:
        raise ValueError(f"unbekannte Ebene {level!r}; erlaubt: land, kreis, gemeinde")
    if variant is not None and variant.level != level:
        raise ValueError(f"Anzeigevariante {variant.file_name} gehört nicht zur Ebene {level}")
    path = Path(directory) if directory is not None else boundaries_dir()
    name = variant.file_name if variant else level_file(level)
    return gpd.read_parquet(path / name, columns=[*LEVEL_COLUMNS[level], "geometry"])


@lru_cache(maxsize=4)
def _read_metadata(path: Path) -> BoundaryMetadata:
    return BoundaryMetadata.from_json((path / METADATA_FILE).read_text(encoding="utf-8"))


def load_metadata(directory: str | Path | None = None) -> BoundaryMetadata:
    """Return source, edition, attribution and licence of the boundaries."""
    return _read_metadata(Path(directory) if directory is not None else boundaries_dir())

"""All boundary levels of one build, loaded on first use and kept for the process."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geodata.ags import LEVELS, Level, children_prefix, level_of
from geodata.fileformat import BoundaryMetadata, DisplayVariant
from geodata.load import boundaries_dir, load_boundaries, load_metadata
from geodata.simplify import simplify_for_display

Bounds = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class AreaArrays:
    """One level (or display variant) as plain arrays, sorted by AGS.

    Plain arrays, not frame slices: views are cut from them while a user waits.
    """

    ags: np.ndarray
    names: np.ndarray
    geometries: np.ndarray

    def within(self, region: str | None) -> slice:
        """Positions of the areas inside ``region`` (``None``: all)."""
        prefix = children_prefix(region)
        if not prefix:
            return slice(0, len(self.ags))
        start, end = np.searchsorted(self.ags, [prefix, prefix + "\uffff"])
        return slice(int(start), int(end))


@dataclass(frozen=True)
class AreaAnchors:
    """Where to put a symbol for each area of a level, and the box to zoom to.

    Attributes
    ----------
    ags
        Keys, sorted.
    lat, lon
        A point inside each area (``representative_point``, never outside like a
        centroid can be), rounded to 5 decimals.
    bounds
        ``(south, west, north, east)`` of each area, rounded to 4 decimals.
    """

    ags: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    bounds: np.ndarray


class BoundarySet:
    """The Länder, Kreise and Gemeinden of one build folder, with their display variants.

    Each level is read once, on first use, and then shared read-only by every
    caller (the app holds one instance per process). A build folder without a
    display variant (an older own build) still works: the level is then
    simplified here, once.

    Parameters
    ----------
    directory
        Build folder; defaults to :func:`geodata.boundaries_dir`.
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory: Path | None = Path(directory) if directory else boundaries_dir()
        self._frames: dict[tuple[Level, DisplayVariant | None], gpd.GeoDataFrame] = {}
        self._arrays: dict[tuple[Level, DisplayVariant | None], AreaArrays] = {}
        self._anchors: dict[Level, AreaAnchors] = {}
        self._metadata: BoundaryMetadata | None = None
        self._lock = threading.RLock()

    @classmethod
    def from_frames(
        cls,
        frames: Mapping[Level, gpd.GeoDataFrame],
        metadata: BoundaryMetadata | None = None,
    ) -> BoundarySet:
        """Boundaries held in memory (tests, tools), one frame per level in EPSG:4326."""
        instance = cls.__new__(cls)
        instance.directory = None
        instance._frames = {
            (level, None): _indexed(frame.sort_values("ags")) for level, frame in frames.items()
        }
        instance._arrays = {}
        instance._anchors = {}
        instance._metadata = metadata
        instance._lock = threading.RLock()
        return instance

    def frame(self, level: Level, variant: DisplayVariant | None = None) -> gpd.GeoDataFrame:
        """One level (or a display variant of it), indexed by AGS; treat as read-only."""
        key = (level, variant)
        with self._lock:
            if key not in self._frames:
                self._frames[key] = _indexed(self._read(level, variant))
            return self._frames[key]

    def _read(self, level: Level, variant: DisplayVariant | None) -> gpd.GeoDataFrame:
        if variant is None:
            if self.directory is None:
                raise FileNotFoundError(f"keine Ebene {level} in diesem Grenzdatensatz")
            return load_boundaries(level, self.directory)
        if self.directory is not None:
            try:
                return load_boundaries(level, self.directory, variant)
            except FileNotFoundError:
                pass
        return simplify_for_display(self.frame(level), variant.tolerance_m)

    def arrays(self, level: Level, variant: DisplayVariant | None = None) -> AreaArrays:
        """Keys, names and geometries of a level (or display variant), sorted by AGS."""
        key = (level, variant)
        with self._lock:
            if key not in self._arrays:
                frame = self.frame(level, variant)
                self._arrays[key] = AreaArrays(
                    frame["ags"].to_numpy(dtype=object),
                    frame["name"].to_numpy(dtype=object),
                    frame.geometry.to_numpy(),
                )
            return self._arrays[key]

    def anchors(self, level: Level) -> AreaAnchors:
        """A symbol point and a zoom box for every area of a level (computed once)."""
        with self._lock:
            if level not in self._anchors:
                arrays = self.arrays(level)
                points = shapely.point_on_surface(arrays.geometries)
                west, south, east, north = shapely.bounds(arrays.geometries).T
                self._anchors[level] = AreaAnchors(
                    arrays.ags,
                    np.round(shapely.get_y(points), 5),
                    np.round(shapely.get_x(points), 5),
                    np.round(np.c_[south, west, north, east], 4),
                )
            return self._anchors[level]

    def metadata(self) -> BoundaryMetadata:
        """Source, edition, attribution and licence."""
        if self._metadata is None:
            if self.directory is None:
                raise FileNotFoundError("keine Metadaten zu diesem Grenzdatensatz")
            self._metadata = load_metadata(self.directory)
        return self._metadata

    def __contains__(self, ags: object) -> bool:
        level = level_of(ags) if isinstance(ags, str) else None
        return level is not None and ags in self.frame(level).index

    def name(self, ags: str | None) -> str | None:
        """Name of a Land, Kreis or Gemeinde, or ``None`` for an unknown key."""
        if not ags or ags not in self:
            return None
        level = level_of(ags)
        assert level is not None
        return str(self.frame(level).at[ags, "name"])

    def bounds(self, ags: str | None) -> Bounds:
        """``((south, west), (north, east))`` of an area, or of all Germany for ``None``."""
        level: Level = level_of(ags) or LEVELS[0]
        arrays = self.arrays(level)
        west, south, east, north = shapely.total_bounds(arrays.geometries[arrays.within(ags)])
        return (round(south, 4), round(west, 4)), (round(north, 4), round(east, 4))


def _indexed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.set_index("ags", drop=False)

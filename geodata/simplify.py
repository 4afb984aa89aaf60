"""Simplification of boundary coverages, for the build and for display.

Plain ``simplify`` treats every polygon on its own and opens gaps and overlaps
between neighbours; a *coverage* simplification moves each shared border once,
so neighbours keep sharing it.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

#: Length of a degree of latitude.
METRES_PER_DEGREE = 111_320.0


def simplify_coverage(geometries: np.ndarray, tolerance_m: float) -> np.ndarray:
    """Simplify polygons that tile the plane without opening gaps or overlaps.

    Parameters
    ----------
    geometries
        Polygons in a metric CRS that form a valid coverage.
    tolerance_m
        Tolerance in metres.

    Returns
    -------
    numpy.ndarray
        Simplified polygons; shared borders stay shared.
    """
    if tolerance_m <= 0:
        return geometries
    return shapely.coverage_simplify(geometries, tolerance_m)


def simplify_for_display(frame: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    """Simplify a set of boundaries in EPSG:4326 as a coverage for a coarser zoom.

    For display a local equirectangular projection is precise enough and far
    cheaper than a reprojection: longitudes are squeezed by the cosine of the
    middle latitude, so a tolerance in degrees of latitude is the same distance
    in every direction.

    Parameters
    ----------
    frame
        Boundaries in EPSG:4326 that tile their area (one level).
    tolerance_m
        Tolerance in metres; 0 keeps the geometry as it is.

    Returns
    -------
    GeoDataFrame
        The same rows in EPSG:4326 with simplified polygons.
    """
    if tolerance_m <= 0 or frame.empty:
        return frame
    south, north = frame.total_bounds[[1, 3]]
    squeeze = np.array([np.cos(np.radians((south + north) / 2)), 1.0])
    scaled = shapely.transform(frame.geometry.to_numpy(), lambda xy: xy * squeeze)
    simplified = simplify_coverage(scaled, tolerance_m / METRES_PER_DEGREE)
    out = frame.copy()
    out["geometry"] = shapely.transform(simplified, lambda xy: xy / squeeze)
    return out

"""Place points in their Gemeinde, Kreis and Land by geometry, never by name."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata.ags import AGS_LENGTH, level_of
from geodata.boundaries import BoundarySet
from geodata.metric import METRIC_CRS, to_metric


def assign_areas(
    points: gpd.GeoDataFrame, gemeinden: gpd.GeoDataFrame, snap_m: float = 0.0
) -> gpd.GeoDataFrame:
    """Add ``gemeinde_ags``, ``kreis_ags`` and ``land_ags`` to points.

    Parameters
    ----------
    points
        Point features in EPSG:4326.
    gemeinden
        Gemeinde boundaries as from ``load_boundaries("gemeinde")``.
    snap_m
        A point outside every Gemeinde but at most this many metres from one
        is placed in the nearest: simplified coastlines and borders run up to a
        few hundred metres off the real ones, and a harbour lies at the water.

    Returns
    -------
    GeoDataFrame
        A copy of ``points`` in the same order with the three keys; they are
        missing (``<NA>``) for points farther than ``snap_m`` from every
        Gemeinde (abroad, at sea).
    """
    polygons = gemeinden[["ags", "geometry"]].reset_index(drop=True)
    joined = gpd.sjoin(points[["geometry"]], polygons, how="left", predicate="within")
    # A point on a shared border matches twice; the first Gemeinde wins.
    first = joined[~joined.index.duplicated(keep="first")]
    gemeinde = first["ags"].reindex(points.index).astype("string")
    if snap_m > 0 and gemeinde.isna().any():
        outside = gemeinde.isna().to_numpy()
        gemeinde[outside] = _nearest_within(points.geometry[outside], polygons, snap_m)
    out = points.copy()
    out["gemeinde_ags"] = gemeinde
    # Parents are prefixes of the key (see geodata.ags).
    out["kreis_ags"] = gemeinde.str[: AGS_LENGTH["kreis"]]
    out["land_ags"] = gemeinde.str[: AGS_LENGTH["land"]]
    return out


def _nearest_within(points: gpd.GeoSeries, polygons: gpd.GeoDataFrame, limit_m: float) -> list:
    """The AGS of the nearest Gemeinde within ``limit_m`` of each point, else ``None``."""
    # A search box a little larger than the limit (1 degree of latitude is 111 km;
    # of longitude at least 64 km in Germany), then exact distances in metres.
    boxes = shapely.buffer(points.to_numpy(), limit_m / 60_000, cap_style="square")
    point_index, polygon_index = polygons.sindex.query(boxes, predicate="intersects")
    found: list[str | None] = [None] * len(points)
    if len(point_index) == 0:
        return found
    metric_points = points.to_crs(METRIC_CRS).to_numpy()[point_index]
    candidates = polygons.geometry.iloc[polygon_index].to_crs(METRIC_CRS).to_numpy()
    distances = shapely.distance(metric_points, candidates)
    best: dict[int, tuple[float, int]] = {}
    for point, polygon, distance in zip(point_index, polygon_index, distances, strict=True):
        if distance <= limit_m and distance < best.get(point, (np.inf, 0))[0]:
            best[point] = (distance, polygon)
    for point, (_, polygon) in best.items():
        found[point] = polygons.at[polygon, "ags"]
    return found


def kreise_at(
    lats: Sequence[float], lons: Sequence[float], gemeinden: gpd.GeoDataFrame, snap_m: float = 0.0
) -> list[str | None]:
    """The Kreis (AGS of 5 digits) of each point (see :func:`assign_areas` for
    ``snap_m``); ``None`` outside Germany."""
    if not len(lats):
        return []
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")
    placed = assign_areas(points, gemeinden, snap_m=snap_m)["kreis_ags"]
    return [None if pd.isna(kreis) else str(kreis) for kreis in placed]


def gemeinde_at(lat: float, lon: float, gemeinden: gpd.GeoDataFrame) -> str | None:
    """Return the AGS of the Gemeinde containing a point, or ``None``."""
    point = gpd.GeoDataFrame(geometry=gpd.points_from_xy([lon], [lat]), crs="EPSG:4326")
    ags = assign_areas(point, gemeinden)["gemeinde_ags"].iloc[0]
    return None if pd.isna(ags) else str(ags)


def distance_to_area(
    boundaries: BoundarySet, areas: tuple[str, ...], lat: np.ndarray, lon: np.ndarray
) -> np.ndarray:
    """Straight-line metres from each point to the area made of ``areas`` (AGS of any
    level, e.g. the Gemeinden a network serves, or one Kreis); 0 inside it.

    Raises
    ------
    KeyError
        If an AGS is not in ``boundaries``.
    """
    area = _metric_union(boundaries, areas)
    points = shapely.points(to_metric(np.asarray(lat, float), np.asarray(lon, float)))
    return shapely.distance(area, points) if len(points) else np.zeros(0)


@lru_cache(maxsize=32)
def _metric_union(boundaries: BoundarySet, areas: tuple[str, ...]) -> shapely.Geometry:
    parts = []
    for ags in areas:
        level = level_of(ags)
        if level is None:
            raise KeyError(ags)
        parts.append(boundaries.frame(level).loc[[ags]])
    frame = gpd.GeoDataFrame(pd.concat(parts), crs=parts[0].crs).to_crs(METRIC_CRS)
    area = frame.union_all()
    shapely.prepare(area)
    return area


def names_at(lats: Sequence[float], lons: Sequence[float], areas: gpd.GeoDataFrame) -> list[str]:
    """The ``name`` of the area (e.g. the Land) each point lies in; a point off every
    area (a harbour, a border drawn coarsely) gets the nearest one's."""
    if not len(lats):
        return []
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")
    polygons = areas[["name", "geometry"]].reset_index(drop=True)
    joined = gpd.sjoin(points, polygons, how="left", predicate="within")
    names = joined[~joined.index.duplicated(keep="first")]["name"].reindex(points.index)
    outside = names.isna().to_numpy()
    if outside.any():
        nearest = gpd.sjoin_nearest(
            points[outside].to_crs(METRIC_CRS), polygons.to_crs(METRIC_CRS), how="left"
        )
        names[outside] = nearest[~nearest.index.duplicated(keep="first")]["name"]
    return [str(name) for name in names]

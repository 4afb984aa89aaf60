"""Place points in their Gemeinde, Kreis and Land by geometry, never by name."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geodata.ags import AGS_LENGTH


def assign_areas(points: gpd.GeoDataFrame, gemeinden: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add ``gemeinde_ags``, ``kreis_ags`` and ``land_ags`` to points.

    Parameters
    ----------
    points
        Point features in EPSG:4326.
    gemeinden
        Gemeinde boundaries as from ``load_boundaries("gemeinde")``.

    Returns
    -------
    GeoDataFrame
        A copy of ``points`` in the same order with the three keys; they are
        missing (``<NA>``) for points outside every Gemeinde (abroad, at sea).
    """
    joined = gpd.sjoin(
        points[["geometry"]],
        gemeinden[["ags", "geometry"]].reset_index(drop=True),
        how="left",
        predicate="within",
    )
    # A point on a shared border matches twice; the first Gemeinde wins.
    first = joined[~joined.index.duplicated(keep="first")]
    out = points.copy()
    gemeinde = first["ags"].reindex(points.index).astype("string")
    out["gemeinde_ags"] = gemeinde
    # Parents are prefixes of the key (see geodata.ags).
    out["kreis_ags"] = gemeinde.str[: AGS_LENGTH["kreis"]]
    out["land_ags"] = gemeinde.str[: AGS_LENGTH["land"]]
    return out


def gemeinde_at(lat: float, lon: float, gemeinden: gpd.GeoDataFrame) -> str | None:
    """Return the AGS of the Gemeinde containing a point, or ``None``."""
    point = gpd.GeoDataFrame(geometry=gpd.points_from_xy([lon], [lat]), crs="EPSG:4326")
    ags = assign_areas(point, gemeinden)["gemeinde_ags"].iloc[0]
    return None if pd.isna(ags) else str(ags)

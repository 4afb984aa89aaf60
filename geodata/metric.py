"""The one metric CRS for distances, and the projection into it.

ETRS89 / UTM zone 32N (EPSG:25832): metres, true enough for straight-line
distances all over Germany. The build snaps boundaries in it, the join
measures snapping distances in it, search and planning measure to providers in it.
"""

from __future__ import annotations

import numpy as np
from pyproj import Transformer

METRIC_CRS = "EPSG:25832"
_TO_METRIC = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)


def to_metric(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points in degrees (WGS84) as an ``(n, 2)`` array of metres in :data:`METRIC_CRS`."""
    x, y = _TO_METRIC.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.column_stack([np.atleast_1d(x), np.atleast_1d(y)])


def metric_point(lat: float, lon: float) -> tuple[float, float]:
    """One point in metres: the fast path for a single search."""
    return _TO_METRIC.transform(lon, lat)

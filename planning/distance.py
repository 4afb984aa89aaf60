"""Straight-line distances in a metric CRS, with a spatial index."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree


def closest_pair(origins: np.ndarray, facilities: np.ndarray) -> tuple[int, int, float] | None:
    """The origin and facility closest to each other, and their distance in km
    (``None`` without facilities): e.g. the nearest provider outside a region."""
    if len(facilities) == 0 or len(origins) == 0:
        return None
    distances, found = cKDTree(facilities).query(origins, k=1)
    origin = int(np.argmin(distances))
    return origin, int(found[origin]), float(distances[origin]) / 1000


def nearest_km(origins: np.ndarray, facilities: np.ndarray) -> np.ndarray:
    """Distance in km from each origin to its nearest facility (both ``(n, 2)`` metres).

    ``inf`` everywhere when there is no facility: "none anywhere" is not 0 km.
    """
    if len(facilities) == 0:
        return np.full(len(origins), np.inf)
    distances, _ = cKDTree(facilities).query(origins, k=1)
    return np.asarray(distances, dtype=float) / 1000

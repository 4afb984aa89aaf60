"""The providers nearest to a place, and where a family calls first.

:class:`ProviderIndex` answers "the nearest providers within a radius" with a
k-d tree over metric coordinates (ETRS89 / UTM 32N), straight-line distances
("Luftlinie"). The place comes from the :class:`~places.gazetteer.Gazetteer`.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
from scipy.spatial import cKDTree

from geodata import land_and_kreis, metric_point, to_metric
from places.gazetteer import Place

#: Radii a family can choose, in km.
RADII_KM: tuple[int, ...] = (2, 5, 10, 25, 50)


@dataclass(frozen=True)
class Nearby:
    """Providers near a place, nearest first.

    Attributes
    ----------
    positions
        Row positions in the indexed frame.
    distances_m
        Straight-line distance of each in metres.
    """

    positions: np.ndarray
    distances_m: np.ndarray


class ProviderIndex:
    """A k-d tree over providers in metres, for "nearest first" within a radius.

    Parameters
    ----------
    lat, lon
        WGS84 coordinates of the providers, in frame order.
    """

    def __init__(self, lat: np.ndarray, lon: np.ndarray) -> None:
        points = to_metric(lat, lon)
        self._tree = cKDTree(points)
        self.size = len(points)

    def nearest(
        self,
        lat: float,
        lon: float,
        radius_m: float,
        k: int | None = None,
        mask: np.ndarray | None = None,
    ) -> Nearby:
        """The providers within ``radius_m`` of a point, nearest first.

        Parameters
        ----------
        lat, lon
            The place searched from.
        radius_m
            Straight-line radius in metres.
        k
            At most this many (all within the radius if ``None``).
        mask
            Only providers flagged ``True`` (one flag per provider), e.g. a type filter.
        """
        x, y = metric_point(lat, lon)
        if self.size == 0:
            return Nearby(np.zeros(0, dtype=np.int64), np.zeros(0))
        if k is None:
            found = np.asarray(self._tree.query_ball_point([x, y], r=radius_m), dtype=np.int64)
            if mask is not None and len(found):
                found = found[np.asarray(mask, dtype=bool)[found]]
            distances = np.hypot(*(self._tree.data[found] - [x, y]).T) if len(found) else found
            order = np.lexsort((found, distances))
            return Nearby(found[order], distances[order].astype(float))
        # The tree returns the nearest sorted; with a filter, ask for more until k fit.
        ask = k if mask is None else 4 * k
        while True:
            ask = min(ask, self.size)
            distances, found = self._tree.query((x, y), k=ask, distance_upper_bound=radius_m)
            distances, found = np.atleast_1d(distances), np.atleast_1d(found)
            inside = np.isfinite(distances)  # beyond the radius the tree answers inf
            distances, found = distances[inside], found[inside]
            if mask is not None:
                keep = np.asarray(mask, dtype=bool)[found]
                distances, found = distances[keep], found[keep]
            if len(found) >= k or ask == self.size or not inside.all():
                return Nearby(found[:k], distances[:k])
            ask *= 4


#: The type whose providers are a family's first call: Familientelefon / Netzwerkkoordination.
FIRST_CONTACT_TYPE = "netzwerkkoordination"


@dataclass(frozen=True)
class FirstContact:
    """Where a family of a Kreis calls first.

    Attributes
    ----------
    position
        Row position of the provider in the indexed frame.
    distance_m
        Straight-line distance from the place searched from.
    in_kreis
        ``False`` when the Kreis has none and this is the nearest elsewhere.
    """

    position: int
    distance_m: float
    in_kreis: bool


def first_contact(
    providers: gpd.GeoDataFrame, index: ProviderIndex, place: Place, kreis: str | None = None
) -> FirstContact | None:
    """The Familientelefon or Netzwerkkoordination of a Kreis (default: the place's),
    nearest to the place first; the nearest one anywhere if the Kreis has none;
    ``None`` if the data has none at all."""
    offers = providers["service_types"].map(lambda codes: FIRST_CONTACT_TYPE in codes).to_numpy()
    kreis = kreis or land_and_kreis(place.ags)[1]
    in_kreis = offers & (providers["kreis_ags"] == kreis).to_numpy(dtype=bool, na_value=False)
    for mask, inside in ((in_kreis, True), (offers, False)):
        if mask.any():
            found = index.nearest(place.lat, place.lon, radius_m=np.inf, k=1, mask=mask)
            if len(found.positions):
                return FirstContact(int(found.positions[0]), float(found.distances_m[0]), inside)
    return None

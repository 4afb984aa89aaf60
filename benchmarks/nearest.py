"""Nearest providers to a place: the k-d tree against brute force, same run.

``uv run python -m benchmarks.nearest``

For 5,000 and 50,000 providers (the sample spread over Germany, seeded) and
200 places (inner points of Gemeinden drawn at random), it finds the 50
nearest providers within 25 km three ways and prints the time per query:

- geopandas: the distance from the place to every provider (``GeoSeries.distance``
  in EPSG:25832), keep those within the radius, sort — what a first version does;
- numpy: the same distances as one vectorised array expression;
- ours: :class:`providers.ProviderIndex` (``scipy.spatial.cKDTree``).

All three return the same providers (checked).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geodata import load_boundaries
from places import ProviderIndex
from providers import load_providers
from providers.sample import write_spread_sample

K, RADIUS_M, PLACES = 50, 25_000, 200


def _timed(function, places) -> tuple[float, list]:
    started = time.perf_counter()
    results = [function(lat, lon) for lat, lon in places]
    return (time.perf_counter() - started) / len(places), results


def main() -> None:
    gemeinden = load_boundaries("gemeinde")
    inner = shapely.point_on_surface(gemeinden.geometry.to_numpy())
    chosen = np.random.default_rng(7).integers(0, len(inner), size=PLACES)
    places = [(shapely.get_y(inner[i]), shapely.get_x(inner[i])) for i in chosen]
    work = Path(tempfile.mkdtemp(prefix="fk-nearest-"))
    print(
        f"{'Angebote':>9} {'geopandas ms':>13} {'numpy ms':>9} {'unsere ms':>10} "
        f"{'× geopandas':>12} {'× numpy':>8}"
    )
    for count in (5_000, 50_000):
        path = work / f"verteilt-{count}.csv"
        write_spread_sample(path, count)
        frame = load_providers(path, gemeinden).frame
        metric = frame.to_crs("EPSG:25832").geometry
        xy = np.c_[metric.x.to_numpy(), metric.y.to_numpy()]
        index = ProviderIndex(frame["lat"].to_numpy(), frame["lon"].to_numpy())

        def naive(lat, lon, metric=metric):
            point = gpd.GeoSeries.from_xy([lon], [lat], crs=4326).to_crs(25832).iloc[0]
            distances = metric.distance(point)
            inside = distances[distances <= RADIUS_M]
            return inside.sort_values(kind="stable").index[:K].tolist()

        def vectorised(lat, lon, xy=xy):
            point = gpd.GeoSeries.from_xy([lon], [lat], crs=4326).to_crs(25832).iloc[0]
            distances = np.hypot(xy[:, 0] - point.x, xy[:, 1] - point.y)
            inside = np.flatnonzero(distances <= RADIUS_M)
            return inside[np.argsort(distances[inside], kind="stable")][:K].tolist()

        def ours(lat, lon, index=index):
            return index.nearest(lat, lon, RADIUS_M, K).positions.tolist()

        naive_s, expected = _timed(naive, places)
        numpy_s, plain = _timed(vectorised, places)
        ours_s, found = _timed(ours, places)
        assert [set(r) for r in found] == [set(r) for r in expected] == [set(r) for r in plain]
        print(
            f"{count:9,} {naive_s * 1e3:13.3f} {numpy_s * 1e3:9.3f} {ours_s * 1e3:10.3f} "
            f"{naive_s / ours_s:12.0f} {numpy_s / ours_s:8.1f}"
        )


if __name__ == "__main__":
    main()

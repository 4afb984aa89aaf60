"""Coverage of all Gemeinden: our vectorised measures against the naive way, same run.

``uv run python -m benchmarks.coverage``

For every one of the ~11,300 embedded Gemeinden it finds the distance to the
nearest provider and the share of the population beyond 10 km, against the
sample (1,139 providers) and 5,000 and 50,000 spread over Germany (seeded):

- naive: a Python loop over Gemeinden, each with ``GeoSeries.distance`` to every
  provider in EPSG:25832 – what a first version does;
- ours: :func:`planning.gemeinde_coverage` and :func:`planning.share_beyond`
  (one k-d tree query for all Gemeinden).

Both give the same distances (checked). The naive loop is timed on a sample of
Gemeinden and scaled up, so a run takes a minute, not an hour; the printed
ratio says so.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata import METRIC_CRS, BoundarySet, load_boundaries, load_population
from planning import gemeinde_coverage, share_beyond
from providers import load_providers
from providers.sample import write_spread_sample

N_KM = 10
NAIVE_SAMPLE = 300


def _anchors() -> pd.DataFrame:
    anchors = BoundarySet().anchors("gemeinde")
    return pd.DataFrame({"lat": anchors.lat, "lon": anchors.lon}, index=pd.Index(anchors.ags))


def main() -> None:
    gemeinden = load_boundaries("gemeinde")
    anchors = _anchors()
    population = load_population().inhabitants
    work = Path(tempfile.mkdtemp(prefix="fk-coverage-"))
    sources: dict[str, Path | None] = {"Beispieldaten": None}
    for count in (5_000, 50_000):
        sources[f"{count:,}"] = work / f"verteilt-{count}.csv"
        write_spread_sample(sources[f"{count:,}"], count)
    points = gpd.GeoSeries.from_xy(anchors["lon"], anchors["lat"], crs=4326).to_crs(METRIC_CRS)
    sample = np.random.default_rng(5).choice(len(anchors), NAIVE_SAMPLE, replace=False)
    print(
        f"{len(anchors):,} Gemeinden, Anteil über {N_KM} km; naiv hochgerechnet aus {NAIVE_SAMPLE}"
    )
    print(f"{'Angebote':>15} {'naiv s':>9} {'unsere s':>9} {'schneller':>10}")
    for label, path in sources.items():
        providers = load_providers(path, gemeinden).frame
        metric = providers.to_crs(METRIC_CRS).geometry

        started = time.perf_counter()
        naive = [float(metric.distance(points.iloc[i]).min()) / 1000 for i in sample]
        naive_s = (time.perf_counter() - started) / NAIVE_SAMPLE * len(anchors)

        started = time.perf_counter()
        coverage = gemeinde_coverage(anchors, population, providers)
        share = share_beyond(coverage, N_KM)
        ours_s = time.perf_counter() - started

        found = coverage.table["nearest_km"].to_numpy()[sample]
        assert np.allclose(found, naive, atol=1e-6), "distances differ"
        print(
            f"{label:>15} {naive_s:9.2f} {ours_s:9.3f} {naive_s / ours_s:9.0f}×"
            f"   (Anteil über {N_KM} km: {share:.1%})"
        )


if __name__ == "__main__":
    main()

"""Real files: what converting projected coordinates and geocoding cost.

``uv run python -m benchmarks.real_files [--rows 50000] [--addresses 300]``

1. *Import throughput*: the same 50,000 rows once with WGS84 columns and once with
   ETRS89/UTM 32N eastings/northings (the system read from the values' ranges);
   the ratio UTM / WGS84 (goal: at most 1.5×).
2. *Geocoding*: addresses geocoded against the loopback server of the tests
   (Nominatim's answer shapes) with the rate limit off, requests per second; then
   the same addresses again: the share answered from the cache (goal: 100 %).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from pyproj import Transformer

from intake import ProblemLog
from places.postcodes import all_postcodes
from providers import ColumnMapping, Geocoder, GeocoderSettings, import_providers
from providers import geocode_providers as geocode
from providers.geocoding import MemoryCache
from providers.model import Provider
from tests.harness.geocoder import geocoder_server


def _files(folder: Path, rows: int) -> tuple[Path, Path]:
    rng = random.Random(7)
    postcodes = [code for code in all_postcodes() if code.startswith(("4", "5"))]
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
    wgs = ["name;typ;plz;lat;lon"]
    utm = ["name;typ;plz;rechtswert;hochwert"]
    for number in range(rows):
        plz = rng.choice(postcodes)
        lat, lon = all_postcodes()[plz]
        lat, lon = lat + rng.uniform(-0.01, 0.01), lon + rng.uniform(-0.01, 0.01)
        x, y = to_utm.transform(lon, lat)
        wgs.append(f"Kita {number};kita;{plz};{lat:.6f};{lon:.6f}")
        utm.append(f"Kita {number};kita;{plz};{x:.2f};{y:.2f}")
    (folder / "wgs84.csv").write_text("\n".join(wgs), encoding="utf-8")
    (folder / "utm32.csv").write_text("\n".join(utm), encoding="utf-8")
    return folder / "wgs84.csv", folder / "utm32.csv"


def _import_seconds(path: Path, runs: int = 3) -> tuple[float, int]:
    times, loaded = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        loaded = len(import_providers(path, ColumnMapping()).frame)
        times.append(time.perf_counter() - started)
    return min(times), loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--addresses", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        wgs, utm = _files(Path(folder), args.rows)
        wgs_s, wgs_rows = _import_seconds(wgs)
        utm_s, utm_rows = _import_seconds(utm)
    print(f"Import {args.rows:,} Zeilen, WGS84: {wgs_s:.2f} s ({wgs_rows:,} geladen)")
    print(f"Import {args.rows:,} Zeilen, UTM 32N: {utm_s:.2f} s ({utm_rows:,} geladen)")
    print(f"UTM / WGS84: {utm_s / wgs_s:.2f}× (Ziel ≤ 1,5×)")
    records = [
        Provider(
            id=str(n),
            name=f"Amt {n}",
            service_types=["jugendamt"],
            lat=50.80,
            lon=7.20,
            street=f"Marktplatz {n}",
            postcode="53721",
            city="Siegburg",
            location_exact=False,
        )
        for n in range(args.addresses)
    ]
    rows = list(range(1, len(records) + 1))
    with geocoder_server() as (url, requests):
        cache = MemoryCache()
        geocoder = Geocoder(GeocoderSettings(url, per_second=0), cache)
        started = time.perf_counter()
        run = geocode(records, rows, geocoder, ProblemLog())
        seconds = time.perf_counter() - started
        asked = len(requests)
        again = Geocoder(GeocoderSettings(url, per_second=0), cache)
        geocode(records, rows, again, ProblemLog())
    print(
        f"Geokodierung {args.addresses} Adressen ohne Ratenbegrenzung: {asked / seconds:.0f} "
        f"Anfragen/s ({run.located} gefunden)"
    )
    print(
        f"Erneuter Import: {again.from_cache / args.addresses:.0%} aus dem Zwischenspeicher, "
        f"{len(requests) - asked} neue Anfragen"
    )


if __name__ == "__main__":
    main()

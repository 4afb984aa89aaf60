"""The OpenStreetMap import streams: a synthetic extract of millions of nodes with tens of
thousands of matching objects, read with flat memory, against loading the same objects
through the GeoJSON import path – both in one run.

``uv run python -m benchmarks.osm_import [--nodes 5000000] [--matching 50000]``

Writes the extract with pyosmium's writer (untagged nodes around Siegburg, every n-th a
Kita), then measures in a child process each (peak RSS from ``ru_maxrss``):
``providers.osm.read_osm`` on the PBF, and ``providers.read_provider_file`` on a GeoJSON
of exactly the matching objects. Reports seconds, objects per second and peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _write(folder: Path, nodes: int, matching: int) -> tuple[Path, Path]:
    import osmium

    extract, geojson = folder / "synthetisch.osm.pbf", folder / "gleich.geojson"
    every = max(1, nodes // matching)
    features = []
    with osmium.SimpleWriter(str(extract)) as writer:
        for number in range(1, nodes + 1):
            lat = 50.70 + (number % 1000) / 10_000
            lon = 7.10 + (number // 1000 % 1000) / 10_000
            if number % every == 0 and len(features) < matching:
                name = f"Kita {number}"
                tags = {"amenity": "kindergarten", "name": name, "addr:postcode": "53721"}
                writer.add_node(osmium.osm.mutable.Node(id=number, location=(lon, lat), tags=tags))
                features.append(
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        "properties": {
                            "id": f"osm-n{number}",
                            "name": name,
                            "service_types": "kita",
                            "postcode": "53721",
                        },
                    }
                )
            else:
                writer.add_node(osmium.osm.mutable.Node(id=number, location=(lon, lat)))
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return extract, geojson


_CHILD = """
import resource, sys, time
from pathlib import Path
from providers import import_providers
from providers.osm import read_osm
started = time.perf_counter()  # the modules loaded: each path's own work counts
if sys.argv[1] == "osm":
    count = len(read_osm(Path(sys.argv[2])).providers)
else:
    count = len(import_providers(Path(sys.argv[2])).frame)
print(count, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _measure(kind: str, path: Path) -> tuple[int, float, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, kind, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    count, seconds, kilobytes = done.stdout.split()[-3:]
    return int(count), float(seconds), int(kilobytes) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5_000_000)
    parser.add_argument("--matching", type=int, default=50_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="fk-osm-"))
    started = time.perf_counter()
    extract, geojson = _write(folder, args.nodes, args.matching)
    print(
        f"Auszug: {args.nodes:,} Knoten, {args.matching:,} passend, "
        f"{extract.stat().st_size / 1e6:.0f} MB PBF, geschrieben in "
        f"{time.perf_counter() - started:.0f} s"
    )
    print(f"{'Weg':<22} {'Objekte':>8} {'s':>7} {'Objekte/s':>10} {'RSS MB':>7}")
    figures = {}
    for kind, path, label in (
        ("osm", extract, "OSM (Strom)"),
        ("geojson", geojson, "GeoJSON-Import"),
    ):
        count, seconds, rss = _measure(kind, path)
        figures[kind] = seconds
        print(f"{label:<22} {count:8,} {seconds:7.1f} {count / seconds:10,.0f} {rss:7.0f}")
    print(f"GeoJSON : OSM {figures['geojson'] / figures['osm']:.1f}× (Ziel ≥ 5×)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Spitze des Messprozesses selbst (schreibt den Auszug): {own:.0f} MB")


if __name__ == "__main__":
    main()

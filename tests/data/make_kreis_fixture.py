"""Rebuild ``tests/data/kreis_01058.geojson`` from the embedded boundaries (run by hand).

``uv run python -m tests.data.make_kreis_fixture``

Writes the 165 Gemeinden of Kreis Rendsburg-Eckernförde (01058) as they are in
``geodata/data/gemeinde.parquet`` today (VG250 Stand 01.01.2016, coverage-
simplified at 200 m, 5 decimals). The codec and layer tests read this file, so
they keep passing when the embedded boundaries are rebuilt from another edition.
"""

from __future__ import annotations

from pathlib import Path

from geodata import load_boundaries

OUT = Path(__file__).parent / "kreis_01058.geojson"


def main() -> None:
    gemeinden = load_boundaries("gemeinde")
    kreis = gemeinden[gemeinden["kreis_ags"] == "01058"]
    OUT.write_text(kreis.to_json(drop_id=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(kreis)} Gemeinden -> {OUT} ({OUT.stat().st_size:,} B)")


if __name__ == "__main__":
    main()

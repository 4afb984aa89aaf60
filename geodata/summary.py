"""The figures of the embedded data as Markdown, for the README.

The README quotes counts (Gemeinden, Kreise, inhabitants …). They are written
from the data by ``python -m geodata summary --readme README.md`` between two
marker lines, and a test compares the two, so they cannot drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from geodata.keys import load_keys
from geodata.load import boundaries_dir, load_metadata
from geodata.need import load_need
from geodata.population import load_population

BEGIN = "<!-- datenstand: von `python -m geodata summary --readme README.md` geschrieben -->"
END = "<!-- datenstand: ende -->"


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _date(iso: str) -> str:
    return pd.Timestamp(iso).strftime("%d.%m.%Y")


def data_summary(directory: Path | None = None) -> str:
    """The block the README shows: Gebietsstand, counts, inhabitants, need, key table."""
    folder = directory or boundaries_dir()
    metadata = load_metadata(folder)
    population = load_population(folder)
    need = load_need(folder)
    keys = load_keys(folder)
    report = metadata.report
    counts = metadata.counts
    total, missing = population.total()
    lines = [
        f"- **Gebietsstand {metadata.edition}**: {_number(counts['gemeinde'])} Gemeinden "
        f"mit Fläche (von {_number(report.get('gemeinden_keys', counts['gemeinde']))} "
        f"Gemeindeschlüsseln des Gemeindeverzeichnisses), {_number(counts['kreis'])} Kreise, "
        f"{_number(counts['land'])} Länder; {metadata.attribution}.",
    ]
    if report:
        share = f"{report['area_within_3_percent'] * 100:.1f}".replace(".", ",")
        median = f"{report['area_ratio_median']:.4f}".replace(".", ",")
        lines.append(
            f"- Methode: {metadata.method}. Fläche von {share} % der Gemeinden innerhalb ±3 % "
            f"der Destatis-Fläche (Median {median}); entlang VG5000 geteilt: "
            f"{len(report['split_2016'])} Gemeinden von 2016; mit VG5000-Linien: "
            f"{len(report['fallback_vg5000'])}; Schlüsseltabelle gleich der BBSR-Umsteigetabelle "
            f"bei {report.get('crosswalk_agrees', 0)} von {report.get('crosswalk_checked', 0)} "
            "gemeinsamen alten Schlüsseln."
        )
    lines += [
        f"- **Einwohner**: {_number(total)} ({population.source}, Stand "
        f"{_date(population.stand)}); ohne Angabe: {_number(missing)} unbewohnte "
        "gemeindefreie Gebiete.",
        f"- **Bedarf**: {need.source}, Stichtag {_date(need.stand)}: "
        f"{_number(need.figures['einwohner_2022'].sum())} Einwohner, "
        f"{_number(need.figures['unter_18'].sum())} unter 18.",
        f"- **Alte Schlüssel**: {_number(len(keys))} Schlüssel früherer Gebietsstände "
        "(Gemeinden 2016 und 2020–2022, Kreise 2016) werden beim Einlesen umgestellt.",
    ]
    return "\n".join(lines)


def write_readme(readme: Path, directory: Path | None = None) -> bool:
    """Put :func:`data_summary` between the markers of ``readme``; whether it changed."""
    text = readme.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{data_summary(directory)}\n{END}"
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"{readme}: die Marken {BEGIN!r} … {END!r} fehlen")
    updated = pattern.sub(lambda _: block, text)
    readme.write_text(updated, encoding="utf-8")
    return updated != text

"""Read the records of provider files: CSV as Excel and LibreOffice write it, and GeoJSON.

A reader turns a file's text into records ``(row number, {field: text},
point)`` for :class:`providers.rows.RowChecker`; what makes the whole file
unreadable goes into the report instead.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from providers.columns import REQUIRED_COLUMNS, canonical_column, map_columns
from providers.fields import clean_text
from providers.problems import Report

Record = tuple[int, dict[str, str], tuple[float, float] | None]


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def is_geojson(text: str, suffix: str) -> bool:
    """Whether a file's text (and name ending) say GeoJSON rather than CSV."""
    return suffix.lower() in (".geojson", ".json") or text.lstrip().startswith("{")


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _csv_rows(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Header and (line number, fields) of each record; multi-line fields count from their
    first line."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))
    header = next(reader, [])

    def records() -> Iterator[tuple[int, list[str]]]:
        line = reader.line_num
        for fields in reader:
            yield line + 1, fields
            line = reader.line_num

    return header, records()


def read_csv(text: str, report: Report) -> Iterator[Record]:
    """The records of a CSV file; a header without the required columns is reported."""
    header, rows = _csv_rows(text)
    columns = map_columns(header)
    if REQUIRED_COLUMNS[0] not in columns:
        report.error(
            1,
            "Kopfzeile ohne Spalte „name“. Erwartet werden die Spalten name, service_types, "
            "street, postcode, city, lat, lon, phone, email, website, languages, last_verified.",
        )
        return
    if REQUIRED_COLUMNS[1] not in columns:
        report.error(1, "Kopfzeile ohne Spalte „service_types“ (Angebotsarten).")
        return
    line = 2
    try:
        for line, fields in rows:
            if fields and fields[0].lstrip().startswith("#"):
                continue  # a comment, e.g. the attribution line of our own export
            values = {
                column: clean_text(value)
                for column, value in zip(columns, fields, strict=False)
                if column is not None
            }
            yield line, values, None
    except csv.Error as error:
        report.error(
            line, f"Die CSV-Datei ist ab hier beschädigt ({error}). Bitte Anführungszeichen prüfen."
        )


def read_geojson(text: str, report: Report) -> Iterator[Record]:
    """The records of a GeoJSON FeatureCollection, numbered by feature from 1."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        report.error(
            error.lineno,
            f"Kein gültiges JSON: {error.msg} (Spalte {error.colno}). Bitte die "
            "Datei als GeoJSON-FeatureCollection speichern.",
        )
        return
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        report.error(1, "Kein GeoJSON: es fehlt eine FeatureCollection mit „features“.")
        return
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            report.error(number, f"Objekt {number} ist kein GeoJSON-Feature.")
            continue
        properties = feature.get("properties") or {}
        values: dict[str, str] = {}
        for key, value in properties.items():
            column = canonical_column(str(key))
            if column is None:
                continue
            if isinstance(value, list):
                value = ";".join(str(v) for v in value)
            values[column] = clean_text(value)
        point = None
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Point":
            coordinates = geometry.get("coordinates") or []
            if len(coordinates) >= 2 and all(isinstance(c, int | float) for c in coordinates[:2]):
                point = (float(coordinates[1]), float(coordinates[0]))
            else:
                report.error(number, f"Objekt {number}: Punktkoordinaten sind keine Zahlen.")
                continue
        yield number, values, point

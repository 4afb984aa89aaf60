"""Read the records of provider files: CSV as Excel and LibreOffice write it, and GeoJSON.

A reader turns a file's text into records ``(row number, {field: text},
point)`` for :class:`providers.rows.RowChecker`. Whatever a file holds, a
reader does not raise: a broken spot becomes a problem with its line, and
reading goes on after it, so that the valid rows behind it still load.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator

import shapely
import shapely.errors
import shapely.geometry

from geodata.coordinates import (
    WGS84,
    Detected,
    UnknownCrs,
    detect_crs,
    looks_projected,
    parse_crs,
    to_wgs84,
)
from intake.fields import (
    CleanText,
    clean_text,
    excerpt,
    is_clean,
    parse_number,
    restore_formula,
)
from intake.problems import ProblemLog
from intake.text import csv_delimiter, physical_lines, table_text
from places.postcodes import postcode_location
from providers.mapping import ColumnMapping, mapped_pairs, suggest_mapping

Point = tuple[float, float]
Record = tuple[int, dict[str, str], Point | None]

# Python's csv module refuses longer fields; we report them with their line.
_CSV_FIELD_LIMIT = csv.field_size_limit()
_FIELD_NAMES = {
    "name": "Name",
    "service_types": "Angebotsarten",
    "street": "Straße",
    "city": "Ort",
    "description": "Beschreibung",
    "organization": "Träger",
}


def is_geojson(text: str, suffix: str) -> bool:
    """Whether a file's text (and name ending) say GeoJSON rather than CSV."""
    return suffix.lower() in (".geojson", ".json") or text.lstrip().startswith("{")


#: Columns only Familienkarte's own export writes together: its file's ``source``
#: is a label we gave, kept on re-import (a backup restores what it saved).
_OWN_EXPORT = {"id", "service_types", "source", "last_verified", "life_stages"}


def is_own_export(text: str) -> bool:
    """Whether a CSV text is a Familienkarte export (by its header)."""
    for line in physical_lines(text[:20_000]):
        if line.lstrip().startswith("#") or not line.strip():
            continue
        header = next(csv.reader([line], delimiter=csv_delimiter(line)), [])
        return _OWN_EXPORT <= {name.strip() for name in header}
    return False


def _field_label(field: str) -> str:
    return f"„{_FIELD_NAMES.get(field, field)}“"


def cleaned_values(pairs: Iterator[tuple[str, object]], row: int, report: ProblemLog) -> dict:
    """``{field: text}`` of a record, each field cleaned, every change reported."""
    values: dict[str, str] = {}
    for field, raw in pairs:
        text = str(raw)
        if is_clean(text):
            values[field] = text.strip()
            continue
        cleaned: CleanText = clean_text(text)
        label = _field_label(field)
        if cleaned.control_removed:
            report.note(row, f"Feld {label}: Steuerzeichen wurden entfernt.")
        if cleaned.bidi_removed:
            report.note(
                row,
                f"Feld {label}: Zeichen zur Umkehr der Schreibrichtung wurden entfernt "
                "(sie können einen Text anders erscheinen lassen, als er ist).",
            )
        if cleaned.shortened:
            report.note(row, f"Feld {label} war länger als 2.000 Zeichen und wurde gekürzt.")
        values[field] = cleaned.text
    return values


def read_csv(
    text: str, report: ProblemLog, mapping: ColumnMapping | None = None
) -> Iterator[Record]:
    """The records of a CSV file, numbered by the line they start on (header: line 1).

    Columns become fields through ``mapping`` (default: :func:`suggest_mapping`).
    After a broken spot (an unclosed quote, an overlong field) reading starts
    again on the next line, so later valid rows still load.
    """
    lines = physical_lines(text)
    delimiter = csv_delimiter(lines[0]) if lines else ","
    try:
        header = next(csv.reader(lines[:1], delimiter=delimiter), [])
    except csv.Error as error:
        report.error(1, f"Die Kopfzeile ist nicht lesbar ({error}).")
        return
    if mapping is None:
        try:
            sample = list(csv.reader(lines[1:201], delimiter=delimiter))
        except csv.Error:
            sample = []
        mapping = suggest_mapping(header, (dict(zip(header, row, strict=False)) for row in sample))
    fields_given = {mapping.field_of(name) for name in header}
    if not _fields_serve(fields_given, mapping.gives_types(header), False, report):
        return
    sample_rows: list[dict[str, str]] = []
    if {"x", "y"} <= fields_given and not {"lat", "lon"} <= fields_given:
        try:
            sample = list(csv.reader(lines[1:201], delimiter=delimiter))
        except csv.Error:
            sample = []
        sample_rows = [
            dict(mapped_pairs(zip(header, row, strict=False), mapping)) for row in sample
        ]
    projected = _projection(sample_rows, mapping, report) if sample_rows else None
    if projected is False:
        return
    data_rows = 0
    for line, fields in _csv_records(lines, delimiter, len(header), report):
        if fields and fields[0].lstrip().startswith("#"):
            continue  # a comment, e.g. the attribution line of our own export
        if not any(field.strip() for field in fields):
            continue  # blank line, e.g. at the end of an Excel export
        data_rows += 1
        if len(fields) > len(header):
            report.note(
                line,
                f"Die Zeile hat {len(fields)} Felder, die Kopfzeile {len(header)}; die "
                "überzähligen wurden ignoriert. Enthält ein Feld das Trennzeichen "
                f"„{delimiter}“, muss es in Anführungszeichen stehen.",
            )
        pairs = mapped_pairs(
            (
                (column, restore_formula(value))
                for column, value in zip(header, fields, strict=False)
            ),
            mapping,
        )
        values = cleaned_values(iter(pairs), line, report)
        yield line, values, _projected_point(values, projected, line, report)
    if data_rows == 0 and not report.problems:
        report.error(
            1, "Die Datei hat eine Kopfzeile, aber keine Datenzeilen: es gibt nichts zu laden."
        )


#: Fields that can place a row: coordinates, projected coordinates or an address.
_LOCATION_FIELDS = {"lat", "lon", "x", "y", "postcode", "address", "street"}


def _fields_serve(
    fields: set[str | None], gives_types: bool, has_geometry: bool, report: ProblemLog
) -> bool:
    """Whether a file's columns can give name, type and place; if not, say so once."""
    if "name" not in fields:
        report.error(
            1,
            "Keine Spalte für den Namen (name, bezeichnung, einrichtung, facility …). Bitte "
            "auf der Daten-Seite eine Spalte als „Name“ zuordnen oder die Spalte umbenennen; "
            "es wurde nichts geladen.",
        )
        return False
    if not gives_types:
        report.error(
            1,
            "Keine Spalte für die Angebotsart (service_types). Auf der Kommandozeile eine "
            "Angebotsart für alle Zeilen angeben (--typ kita), auf der Daten-Seite eine Spalte "
            "oder eine Angebotsart für alle Zeilen zuordnen; es wurde nichts geladen.",
        )
        return False
    if not has_geometry and not fields & _LOCATION_FIELDS:
        report.error(
            1,
            "Keine Spalte für den Ort: weder Koordinaten (lat/lon, Rechts-/Hochwert) noch PLZ "
            "oder Adresse. Bitte eine solche Spalte zuordnen; es wurde nichts geladen.",
        )
        return False
    return True


def _number(text: object) -> float | None:
    value = parse_number(str(text)) if text not in (None, "") else None
    return value if value is not None and math.isfinite(value) else None


def _projection(
    rows: list[dict[str, str]], mapping: ColumnMapping, report: ProblemLog
) -> Detected | None | bool:
    """The system of a file's ``x``/``y`` columns (``False``: none found, said so)."""
    if mapping.crs:
        return _chosen_crs(mapping.crs, report)
    pairs = [(_number(row.get("x")), _number(row.get("y"))) for row in rows]
    known = [
        (x, y, row)
        for (x, y), row in zip(pairs, rows, strict=True)
        if x is not None and y is not None
    ]
    centres = [
        postcode_location(row.get("postcode", "")) if row.get("postcode") else None
        for *_, row in known
    ]
    if not known:
        return None  # the columns are there, but empty: rows are placed by their address
    detected = detect_crs([(x, y) for x, y, _ in known], centres)
    if detected is None:
        report.error(
            1,
            "Rechts-/Hochwerte in keinem bekannten Koordinatensystem (erkannt werden "
            "ETRS89/UTM 32N und 33N, Gauß-Krüger Zone 2–5). Bitte das System angeben "
            "(--crs EPSG:25832 oder auf der Daten-Seite); es wurde nichts geladen.",
        )
        return False
    report.note(1, detected.note())
    return detected


def _chosen_crs(crs: str, report: ProblemLog) -> Detected | None:
    """A system the user or the file named (WGS84 needs no conversion), with its note."""
    if crs == WGS84:
        return None
    report.note(1, Detected(crs, assumed=False).note())
    return Detected(crs, assumed=False)


def _projected_point(
    values: dict[str, str], projected: Detected | None | bool, row: int, report: ProblemLog
) -> Point | None:
    """WGS84 of a row's ``x``/``y`` (WGS84 columns win when a file has both)."""
    x_text, y_text = values.pop("x", ""), values.pop("y", "")
    if not isinstance(projected, Detected) or values.get("lat") or values.get("lon"):
        return None
    if not x_text and not y_text:
        return None
    x, y = _number(x_text), _number(y_text)
    if x is None or y is None:
        report.note(
            row, f"Rechts-/Hochwert „{excerpt(x_text)}“/„{excerpt(y_text)}“ sind keine Zahlen."
        )
        return None
    if projected.swapped:
        x, y = y, x
    return to_wgs84(x, y, projected.crs)


def _csv_records(
    lines: list[str], delimiter: str, width: int, report: ProblemLog
) -> Iterator[tuple[int, list[str]]]:
    """(first line, fields) of each record after the header; broken spots are reported."""
    start = 1  # index of the first line not read yet (its line number is start + 1)
    while start < len(lines):
        reader = csv.reader(
            (lines[i] for i in range(start, len(lines))), delimiter=delimiter, strict=True
        )
        first = start + 1  # line number of the record being read
        try:
            for fields in reader:
                if start + reader.line_num > first and len(fields) != width:
                    # A quote opened in one row and closed lines later: the rows
                    # between would be swallowed into one field.
                    raise csv.Error("unexpected end of data")
                yield first, fields
                first = start + reader.line_num + 1
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                limit = f"{_CSV_FIELD_LIMIT:,}".replace(",", ".")
                message = f"Ein Feld ist länger als {limit} Zeichen; die Zeile wurde nicht geladen."
                report.error(first, message)
            elif (lenient := _lenient_record(lines[first - 1], delimiter)) is not None:
                yield first, lenient  # e.g. "Kita" Sonne: quotes Excel would not write
            else:
                report.error(
                    first,
                    f"Anführungszeichen nicht geschlossen ab Zeile {first}: die Zeile wurde "
                    'nicht geladen. Bitte jedes Feld, das mit " beginnt, auch mit " beenden; '
                    "die Zeilen danach werden weiter gelesen.",
                )
            start = first  # go on with the next line


def _lenient_record(line: str, delimiter: str) -> list[str] | None:
    """One line read without strict quoting, if it is a complete record by itself."""
    if line.count('"') % 2:
        return None  # an odd number of quotes: one of them is not closed
    try:
        return next(csv.reader([line], delimiter=delimiter), None)
    except csv.Error:
        return None


def read_geojson(
    text: str, report: ProblemLog, mapping: ColumnMapping | None = None
) -> Iterator[Record]:
    """The records of a GeoJSON FeatureCollection, numbered by feature from 1;
    properties become fields through ``mapping`` (default: :func:`suggest_mapping`)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        report.error(
            error.lineno,
            f"Kein gültiges JSON: {error.msg} (Spalte {error.colno}). Bitte die "
            "Datei als GeoJSON-FeatureCollection speichern.",
        )
        return
    except RecursionError:
        report.error(1, "Die JSON-Datei ist zu tief verschachtelt; so sieht kein GeoJSON aus.")
        return
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        report.error(1, "Kein GeoJSON: es fehlt eine FeatureCollection mit „features“.")
        return
    if not features:
        report.error(1, "Die FeatureCollection enthält keine Features: es gibt nichts zu laden.")
        return
    sample = [
        f["properties"]
        for f in features[:200]
        if isinstance(f, dict) and isinstance(f.get("properties"), dict)
    ]
    keys = list(dict.fromkeys(str(key) for properties in sample for key in properties))
    if mapping is None:
        mapping = suggest_mapping(keys, sample)
    fields = {mapping.field_of(key) for key in keys}
    has_geometry = any(isinstance(f, dict) and f.get("geometry") for f in features[:200])
    if not _fields_serve(fields, mapping.gives_types(keys), has_geometry, report):
        return
    crs = _geojson_crs(data, features, mapping, report)
    if crs is False:
        return
    for number, feature in enumerate(features, start=1):
        record = _feature_record(number, feature, report, mapping, crs)
        if record is not None:
            yield record


def _geojson_crs(
    data: dict, features: list, mapping: ColumnMapping, report: ProblemLog
) -> Detected | None | bool:
    """The system of the coordinates: the mapping's, the legacy ``crs`` member (GeoJSON
    2008), else WGS84 — or, for values that are clearly metres, read from their ranges."""
    if mapping.crs:
        return _chosen_crs(mapping.crs, report)
    member = data.get("crs")
    name = member.get("properties", {}).get("name") if isinstance(member, dict) else None
    if isinstance(name, str):
        try:
            crs = parse_crs(name)
        except UnknownCrs as error:
            report.error(1, f"{error} Bitte als WGS84 (EPSG:4326) speichern; nichts geladen.")
            return False
        return _chosen_crs(crs, report)
    pairs = []
    for feature in features[:200]:
        point = _representative_xy(feature.get("geometry") if isinstance(feature, dict) else None)
        if point is not None:
            pairs.append(point)
    if not any(looks_projected(x, y) for x, y in pairs):
        return None
    detected = detect_crs(pairs)
    if detected is None:
        report.error(
            1,
            "Die Koordinaten sind keine Längen/Breiten und in keinem bekannten System "
            "(ETRS89/UTM 32N/33N, Gauß-Krüger 2–5). Bitte das System angeben (--crs EPSG:…); "
            "es wurde nichts geladen.",
        )
        return False
    report.note(1, detected.note())
    return detected


def _representative_xy(geometry: object) -> tuple[float, float] | None:
    """``(x, y)`` of a point inside any GeoJSON geometry, or ``None``."""
    if not isinstance(geometry, dict):
        return None
    try:
        shape = shapely.geometry.shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError, shapely.errors.GEOSException):
        return None
    if shape.is_empty or shape.geom_type == "GeometryCollection":
        return None
    point = shape if shape.geom_type == "Point" else shape.representative_point()
    if not (math.isfinite(point.x) and math.isfinite(point.y)):
        return None
    return point.x, point.y


def _feature_record(
    number: int,
    feature: object,
    report: ProblemLog,
    mapping: ColumnMapping,
    crs: Detected | None = None,
) -> Record | None:
    if not isinstance(feature, dict):
        report.error(number, f"Objekt {number} ist kein GeoJSON-Feature.")
        return None
    properties = feature.get("properties")
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        report.error(number, f"Objekt {number}: „properties“ ist kein Objekt mit Feldern.")
        return None
    pairs: list[tuple[str, object]] = []
    for key, value in properties.items():
        column = mapping.field_of(str(key))
        if value is None or (column is None and str(key) not in mapping.type_flags):
            continue
        text = _property_text(value)
        if text is None:
            label = _field_label(column or str(key))
            report.note(number, f"Feld {label} hat keinen Textwert; ignoriert.")
            continue
        pairs.append((str(key), text))
    values = cleaned_values(iter(mapped_pairs(pairs, mapping)), number, report)
    values.pop("x", None), values.pop("y", None)
    geometry = feature.get("geometry")
    if geometry is None:
        return number, values, None
    if not isinstance(geometry, dict):
        report.error(number, f"Objekt {number}: „geometry“ ist kein GeoJSON-Geometrieobjekt.")
        return None
    kind = geometry.get("type")
    if kind == "Point":
        coordinates = geometry.get("coordinates")
        if (
            not isinstance(coordinates, list)
            or len(coordinates) < 2
            or not all(_is_number(c) for c in coordinates[:2])
        ):
            report.error(number, f"Objekt {number}: Punktkoordinaten sind keine Zahlen.")
            return None
        xy = (float(coordinates[0]), float(coordinates[1]))
    elif kind == "GeometryCollection":
        report.error(
            number,
            f"Objekt {number}: eine Geometriesammlung (GeometryCollection) hat keinen einen "
            "Ort; bitte als Punkt oder Fläche speichern.",
        )
        return None
    else:
        xy = _representative_xy(geometry)
        if xy is None:
            report.error(
                number, f"Objekt {number}: die Geometrie ({str(kind)[:20]}) ist leer oder ungültig."
            )
            return None
        shape = _SHAPES.get(str(kind), "Geometrie")
        report.note(number, f"{shape}: ein Punkt in ihrem Inneren wird als Ort verwendet.")
    if crs is not None:
        x, y = (xy[1], xy[0]) if crs.swapped else xy
        return number, values, to_wgs84(x, y, crs.crs)
    return number, values, (xy[1], xy[0])


_SHAPES = {
    "Polygon": "Fläche",
    "MultiPolygon": "Fläche",
    "LineString": "Linie",
    "MultiLineString": "Linie",
    "MultiPoint": "Mehrere Punkte",
}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _property_text(value: object) -> str | None:
    """A property as text: scalars as they are, a flat list joined with ``;``."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
    ):
        return ";".join(str(v) for v in value)
    return None


def file_columns(raw: bytes, suffix: str) -> tuple[list[str], list[dict[str, str]]]:
    """The columns of a provider file and its first rows as text (for a preview and
    a suggested mapping); empty lists for a file that is no table.

    Raises
    ------
    NotText
        For binary content.
    """
    text = table_text(raw, suffix)
    if is_geojson(text, suffix):
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            return [], []
        features = data.get("features") if isinstance(data, dict) else None
        rows = [
            {str(k): "" if v is None else str(v) for k, v in f["properties"].items()}
            for f in (features or [])[:200]
            if isinstance(f, dict) and isinstance(f.get("properties"), dict)
        ]
        return list(dict.fromkeys(key for row in rows for key in row)), rows
    lines = physical_lines(text)
    if not lines:
        return [], []
    delimiter = csv_delimiter(lines[0])
    try:
        table = list(csv.reader(lines[:201], delimiter=delimiter))
    except csv.Error:
        return [], []
    header = table[0] if table else []
    return header, [dict(zip(header, row, strict=False)) for row in table[1:]]

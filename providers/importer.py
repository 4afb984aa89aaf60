"""Import provider files that people make: CSV from Excel or LibreOffice, or GeoJSON.

Nothing a file holds raises: every fault becomes a :class:`Problem` with the
line it stands on and a German sentence that says how to fix it, and every
valid row still loads.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import geopandas as gpd

from providers.model import Provider, in_germany, providers_frame
from providers.postcodes import normalize_postcode, postcode_location
from providers.taxonomy import SERVICE_TYPES, resolve_service_type

Severity = Literal["fehler", "hinweis"]

#: Files larger than this are refused rather than read into memory.
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """Something wrong in an imported file.

    Attributes
    ----------
    row
        Line number in a CSV file (the header is line 1), or the feature's
        number (from 1) in a GeoJSON file.
    message
        German: what is wrong and how to fix it.
    severity
        ``"fehler"``: the row was not loaded; ``"hinweis"``: it was loaded,
        with the noted change.
    """

    row: int
    message: str
    severity: Severity = "fehler"


# Column names people use, folded to our fields.
_COLUMN_ALIASES: dict[str, str] = {
    "id": "id",
    "kennung": "id",
    "name": "name",
    "bezeichnung": "name",
    "organization": "organization",
    "organisation": "organization",
    "traeger": "organization",
    "service_types": "service_types",
    "servicetypes": "service_types",
    "typ": "service_types",
    "typen": "service_types",
    "angebot": "service_types",
    "angebote": "service_types",
    "angebotsart": "service_types",
    "angebotsarten": "service_types",
    "street": "street",
    "strasse": "street",
    "adresse": "street",
    "postcode": "postcode",
    "plz": "postcode",
    "postleitzahl": "postcode",
    "city": "city",
    "ort": "city",
    "stadt": "city",
    "lat": "lat",
    "latitude": "lat",
    "breite": "lat",
    "breitengrad": "lat",
    "lon": "lon",
    "lng": "lon",
    "longitude": "lon",
    "laenge": "lon",
    "laengengrad": "lon",
    "phone": "phone",
    "telefon": "phone",
    "tel": "phone",
    "email": "email",
    "mail": "email",
    "website": "website",
    "webseite": "website",
    "internet": "website",
    "url": "website",
    "languages": "languages",
    "sprachen": "languages",
    "description": "description",
    "beschreibung": "description",
    "source": "source",
    "quelle": "source",
    "last_verified": "last_verified",
    "lastverified": "last_verified",
    "stand": "last_verified",
    "geprueft": "last_verified",
    "geprueftam": "last_verified",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_MAX_FIELD = 2000


def _fold(name: str) -> str:
    folded = name.strip().lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return re.sub(r"[^a-z0-9_]", "", folded.replace("ß", "ss").replace("-", "_"))


def _canonical_column(name: str) -> str | None:
    folded = _fold(name)
    return _COLUMN_ALIASES.get(folded) or _COLUMN_ALIASES.get(folded.replace("_", ""))


def _clean(value: object) -> str:
    """Text without control characters, trimmed and bounded."""
    if value is None:
        return ""
    return _CONTROL.sub("", str(value)).strip()[:_MAX_FIELD]


def _type_codes_hint() -> str:
    return ", ".join(t.code for t in SERVICE_TYPES)


def parse_number(text: str) -> float | None:
    """Parse ``50.8``, ``50,8`` or ``7`` into a float; ``None`` if it is no number."""
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER.fullmatch(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def parse_date(text: str) -> date | None:
    """Parse ISO (``2026-05-31``) or German (``31.05.2026``, ``31.5.26``) dates."""
    cleaned = text.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|\n]", text) if part.strip()]


def _normalize_website(text: str) -> tuple[str, str | None]:
    """Return (url, note). Only http(s) links are kept: a ``javascript:`` URL must never
    reach a popup."""
    if not text:
        return "", None
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", text)
    if scheme is None:
        return f"https://{text}", None
    if scheme.group(1).lower() in ("http", "https"):
        return text, None
    return "", f"Website „{text}“ ist keine http(s)-Adresse und wurde weggelassen."


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


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


class _RowChecker:
    """Validates rows one by one and remembers ids for duplicate checks."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.seen_ids: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.providers: list[Provider] = []

    def error(self, row: int, message: str) -> None:
        self.problems.append(Problem(row, message, "fehler"))

    def note(self, row: int, message: str) -> None:
        self.problems.append(Problem(row, message, "hinweis"))

    def check(self, row: int, values: dict[str, str], point: tuple[float, float] | None) -> None:
        if not any(values.values()) and point is None:
            return  # blank line, e.g. at the end of an Excel export
        name = values.get("name", "")
        if not name:
            self.error(row, "Name fehlt. Bitte tragen Sie in der Spalte „name“ den Namen ein.")
            return
        codes = self._service_types(row, values.get("service_types", ""))
        if codes is None:
            return
        location = self._location(row, values, point)
        if location is None:
            return
        lat, lon, exact = location
        postcode = values.get("postcode", "")
        normalized_postcode = normalize_postcode(postcode) if postcode else ""
        if postcode and normalized_postcode is None:
            self.note(row, f"PLZ „{postcode}“ ist keine fünfstellige Postleitzahl.")
        website, website_note = _normalize_website(values.get("website", ""))
        if website_note:
            self.note(row, website_note)
        email = values.get("email", "")
        if email and not _EMAIL.fullmatch(email):
            self.note(row, f"E-Mail „{email}“ ist keine gültige Adresse und wurde weggelassen.")
            email = ""
        verified = None
        if values.get("last_verified"):
            verified = parse_date(values["last_verified"])
            if verified is None:
                self.note(
                    row,
                    f"Datum „{values['last_verified']}“ nicht erkannt; bitte TT.MM.JJJJ oder "
                    "JJJJ-MM-TT verwenden. Das Feld bleibt leer.",
                )
        provider_id = values.get("id") or self._derived_id(values, normalized_postcode or "")
        if provider_id in self.seen_ids:
            self.error(
                row,
                f"ID „{provider_id}“ kommt doppelt vor (zuerst in Zeile "
                f"{self.seen_ids[provider_id]}). Bitte jede ID nur einmal vergeben "
                "oder den doppelten Eintrag löschen.",
            )
            return
        self.seen_ids[provider_id] = row
        self.providers.append(
            Provider(
                id=provider_id,
                name=name,
                service_types=codes,
                lat=lat,
                lon=lon,
                organization=values.get("organization", ""),
                street=values.get("street", ""),
                postcode=normalized_postcode or postcode,
                city=values.get("city", ""),
                phone=values.get("phone", ""),
                email=email,
                website=website,
                languages=_split_list(values.get("languages", "").replace(",", ";")),
                description=values.get("description", ""),
                source=values.get("source", "") or self.source,
                last_verified=verified,
                location_exact=exact,
            )
        )

    @staticmethod
    def _derived_id(values: dict[str, str], postcode: str) -> str:
        key = "|".join([values.get("name", ""), values.get("street", ""), postcode]).casefold()
        return "p-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]

    def _service_types(self, row: int, text: str) -> list[str] | None:
        entries = _split_list(text)
        if not entries:
            self.error(
                row,
                "Angebotsart fehlt. Bitte in „service_types“ mindestens eine angeben, "
                f"z. B. familienhebamme (erlaubt: {_type_codes_hint()}).",
            )
            return None
        codes: list[str] = []
        for entry in entries:
            code = resolve_service_type(entry)
            if code is None:
                self.error(
                    row,
                    f"Unbekannte Angebotsart „{entry}“. Erlaubt sind die Codes "
                    f"{_type_codes_hint()} oder ihre deutschen Bezeichnungen; mehrere mit „;“ "
                    "trennen.",
                )
                return None
            if code not in codes:
                codes.append(code)
        return codes

    def _location(
        self, row: int, values: dict[str, str], point: tuple[float, float] | None
    ) -> tuple[float, float, bool] | None:
        if point is None:
            lat_text, lon_text = values.get("lat", ""), values.get("lon", "")
            if lat_text or lon_text:
                lat, lon = parse_number(lat_text), parse_number(lon_text)
                if lat is None or lon is None:
                    bad = lat_text if lat is None else lon_text
                    self.error(
                        row,
                        f"Koordinate „{bad}“ ist keine Zahl. Bitte Breite (lat) und Länge "
                        "(lon) als Dezimalzahl angeben, z. B. 50,7997 und 7,2043.",
                    )
                    return None
                point = (lat, lon)
        if point is not None:
            lat, lon = point
            if in_germany(lat, lon):
                return lat, lon, True
            hint = (
                " Breite und Länge scheinen vertauscht."
                if in_germany(lon, lat)
                else " Bitte die Koordinaten prüfen."
            )
            self.error(row, f"Koordinaten ({lat}, {lon}) liegen außerhalb Deutschlands.{hint}")
            return None
        postcode = values.get("postcode", "")
        centre = postcode_location(postcode) if postcode else None
        if centre is None:
            what = f"Die PLZ „{postcode}“ ist unbekannt" if postcode else "Es fehlt eine PLZ"
            self.error(
                row,
                f"Ort fehlt: keine Koordinaten (lat/lon). {what}, daher kann der Eintrag "
                "nicht auf die Karte. Bitte Koordinaten oder eine gültige PLZ eintragen.",
            )
            return None
        self.note(
            row,
            f"Keine Koordinaten: Eintrag am Mittelpunkt der PLZ {normalize_postcode(postcode)} "
            "platziert (ungefähre Lage).",
        )
        return centre[0], centre[1], False


def import_providers(path: str | Path) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read a provider file and report what is wrong with it.

    Parameters
    ----------
    path
        A CSV file (comma or semicolon, UTF-8 or Windows-1252, decimal point or
        comma, ISO or German dates) or a GeoJSON FeatureCollection, with the
        columns ``name, service_types, street, postcode, city, lat, lon, phone,
        email, website, languages, last_verified`` (optional: ``id,
        organization, description, source``). Service types are separated by
        ``;`` and may be codes or German labels.

    Returns
    -------
    providers : GeoDataFrame
        The valid rows, EPSG:4326 points.
    problems : list of Problem
        Rows not loaded (``fehler``) and changes made while loading (``hinweis``).
    """
    file = Path(path)
    source = f"Import {file.name}"
    checker = _RowChecker(source)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            checker.error(
                1, f"Die Datei ist zu groß ({size / 1e6:.0f} MB, höchstens 20 MB erlaubt)."
            )
            return providers_frame([]), checker.problems
        raw = file.read_bytes()
    except OSError as error:
        checker.error(1, f"Die Datei kann nicht gelesen werden ({error.strerror}).")
        return providers_frame([]), checker.problems
    text = _decode(raw)
    if not text.strip():
        checker.error(1, "Die Datei ist leer. Bitte eine CSV- oder GeoJSON-Datei mit Kopfzeile.")
        return providers_frame([]), checker.problems
    if file.suffix.lower() in (".geojson", ".json") or text.lstrip().startswith("{"):
        _import_geojson(text, checker)
    else:
        _import_csv(text, checker)
    return providers_frame(checker.providers), checker.problems


def _import_csv(text: str, checker: _RowChecker) -> None:
    header, records = _csv_rows(text)
    columns = [_canonical_column(name) for name in header]
    if "name" not in columns:
        checker.error(
            1,
            "Kopfzeile ohne Spalte „name“. Erwartet werden die Spalten name, service_types, "
            "street, postcode, city, lat, lon, phone, email, website, languages, last_verified.",
        )
        return
    if "service_types" not in columns:
        checker.error(1, "Kopfzeile ohne Spalte „service_types“ (Angebotsarten).")
        return
    line = 2
    try:
        for line, fields in records:
            if fields and fields[0].lstrip().startswith("#"):
                continue  # a comment, e.g. the attribution line of our own export
            values = {
                column: _clean(value)
                for column, value in zip(columns, fields, strict=False)
                if column is not None
            }
            checker.check(line, values, None)
    except csv.Error as error:
        checker.error(
            line, f"Die CSV-Datei ist ab hier beschädigt ({error}). Bitte Anführungszeichen prüfen."
        )


def _import_geojson(text: str, checker: _RowChecker) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        checker.error(
            error.lineno,
            f"Kein gültiges JSON: {error.msg} (Spalte {error.colno}). Bitte die "
            "Datei als GeoJSON-FeatureCollection speichern.",
        )
        return
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        checker.error(1, "Kein GeoJSON: es fehlt eine FeatureCollection mit „features“.")
        return
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            checker.error(number, f"Objekt {number} ist kein GeoJSON-Feature.")
            continue
        properties = feature.get("properties") or {}
        values: dict[str, str] = {}
        for key, value in properties.items():
            column = _canonical_column(str(key))
            if column is None:
                continue
            if isinstance(value, list):
                value = ";".join(str(v) for v in value)
            values[column] = _clean(value)
        point = None
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Point":
            coordinates = geometry.get("coordinates") or []
            if len(coordinates) >= 2 and all(isinstance(c, int | float) for c in coordinates[:2]):
                point = (float(coordinates[1]), float(coordinates[0]))
            else:
                checker.error(number, f"Objekt {number}: Punktkoordinaten sind keine Zahlen.")
                continue
        checker.check(number, values, point)

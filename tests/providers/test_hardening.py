"""Import and export hardening: no file crashes, no valid row is lost silently,
exports are safe to open in a spreadsheet.

Each defect has the smallest file that shows it; a property-based test feeds the
importer arbitrary bytes and JSON.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import LIMITS
from providers import (
    SAMPLE_PATH,
    SERVICE_TYPES,
    import_providers,
    load_providers,
    to_excel_csv,
)
from providers.model import GERMANY_BOUNDS, PROVIDER_COLUMNS

HEADER = "name,service_types,street,postcode,city,lat,lon,phone"
GOOD = "Muster-Kita Sonne,kita,Musterstraße 1,53721,Siegburg,50.7997,7.2043,0221 4710 001"
LATER = "Muster-Kita Mond,kita,Musterstraße 2,53721,Siegburg,50.7998,7.2044,0221 4710 002"


def _write(tmp_path: Path, content: str | bytes, name: str = "anbieter.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _errors(result) -> list[tuple[int, str]]:
    return [(p.row, p.message) for p in result.problems if p.severity == "fehler"]


def _notes(result) -> list[tuple[int, str]]:
    return [(p.row, p.message) for p in result.problems if p.severity == "hinweis"]


def _geojson(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _feature(name="Muster-SPZ", lon=7.2043, lat=50.7997, **extra) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"name": name, "service_types": "spz"},
        **extra,
    }


# 1. Files that used to end in a traceback.


def test_random_binary_bytes_as_csv_are_reported_not_raised(tmp_path):
    noise = random.Random(5).randbytes(5_000)
    result = import_providers(_write(tmp_path, noise))
    assert result.frame.empty
    assert _errors(result) == [(1, _errors(result)[0][1])]
    assert "keine Textdatei" in _errors(result)[0][1]


def test_binary_bytes_without_nul_still_do_not_raise(tmp_path):
    noise = random.Random(6).randbytes(5_000).replace(b"\x00", b"").replace(b"\x01", b"")
    result = import_providers(_write(tmp_path, noise))
    assert result.frame.empty and _errors(result)


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"geometry": "str"}, "„geometry“ ist kein GeoJSON-Geometrieobjekt"),
        ({"properties": ["x"]}, "„properties“ ist kein Objekt"),
        ({"geometry": {"type": "Point", "coordinates": 5}}, "Punktkoordinaten sind keine Zahlen"),
        ({"geometry": {"type": "Point", "coordinates": [True, 50]}}, "keine Zahlen"),
    ],
)
def test_malformed_geojson_features_are_reported_with_their_number(tmp_path, broken, message):
    bad = {**_feature("Muster kaputt"), **broken}
    text = _geojson(_feature(), bad, _feature("Muster-SPZ Zwei", lon=7.21))
    result = import_providers(_write(tmp_path, text, "anbieter.geojson"))
    assert result.frame["name"].tolist() == ["Muster-SPZ", "Muster-SPZ Zwei"]
    assert result.rows == (1, 3)
    ((row, text_),) = _errors(result)
    assert row == 2 and message in text_ and "Objekt 2" in text_


def test_geojson_nested_100000_levels_is_reported(tmp_path):
    text = '{"features": ' + "[" * 100_000 + "]" * 100_000 + "}"
    result = import_providers(_write(tmp_path, text, "tief.geojson"))
    assert result.frame.empty
    assert _errors(result) == [(1, _errors(result)[0][1])]
    assert "zu tief verschachtelt" in _errors(result)[0][1]


def test_app_data_falls_back_to_the_sample_when_a_file_gives_nothing(tmp_path):
    path = _write(tmp_path, random.Random(5).randbytes(5_000))
    loaded = load_providers(path)
    assert loaded.failed_source == path
    assert loaded.source == SAMPLE_PATH and loaded.has_sample and len(loaded.frame) > 1000
    assert any("keine Textdatei" in p.message for p in loaded.problems)


# 2. Formula injection in the CSV export.

FORMULAS = {
    "name": '=HYPERLINK("http://x")',
    "street": "+49 Straße",
    "city": "-Siegburg",
    "phone": "@SUM(1)",
    "source": "  =1+1",
}


def _hostile_providers(tmp_path: Path, **fields: str):
    row = {"name": "Muster", "service_types": "kita", "lat": "50,7997", "lon": "7,2043"}
    row.update(fields)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row), delimiter=";")
    writer.writeheader()
    writer.writerow(row)
    result = import_providers(_write(tmp_path, buffer.getvalue(), "quelle.csv"))
    assert len(result.frame) == 1, result.problems
    return result.frame


def test_export_neutralises_formulas_and_reads_back_unchanged(tmp_path):
    original = _hostile_providers(tmp_path, **FORMULAS)
    data = to_excel_csv(original).data
    cells = next(
        row
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
        if row[0] == original.iloc[0]["id"]
    )
    risky = [cell for cell in cells if re.match(r"^[ ]*[=+\-@\t\r]", cell)]
    assert risky == [], risky  # nothing a spreadsheet would run
    assert '\'=HYPERLINK("http://x")' in cells and "'@SUM(1)" in cells
    back = import_providers(_write(tmp_path, data, "export.csv"))
    for field in ("name", "street", "city", "phone"):
        assert back.frame.iloc[0][field] == FORMULAS[field]
    # leading spaces trimmed at the first import, whose label the file's source joined
    assert back.frame.iloc[0]["source"].endswith("Quelle laut Datei: =1+1")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "   ="])
def test_every_formula_start_is_neutralised(start):
    from intake import excel_csv

    data = excel_csv(["a"], [[start + "1"]]).data.decode("utf-8-sig")
    assert data.splitlines()[1].lstrip('"').startswith("'")


# 3. Valid rows after a broken spot, with the right line.


def test_unclosed_quote_reports_its_line_and_keeps_later_rows(tmp_path):
    text = "\n".join([HEADER, GOOD, '"Muster offen,kita,,53721,Siegburg,50.8,7.2,', LATER])
    result = import_providers(_write(tmp_path, text + "\n"))
    assert result.frame["name"].tolist() == ["Muster-Kita Sonne", "Muster-Kita Mond"]
    assert result.rows == (2, 4)
    ((row, message),) = _errors(result)
    assert row == 3 and "Anführungszeichen nicht geschlossen ab Zeile 3" in message


def test_overlong_quoted_field_is_reported_at_its_line_and_later_rows_load(tmp_path):
    long_row = f'"Muster {"x" * 200_000}",kita,,53721,Siegburg,50.8,7.2,'
    result = import_providers(_write(tmp_path, "\n".join([HEADER, GOOD, long_row, LATER])))
    assert result.frame["name"].tolist() == ["Muster-Kita Sonne", "Muster-Kita Mond"]
    ((row, message),) = _errors(result)
    assert row == 3 and "länger als" in message


def test_a_delimiter_inside_an_unquoted_field_is_explained(tmp_path):
    text = "\n".join(
        ["name;service_types;plz", "Muster; Kita Sonne;kita;53721", "Muster B;kita;53111"]
    )
    result = import_providers(_write(tmp_path, text))
    ((row, message),) = [n for n in _notes(result) if "Felder" in n[1]]
    assert row == 2 and "Anführungszeichen" in message


# 4. No silent changes.


def test_overlong_field_is_cut_with_a_note_per_row_and_field(tmp_path):
    text = "\n".join([HEADER, GOOD.replace("Musterstraße 1", "s" * 2_500)])
    result = import_providers(_write(tmp_path, text))
    assert len(result.frame.iloc[0]["street"]) == 2_000
    assert _notes(result) == [(2, "Feld „Straße“ war länger als 2.000 Zeichen und wurde gekürzt.")]


def test_control_characters_and_nul_are_removed_with_a_note(tmp_path):
    text = "\n".join([HEADER, GOOD.replace("Sonne", "So\x00n\x07ne")])
    result = import_providers(_write(tmp_path, text))
    assert result.frame.iloc[0]["name"] == "Muster-Kita Sonne"
    assert _notes(result) == [(2, "Feld „Name“: Steuerzeichen wurden entfernt.")]


WORLD = "Łódź Çağrı 👪 مرحبا"


def test_cp1252_export_names_the_rows_that_lose_characters(tmp_path):
    frame = _hostile_providers(tmp_path, name=WORLD)
    export = to_excel_csv(frame, encoding="cp1252")
    assert export.lossy_rows == (2,)
    assert "?" in export.data.decode("cp1252")
    assert to_excel_csv(frame).lossy_rows == ()


# 5. Spoofing and echo.


def test_bidi_controls_are_dropped_from_names_with_a_note(tmp_path):
    text = "\n".join([HEADER, GOOD.replace("Muster-Kita Sonne", "rtl\u202egnp.exe")])
    result = import_providers(_write(tmp_path, text))
    assert result.frame.iloc[0]["name"] == "rtlgnp.exe"
    ((row, message),) = _notes(result)
    assert row == 2 and "Schreibrichtung" in message


def test_long_values_are_cut_in_messages(tmp_path):
    text = "\n".join([HEADER, GOOD.replace(",kita,", "," + "9" * 5_000 + ",")])
    result = import_providers(_write(tmp_path, text))
    ((row, message),) = _errors(result)
    assert row == 2 and len(message) < 400 and "…" in message


# 6. Smaller defects.


def test_a_point_in_the_north_sea_is_refused_with_its_line(tmp_path):
    text = "\n".join(
        [
            HEADER,
            "Muster Nordsee,kita,,,,54.5,6.0,",
            "Muster Helgoland,kita,,27498,Helgoland,54.1823,7.8857,",
            "Muster Sylt,kita,,25980,Sylt,54.9079,8.3085,",
            GOOD,
        ]
    )
    loaded = load_providers(_write(tmp_path, text))
    assert loaded.frame["name"].tolist() == ["Muster Helgoland", "Muster Sylt", GOOD.split(",")[0]]
    ((row, message),) = [(p.row, p.message) for p in loaded.problems if p.severity == "fehler"]
    assert row == 2 and "nicht auf deutschem Gebiet" in message


def test_a_huge_number_is_out_of_range_not_no_number(tmp_path):
    text = "\n".join([HEADER, GOOD.replace("50.7997", "1e308"), LATER.replace("50.7998", "1e400")])
    result = import_providers(_write(tmp_path, text))
    assert [row for row, _ in _errors(result)] == [2, 3]
    assert all("außerhalb des gültigen Bereichs" in message for _, message in _errors(result))


def test_header_only_file_says_there_are_no_data_rows(tmp_path):
    result = import_providers(_write(tmp_path, HEADER + "\n\n"))
    assert _errors(result) == [
        (1, "Die Datei hat eine Kopfzeile, aber keine Datenzeilen: es gibt nichts zu laden.")
    ]


def test_size_limit_message_and_check_agree(tmp_path):
    MAX_FILE_BYTES = LIMITS["anbieter"].file_bytes
    assert MAX_FILE_BYTES == 100_000_000
    path = tmp_path / "gross.csv"
    with path.open("wb") as handle:
        handle.write((HEADER + "\n").encode())
        handle.truncate(MAX_FILE_BYTES + 1)
    ((row, message),) = _errors(import_providers(path))
    assert row == 1 and "höchstens 100 MB" in message and "100.0 MB" in message
    with path.open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES)
    assert not any("zu groß" in m for _, m in _errors(import_providers(path)))


# Round trip of hostile and non-Latin text.

ROUND_TRIP = [
    ("Przedszkole Łódź – Zażółć gęślą jaźń", "ul. Świętokrzyska 5"),
    ("Çağrı Aile Danışma Merkezi", "Şişli Cad. 1"),
    ("مركز الأسرة – مرحبا", "شارع ١٢"),
    ("Familienzentrum 👪 Sonnenschein", "Straße 🌞 3"),
    ('<script>alert("x")</script>', '=HYPERLINK("http://x")'),
    ('Semikolon; im Namen, mit "Zitat"', "-Minusweg 7"),
]


def test_export_import_round_trip_keeps_every_record(tmp_path):
    rows = [
        {
            "id": f"r{i}",
            "name": name,
            "service_types": "kita; spz",
            "street": street,
            "postcode": "53721",
            "city": "Siegburg",
            "lat": f"50,{7990 + i}",
            "lon": "7,2043",
            "phone": "+49 2241 0",
            "email": "info@muster.example",
            "website": "https://muster.example.org/ä?x=1",
            "languages": "pl; tr; ar",
            "last_verified": "31.05.2026",
        }
        for i, (name, street) in enumerate(ROUND_TRIP)
    ]
    rows.append({**rows[0], "id": "ohne-ort", "lat": "", "lon": ""})  # placed at the PLZ
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    first = import_providers(_write(tmp_path, buffer.getvalue(), "quelle.csv"))
    assert len(first.frame) == len(rows), first.problems
    exported = to_excel_csv(first.frame, attribution="Quelle: Test")
    back = import_providers(_write(tmp_path, exported.data, "export.csv"))
    assert _errors(back) == []
    columns = [c for c in PROVIDER_COLUMNS if c not in ("organization", "description")]
    assert back.frame[columns].to_dict("records") == first.frame[columns].to_dict("records")
    assert not back.frame.iloc[-1]["location_exact"]


# Property-based: nothing raises, nothing invalid comes through.

_TYPES = {service.code for service in SERVICE_TYPES}
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_TEXT_FIELDS = ("id", "name", "street", "postcode", "city", "phone", "email", "website", "source")


def _check_invariants(result) -> None:
    frame = result.frame
    assert len(result.rows) == len(frame)
    assert all(isinstance(p.row, int) and p.row >= 0 for p in result.problems)
    assert frame["id"].is_unique
    lat_min, lat_max, lon_min, lon_max = GERMANY_BOUNDS
    for record in frame.to_dict("records"):
        assert record["name"]
        assert record["service_types"] and set(record["service_types"]) <= _TYPES
        assert lat_min <= record["lat"] <= lat_max and lon_min <= record["lon"] <= lon_max
        assert record["website"] == "" or re.match(r"https?://", record["website"], re.I)
        for field in _TEXT_FIELDS:
            assert len(record[field]) <= 2_000 and not _FORBIDDEN.search(record[field])


_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(raw=st.binary(max_size=3_000), suffix=st.sampled_from([".csv", ".geojson", ".txt"]))
def test_arbitrary_bytes_never_raise(tmp_path, raw, suffix):
    _check_invariants(import_providers(_write(tmp_path, raw, "x" + suffix)))


_CELL = st.text(max_size=30) | st.sampled_from(
    ["kita", "spz; kita", "50,8", "7.2", "53721", "", '"', "=1+1", "\u202e", "1e308", "\x00"]
)


@_SETTINGS
@given(rows=st.lists(st.lists(_CELL, min_size=0, max_size=10), max_size=8))
def test_arbitrary_csv_never_raises(tmp_path, rows):
    lines = [HEADER] + [",".join(cells) for cells in rows]
    _check_invariants(import_providers(_write(tmp_path, "\n".join(lines))))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
_PROPERTIES = st.dictionaries(
    st.sampled_from(["name", "service_types", "lat", "lon", "plz", "website", "x"]),
    _JSON | _CELL,
)
_FEATURE = st.fixed_dictionaries(
    {
        "type": st.just("Feature"),
        "geometry": _JSON
        | st.fixed_dictionaries(
            {"type": st.just("Point"), "coordinates": st.lists(_JSON | st.floats(), max_size=3)}
        ),
        "properties": _PROPERTIES | _JSON,
    }
)


@_SETTINGS
@given(document=_JSON | st.fixed_dictionaries({"features": st.lists(_FEATURE | _JSON, max_size=5)}))
def test_arbitrary_json_never_raises(tmp_path, document):
    text = json.dumps(document)
    _check_invariants(import_providers(_write(tmp_path, text, "x.geojson")))

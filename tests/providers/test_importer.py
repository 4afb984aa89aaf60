"""Importer: every bad input becomes a problem with its line; valid rows still load."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from intake import parse_date, parse_number
from providers import import_providers, load_providers, to_excel_csv

HEADER = (
    "name,service_types,street,postcode,city,lat,lon,phone,email,website,languages,last_verified"
)
GOOD = "Muster-Kita Sonne,kita,Musterstraße 1,53721,Siegburg,50.7997,7.2043,0221 4710 001,,,de,"


def _read(path: Path):
    """Providers and problems of a file, as the tests compare them."""
    result = import_providers(path)
    assert len(result.rows) == len(result.frame)
    return result.frame, list(result.problems)


def _csv(tmp_path: Path, *rows: str, name: str = "anbieter.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(rows) + "\n").encode(encoding))
    return path


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (",kita,,53721,Siegburg,50.8,7.2,,,,,", "Name fehlt"),
        ("Muster A,zahnarzt,,53721,Siegburg,50.8,7.2,,,,,", "Unbekannte Angebotsart „zahnarzt“"),
        ("Muster A,,,53721,Siegburg,50.8,7.2,,,,,", "Angebotsart fehlt"),
        ("Muster A,kita,,53721,Siegburg,abc,7.2,,,,,", "Koordinate „abc“ ist keine Zahl"),
        ("Muster A,kita,,53721,Siegburg,48.85,2.35,,,,,", "außerhalb Deutschlands"),
        ("Muster A,kita,,53721,Siegburg,7.2,50.8,,,,,", "vertauscht"),
        ("Muster A,kita,,99999,Nirgendwo,,,,,,,", "PLZ „99999“ ist unbekannt"),
        ("Muster A,kita,,,Nirgendwo,,,,,,,", "Es fehlt eine PLZ"),
    ],
)
def test_bad_row_is_reported_with_its_line_and_good_rows_load(tmp_path, bad_row, message):
    other = GOOD.replace("Sonne", "Mond")
    providers, problems = _read(_csv(tmp_path, HEADER, GOOD, bad_row, other))
    assert list(providers["name"]) == ["Muster-Kita Sonne", "Muster-Kita Mond"]
    errors = [p for p in problems if p.severity == "fehler"]
    assert len(errors) == 1
    assert errors[0].row == 3
    assert message in errors[0].message


def test_duplicate_ids_keep_the_first(tmp_path):
    path = _csv(
        tmp_path,
        "id," + HEADER,
        "a1," + GOOD,
        "a2," + GOOD.replace("Sonne", "Mond"),
        "a1," + GOOD.replace("Sonne", "Stern"),
    )
    providers, problems = _read(path)
    assert list(providers["id"]) == ["a1", "a2"]
    assert [(p.row, p.severity) for p in problems] == [(4, "fehler")]
    assert "ID „a1“ kommt doppelt vor (zuerst in Zeile 2)" in problems[0].message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Die Datei ist leer"),
        (b"   \n\n", "Die Datei ist leer"),
        (b"foo,bar\n1,2\n", "Keine Spalte für den Namen"),
        (
            b"name,city\nMuster,Bonn\n",
            "Keine Spalte für die Angebotsart (service_types). Auf der Kommandozeile",
        ),
    ],
)
def test_empty_or_headerless_files(tmp_path, content, message):
    path = tmp_path / "datei.csv"
    path.write_bytes(content)
    providers, problems = _read(path)
    assert providers.empty
    assert problems[0].row == 1
    assert message in problems[0].message


def test_unreadable_file_is_a_problem_not_a_traceback(tmp_path):
    providers, problems = _read(tmp_path / "gibt-es-nicht.csv")
    assert providers.empty
    assert "kann nicht gelesen werden" in problems[0].message


def test_german_excel_csv_semicolon_cp1252_decimal_comma_german_dates(tmp_path):
    path = _csv(
        tmp_path,
        "Name;Angebotsarten;Straße;PLZ;Ort;Breitengrad;Längengrad;Telefon;E-Mail;Website;"
        "Sprachen;Stand",
        'Muster-Frühförderstelle Lindenhof;"Frühförderstelle; Kita";Am Musterplatz 3;53721;'
        "Siegburg;50,7997;7,2043;0221 4710 002;info@muster.example;muster.example.org;de, tr;"
        "31.05.2026",
        encoding="cp1252",
    )
    providers, problems = _read(path)
    assert problems == []
    row = providers.iloc[0]
    assert row["name"] == "Muster-Frühförderstelle Lindenhof"
    assert row["service_types"] == ["fruehfoerderstelle", "kita"]
    assert (row["lat"], row["lon"]) == (50.7997, 7.2043)
    assert row["last_verified"] == date(2026, 5, 31)
    assert row["website"] == "https://muster.example.org"
    assert row["languages"] == ["de", "tr"]


def test_row_without_coordinates_is_placed_at_its_postcode_as_approximate(tmp_path):
    providers, problems = _read(
        _csv(tmp_path, HEADER, "Muster-Beratung,Schwangerschaftsberatung,,53721,Siegburg,,,,,,,")
    )
    row = providers.iloc[0]
    assert not row["location_exact"]
    assert 50.7 < row["lat"] < 50.9
    assert [(p.row, p.severity) for p in problems] == [(2, "hinweis")]
    assert "PLZ 53721" in problems[0].message


def test_hostile_text_is_kept_as_text_and_unsafe_links_dropped(tmp_path):
    hostile = '"<script>alert(1)</script>",kita,,53721,Siegburg,50.8,7.2,,x,javascript:alert(1),,'
    providers, problems = _read(_csv(tmp_path, HEADER, hostile))
    assert providers.iloc[0]["name"] == "<script>alert(1)</script>"
    assert providers.iloc[0]["website"] == ""
    assert providers.iloc[0]["email"] == ""
    assert {p.severity for p in problems} == {"hinweis"}


def test_bad_date_is_a_note_and_the_row_loads(tmp_path):
    providers, problems = _read(_csv(tmp_path, HEADER, GOOD + "im Mai"))
    assert len(providers) == 1 and providers.iloc[0]["last_verified"] is None
    assert problems[0].severity == "hinweis" and "nicht erkannt" in problems[0].message


def test_geojson_import(tmp_path):
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [7.2043, 50.7997]},
            "properties": {"name": "Muster-SPZ", "service_types": ["spz", "Frühförderstelle"]},
        },
        {"type": "Feature", "geometry": None, "properties": {"name": "", "service_types": "kita"}},
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": ["x", 1]},
            "properties": {"name": "Muster"},
        },
    ]
    path = tmp_path / "anbieter.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    providers, problems = _read(path)
    assert list(providers["service_types"]) == [["spz", "fruehfoerderstelle"]]
    assert [(p.row, p.severity) for p in problems] == [(2, "fehler"), (3, "fehler")]


@pytest.mark.parametrize(
    ("text", "message"),
    [('{"type": "FeatureCollection", "features": [', "Kein gültiges JSON"), ("{}", "Kein GeoJSON")],
)
def test_broken_geojson(tmp_path, text, message):
    path = tmp_path / "kaputt.geojson"
    path.write_text(text)
    providers, problems = _read(path)
    assert providers.empty and message in problems[0].message


def test_excel_export_round_trips_through_the_importer(tmp_path):
    original = load_providers().frame
    exported = to_excel_csv(original.head(20), attribution="Quelle: Test").data
    text = exported.decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.startswith("id;name;service_types;")
    fields = dict(zip(header.split(";"), next(csv.reader([first], delimiter=";")), strict=True))
    lat = original.iloc[0]["lat"]
    assert fields["lat"] == repr(float(lat)).replace(".", ",")
    assert "," in fields["lat"] and "." not in fields["lat"]  # decimal comma
    assert text.rstrip().endswith("# Quelle: Test")
    path = tmp_path / "export.csv"
    path.write_bytes(exported)
    reimported, problems = _read(path)
    assert problems == []
    assert list(reimported["id"]) == list(original.head(20)["id"])
    assert list(reimported["service_types"]) == list(original.head(20)["service_types"])
    assert reimported["lat"].tolist() == pytest.approx(original.head(20)["lat"].tolist())
    assert list(reimported["last_verified"]) == list(original.head(20)["last_verified"])


@pytest.mark.parametrize(
    ("text", "number"),
    [("50.8", 50.8), ("50,8", 50.8), ("7", 7.0), (" -7,25 ", -7.25), ("abc", None), ("", None)],
)
def test_parse_number(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-05-31", date(2026, 5, 31)),
        ("31.05.2026", date(2026, 5, 31)),
        ("31.5.26", date(2026, 5, 31)),
        ("2026-05-31T12:00:00", date(2026, 5, 31)),
        ("31/05/2026", None),
        ("im Mai", None),
    ],
)
def test_parse_date(text, day):
    assert parse_date(text) == day


def test_family_fields_are_read_and_unclear_values_noted_per_row(tmp_path):
    header = (
        "name,service_types,lat,lon,Lebensphase,kostenlos,ohne Antrag,barrierefrei,Öffnungszeiten"
    )
    path = _csv(
        tmp_path,
        header,
        'Muster A,kita,50.8,7.2,"Schwangerschaft; 0–1 Jahr",ja,nein,x,Mo–Fr 9–12 Uhr',
        "Muster B,kita,50.8,7.21,Teenager,vielleicht,,0,",
    )
    providers, problems = _read(path)
    first, second = providers.to_dict("records")
    assert first["life_stages"] == ["schwangerschaft", "0-1"]
    assert (first["free_of_charge"], first["no_application"], first["barrier_free"]) == (
        True,
        False,
        True,
    )
    assert first["opening_hours"] == "Mo–Fr 9–12 Uhr"
    assert second["life_stages"] == [] and second["barrier_free"] is False
    assert second["free_of_charge"] is None and second["no_application"] is None  # not stated
    (stage_row, stage_note), (flag_row, flag_note) = [(p.row, p.message) for p in problems]
    assert stage_row == flag_row == 3
    assert stage_note.startswith("Lebensphase „Teenager“ unbekannt")
    assert flag_note.startswith("„kostenlos“: „vielleicht“ nicht verstanden")


def test_reading_stops_at_the_row_limit_and_says_so(tmp_path, monkeypatch):
    import dataclasses

    from intake import LIMITS

    monkeypatch.setitem(LIMITS, "anbieter", dataclasses.replace(LIMITS["anbieter"], rows=3))
    rows = [GOOD.replace("Sonne", f"Sonne {i}") for i in range(5)]
    found, problems = _read(_csv(tmp_path, HEADER, *rows))
    assert len(found) == 3
    assert [p.row for p in problems] == [5]
    assert "Mehr als 3 Einträge" in problems[0].message

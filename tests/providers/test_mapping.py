"""Foreign files as they come: a city's open-data Kita GeoJSON (upper-case German
columns, street + house number, 0/1 type flags) loads without editing; a saved
mapping and one type for all rows work from a file and on the command line."""

from __future__ import annotations

import json

import pytest

from familienkarte.cli import main
from providers import import_providers
from providers.mapping import ColumnMapping, suggest_mapping

KITA_COUNT = 241


def _kita_geojson(path, flags: bool = True):
    features = []
    for i in range(KITA_COUNT):
        properties = {
            "TRAEGER": "Stadt Musterstadt" if i % 2 else "Ev. Kirchengemeinde",
            "BEZEICHNUNG": f"Muster-Kita Nr. {i}",
            "STRASSE": "Musterstraße",
            "HAUSBEZ": f"{i + 1}a",
            "PLZ": "53721",
            "ORT": "Siegburg",
            "TELEFON": "02241 1020",
            "EMAIL": f"kita{i}@example.org",
            "URL": "www.example.org",
            "BARRIEREFREI": i % 2,
        }
        if flags:
            properties |= {"KITA": 1, "HORT": int(i % 3 == 0)}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [7.2 + i / 10_000, 50.79]},
                "properties": properties,
            }
        )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_the_city_kita_file_loads_as_it_comes(tmp_path):
    result = import_providers(_kita_geojson(tmp_path / "kitas.geojson"))
    errors = [p for p in result.problems if p.severity == "fehler"]
    assert errors == []
    assert len(result.frame) == KITA_COUNT
    first = result.frame.iloc[0]
    assert first["name"] == "Muster-Kita Nr. 0"
    assert first["organization"] == "Ev. Kirchengemeinde"
    assert first["street"] == "Musterstraße 1a"
    assert list(first["service_types"]) == ["kita"]
    assert first["website"] == "https://www.example.org"
    assert result.frame["barrier_free"].tolist()[:2] == [False, True]


def test_the_suggestion_names_what_it_maps(tmp_path):
    mapping = suggest_mapping(
        ["BEZEICHNUNG", "STRASSE", "HAUSBEZ", "KITA", "HORT", "X", "BEMERKUNG"],
        [{"KITA": "1", "HORT": "0"}, {"KITA": "0", "HORT": ""}],
    )
    assert mapping.columns["BEZEICHNUNG"] == "name"
    assert mapping.columns["STRASSE"] == "street" and mapping.columns["HAUSBEZ"] == "housenumber"
    assert mapping.type_flags == {"KITA": "kita"}  # "Hort" is no type of ours
    assert mapping.columns["X"] == "x"  # an easting, converted with its northing
    assert mapping.columns["BEMERKUNG"] == ""


def test_without_flags_one_type_for_all_rows_from_a_saved_mapping(tmp_path, monkeypatch):
    path = _kita_geojson(tmp_path / "ohne.geojson", flags=False)
    assert len(import_providers(path).frame) == 0  # nothing says what they are
    saved = tmp_path / "kitas.mapping.json"
    saved.write_text(ColumnMapping(service_type="kita").to_json(), encoding="utf-8")
    mapping = ColumnMapping.from_json(saved.read_text(encoding="utf-8"))
    assert len(import_providers(path, mapping).frame) == KITA_COUNT
    monkeypatch.setenv("FAMILIENKARTE_STORE", str(tmp_path / "cli.sqlite"))
    assert main(["import", str(path), "--typ", "kita"]) == 0
    assert main(["import", str(path), "--zuordnung", str(saved)]) == 0


def test_a_value_table_maps_the_files_own_words(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text(
        "Einrichtung;Art;PLZ;Ort\nSonnenschein;Kindertagesstätte U3;53111;Bonn\n"
        "Amt;Behörde;53111;Bonn\n",
        encoding="utf-8",
    )
    mapping = ColumnMapping(
        columns={"Einrichtung": "name", "Art": "service_types", "PLZ": "postcode", "Ort": "city"},
        type_values={"Kindertagesstätte U3": "kita", "Behörde": "jugendamt"},
    )
    frame = import_providers(path, mapping).frame
    assert [list(codes) for codes in frame["service_types"]] == [["kita"], ["jugendamt"]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "kein gültiges JSON"),
        ('{"spalten": {"A": "farbe"}}', "Feld „farbe“"),
        ('{"angebotsart": "raumschiff"}', "keine Angebotsart"),
        ('{"schalter": {"KITA": "hort"}}', "„hort“"),
    ],
)
def test_a_broken_mapping_file_gets_a_message(text, message):
    with pytest.raises(ValueError, match=message):
        ColumnMapping.from_json(text)


def test_an_excel_workbook_loads_like_its_csv(tmp_path):
    import pandas as pd

    path = tmp_path / "kitas.xlsx"
    pd.DataFrame(
        {
            "Bezeichnung": ["Muster-Kita Sonne", "Muster-Kita Mond"],
            "Angebotsart": ["Kita", "Kita"],
            "Straße": ["Musterweg", "Beispielweg"],
            "Hausnummer": [1, 2],
            "PLZ": [53721, 53721],
            "Ort": ["Siegburg", "Siegburg"],
            "geprüft am": [pd.Timestamp("2026-01-15"), None],
        }
    ).to_excel(path, index=False)
    frame = import_providers(path).frame
    assert frame["name"].tolist() == ["Muster-Kita Sonne", "Muster-Kita Mond"]
    assert frame["street"].tolist() == ["Musterweg 1", "Beispielweg 2"]
    assert frame["postcode"].tolist() == ["53721", "53721"]
    assert str(frame["last_verified"].iloc[0]) == "2026-01-15"


def test_a_broken_workbook_gets_a_message(tmp_path):
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"PK\x03\x04 nicht wirklich eine Arbeitsmappe")
    result = import_providers(path)
    assert len(result.frame) == 0
    assert "keine lesbare Excel" in result.problems[0].message

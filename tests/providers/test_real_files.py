"""Files as Kreise get them: OSM exports, UTM and Gauß-Krüger coordinates, one-field
addresses, foreign HSDS packages. Each fixture is made here, in the shape of a real
public file (no such file is in the repository)."""

from __future__ import annotations

import csv
import json

import pytest
from pyproj import Transformer

from geodata.coordinates import distance_km
from providers import ColumnMapping, import_providers

KREISHAUS = (50.79748, 7.20434)  # Siegburg, Kaiser-Wilhelm-Platz
ALEXANDERPLATZ = (52.52192, 13.41321)
DOM = (50.94128, 6.95826)  # Köln


def _projected(point: tuple[float, float], crs: str) -> tuple[float, float]:
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(point[1], point[0])


def _messages(result) -> list[str]:
    return [p.message for p in result.problems]


def _square(lat: float, lon: float, half: float = 0.0004) -> dict:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def _osm_kita(name: str, geometry: dict | None, **extra) -> dict:
    # OSM exports list their keys alphabetically: the house number before the street.
    properties = {
        "addr:city": "Siegburg",
        "addr:housenumber": "33-35",
        "addr:postcode": "53721",
        "addr:street": "Wilhelmstraße",
        "amenity": "kindergarten",
        "contact:phone": "+49 2241 13-0",
        "name": name,
        "opening_hours": "Mo-Fr 07:00-16:30",
        "operator": "Stadt Siegburg",
        "source": "survey",
        "wheelchair": "yes",
        **extra,
    }
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _write_json(path, data) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_an_osm_export_with_building_polygons_loads_every_kita(tmp_path):
    features = [
        _osm_kita("Kita Sonnenblume", _square(*KREISHAUS)),
        _osm_kita("Kita Regenbogen", {"type": "Point", "coordinates": [7.2066, 50.7989]}),
        _osm_kita("Kita Leer", {"type": "Polygon", "coordinates": []}),
        _osm_kita("Kita Sammlung", {"type": "GeometryCollection", "geometries": []}),
    ]
    path = _write_json(
        tmp_path / "osm.geojson", {"type": "FeatureCollection", "features": features}
    )
    result = import_providers(path, ColumnMapping(service_type="kita"))
    frame = result.frame.set_index("name")
    assert list(frame.index) == ["Kita Sonnenblume", "Kita Regenbogen"]
    polygon = frame.loc["Kita Sonnenblume"]
    assert distance_km((polygon["lat"], polygon["lon"]), KREISHAUS) < 0.05
    assert polygon["street"] == "Wilhelmstraße 33-35"  # street first, whatever the key order
    assert polygon["phone"] == "+49 2241 13-0" and polygon["organization"] == "Stadt Siegburg"
    assert bool(polygon["barrier_free"]) and polygon["opening_hours"] == "Mo-Fr 07:00-16:30"
    # OSM's own "source" key does not replace the import's label
    assert polygon["source"] == "Import osm.geojson; Quelle laut Datei: survey"
    notes = {p.row: p.message for p in result.problems}
    assert notes[1] == "Fläche: ein Punkt in ihrem Inneren wird als Ort verwendet."
    assert "leer oder ungültig" in notes[3]
    assert "GeometryCollection" in notes[4]


def test_geojson_in_utm_33_with_the_legacy_crs_member_lands_on_the_alexanderplatz(tmp_path):
    x, y = _projected(ALEXANDERPLATZ, "EPSG:32633")
    data = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32633"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Kita am Alex", "addr:postcode": "10178"},
                "geometry": {"type": "Point", "coordinates": [x, y]},
            }
        ],
    }
    result = import_providers(
        _write_json(tmp_path / "utm.geojson", data), ColumnMapping(service_type="kita")
    )
    (row,) = result.frame.itertuples()
    assert distance_km((row.lat, row.lon), ALEXANDERPLATZ) < 0.005
    assert "EPSG:32633" in _messages(result)[0] and "laut Datei" in _messages(result)[0]


def test_projected_geojson_without_a_crs_member_is_recognised_by_its_values(tmp_path):
    x, y = _projected(KREISHAUS, "EPSG:25832")
    feature = {
        "type": "Feature",
        "properties": {"name": "Kita", "typ": "kita"},
        "geometry": {"type": "Point", "coordinates": [x, y]},
    }
    data = {"type": "FeatureCollection", "features": [feature]}
    result = import_providers(_write_json(tmp_path / "ohne.geojson", data))
    (row,) = result.frame.itertuples()
    assert distance_km((row.lat, row.lon), KREISHAUS) < 0.005
    assert _messages(result)[0].startswith("Koordinaten in ETRS89/UTM Zone 32N (EPSG:25832)")


def _csv(path, rows: list[list[str]], delimiter: str = ";") -> str:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return str(path)


def test_gauss_krueger_columns_are_converted_and_the_zone_is_named(tmp_path):
    x, y = _projected(DOM, "EPSG:31466")
    path = _csv(
        tmp_path / "stadt.csv",
        [
            ["bezeichnung", "gk-easting", "gk-northing", "plz"],
            ["Familienzentrum Dom", f"{x:.1f}", f"{y:.1f}", "50667"],
        ],
    )
    result = import_providers(path, ColumnMapping(service_type="familienzentrum"))
    (row,) = result.frame.itertuples()
    assert distance_km((row.lat, row.lon), DOM) < 0.01
    assert _messages(result) == [
        "Koordinaten in Gauß-Krüger Zone 2 (EPSG:31466) (nach dem Wertebereich angenommen) nach "
        "WGS84 umgerechnet."
    ]


def test_wgs84_columns_win_when_a_file_has_both(tmp_path):
    x, y = _projected(DOM, "EPSG:31466")
    path = _csv(
        tmp_path / "beide.csv",
        [
            ["bezeichnung", "gk-easting", "gk-northing", "wgs84-north", "wgs84-east"],
            ["Kita", f"{x + 5000:.1f}", f"{y:.1f}", "50,94128", "6,95826"],
        ],
    )
    (row,) = import_providers(path, ColumnMapping(service_type="kita")).frame.itertuples()
    assert distance_km((row.lat, row.lon), DOM) < 0.001


@pytest.mark.parametrize(
    ("crs", "prefix", "postcode", "place"),
    [
        ("EPSG:25832", 0, "53721", KREISHAUS),
        ("EPSG:25832", 32_000_000, "53721", KREISHAUS),  # the zone written before the easting
        ("EPSG:25833", 0, "10178", ALEXANDERPLATZ),  # the ranges overlap: the PLZ decides
    ],
)
def test_utm_columns_in_either_zone(tmp_path, crs, prefix, postcode, place):
    x, y = _projected(place, crs)
    path = _csv(
        tmp_path / "utm.csv",
        [
            ["name", "rechtswert", "hochwert", "plz", "typ"],
            ["Kita", f"{x + prefix:.2f}", f"{y:.2f}", postcode, "kita"],
        ],
    )
    result = import_providers(path)
    (row,) = result.frame.itertuples()
    assert distance_km((row.lat, row.lon), place) < 0.005
    assert crs in _messages(result)[0]


def test_one_field_addresses_and_the_names_open_data_lists_use(tmp_path):
    path = _csv(
        tmp_path / "flensburg.csv",
        [
            ["facility", "address", "postal_code", "phone_number", "sprachen"],
            ["Kita Möwe", "Marienkirchhof 4", "24937", "0461 85-0", "de, 1, Dänisch"],
            ["Kita Förde", "Rathausplatz 1, 24937 Flensburg", "", "", "Türkisch"],
        ],
        delimiter=",",
    )
    result = import_providers(path, ColumnMapping(service_type="kita"))
    frame = result.frame.set_index("name")
    assert frame.loc["Kita Möwe", "street"] == "Marienkirchhof 4"
    assert frame.loc["Kita Möwe", "postcode"] == "24937"
    assert frame.loc["Kita Möwe", "phone"] == "0461 85-0"
    assert frame.loc["Kita Förde", "street"] == "Rathausplatz 1"
    assert frame.loc["Kita Förde", "city"] == "Flensburg"
    assert frame.loc["Kita Möwe", "languages"] == ["de", "da"]
    assert frame.loc["Kita Förde", "languages"] == ["tr"]
    assert any("Sprache „1“ unbekannt" in m for m in _messages(result))


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        ({"amenity": "kindergarten", "typ": "kita"}, "Keine Spalte für den Namen"),
        ({"name": "Kita"}, "--typ kita"),
    ],
)
def test_a_geojson_without_name_or_type_gets_one_message_for_the_file(
    tmp_path, properties, expected
):
    features = [
        {
            "type": "Feature",
            "properties": properties,
            "geometry": {"type": "Point", "coordinates": [7.2, 50.8]},
        }
        for _ in range(500)
    ]
    path = _write_json(tmp_path / "x.geojson", {"type": "FeatureCollection", "features": features})
    result = import_providers(path)
    assert result.frame.empty
    assert len(result.problems) == 1 and expected in result.problems[0].message


def _package(
    folder, services: list[dict], terms: list[dict], attributes: list[dict], locations: list[dict]
):
    folder.mkdir()
    tables = {
        "services.csv": services,
        "taxonomy_terms.csv": terms,
        "service_attributes.csv": attributes,
        "locations.csv": locations,
        "service_at_locations.csv": [
            {"id": f"sl{i}", "service_id": s["id"], "location_id": f"l{i}"}
            for i, s in enumerate(services)
        ],
    }
    for name, rows in tables.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


def test_a_foreign_hsds_folder_maps_its_taxonomy_and_reports_latitude_100(tmp_path):
    folder = _package(
        tmp_path / "paket",
        services=[
            {"id": "s1", "name": "Hebammenhilfe Nord", "status": "active"},
            {"id": "s2", "name": "Treffpunkt Mitte", "status": "active"},
            {"id": "s3", "name": "Beratung Süd", "status": "active"},
        ],
        terms=[{"id": "t1", "name": "Familienhebamme"}, {"id": "t2", "name": "Community Centre"}],
        attributes=[
            {"id": "a1", "service_id": "s1", "taxonomy_term_id": "t1"},
            {"id": "a2", "service_id": "s2", "taxonomy_term_id": "t2"},
        ],
        locations=[
            {"id": "l0", "name": "Nord", "latitude": "50.8", "longitude": "7.2"},
            {"id": "l1", "name": "Mitte", "latitude": "50.79", "longitude": "7.21"},
            {
                "id": "l2",
                "name": "Süd",
                "latitude": "100",
                "longitude": "7.2",
            },  # as in HSDS 3's example
        ],
    )
    result = import_providers(folder, ColumnMapping(service_type="familienzentrum"))
    types = dict(zip(result.frame["name"], result.frame["service_types"], strict=True))
    assert types == {
        "Hebammenhilfe Nord": ["familienhebamme"],
        "Treffpunkt Mitte": ["familienzentrum"],
    }
    (problem,) = result.problems
    assert problem.row == 4 and "„100“" in problem.message and "Breite" in problem.message


def test_empty_easting_and_northing_columns_leave_rows_to_their_address(tmp_path):
    path = _csv(
        tmp_path / "leer.csv",
        [
            ["name", "adresse", "typ", "rechtswert", "hochwert"],
            ["Amt", "Markt 1, 53721 Siegburg", "jugendamt", "", ""],
        ],
    )
    result = import_providers(path)
    (row,) = result.frame.itertuples()
    assert row.postcode == "53721" and not row.location_exact

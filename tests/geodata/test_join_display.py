"""Spatial join of known places and the compact display encoding."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geodata import assign_areas, gemeinde_at, load_boundaries
from geodata.display import boundary_layer_json, decode_polyline, encode_polygons, encode_values


@pytest.fixture(scope="module")
def gemeinden():
    return load_boundaries("gemeinde")


@pytest.mark.parametrize(
    ("lat", "lon", "ags"),
    [
        (50.7997, 7.2043, "05382060"),  # Siegburg, Markt
        (54.3066, 9.6631, "01058135"),  # Rendsburg
        (54.4714, 9.8378, "01058043"),  # Eckernförde
        (50.9375, 6.9603, "05315000"),  # Köln, Dom
    ],
)
def test_known_points_land_in_their_gemeinde(gemeinden, lat, lon, ags):
    assert gemeinde_at(lat, lon, gemeinden) == ags


def test_assign_areas_keeps_order_and_marks_points_abroad(gemeinden):
    points = gpd.GeoDataFrame(
        {"name": ["Siegburg", "Paris", "Rendsburg"]},
        geometry=gpd.points_from_xy([7.2043, 2.35, 9.6631], [50.7997, 48.85, 54.3066]),
        crs=4326,
    )
    placed = assign_areas(points, gemeinden)
    assert list(placed["name"]) == ["Siegburg", "Paris", "Rendsburg"]
    assert placed["gemeinde_ags"].iloc[0] == "05382060"
    assert placed["kreis_ags"].iloc[0] == "05382"
    assert placed["land_ags"].iloc[2] == "01"
    assert placed["gemeinde_ags"].isna().tolist() == [False, True, False]


def test_polyline_encoding_matches_the_published_example():
    # Google's reference: (38.5, -120.2), (40.7, -120.95), (43.252, -126.453).
    values = np.array([3850000, -12020000, 220000, -75000, 255200, -550300])
    assert encode_values(values).decode() == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


@pytest.mark.parametrize("ags", ["05382060", "01058043", "05315000"])
def test_encoded_rings_decode_to_the_rounded_polygon(gemeinden, ags):
    geometry = gemeinden.set_index("ags").at[ags, "geometry"]
    encoded = encode_polygons(np.array([geometry]), decimals=5)[0]
    parts = shapely.get_parts(geometry)
    assert len(encoded) == len(parts)
    exterior = np.asarray(parts[0].exterior.coords)[:-1]
    decoded = np.asarray(decode_polyline(encoded[0][0], decimals=5))
    np.testing.assert_allclose(decoded[:, ::-1], exterior, atol=1e-9)


def test_layer_json_escapes_names_and_is_much_smaller_than_geojson(gemeinden):
    frame = gemeinden[gemeinden["kreis_ags"] == "01058"].copy()
    frame.loc[frame.index[0], "name"] = "<script>alert(1)</script>"
    payload = boundary_layer_json(frame)
    assert "<script>" not in payload
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in payload
    assert len(payload) * 4 < len(frame.to_json())

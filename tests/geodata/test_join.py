"""Spatial join of known places."""

from __future__ import annotations

import geopandas as gpd
import pytest

from geodata import assign_areas, gemeinde_at, load_boundaries


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


def test_distance_to_an_area_of_gemeinden_is_zero_inside_and_grows_outside():
    import numpy as np

    from geodata import BoundarySet, distance_to_area

    boundaries = BoundarySet()
    # Siegburg's market, Troisdorf's station, Bonn's Münsterplatz, Köln Dom
    lat = np.array([50.7998, 50.8160, 50.7339, 50.9413])
    lon = np.array([7.2070, 7.1560, 7.0998, 6.9583])
    siegburg_troisdorf = distance_to_area(boundaries, ("05382060", "05382068"), lat, lon)
    assert siegburg_troisdorf[0] == 0 and siegburg_troisdorf[1] == 0
    assert 1_000 < siegburg_troisdorf[2] < 10_000  # Bonn lies just south
    assert siegburg_troisdorf[3] > siegburg_troisdorf[2]
    # a whole Kreis by its key: Bonn and Köln lie outside the Rhein-Sieg-Kreis
    kreis = distance_to_area(boundaries, ("05382",), lat, lon)
    assert (kreis[:2] == 0).all() and (kreis[2:] > 0).all()
    with pytest.raises(KeyError):
        distance_to_area(boundaries, ("99999999",), lat, lon)

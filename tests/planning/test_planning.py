"""Coverage measures on small hand-computed cases, checked without Streamlit."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer

from geodata import to_metric
from planning import (
    GemeindeCoverage,
    SiteProposal,
    gemeinde_coverage,
    nearest_km,
    per_capita,
    share_beyond,
    suggest_sites,
    two_step_fca,
)

_TO_DEGREES = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
Y = 5_600_000.0  # one line of latitude in UTM 32N: distances are differences in x


def _frame(points: dict[str, tuple[float, float]], **columns) -> pd.DataFrame:
    """Points given in metres (UTM 32N), as lat/lon like the app keeps them."""
    lon, lat = _TO_DEGREES.transform(
        [x for x, _ in points.values()], [y for _, y in points.values()]
    )
    return pd.DataFrame({"lat": lat, "lon": lon, **columns}, index=list(points))


@pytest.fixture
def three_gemeinden():
    # Gemeinden A, B (Kreis 05382) and C (Kreis 05314); C has no population figure.
    anchors = _frame({"05382001": (500_000, Y), "05382002": (510_000, Y), "05314003": (530_000, Y)})
    population = pd.Series({"05382001": 1000, "05382002": 3000}, dtype="Int64")
    providers = _frame(
        {"p1": (500_000, Y + 3_000), "p2": (512_000, Y)},
        gemeinde_ags=["05382001", "05382002"],
    )
    return anchors, population, providers


def test_distances_counts_and_per_capita_by_hand(three_gemeinden):
    coverage = gemeinde_coverage(*three_gemeinden)
    assert isinstance(coverage, GemeindeCoverage)
    table = coverage.table
    assert table["nearest_km"].round(6).tolist() == [3.0, 2.0, 18.0]
    assert table["providers"].tolist() == [1, 1, 0]
    assert table.loc["05382001", "per_10k"] == pytest.approx(10.0)
    assert table.loc["05382002", "per_10k"] == pytest.approx(10_000 / 3000)


def test_missing_population_is_no_figure_not_zero(three_gemeinden):
    table = gemeinde_coverage(*three_gemeinden).table
    assert pd.isna(table.loc["05314003", "inhabitants"])
    assert pd.isna(table.loc["05314003", "per_10k"])
    assert per_capita(pd.Series([2]), pd.Series([0])).isna().all()


def test_share_beyond_n_km_by_hand(three_gemeinden):
    anchors, population, providers = three_gemeinden
    anchors = pd.concat([anchors, _frame({"05382004": (560_000, Y)})])
    population["05382004"] = 2000
    coverage = gemeinde_coverage(anchors, population, providers)
    # D lies 48 km from p2; C is farther than 10 km but has no figure and does not count.
    assert share_beyond(coverage, 10, "05382") == pytest.approx(2000 / 6000)
    assert share_beyond(coverage, 50) == 0.0
    assert share_beyond(coverage, 10, "05314") is None  # nobody with a figure
    assert coverage.beyond(10).tolist() == [False, False, True, True]


def test_the_nearest_provider_may_lie_across_the_kreis_border():
    anchors = _frame({"05382001": (500_000, Y)})
    providers = _frame(
        {"same kreis": (505_000, Y), "next kreis": (499_000, Y)},
        gemeinde_ags=["05382002", "05314001"],
    )
    table = gemeinde_coverage(anchors, pd.Series({"05382001": 10}), providers).table
    assert table.loc["05382001", "nearest_km"] == pytest.approx(1.0)


def test_no_provider_at_all_is_infinitely_far_not_zero():
    origins = to_metric(np.array([50.8]), np.array([7.2]))
    assert np.isinf(nearest_km(origins, np.zeros((0, 2)))).all()


def test_two_step_fca_by_hand():
    demand_xy = np.array([[0.0, 0.0], [10_000.0, 0.0]])
    supply_xy = np.array([[2_000.0, 0.0], [9_000.0, 0.0], [0.0, 0.0]])
    scores = two_step_fca(demand_xy, np.array([100, 300]), supply_xy, np.array([1, 2, 1]), 5_000)
    # Facility 1 reaches A only: 1/100; facility 2 reaches B only: 2/300; facility 3
    # stands on A (0 m counts): 1/100. A gets 1/100 + 1/100, B gets 2/300.
    assert scores == pytest.approx([0.02, 2 / 300])


def test_two_step_fca_agrees_with_pysal_access():
    from access.fca import two_stage_fca as pysal_two_stage_fca

    rng = np.random.default_rng(3)
    demand_xy = rng.uniform(0, 50_000, (40, 2))
    supply_xy = rng.uniform(0, 50_000, (12, 2))
    demand = rng.integers(100, 5_000, 40)
    supply = rng.integers(1, 4, 12)
    ours = two_step_fca(demand_xy, demand, supply_xy, supply, 12_000)
    demand_df = pd.DataFrame({"x": demand_xy[:, 0], "y": demand_xy[:, 1], "pop": demand})
    supply_df = pd.DataFrame({"x": supply_xy[:, 0], "y": supply_xy[:, 1], "cap": supply})
    pairs = pd.DataFrame(
        [
            (i, j, float(np.hypot(*(demand_xy[i] - supply_xy[j]))))
            for i in range(40)
            for j in range(12)
        ],
        columns=["origin", "dest", "cost"],
    )
    theirs = pysal_two_stage_fca(
        demand_df,
        supply_df,
        pairs,
        max_cost=12_000,
        demand_index=True,
        demand_name="pop",
        supply_index=True,
        supply_name="cap",
    )
    theirs = pd.Series(theirs).reindex(range(40)).fillna(0)
    assert ours == pytest.approx(theirs.to_numpy())


def test_suggested_sites_are_the_optimum_of_a_tiny_instance():
    rng = np.random.default_rng(11)
    demand_xy = rng.uniform(0, 40_000, (9, 2))
    demand = rng.integers(100, 2_000, 9).astype(float)
    candidates = rng.uniform(0, 40_000, (6, 2))
    existing = np.array([[0.0, 0.0]])
    ids = [f"c{i}" for i in range(6)]
    for k in (1, 2, 3):
        proposals = suggest_sites(demand_xy, demand, candidates, ids, existing, 12, k)
        uncovered = nearest_km(demand_xy, existing) > 12
        reach = np.linalg.norm(demand_xy[:, None] - candidates[None], axis=2) <= 12_000
        best = max(
            demand[uncovered & reach[:, list(combo)].any(axis=1)].sum()
            for combo in itertools.combinations(range(6), k)
        )
        assert all(isinstance(p, SiteProposal) for p in proposals)
        assert sum(p.added for p in proposals) == pytest.approx(best)
        gains = [p.added for p in proposals]
        assert gains == sorted(gains, reverse=True)


def test_no_suggestion_when_everyone_is_reached():
    demand_xy = np.array([[0.0, 0.0]])
    assert suggest_sites(demand_xy, np.array([5.0]), demand_xy, ["a"], demand_xy, 10, 3) == []


def test_measures_per_kreis_are_weighted_by_inhabitants_by_hand(three_gemeinden):
    from planning import area_measures

    coverage = gemeinde_coverage(*three_gemeinden)
    kreise = area_measures(coverage, np.zeros(3), 2.5, "kreis")
    rhein_sieg = kreise.loc["05382"]
    assert rhein_sieg["inhabitants"] == 4000 and rhein_sieg["providers"] == 2
    assert rhein_sieg["per_10k"] == pytest.approx(5.0)
    assert rhein_sieg["nearest_km"] == pytest.approx((1000 * 3 + 3000 * 2) / 4000)
    assert rhein_sieg["share_beyond"] == pytest.approx(0.25)
    # A Kreis whose only Gemeinde has no figure: its figures are missing, not 0.
    other = kreise.loc["05314"]
    assert other["missing"] == 1
    assert pd.isna(other["inhabitants"]) and pd.isna(other["per_10k"])
    assert pd.isna(other["share_beyond"])
    gemeinden = area_measures(coverage, np.zeros(3), 2.5, "gemeinde")
    assert gemeinden.loc["05314003", "nearest_km"] == pytest.approx(18.0)  # distance is known


def test_exports_carry_sources_and_parameters(tmp_path):
    import json

    import geopandas as gpd
    import shapely

    from planning import indicator_geojson, indicator_geopackage

    layer = gpd.GeoDataFrame(
        {"ags": ["05382060"], "name": ["Siegburg <b>"], "nearest_km": [2.5], "per_10k": [None]},
        geometry=[shapely.box(7.1, 50.7, 7.3, 50.9)],
        crs=4326,
    )
    about = {"einwohner": "Destatis, Stand 2011-12-31", "entfernungsgrenze_km": "10"}
    collection = json.loads(indicator_geojson(layer, about))
    assert collection["metadata"] == about
    (feature,) = collection["features"]
    assert feature["properties"]["per_10k"] is None  # no figure stays empty
    assert feature["properties"]["name"] == "Siegburg <b>"  # data, not markup: a file
    path = tmp_path / "k.gpkg"
    path.write_bytes(indicator_geopackage(layer, about))
    assert gpd.read_file(path, layer="kennzahlen")["nearest_km"].tolist() == [2.5]
    notes = gpd.read_file(path, layer="metadaten")
    assert dict(zip(notes["feld"], notes["wert"], strict=True)) == about


def test_what_if_a_new_site_by_hand(three_gemeinden):
    from planning import WhatIf, what_if

    anchors, population, providers = three_gemeinden
    anchors = pd.concat([anchors, _frame({"05382004": (560_000, Y)})])
    population["05382004"] = 2000
    before = gemeinde_coverage(anchors, population, providers)
    site = _frame({"neu": (556_000, Y)}, gemeinde_ags=["05382004"])
    after = gemeinde_coverage(anchors, population, pd.concat([providers, site]))
    change = what_if(before, after, 10, "05382")
    assert isinstance(change, WhatIf)
    assert change.newly_reached == 2000  # D: 48 km before, 4 km after
    assert change.share_before == pytest.approx(2000 / 6000) and change.share_after == 0.0
    assert change.per_10k_before == pytest.approx(2 / 6000 * 10_000)
    assert change.per_10k_after == pytest.approx(3 / 6000 * 10_000)


def test_the_closest_pair_names_the_nearest_provider_outside_a_region():
    from planning import closest_pair

    region = np.array([[0.0, 0.0], [10_000.0, 0.0]])
    outside = np.array([[50_000.0, 0.0], [13_000.0, 4_000.0]])
    assert closest_pair(region, outside) == (1, 1, pytest.approx(5.0))
    assert closest_pair(region, np.zeros((0, 2))) is None


def test_an_indicator_table_with_excel_quirks_and_bad_rows():
    from planning import IndicatorTable, read_indicator_table

    known = {"05382060", "05382068", "05382076", "05382"}
    csv = (
        "AGS;Kinder unter 3;Geburten 2024\n"
        "5382060;1.234;400\n"  # Excel dropped the leading zero; German thousands
        "05382068;2.345,0;\n"  # an empty cell stays empty
        "05382068;9;9\n"  # twice
        "09999999;5;5\n"  # unknown
        "05382076;viele;3\n"  # text where a number belongs
    ).encode("cp1252")
    table = read_indicator_table(csv, "kennzahlen.csv", known)
    assert isinstance(table, IndicatorTable)
    assert table.level == "gemeinde"
    assert table.values.loc["05382060", "Kinder unter 3"] == 1234
    assert table.values.loc["05382068", "Kinder unter 3"] == 2345
    assert np.isnan(table.values.loc["05382068", "Geburten 2024"])
    assert list(table.values.index) == ["05382060", "05382068"]
    assert [(p.row, p.message.split(" ")[1]) for p in table.problems] == [
        (4, "05382068"),
        (5, "„09999999“:"),
        (6, "unter"),
    ]


def test_an_xlsx_table_keyed_by_kreis(tmp_path):
    from planning import read_indicator_table

    path = tmp_path / "kreise.xlsx"
    pd.DataFrame({"Kreisschlüssel": [5382, 5314], "Geburten": [5210, 3020]}).to_excel(
        path, index=False
    )
    table = read_indicator_table(path.read_bytes(), "kreise.xlsx", {"05382", "05314"})
    assert table.level == "kreis"
    assert table.values["Geburten"].to_dict() == {"05314": 3020.0, "05382": 5210.0}


def test_a_file_that_is_no_table_gets_a_message():
    from planning import read_indicator_table

    with pytest.raises(ValueError, match="Schlüsselspalte"):
        read_indicator_table(b"nur eine Spalte\n1\n", "x.csv", set())


def test_gap_flags_by_distance_and_by_a_minimum_per_capita(three_gemeinden):
    from planning import gaps

    coverage = gemeinde_coverage(*three_gemeinden)
    assert gaps(coverage, 10).tolist() == [False, False, True]  # C is 18 km away
    # Below 5 per 10,000: B (3.3); C has no figure and is a gap by distance only.
    assert gaps(coverage, 10, 5).tolist() == [False, True, True]
    assert gaps(coverage, 20, 5).tolist() == [False, True, False]


def test_a_kreis_figure_is_shared_out_by_inhabitants():
    from planning import spread_to_gemeinden

    inhabitants = pd.Series(
        {"05382001": 1000, "05382002": 3000, "05382003": None, "05314001": 500}, dtype="Int64"
    )
    spread = spread_to_gemeinden(pd.Series({"05382": 400.0}), inhabitants)
    assert spread["05382001"] == pytest.approx(100) and spread["05382002"] == pytest.approx(300)
    assert pd.isna(spread["05382003"])  # no inhabitants: no share
    assert pd.isna(spread["05314001"])  # no figure for the Kreis

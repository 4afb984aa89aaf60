"""The Geburtsklinik figures of the Planung page, checked against a computation of their
own: points inside each Gemeinde from the boundary file, great-circle distances to every
clinic by brute force (no k-d tree, no projection), births summed from the derived file
by a spatial join of their own – and the page's figures must agree."""

from __future__ import annotations

import csv

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from babel.numbers import format_decimal

from geodata import load_boundaries, load_population
from planning import ClinicBirths, clinic_births
from providers import load_providers
from providers.real import BIRTHS_FILE, REAL_DIR
from tests.dashboard.pages import run_page

EARTH_KM = 6371.0088
LAND = "01"  # Schleswig-Holstein: the Land with the most people beyond 40 km


def _page() -> None:
    from dashboard.page import planning as page

    page.render()


@pytest.fixture(scope="module")
def clinics() -> pd.DataFrame:
    with (REAL_DIR / "geburtskliniken.csv").open(encoding="utf-8") as handle:
        rows = pd.DataFrame(list(csv.DictReader(handle)))
    with (REAL_DIR / BIRTHS_FILE).open(encoding="utf-8") as handle:
        births = {row["id"]: row["geburten"] for row in csv.DictReader(handle)}
    rows["births"] = [int(births[key]) if births[key] else 0 for key in rows["id"]]
    rows["lat"], rows["lon"] = rows["lat"].astype(float), rows["lon"].astype(float)
    return rows


def _farthest_km(lat: np.ndarray, lon: np.ndarray, clinics: pd.DataFrame) -> np.ndarray:
    """Great-circle distance from each point to its nearest clinic, by brute force."""
    phi, lam = np.radians(lat)[:, None], np.radians(lon)[:, None]
    cphi, clam = np.radians(clinics["lat"].to_numpy()), np.radians(clinics["lon"].to_numpy())
    half = (
        np.sin((phi - cphi) / 2) ** 2 + np.cos(phi) * np.cos(cphi) * np.sin((lam - clam) / 2) ** 2
    )
    return (2 * EARTH_KM * np.arcsin(np.sqrt(half))).min(axis=1)


def _share_beyond(clinics: pd.DataFrame, land: str, n_km: float) -> float:
    gemeinden = load_boundaries("gemeinde")
    mine = gemeinden[[ags[:2] == land for ags in gemeinden["ags"]]]
    points = shapely.point_on_surface(mine.geometry.to_numpy())
    far = _farthest_km(shapely.get_y(points), shapely.get_x(points), clinics) > n_km
    people = load_population().inhabitants.reindex(mine["ags"]).to_numpy(dtype=float)
    known = ~np.isnan(people)
    return float(people[known & far].sum() / people[known].sum())


def _births_per_kreis(clinics: pd.DataFrame) -> pd.Series:
    points = gpd.GeoDataFrame(
        clinics, geometry=gpd.points_from_xy(clinics["lon"], clinics["lat"]), crs="EPSG:4326"
    )
    kreise = load_boundaries("kreis")[["ags", "geometry"]].to_crs("EPSG:4326")
    joined = gpd.sjoin(points, kreise, how="left", predicate="within")
    return joined.groupby("ags")["births"].sum()


def test_the_share_beyond_40_km_and_the_births_agree_with_an_independent_computation(clinics):
    expected = _share_beyond(clinics, LAND, 40)
    assert 0.01 < expected < 0.03  # a figure that can be wrong, not a trivial 0
    at = run_page(_page, land=LAND, typ="geburtsklinik", n="40")
    shown = {metric.label: metric.value for metric in at.metric}
    share = format_decimal(round(expected * 100, 1), format="#,##0.0", locale="de")
    assert shown["Bevölkerung über 40 km entfernt"] == f"{share} %"
    per_kreis = _births_per_kreis(clinics)
    in_land = per_kreis[[ags[:2] == LAND for ags in per_kreis.index]]
    assert shown["Geburten 2023 in diesen Kliniken"] == format_decimal(
        int(in_land.sum()), locale="de"
    )
    table = next(frame.value for frame in at.dataframe if "Kreis" in frame.value.columns)
    column = "Geburten 2023 in den Kliniken des Kreises"
    births = dict(zip(table["Kreis"], table[column], strict=True))
    names = load_boundaries("kreis").set_index("ags")["name"]
    assert {names[ags]: int(count) for ags, count in in_land.items()} == {
        name: count for name, count in births.items() if count
    }


def test_the_page_says_what_the_figures_mean_and_where_they_come_from():
    at = run_page(_page, land=LAND, typ="geburtsklinik", n="40")
    captions = " ".join(caption.value for caption in at.caption)
    assert "Luftlinie" in captions and "nicht Geburten seiner Einwohnerinnen" in captions
    assert "Zensus 2022" in captions and "G-BA" in captions


def test_small_clinics_follow_the_threshold_the_planner_sets():
    at = run_page(_page, land=LAND, typ="geburtsklinik", n="40")
    small_500 = next(m.value for m in at.metric if m.label == "Kliniken unter 500 Geburten")
    at.number_input(key="p_small_births").set_value(1000).run()
    small_1000 = next(m.value for m in at.metric if m.label == "Kliniken unter 1.000 Geburten")
    assert int(small_1000) > int(small_500)
    listed = next(frame.value for frame in at.dataframe if "Klinik" in frame.value.columns)
    marked = listed[listed["unter 1.000"] == "ja"]
    assert len(marked) == int(small_1000) and (marked["Geburten 2023"] < 1000).all()


def _clinic_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "name": ["A", "B", "C", "D"],
            "city": ["x", "y", "z", "w"],
            "kreis_ags": ["01001", "01001", "01002", "02000"],
        }
    )


def test_births_per_area_count_withheld_figures_apart():
    found = clinic_births(_clinic_frame(), {"a": 400, "b": None, "c": 1200, "d": 499}, 500)
    assert isinstance(found, ClinicBirths)
    assert found.clinics["small"].tolist() == [True, False, False, True]  # withheld: unknown
    per_kreis = found.by_area()
    assert per_kreis.loc["01001"].tolist() == [2, 400, 1, 1]
    per_land = found.by_area("land")
    assert per_land.loc["01"].tolist() == [3, 1600, 1, 1]
    assert found.in_region("01").clinics.index.tolist() == ["a", "b", "c"]


def test_the_default_install_places_every_clinic_of_the_reports(clinics):
    frame = load_providers().frame
    shown = frame[frame["service_types"].map(lambda codes: "geburtsklinik" in codes)]
    assert sorted(shown["id"]) == sorted(clinics["id"])

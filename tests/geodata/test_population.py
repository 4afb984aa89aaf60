"""Inhabitants per Gemeinde (Destatis, Stand 31.12.2011) joined to the embedded boundaries."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata import load_boundaries, load_population
from geodata.population import build_population


@pytest.fixture(scope="module")
def population():
    return load_population()


def test_every_embedded_gemeinde_has_a_row_and_280_have_no_figure(population):
    gemeinden = load_boundaries("gemeinde")
    assert sorted(population.inhabitants.index) == sorted(gemeinden["ags"])
    assert len(population.missing) == 280
    assert population.stand == "2011-12-31"


def test_known_figures_and_sums(population):
    assert population.inhabitants["05382060"] > 35_000  # Siegburg
    total, missing = population.total()
    assert total == 81_257_297 and missing == 280
    kreise = population.by_level("kreis")
    assert kreise["inhabitants"].sum() == total
    assert kreise.loc["05382", "missing"] == 0
    # A Kreis with merged Gemeinden says how many figures its sum lacks.
    assert (kreise["missing"] > 0).any()


def test_missing_stays_missing_never_zero(tmp_path):
    source = tmp_path / "einwohner.csv"
    source.write_text(
        "ags,name,einwohner,einwohner_maennlich,einwohner_weiblich,flaeche_km2,stand\n"
        "5382060,Siegburg,40000,1,1,23.5,2011-12-31\n",  # Excel dropped the leading zero
        encoding="utf-8",
    )
    built = build_population(source, pd.Index(["05382060", "05382068"]), tmp_path)
    assert built.inhabitants["05382060"] == 40_000
    assert pd.isna(built.inhabitants["05382068"])
    assert built.total("05382") == (40_000, 1)

"""Inhabitants per Gemeinde (Destatis, Stand 31.12.2023) joined to the embedded boundaries."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata import load_boundaries, load_population
from geodata.population import build_population


@pytest.fixture(scope="module")
def population():
    return load_population()


def test_every_embedded_gemeinde_has_a_row_and_only_the_uninhabited_have_none(population):
    gemeinden = load_boundaries("gemeinde")
    assert sorted(population.inhabitants.index) == sorted(gemeinden["ags"])
    assert population.stand == "2023-12-31"
    assert "Fortschreibung auf Basis Zensus 2011" in population.source
    # "keine Angabe" only for uninhabited gemeindefreie Gebiete, and said as such
    assert len(population.missing) == len(population.uninhabited) == 203
    assert set(population.missing) == set(population.uninhabited)


def test_sums_match_the_destatis_totals(population):
    assert population.inhabitants["05382060"] > 40_000  # Siegburg
    total, missing = population.total()
    assert total == 84_669_326 and missing == 203
    kreise = population.by_level("kreis")
    assert kreise["inhabitants"].sum() == total
    assert kreise.loc["05382", "missing"] == 0


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

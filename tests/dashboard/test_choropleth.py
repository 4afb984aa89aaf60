"""The planner's own denominators: used by the measures, freed with the session."""

from __future__ import annotations

import gc
import logging
import weakref

import pandas as pd
import pytest

from dashboard import cache
from dashboard.map import choropleth

UPLOADS = 200


@pytest.mark.slow
def test_two_hundred_uploaded_denominators_are_not_kept_by_the_process():
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # no script run: cache warns
    inhabitants = cache.population().inhabitants.astype("Float64")
    alive = []
    for number in range(UPLOADS):
        # What a session holds after an upload: its own figure per Gemeinde.
        values = inhabitants * (1 + number / 1000)
        denominator = choropleth.Denominator.of(values, f"Kinder unter 3 ({number})")
        alive.append(weakref.ref(values))
        measures = choropleth.measures_by_area(("kita",), 10, denominator, "kreis")
        assert measures["per_10k"].notna().any()
    del values, denominator
    gc.collect()
    assert sum(ref() is not None for ref in alive) == 0


def test_a_denominator_changes_the_figures_per_head():
    inhabitants = cache.population().inhabitants.astype("Float64")
    halved = choropleth.Denominator.of(inhabitants / 2, "Hälfte")
    plain = choropleth.measures_by_area(("kita",), 10, None, "kreis")["per_10k"]
    per_half = choropleth.measures_by_area(("kita",), 10, halved, "kreis")["per_10k"]
    known = plain.notna() & per_half.notna() & (plain > 0)
    assert known.any()
    pd.testing.assert_series_equal(per_half[known], plain[known] * 2, check_names=False, rtol=1e-3)

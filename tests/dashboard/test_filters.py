"""URL <-> filter state, as pure functions."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.url_state.filters import (
    Filters,
    area_options,
    filters_from_params,
    filters_to_params,
)
from dashboard.url_state.params import params_equal

KNOWN = {"01", "05", "01058", "05382", "01058135", "05382060"}


def _params(**values):
    return lambda name: values.get(name, [])


@pytest.mark.parametrize(
    ("params", "expected", "ignored"),
    [
        ({}, Filters(), []),
        ({"kreis": ["01058"]}, Filters(land="01", kreis="01058"), []),
        ({"gemeinde": ["05382060"]}, Filters((), "05", "05382", "05382060"), []),
        (
            {"typ": ["spz", "kita", "zahnarzt"]},
            Filters(types=("spz", "kita")),  # taxonomy order
            ["typ=zahnarzt"],
        ),
        ({"kreis": ["99999"], "land": ["5"]}, Filters(), ["land=5", "kreis=99999"]),
        ({"land": ["05"], "kreis": ["01058"]}, Filters(land="01", kreis="01058"), []),
    ],
)
def test_filters_from_params(params, expected, ignored):
    filters, unknown = filters_from_params(_params(**params), KNOWN)
    assert filters == expected
    assert unknown == ignored


def test_params_round_trip_and_stay_short():
    filters = Filters(("familienhebamme", "kita"), "05", "05382", "05382060")
    params = filters_to_params(filters)
    assert params == {
        "typ": ["familienhebamme", "kita"],
        "land": "05",
        "kreis": "05382",
        "gemeinde": "05382060",
    }
    back, _ = filters_from_params(
        lambda n: params.get(n, []) if n == "typ" else [params[n]] if n in params else [], KNOWN
    )
    assert back == filters
    assert filters_to_params(Filters()) == {}


def test_params_equal_ignores_order_of_types():
    assert params_equal({"typ": ["kita", "spz"]}, {"typ": ["spz", "kita"]})
    assert not params_equal({"kreis": ["01058"]}, {"kreis": "05382"})


SIEGBURG = Filters(("kita",), "05", "05382", "05382060")


@pytest.mark.parametrize(
    ("before", "change", "after"),
    [
        # A new Land drops the Kreis and Gemeinde that lie outside it.
        (SIEGBURG, lambda f: f.with_land("01"), Filters(("kita",), "01")),
        (SIEGBURG, lambda f: f.with_land("05"), SIEGBURG),
        (SIEGBURG, lambda f: f.with_land(None), Filters(("kita",))),
        # A Kreis brings its Land; a Gemeinde outside it goes.
        (Filters(), lambda f: f.with_kreis("01058"), Filters((), "01", "01058")),
        (SIEGBURG, lambda f: f.with_kreis("05382"), SIEGBURG),
        (SIEGBURG, lambda f: f.with_kreis("05378"), Filters(("kita",), "05", "05378")),
        (SIEGBURG, lambda f: f.with_kreis(None), Filters(("kita",), "05")),
        # A Gemeinde brings its Kreis and Land; clearing it keeps the Kreis.
        (Filters(), lambda f: f.with_gemeinde("01058135"), Filters((), "01", "01058", "01058135")),
        (SIEGBURG, lambda f: f.with_gemeinde(None), Filters(("kita",), "05", "05382")),
    ],
)
def test_land_kreis_gemeinde_cascade(before, change, after):
    assert change(before) == after


@pytest.mark.parametrize(
    ("filters", "area"),
    [(Filters(), None), (Filters(land="05"), "05"), (SIEGBURG, "05382060")],
)
def test_area_is_the_narrowest_choice(filters, area):
    assert filters.area == area


def test_area_options_lie_in_the_region_sorted_by_name():
    areas = pd.DataFrame(
        {"name": ["Siegburg", "Bonn", "Alfter", "Rendsburg"]},
        index=pd.Index(["05382060", "05314000", "05382004", "01058135"]),
    )
    assert area_options(areas, "05382") == ["05382004", "05382060"]
    assert area_options(areas, "05") == ["05382004", "05314000", "05382060"]
    assert area_options(areas, None) == ["05382004", "05314000", "01058135", "05382060"]
    assert area_options(areas, "09") == []

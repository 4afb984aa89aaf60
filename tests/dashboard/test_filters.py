"""URL <-> filter state, as pure functions."""

from __future__ import annotations

import pytest

from dashboard.filters import Filters, filters_from_params, filters_to_params, params_equal

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

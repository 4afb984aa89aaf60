"""The AGS rules: level by length, parents by prefix, keys as spreadsheets mangle them."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata import (
    AGS_LENGTH,
    LEVELS,
    area_level,
    child_level,
    children_prefix,
    is_valid_ags,
    is_within,
    land_and_kreis,
    level_of,
    normalize_ags,
    parent_ags,
    parents,
    regierungsbezirke,
    within,
)


def test_levels_from_the_top_down_with_growing_keys():
    assert LEVELS == ("land", "kreis", "gemeinde")
    assert [AGS_LENGTH[level] for level in LEVELS] == [2, 5, 8]


@pytest.mark.parametrize(
    ("ags", "level"),
    [
        ("05", "land"),
        ("05382", "kreis"),
        ("05382060", "gemeinde"),
        ("5382060", None),  # Excel dropped the zero: not a key as it stands
        ("053820600000", None),  # a Regionalschlüssel (ARS) is no AGS
        ("05a82", None),
        ("", None),
        (None, None),
    ],
)
def test_level_of(ags, level):
    assert level_of(ags) == level
    assert is_valid_ags(ags) == (level is not None)


def test_is_valid_ags_of_a_level():
    assert is_valid_ags("05382", "kreis")
    assert not is_valid_ags("05382", "gemeinde")
    assert not is_valid_ags(5382, "kreis")


@pytest.mark.parametrize(
    ("ags", "level", "parent"),
    [
        ("05382060", "kreis", "05382"),
        ("05382060", "land", "05"),
        ("05382", "land", "05"),
        ("05382", "kreis", "05382"),
    ],
)
def test_parent_ags(ags, level, parent):
    assert parent_ags(ags, level) == parent


@pytest.mark.parametrize(("ags", "level"), [("05", "kreis"), ("05382", "gemeinde"), ("x", "land")])
def test_parent_of_a_higher_level_is_refused(ags, level):
    with pytest.raises(ValueError, match="kein AGS unterhalb"):
        parent_ags(ags, level)


@pytest.mark.parametrize(
    ("ags", "region", "inside"),
    [
        ("05382060", "05382", True),
        ("05382060", "05", True),
        ("05382060", None, True),
        ("05382", "05382", True),
        ("05382060", "01058", False),
        ("05382", "01", False),
        (None, "05", False),
    ],
)
def test_is_within(ags, region, inside):
    assert is_within(ags, region) == inside
    if inside and ags and region:
        assert ags.startswith(children_prefix(region))


def test_children_prefix_of_all_germany_matches_everything():
    assert children_prefix(None) == ""
    assert children_prefix("01058") == "01058"


@pytest.mark.parametrize(
    ("value", "level", "expected"),
    [
        ("05382060", "gemeinde", "05382060"),
        ("5382060", "gemeinde", "05382060"),  # Excel dropped the leading zero
        (5382060, "gemeinde", "05382060"),
        ("5382060.0", "gemeinde", "05382060"),
        (" 05382 ", "kreis", "05382"),
        ("5382", "kreis", "05382"),
        ("382060", "gemeinde", None),  # two digits missing: not this level's key
        ("053820601", "gemeinde", None),
        ("Siegburg", "gemeinde", None),
        (None, "kreis", None),
    ],
)
def test_normalize_ags(value, level, expected):
    assert normalize_ags(value, level) == expected


KEYS = pd.Index(["01058043", "01058135", "05382060", "05314000", "05", "05382"])


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        (None, [True] * 6),
        ("05", [False, False, True, True, True, True]),
        ("05382", [False, False, True, False, False, True]),
        ("01058", [True, True, False, False, False, False]),
        ("05382060", [False, False, True, False, False, False]),
        ("16", [False] * 6),
    ],
)
def test_within_is_is_within_for_many_keys(region, expected):
    mask = within(KEYS, region)
    assert mask.dtype == bool
    assert mask.tolist() == expected == [is_within(ags, region) for ags in KEYS]
    assert within(pd.Series(KEYS), region).tolist() == expected
    assert within(list(KEYS), region).tolist() == expected


def test_within_an_empty_set_of_keys_is_empty():
    assert within(pd.Index([], dtype=object), "05").shape == (0,)


def test_parents_is_parent_ags_for_many_keys():
    gemeinden = pd.Index(["01058043", "05382060", "05314000"])
    assert list(parents(gemeinden, "kreis")) == [parent_ags(a, "kreis") for a in gemeinden]
    assert list(parents(pd.Series(gemeinden), "land")) == ["01", "05", "05"]


def test_regierungsbezirke_are_the_first_three_digits():
    assert list(regierungsbezirke(pd.Index(["05382060", "05914000", "01058043"]))) == [
        "053",
        "059",
        "010",
    ]


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        (None, (None, None)),
        ("05", ("05", None)),
        ("05382", ("05", "05382")),
        ("05382060", ("05", "05382")),
        ("5382", (None, None)),  # not a key
        ("", (None, None)),
    ],
)
def test_land_and_kreis_of_a_region(region, expected):
    assert land_and_kreis(region) == expected


@pytest.mark.parametrize(
    ("level", "below"), [(None, "land"), ("land", "kreis"), ("kreis", "gemeinde")]
)
def test_child_level(level, below):
    assert child_level(level) == below


def test_below_the_gemeinde_is_no_level():
    with pytest.raises(ValueError, match="Gemeinde"):
        child_level("gemeinde")


@pytest.mark.parametrize(
    ("region", "level"),
    [(None, "kreis"), ("05", "kreis"), ("05382", "gemeinde"), ("05382060", "gemeinde")],
)
def test_a_map_of_a_region_shows_kreise_or_the_gemeinden_of_a_kreis(region, level):
    assert area_level(region) == level

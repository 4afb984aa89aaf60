"""The AGS rules: level by length, parents by prefix, keys as spreadsheets mangle them."""

from __future__ import annotations

import pytest

from geodata import (
    AGS_LENGTH,
    LEVELS,
    children_prefix,
    is_valid_ags,
    is_within,
    level_of,
    normalize_ags,
    parent_ags,
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

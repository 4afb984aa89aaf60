"""The place search measured on input as families write it.

``data/place_queries.csv`` holds what people type — envelopes, chat, lost
umlaut dots, "ae/oe/ue", "Str.", "Bad"/"St."/"a. d."/"i. Allgäu", districts,
typos, foreign postcodes — with the place meant. The search must find at least
95 % of them; the misses are printed so that a drop says what broke.
"""

from __future__ import annotations

import pytest

from places import Gazetteer, PlaceSearch
from tests.harness.files import place_queries

#: The share of the table the search must get right.
HIT_RATE = 0.95


def _hit(gazetteer: Gazetteer, result: PlaceSearch, expected: str) -> bool:
    """Whether the search answered as a family needs: the place meant (in whose
    Gemeinde it lies), every place of an ambiguous name to choose from, or the
    problem that tells what to type instead."""
    if expected.startswith("!"):
        return result.problem is not None and result.problem.code == expected[1:]
    if any(note.code == "postcode_mismatch" for note in result.notes):
        return False  # a postcode of the table that does not fit its place
    wanted = expected.split("|")
    if len(wanted) > 1:
        return {p.name for p in result.places} >= set(wanted)
    found = result.found
    if found is None:
        return False
    gemeinde = gazetteer.gemeinde(found.ags or "")
    return wanted[0] in (found.name, gemeinde.name if gemeinde else None)


def test_the_table_is_large_and_varied():
    rows = place_queries()
    assert len(rows) >= 150
    assert len({row["typed"] for row in rows}) == len(rows)


def test_families_find_what_they_typed(gazetteer):
    rows = place_queries()
    misses = [
        (row["typed"], row["expected"], [p.name for p in result.places])
        for row in rows
        if not _hit(gazetteer, result := gazetteer.search(row["typed"]), row["expected"])
    ]
    rate = 1 - len(misses) / len(rows)
    print(f"\nOrtssuche: {len(rows) - len(misses)} von {len(rows)} getroffen ({rate:.1%})")
    for typed, expected, got in misses:
        print(f"  verfehlt: {typed!r} → {got} (erwartet {expected})")
    assert rate >= HIT_RATE, misses


@pytest.mark.parametrize(
    ("typed", "postcode"),
    [("53721 Bonn", "53721"), ("15230 Frankfurt am Main", "15230")],
)
def test_a_postcode_that_contradicts_the_place_wins_and_says_so(gazetteer, typed, postcode):
    result = gazetteer.search(typed)
    assert result.found is not None and result.found.postcode == postcode
    assert [note.code for note in result.notes] == ["postcode_mismatch"]

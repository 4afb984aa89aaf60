"""Web addresses of Gemeinden: readable, unique, and kept when a Gemeinde merges or is
renamed (a bookmark or a flyer from 2021 still leads to today's page)."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata import load_boundaries, parent_ags
from places import SlugTable
from places.slugs import read_former_names, slugify


@pytest.fixture(scope="module")
def table() -> SlugTable:
    gemeinden = load_boundaries("gemeinde")
    kreise = load_boundaries("kreis")
    return SlugTable(
        dict(zip(gemeinden["ags"], gemeinden["name"], strict=True)),
        dict(zip(kreise["ags"], kreise["name"], strict=True)),
    )


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Siegburg", "siegburg"),
        ("Görlitz", "goerlitz"),
        ("Halle (Westf.)", "halle-westf"),
        ("Neustadt an der Weinstraße", "neustadt-an-der-weinstrasse"),
        ("Übersee", "uebersee"),
        ("Sankt Augustin", "sankt-augustin"),
    ],
)
def test_a_name_becomes_a_readable_address(name, slug):
    assert slugify(name) == slug


def test_every_gemeinde_has_its_own_address(table):
    pairs = table.items()
    assert len(pairs) == 10_978
    slugs = [slug for _, slug in pairs]
    assert len(set(slugs)) == len(slugs)
    assert all(slug and slug == slug.lower() and " " not in slug for slug in slugs)
    assert table.find("siegburg").ags == "05382060"


def test_namesakes_get_their_kreis_and_the_bare_name_offers_them_all(table):
    found = table.find("neuenkirchen")
    assert found.ags is None and len(found.choices) == 11
    addresses = {table.slug(ags) for ags in found.choices}
    assert "neuenkirchen-steinfurt" in addresses and len(addresses) == 11
    assert all(table.find(slug).ags in found.choices for slug in addresses)


def test_former_names_and_old_keys_lead_to_todays_gemeinde(table):
    former = read_former_names()
    assert len(former) > 100 and set(former.columns) == {"name", "ags", "year"}
    found = table.find("langenfeld-rheinland")
    assert found.moved and table.slug(found.ags) == "langenfeld-rhld"
    # Eisenach (16056000) joined the Wartburgkreis in 2021 under a new key
    eisenach = table.find("16056000")
    assert eisenach.moved and parent_ags(eisenach.ags, "kreis") == "16063"
    assert table.find("05382060") == type(found)("05382060", moved=True)
    assert table.find("gibt-es-nicht").ags is None and not table.find("99999999").moved


def test_a_former_name_never_hides_a_gemeinde_of_today():
    table = SlugTable(
        {"01000001": "Altdorf", "01000002": "Neudorf"},
        {"01000": "Kreis"},
        former=pd.DataFrame({"name": ["Altdorf", "Vordorf"], "ags": ["01000002", "01000002"]}),
    )
    assert table.find("altdorf").ags == "01000001" and not table.find("altdorf").moved
    assert table.find("vordorf").ags == "01000002" and table.find("vordorf").moved

"""Place names below the Gemeinde (GeoNames) and the Gemeinden of a postcode (OSM)."""

from __future__ import annotations

import pandas as pd

from geodata import KeyTable, load_boundaries
from places.ortsteile import (
    build_ortsteile,
    build_plz_gemeinden,
    load_ortsteile,
    load_plz_gemeinden,
)


def test_districts_lose_their_city_name_and_gemeinden_are_not_ortsteile():
    gemeinden = load_boundaries("gemeinde")
    geonames = pd.DataFrame(
        {
            "zipcode": ["22765", "10997", "53721", "10875", "53721", "24783", "24783"],
            "place": [
                "Hamburg Altona-Nord",
                "Berlin Kreuzberg",
                "Siegburg",
                "Daimler AG",
                "Troisdorf",
                "bei Rendsburg",
                "Osterrönfeld, Holstein",
            ],
            "latitude": ["53.5636", "52.4987", "50.7997", "48.78", "50.7997", "54.29", "54.29"],
            "longitude": ["9.9461", "13.4307", "7.2043", "9.18", "7.2043", "9.70", "9.70"],
        }
    )
    table = build_ortsteile(geonames, gemeinden)
    # a company's large-recipient PLZ has no area; a Gemeinde's own name is no Ortsteil,
    # "bei Rendsburg" is no name and "Osterrönfeld, Holstein" is Osterrönfeld itself
    assert table[["name", "gemeinde_ags"]].values.tolist() == [
        ["Altona-Nord", "02000000"],
        ["Kreuzberg", "11000000"],
    ]


def test_postcodes_get_today_s_gemeinden_through_the_key_table():
    keys = KeyTable(
        pd.DataFrame({"old": ["16056000"], "new": ["16063105"], "share": [1.0], "year": [2021]})
    )
    osm = pd.DataFrame(
        {"plz": ["99817", "99817", "1067"], "ags": ["16056000", "16063105", "14612000"]}
    )
    table = build_plz_gemeinden(osm, keys, {"16063105", "14612000"})
    assert table.values.tolist() == [["01067", "14612000"], ["99817", "16063105"]]


def test_the_embedded_tables():
    ortsteile = load_ortsteile()
    hamburg = set(ortsteile.loc[ortsteile["gemeinde_ags"] == "02000000", "name"])
    assert {"Altona-Nord", "Blankenese", "Wilhelmsburg"} <= hamburg
    assert "Kreuzberg" in set(ortsteile.loc[ortsteile["gemeinde_ags"] == "11000000", "name"])
    current = set(load_boundaries("gemeinde")["ags"])
    assert set(ortsteile["gemeinde_ags"]) <= current
    plz = load_plz_gemeinden()
    assert set(plz["ags"]) <= current
    assert plz.loc[plz["plz"] == "53721", "ags"].tolist() == ["05382060"]  # Siegburg alone
    spanning = plz.groupby("plz")["ags"].nunique()
    assert (spanning > 1).sum() > 1000  # many postcodes cross a Gemeinde border

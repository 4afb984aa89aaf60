"""Place names below the Gemeinde, and which Gemeinden a postcode spans.

Families type the part of town they live in ("Hamburg-Altona", "Berlin
Kreuzberg") and a postcode that may cross a Gemeinde's or even a Kreis's border.
Two open tables answer this, derived into the project by ``python -m
places.ortsteile --shared ../shared/data`` (the app never reads ``../shared``):

- *Ortsteile* from the GeoNames postal codes (CC BY 4.0, "GeoNames
  (geonames.org)"): the districts of Hamburg, Berlin, Stuttgart and Frankfurt
  and about 2,600 rural Gemeindeteile, each with a point, placed in today's
  Gemeinde by that point. Rows of large-recipient postcodes (companies,
  authorities) are left out: their postcodes have no area.
- *PLZ ↔ Gemeinde* from OpenStreetMap (ODbL, "© OpenStreetMap-Mitwirkende",
  via suche-postleitzahl.org): every Gemeinde a postcode area touches, its keys
  (of 2022) brought to today's Gebietsstand with the key table.
"""

from __future__ import annotations

import argparse
import re
import sys
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geodata import KeyTable, assign_areas, load_boundaries, load_keys, normalize_ags
from geodata.coordinates import distance_km
from places.postcodes import all_postcodes, normalize_postcode

DATA = Path(__file__).parent / "data"
ORTSTEILE_FILE = DATA / "ortsteile.parquet"
PLZ_GEMEINDEN_FILE = DATA / "plz_gemeinden.parquet"
#: A Gemeinde of the same name this near makes a GeoNames place a stray border point.
_NAMESAKE_KM = 25.0
ORTSTEILE_SOURCE = "GeoNames (geonames.org), CC BY 4.0"
PLZ_GEMEINDEN_SOURCE = "© OpenStreetMap-Mitwirkende (ODbL), über suche-postleitzahl.org"


# "Pansdorf, Holstein": a region after the comma, not a place
_REGIONS = frozenset(
    "allgäu baden bayern brandenburg chiemgau eifel erzgebirge hallertau harz hessen "
    "holstein hunsrück lausitz mecklenburg mittelfranken niederbayern oberbayern "
    "oberfranken oberpfalz odenwald pfalz rheinland saarland sachsen sauerland schwaben "
    "spreewald thüringen uckermark unterfranken vogtland westerwald westfalen "
    "württemberg".split()
)


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def build_ortsteile(geonames: pd.DataFrame, gemeinden: gpd.GeoDataFrame) -> pd.DataFrame:
    """Place names below the Gemeinde from GeoNames postal rows.

    Parameters
    ----------
    geonames
        ``zipcode``, ``place``, ``latitude``, ``longitude`` (the GeoNames columns).
    gemeinden
        Today's Gemeinden (``ags``, ``name``, polygons in EPSG:4326).

    Returns
    -------
    DataFrame
        ``name`` (without the city's name before it: "Altona-Nord"), ``gemeinde_ags``,
        ``plz``, ``lat``, ``lon``; one row per name and Gemeinde, sorted.
    """
    areal = geonames[geonames["zipcode"].map(lambda c: normalize_postcode(c) in all_postcodes())]
    points = gpd.GeoDataFrame(
        {
            "place": areal["place"].astype(str).str.strip().to_numpy(),
            "plz": areal["zipcode"].map(normalize_postcode).to_numpy(),
            "lat": areal["latitude"].astype(float).to_numpy(),
            "lon": areal["longitude"].astype(float).to_numpy(),
        },
        geometry=gpd.points_from_xy(
            areal["longitude"].astype(float), areal["latitude"].astype(float)
        ),
        crs="EPSG:4326",
    )
    placed = assign_areas(points, gemeinden).dropna(subset=["gemeinde_ags"])
    names = gemeinden.set_index("ags")["name"].astype(str)
    # a GeoNames point near a border may fall into the neighbour: a name that is a
    # nearby Gemeinde's own (or its first part: "Gosen" of "Gosen-Neu Zittau") is not
    # taken for a part of another; "Wilhelmsburg" in Hamburg is far from its namesake
    centres = gemeinden.geometry.representative_point()
    own: dict[str, list[tuple[float, float]]] = {}
    for name, centre in zip(names, centres, strict=True):
        for key in {_fold(name), _fold(re.split(r"[(,/-]", name)[0])}:
            own.setdefault(key, []).append((centre.y, centre.x))
    rows = []
    columns = ["place", "gemeinde_ags", "plz", "lat", "lon"]
    for place, ags, plz, lat, lon in placed[columns].itertuples(index=False):
        name = _below(place, names.get(ags, ""))
        namesakes = own.get(_fold(name or ""), [])
        if name and not any(distance_km((lat, lon), c) < _NAMESAKE_KM for c in namesakes):
            rows.append((name, ags, plz, lat, lon))
    table = pd.DataFrame(rows, columns=["name", "gemeinde_ags", "plz", "lat", "lon"])
    table = table.drop_duplicates(["name", "gemeinde_ags"]).sort_values(["gemeinde_ags", "name"])
    return table.reset_index(drop=True)


def _named(place: str) -> str | None:
    """A GeoNames place as a name a family would type, or ``None`` for a mere
    qualifier: "Pansdorf, Holstein" → "Pansdorf", "Reepsholt, Dose" → "Dose",
    "Dannenberg (Elbe) Seybruch" → "Seybruch", "bei Rendsburg" → ``None``."""
    if "," in place:
        group, _, part = (piece.strip() for piece in place.partition(","))
        regional = part.split(" ")[0] in ("Kreis", "Gemeinde") or _fold(part) in _REGIONS
        place = group if regional else part
    place = re.sub(r"^[^()]*\([^)]*\)\s*", "", place).strip()
    if not place or not place[0].isupper():
        return None  # "bei Rendsburg", "in Oberbayern", a cut name "enstede-Coldinne"
    return place


def _below(place: str, gemeinde: str) -> str | None:
    """The part of a GeoNames place name below its Gemeinde, or ``None`` when the
    place is the Gemeinde itself ("Hamburg Altona-Nord" → "Altona-Nord")."""
    named = _named(place)
    if named is None:
        return None
    place = named
    folded, own = _fold(place), _fold(gemeinde)
    if not own or folded == own or own.startswith(folded) or folded.startswith(own + " ("):
        return None
    first = own.split(" ")[0]
    for prefix in (own, first):
        if folded.startswith(prefix + " ") and len(folded) > len(prefix) + 1:
            # "Rade bei Rendsburg" in "Rade b.Rendsburg" leaves "bei Rendsburg": no name
            return _named(place[len(prefix) + 1 :].strip(" -"))
    return place


def build_plz_gemeinden(osm: pd.DataFrame, keys: KeyTable, known: set[str]) -> pd.DataFrame:
    """Every Gemeinde (today's key) each postcode area touches.

    Parameters
    ----------
    osm
        ``plz`` and ``ags`` as in ``zuordnung_plz_ort.csv`` (leading zeros lost).
    keys
        Old keys to today's.
    known
        Today's Gemeinde keys; others are left out.
    """
    plz = osm["plz"].astype(str).map(normalize_postcode)
    ags = osm["ags"].astype(str).map(lambda value: normalize_ags(value, "gemeinde"))
    current = [keys.current(key) if key else None for key in ags]
    table = pd.DataFrame({"plz": plz, "ags": current}).dropna()
    table = table[table["ags"].isin(known)].drop_duplicates()
    return table.sort_values(["plz", "ags"]).reset_index(drop=True)


@lru_cache(maxsize=1)
def load_ortsteile() -> pd.DataFrame:
    """The embedded Ortsteile (see :func:`build_ortsteile`)."""
    return pd.read_parquet(ORTSTEILE_FILE)


@lru_cache(maxsize=1)
def load_plz_gemeinden() -> pd.DataFrame:
    """The embedded PLZ ↔ Gemeinde table (see :func:`build_plz_gemeinden`)."""
    return pd.read_parquet(PLZ_GEMEINDEN_FILE)


def main(argv: list[str] | None = None) -> int:
    """``python -m places.ortsteile --shared ../shared/data``: derive both tables."""
    parser = argparse.ArgumentParser(prog="python -m places.ortsteile", description=__doc__)
    parser.add_argument("--shared", type=Path, required=True, help="Ordner ../shared/data")
    args = parser.parse_args(argv)
    gemeinden = load_boundaries("gemeinde")
    geonames = pd.read_csv(args.shared / "geonames_postal_de" / "zipcodes.de.csv", dtype=str)
    ortsteile = build_ortsteile(geonames, gemeinden)
    ortsteile.to_parquet(ORTSTEILE_FILE, index=False)
    osm = pd.read_csv(args.shared / "osm_plz_ort" / "zuordnung_plz_ort.csv", dtype=str)
    plz = build_plz_gemeinden(osm, load_keys(), set(gemeinden["ags"]))
    plz.to_parquet(PLZ_GEMEINDEN_FILE, index=False)
    spanning = plz.groupby("plz")["ags"].nunique()
    print(
        f"{len(ortsteile)} Ortsteile in {ortsteile['gemeinde_ags'].nunique()} Gemeinden -> "
        f"{ORTSTEILE_FILE}; {plz['plz'].nunique()} PLZ, davon {int((spanning > 1).sum())} über "
        f"mehrere Gemeinden -> {PLZ_GEMEINDEN_FILE}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

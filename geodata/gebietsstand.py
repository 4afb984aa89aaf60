"""Bring detailed boundaries of an old Gebietsstand to the keys of a newer one.

The embedded VG250 lines (1:250,000) are of 01.01.2016; the BKG VG5000 of
31.12.2023 has today's keys and topology but lines at 1:5,000,000. The build
keeps the detailed lines and takes the keys from VG5000:

1. Every old Gemeinde goes to the current Gemeinde it overlaps most
   (:func:`area_overlaps`); the old polygons are dissolved by the new key.
2. An old Gemeinde that no longer exists and whose area went in sizeable parts
   to several current Gemeinden (:data:`SPLIT_SHARE`, :data:`SPLIT_MIN_M2`) is cut
   along the VG5000 lines: there is no detailed line for a border that did not
   exist in 2016.
3. Where a changed Gemeinde (merged, re-keyed or cut) is still off by more
   than :data:`AREA_TOLERANCE` against both the Destatis area *and* its VG5000
   polygon clipped to land, or has no old polygon at all, it takes that clipped
   VG5000 polygon, cut out of its neighbours. Both references must disagree:
   the Destatis area includes water (Bodden, Schlei, Elbe) that the VG250 land
   polygons leave out, and VG5000 alone is off by up to 20 % for 1 % of the
   Gemeinden from its generalisation. An unchanged Gemeinde keeps its lines.

The overlaps also give the key table from old to current keys (:func:`key_table`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from python_calamine import CalamineWorkbook

from geodata.ags import Level, parents
from geodata.gemeindeverzeichnis import read_gemeindeverzeichnis
from geodata.metric import METRIC_CRS

#: Share of an old Gemeinde's area that makes a second successor a real part of a split.
SPLIT_SHARE = 0.15
#: ... and the least area of that part (smaller ones are generalisation noise).
SPLIT_MIN_M2 = 500_000.0
#: Relative area difference beyond which a re-keyed Gemeinde falls back to VG5000 lines.
AREA_TOLERANCE = 0.20
_GRID_M = 0.01
_VG5000_LAYERS = {"gemeinde": "VG5000_GEM", "kreis": "VG5000_KRS", "land": "VG5000_LAN"}


@dataclass(frozen=True)
class Vg5000:
    """The three levels of a BKG VG5000 edition, in EPSG:25832."""

    gemeinden: gpd.GeoDataFrame
    kreise: gpd.GeoDataFrame
    laender: gpd.GeoDataFrame


def read_vg5000(folder: Path) -> Vg5000:
    """Read ``VG5000_GEM/KRS/LAN.shp`` (land areas of the Länder, ``GF == 9``)."""
    frames = {}
    for level, layer in _VG5000_LAYERS.items():
        frame = gpd.read_file(folder / f"{layer}.shp").to_crs(METRIC_CRS)
        if level == "land":
            frame = frame[pd.to_numeric(frame["GF"], errors="coerce") == 9]
        frames[level] = frame.reset_index(drop=True)
    return Vg5000(frames["gemeinde"], frames["kreis"], frames["land"])


def area_overlaps(old: gpd.GeoDataFrame, new: gpd.GeoDataFrame) -> pd.DataFrame:
    """Every pair of overlapping old and new areas with the area they share.

    Parameters
    ----------
    old, new
        Areas with an ``ags`` column, in the same metric CRS.

    Returns
    -------
    DataFrame
        ``old``, ``new`` (keys), ``area_m2`` and ``share`` (of the old area that
        lies in the new one), pairs that share no area left out.
    """
    pairs = gpd.sjoin(old[["ags", "geometry"]], new[["ags", "geometry"]], predicate="intersects")
    left = old.geometry.to_numpy()[old.index.get_indexer(pairs.index)]
    right = new.geometry.to_numpy()[pairs["index_right"].to_numpy()]
    shared = shapely.area(shapely.intersection(left, right))
    table = pd.DataFrame(
        {
            "old": pairs["ags_left"].to_numpy(),
            "new": pairs["ags_right"].to_numpy(),
            "area_m2": shared,
        }
    )
    table = table[table["area_m2"] > 0]
    table["share"] = table["area_m2"] / table.groupby("old")["area_m2"].transform("sum")
    return table.sort_values(["old", "area_m2"], ascending=[True, False]).reset_index(drop=True)


@dataclass(frozen=True)
class Rekeyed:
    """Old detailed Gemeinden under current keys.

    Attributes
    ----------
    gemeinden
        ``ags`` (current), ``geometry`` (EPSG:25832), one row per current
        Gemeinde that has land, sorted by key.
    overlaps
        What :func:`area_overlaps` found between old Gemeinden and current ones.
    split
        Old keys cut along the VG5000 lines because they went to several successors.
    fallback
        Current keys that took their VG5000 polygon (step 3 of the module doc).
    """

    gemeinden: gpd.GeoDataFrame
    overlaps: pd.DataFrame
    split: list[str] = field(default_factory=list)
    fallback: list[str] = field(default_factory=list)


def rekey_gemeinden(
    old: gpd.GeoDataFrame, current: gpd.GeoDataFrame, official_km2: pd.Series
) -> Rekeyed:
    """Give detailed old Gemeinde polygons the keys of a newer Gebietsstand.

    Parameters
    ----------
    old
        Detailed Gemeinden (``ags``, geometry) on a 1 cm grid in EPSG:25832.
    current
        The newer edition's Gemeinden (``ags``, geometry) in the same CRS, coarse.
    official_km2
        Official area per current key (Destatis), water included.

    Returns
    -------
    Rekeyed
        The dissolved Gemeinden and how they were made.
    """
    old = old[["ags", "geometry"]].reset_index(drop=True)
    current = current[["ags", "geometry"]].reset_index(drop=True)
    overlaps = area_overlaps(old, current)
    split = _split_keys(overlaps, set(current["ags"]))
    pieces = _pieces(old, current, overlaps, split)
    gemeinden = _dissolve(pieces)
    fallback = _off_areas(gemeinden, _changed(overlaps, split), old, current, official_km2)
    if fallback:
        gemeinden = _with_fallback(gemeinden, current, old, fallback)
    return Rekeyed(gemeinden, overlaps, split, fallback)


def _split_keys(overlaps: pd.DataFrame, current: set[str]) -> list[str]:
    second = overlaps.groupby("old").nth(1)
    sizeable = second[(second["share"] >= SPLIT_SHARE) & (second["area_m2"] >= SPLIT_MIN_M2)]
    return sorted(key for key in sizeable["old"] if key not in current)


def _pieces(
    old: gpd.GeoDataFrame, current: gpd.GeoDataFrame, overlaps: pd.DataFrame, split: list[str]
) -> gpd.GeoDataFrame:
    """Old polygons under their successor's key; split ones cut into parts."""
    largest = overlaps.groupby("old").first()["new"]
    keyed = old.assign(new=old["ags"].map(largest))
    whole = keyed[~keyed["ags"].isin(split)]
    parts = [whole[["new", "geometry"]]]
    shapes = current.set_index("ags").geometry
    for key in split:
        polygon = old.loc[old["ags"] == key, "geometry"].iloc[0]
        successors = overlaps[
            (overlaps["old"] == key)
            & ((overlaps["share"] >= SPLIT_SHARE) & (overlaps["area_m2"] >= SPLIT_MIN_M2))
        ]["new"].tolist()
        cuts = [
            _polygonal(shapely.intersection(polygon, shapes[s], grid_size=_GRID_M))
            for s in successors
        ]
        rest = _polygonal(shapely.difference(polygon, shapely.union_all(cuts), grid_size=_GRID_M))
        cuts[0] = _polygonal(shapely.union(cuts[0], rest, grid_size=_GRID_M))
        parts.append(gpd.GeoDataFrame({"new": successors}, geometry=cuts, crs=old.crs))
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=old.crs)


def _dissolve(pieces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    pieces = pieces[~pieces.geometry.is_empty]
    dissolved = pieces.dissolve(by="new", grid_size=_GRID_M).reset_index()
    dissolved = dissolved.rename(columns={"new": "ags"})[["ags", "geometry"]]
    dissolved["geometry"] = [_polygonal(g) for g in dissolved.geometry]
    return dissolved.sort_values("ags").reset_index(drop=True)


def _changed(overlaps: pd.DataFrame, split: list[str]) -> set[str]:
    """Current keys whose area is not one old Gemeinde under its own key."""
    largest = overlaps.groupby("old").first()["new"]
    parts = largest.reset_index().groupby("new")["old"].agg(list)
    changed = {new for new, old in parts.items() if old != [new]}
    return changed | set(overlaps.loc[overlaps["old"].isin(split), "new"])


def _off_areas(
    gemeinden: gpd.GeoDataFrame,
    changed: set[str],
    old: gpd.GeoDataFrame,
    current: gpd.GeoDataFrame,
    official_km2: pd.Series,
) -> list[str]:
    """Changed keys whose area is off against Destatis and against VG5000 on land.

    An unchanged Gemeinde keeps its detailed polygon whatever its area: the
    differences there are the source's own (sandbanks, lagoons), not the Gebietsstand.
    """
    areas = pd.Series(gemeinden.area.to_numpy() / 1e6, index=gemeinden["ags"])
    official = official_km2.reindex(areas.index).astype(float)
    off_official = (areas / official - 1).abs() > AREA_TOLERANCE
    suspects = areas.index[off_official & areas.index.isin(list(changed))]
    off = []
    for key in suspects:
        land = _land_of(current, old, key)
        if land.area == 0 or abs(areas[key] * 1e6 / land.area - 1) > AREA_TOLERANCE:
            off.append(str(key))
    missing = sorted(set(current["ags"]) - set(areas.index))
    return sorted(off + missing)


def _land_of(current: gpd.GeoDataFrame, old: gpd.GeoDataFrame, key: str) -> shapely.Geometry:
    """The VG5000 polygon of ``key`` without the water the detailed polygons leave out."""
    coarse = current.loc[current["ags"] == key, "geometry"].iloc[0]
    nearby = old.geometry.iloc[old.sindex.query(coarse, predicate="intersects")]
    land = shapely.union_all(nearby.to_numpy(), grid_size=_GRID_M)
    return _polygonal(shapely.intersection(coarse, land, grid_size=_GRID_M))


def _with_fallback(
    gemeinden: gpd.GeoDataFrame, current: gpd.GeoDataFrame, old: gpd.GeoDataFrame, keys: list[str]
) -> gpd.GeoDataFrame:
    """Give ``keys`` their coarse polygon (on land), cut out of their neighbours."""
    replacement = {key: _land_of(current, old, key) for key in keys}
    cut_out = shapely.union_all(list(replacement.values()), grid_size=_GRID_M)
    others = gemeinden[~gemeinden["ags"].isin(keys)].copy()
    touched = others.sindex.query(cut_out, predicate="intersects")
    geometries = others.geometry.to_numpy().copy()
    geometries[touched] = [
        _polygonal(shapely.difference(g, cut_out, grid_size=_GRID_M)) for g in geometries[touched]
    ]
    others["geometry"] = geometries
    added = gpd.GeoDataFrame(
        {"ags": list(replacement)}, geometry=list(replacement.values()), crs=gemeinden.crs
    )
    out = pd.concat([others, added], ignore_index=True)
    out = out[~out.geometry.is_empty]
    return gpd.GeoDataFrame(out, crs=gemeinden.crs).sort_values("ags").reset_index(drop=True)


def _polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """Only the areas of ``geometry`` (cuts leave slivers of lines and points)."""
    if geometry is None or geometry.is_empty:
        return shapely.MultiPolygon()
    if isinstance(geometry, shapely.Polygon | shapely.MultiPolygon):
        return geometry
    polygons = [
        g
        for g in shapely.get_parts(geometry)
        if isinstance(g, shapely.Polygon | shapely.MultiPolygon)
    ]
    return shapely.union_all(polygons) if polygons else shapely.MultiPolygon()


def dissolve_level(gemeinden: gpd.GeoDataFrame, level: Level) -> gpd.GeoDataFrame:
    """Kreise or Länder as the union of their Gemeinden."""
    keyed = gemeinden[["ags", "geometry"]].assign(parent=parents(gemeinden["ags"], level))
    out = keyed.drop(columns="ags").dissolve(by="parent", grid_size=_GRID_M).reset_index()
    return out.rename(columns={"parent": "ags"}).sort_values("ags").reset_index(drop=True)


def key_table(overlaps: pd.DataFrame, current: pd.Series, valid_since: pd.Series) -> pd.DataFrame:
    """Old keys that no longer exist, with their successors.

    Parameters
    ----------
    overlaps
        From :func:`area_overlaps`.
    current
        Keys of the newer Gebietsstand.
    valid_since
        Year each current key's area has its present shape (VG5000 ``WSK``).

    Returns
    -------
    DataFrame
        ``old``, ``new``, ``share`` (of the old area), ``year``: one row for a key
        that went whole into one successor, several for a split (each part of
        :data:`SPLIT_SHARE` or more), sorted by old key.
    """
    known = set(current)
    gone = overlaps[~overlaps["old"].isin(known)]
    sizeable = gone[(gone["share"] >= SPLIT_SHARE) & (gone["area_m2"] >= SPLIT_MIN_M2)]
    first = gone.groupby("old").head(1)
    table = pd.concat([first, sizeable]).drop_duplicates(["old", "new"])
    table["share"] = table["share"] / table.groupby("old")["share"].transform("sum")
    table["year"] = table["new"].map(valid_since).astype("Int64")
    return (
        table[["old", "new", "share", "year"]]
        .sort_values(["old", "share"], ascending=[True, False])
        .reset_index(drop=True)
    )


@dataclass(frozen=True)
class Gebietsstand:
    """The files that give today's keys, names and areas.

    Attributes
    ----------
    vg5000
        Folder with ``VG5000_GEM/KRS/LAN.shp`` (BKG, keys and topology of the Stand).
    gemeindeverzeichnis
        Destatis ``<TTMMJJJJ>_Auszug_GV.xlsx`` of the same Stand (areas, inhabitants).
    crosswalk
        BBSR ``ref-gemeinden-ab-2020.xlsx`` (keys of 2020–2022 to the next year), if any.
    """

    vg5000: Path
    gemeindeverzeichnis: Path
    crosswalk: Path | None = None

    @classmethod
    def from_folder(cls, folder: Path) -> Gebietsstand:
        """The layout of ``../shared/data``: ``vg5000_2023/`` and ``gv_2023/``."""
        crosswalk = folder / "gv_2023" / "ref-gemeinden-ab-2020.xlsx"
        return cls(
            vg5000=folder / "vg5000_2023",
            gemeindeverzeichnis=folder / "gv_2023" / "31122023_Auszug_GV.xlsx",
            crosswalk=crosswalk if crosswalk.exists() else None,
        )


def crosswalk_table(path: Path, target: set[str]) -> pd.DataFrame:
    """Keys of 31.12.2020, 2021 and 2022 that are no longer current, from the BBSR table.

    Each sheet maps the keys of one year to the next with an area-proportional
    factor; the years are chained up to ``target`` (today's keys).

    Returns
    -------
    DataFrame
        ``old``, ``new``, ``share``, ``year`` (of the change) like :func:`key_table`.
    """
    workbook = CalamineWorkbook.from_path(str(path))
    steps: dict[int, pd.DataFrame] = {}
    for sheet in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(sheet).to_python()
        header, body = rows[0], rows[1:]
        years = {i: _header_year(h) for i, h in enumerate(header)}
        new_column = max((i for i in years if years[i]), key=lambda i: years[i] or 0)
        share_column = next(i for i, h in enumerate(header) if "flächen" in str(h))
        steps[int(sheet)] = pd.DataFrame(
            {
                "old": [_key(row[0]) for row in body],
                "new": [_key(row[new_column]) for row in body],
                "share": [float(row[share_column] or 0) for row in body],
            }
        ).dropna()
    rows: list[tuple[str, str, float, int]] = []
    for year in sorted(steps):
        changed = steps[year][steps[year]["old"] != steps[year]["new"]]
        for old, group in changed.groupby("old"):
            if old in target:
                continue
            reached = _follow(dict(zip(group["new"], group["share"], strict=True)), year, steps)
            rows += [(old, new, share, year + 1) for new, share in reached.items()]
    table = pd.DataFrame(rows, columns=["old", "new", "share", "year"])
    table = table[table["new"].isin(target)].drop_duplicates(["old", "new"])
    return table.astype({"year": "Int64"}).reset_index(drop=True)


def _header_year(header: object) -> int | None:
    """The year of a key column (``"Gemeinden\\n 31.12.2021"``), else ``None``."""
    found = re.fullmatch(r"Gemeinden\s+31\.12\.(\d{4})", str(header).strip())
    return int(found.group(1)) if found else None


def _key(value: object) -> str | None:
    try:
        return f"{int(float(value)):08d}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _follow(
    reached: dict[str, float], year: int, steps: dict[int, pd.DataFrame]
) -> dict[str, float]:
    """Carry keys of the year after ``year`` on through the later sheets."""
    for later in sorted(y for y in steps if y > year):
        step = steps[later]
        onward: dict[str, float] = {}
        for key, share in reached.items():
            found = step[step["old"] == key]
            if found.empty:
                onward[key] = onward.get(key, 0) + share
            for new, factor in zip(found["new"], found["share"], strict=True):
                onward[new] = onward.get(new, 0) + share * factor
        reached = onward
    return reached


def kreis_key_table(
    gemeinde_keys: pd.DataFrame, old_kreise: pd.Series, current: set[str]
) -> pd.DataFrame:
    """Old Kreis keys that no longer exist, with the Kreis their Gemeinden went to."""
    rows = []
    gone = gemeinde_keys.assign(
        old_kreis=parents(gemeinde_keys["old"], "kreis"),
        new_kreis=parents(gemeinde_keys["new"], "kreis"),
    )
    for kreis in sorted(set(old_kreise) - current):
        parts = gone[gone["old_kreis"] == kreis]
        if parts.empty:
            continue
        shares = parts.groupby("new_kreis")["share"].sum()
        year = parts["year"].max()
        rows += [(kreis, new, share / shares.sum(), year) for new, share in shares.items()]
    return pd.DataFrame(rows, columns=["old", "new", "share", "year"]).astype({"year": "Int64"})


@dataclass(frozen=True)
class CurrentLevels:
    """All three levels of today's Gebietsstand at the old detail, and how they were made.

    Attributes
    ----------
    levels
        ``land``, ``kreis``, ``gemeinde`` frames like :func:`geodata.build.clean_level`.
    keys
        Old keys (Gemeinden 2016 and 2020–2022, Kreise 2016) with their successors.
    report
        Figures for the build report and ``metadata.json``.
    stand
        Gebietsstand as ``TT.MM.JJJJ``.
    """

    levels: dict[str, gpd.GeoDataFrame]
    keys: pd.DataFrame
    report: dict
    stand: str


def current_levels(old: dict[str, gpd.GeoDataFrame], source: Gebietsstand) -> CurrentLevels:
    """Re-key cleaned old levels (``clean_level`` output) to the Gebietsstand of ``source``."""
    coarse = read_vg5000(source.vg5000)
    official, stand = read_gemeindeverzeichnis(source.gemeindeverzeichnis)
    current = coarse.gemeinden.rename(columns={"AGS": "ags"})
    rekeyed = rekey_gemeinden(old["gemeinde"], current, official["flaeche_km2"])
    gemeinden = rekeyed.gemeinden.copy()
    # cuts along VG5000 put vertices on one side of a border only
    gemeinden["geometry"] = shapely.coverage_clean(
        gemeinden.geometry.to_numpy(), snapping_distance=_GRID_M * 2
    )
    attributes = current.set_index("ags")
    gemeinden = _named(gemeinden, attributes)
    gemeinden["land_ags"] = parents(gemeinden["ags"], "land")
    gemeinden["kreis_ags"] = parents(gemeinden["ags"], "kreis")
    kreise = _named(dissolve_level(gemeinden, "kreis"), coarse.kreise.set_index("AGS"))
    kreise["land_ags"] = parents(kreise["ags"], "land")
    laender = _named(
        dissolve_level(gemeinden, "land"), coarse.laender.drop_duplicates("AGS").set_index("AGS")
    )
    since = pd.to_datetime(attributes["WSK"], errors="coerce").dt.year
    keys = key_table(rekeyed.overlaps, current["ags"], since)
    targets = set(current["ags"])
    report: dict = {}
    if source.crosswalk is not None:
        later = crosswalk_table(source.crosswalk, targets)
        ours = keys.groupby("old")["new"].agg(frozenset)
        theirs = later.groupby("old")["new"].agg(frozenset)
        checked = ours.index.intersection(theirs.index)
        report["crosswalk_checked"] = len(checked)
        report["crosswalk_agrees"] = int((ours[checked] == theirs[checked]).sum())
        keys = pd.concat([keys, later[~later["old"].isin(keys["old"])]], ignore_index=True)
    kreis_keys = kreis_key_table(keys, old["kreis"]["ags"], set(kreise["ags"]))
    keys = pd.concat([keys, kreis_keys], ignore_index=True).sort_values(
        ["old", "share"], ascending=[True, False]
    )
    ratio = pd.Series(gemeinden.area.to_numpy() / 1e6, index=gemeinden["ags"]) / official[
        "flaeche_km2"
    ].reindex(gemeinden["ags"])
    names = attributes["GEN"]
    report |= {
        "gemeinden_keys": len(official),
        "gemeinden_with_area": len(gemeinden),
        "kreise": len(kreise),
        "laender": len(laender),
        "area_within_3_percent": round(float(((ratio - 1).abs() <= 0.03).mean()), 4),
        "area_ratio_median": round(float(ratio.median()), 4),
        "split_2016": [
            f"{k} {old['gemeinde'].set_index('ags').loc[k, 'name']}" for k in rekeyed.split
        ],
        "fallback_vg5000": [f"{k} {names.get(k, '')}" for k in rekeyed.fallback],
        "without_area": [
            f"{k} {official.loc[k, 'name']}"
            for k in sorted(set(official.index) - set(gemeinden["ags"]))
        ],
        "old_keys": {
            "gemeinde": int((keys["old"].str.len() == 8).sum()),
            "kreis": int((keys["old"].str.len() == 5).sum()),
        },
    }
    day, month, year = stand[8:], stand[5:7], stand[:4]
    return CurrentLevels(
        {"land": laender, "kreis": kreise, "gemeinde": gemeinden},
        keys.reset_index(drop=True),
        report,
        f"{day}.{month}.{year}",
    )


def _named(frame: gpd.GeoDataFrame, attributes: pd.DataFrame) -> gpd.GeoDataFrame:
    frame = frame.copy()
    frame["name"] = frame["ags"].map(attributes["GEN"]).astype(str)
    frame["bez"] = frame["ags"].map(attributes["BEZ"]).astype(str)
    return frame

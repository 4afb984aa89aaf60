"""Build the embedded boundary files from a VG250 source.

Steps per level: keep ``GF == 4`` (land area with structure), one feature per
AGS, snap to a 1 cm grid in EPSG:25832 (the source's shared borders are not
always bit-identical, which breaks coverage operations), simplify the whole
level *as a coverage* so that neighbours keep sharing their borders, reproject
to EPSG:4326, round to 5 decimals (about 1 m) and write GeoParquet.

Besides, coarser *display variants* of the levels the map shows zoomed out
(``geodata.fileformat.DISPLAY_VARIANTS``), simplified from the source detail as one
coverage each, so the app never has to simplify while a user waits and
neighbouring areas match across every view.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

import clock
from geodata.ags import AGS_LENGTH, LEVELS, Level, parent_ags
from geodata.fileformat import (
    DISPLAY_DECIMALS,
    DISPLAY_VARIANTS,
    METADATA_FILE,
    BoundaryMetadata,
    attribution_text,
    level_file,
)
from geodata.gebietsstand import Gebietsstand, current_levels
from geodata.keys import KEYS_FILE
from geodata.metric import METRIC_CRS
from geodata.simplify import simplify_coverage
from geodata.sources import RawSource, SourceError, read_source

_LICENCE_DL_DE = "Datenlizenz Deutschland – Namensnennung – 2.0 (dl-de/by-2-0)"
#: Coverage simplification tolerance in metres (Visvalingam–Whyatt, as GEOS does).
DEFAULT_TOLERANCE_M = 200.0
#: Decimal places kept in EPSG:4326: 1e-5 degrees is about 1 m.
COORDINATE_DECIMALS = 5
_SNAP_GRID_M = 0.01


def clean_level(frame: gpd.GeoDataFrame, level: Level) -> gpd.GeoDataFrame:
    """Keep land areas, one feature per AGS, with our column names.

    Parameters
    ----------
    frame
        Raw VG250 features of one level.
    level
        ``"land"``, ``"kreis"`` or ``"gemeinde"``.

    Returns
    -------
    GeoDataFrame
        Columns ``ags``, ``name``, ``bez``, the parent keys, ``ewz`` where the
        source has population, ``wsk`` and geometry, in EPSG:25832, sorted by AGS.
    """
    if "AGS" not in frame.columns or "GEN" not in frame.columns:
        raise SourceError(f"Ebene {level}: VG250-Felder AGS/GEN fehlen")
    if "GF" in frame.columns:
        frame = frame[pd.to_numeric(frame["GF"], errors="coerce") == 4]
    frame = frame.to_crs(METRIC_CRS) if frame.crs else frame.set_crs(METRIC_CRS)
    ags = frame["AGS"].astype(str).str.strip().str.zfill(AGS_LENGTH[level])
    out = gpd.GeoDataFrame(
        {
            "ags": ags.to_numpy(),
            "name": frame["GEN"].astype(str).to_numpy(),
            "bez": frame.get("BEZ", pd.Series("", index=frame.index)).astype(str).to_numpy(),
        },
        geometry=_valid_on_grid(frame.geometry.to_numpy()),
        crs=METRIC_CRS,
    )
    if "EWZ" in frame.columns:
        out["ewz"] = pd.to_numeric(frame["EWZ"], errors="coerce").astype("Int64").to_numpy()
    if "WSK" in frame.columns:
        out["wsk"] = frame["WSK"].astype(str).str[:10].to_numpy()
    # Several parts of one Gemeinde can arrive as separate features.
    out = out.dissolve(by="ags", as_index=False, aggfunc="first") if ags.duplicated().any() else out
    if level != "land":
        out["land_ags"] = out["ags"].map(lambda key: parent_ags(key, "land"))
    if level == "gemeinde":
        out["kreis_ags"] = out["ags"].map(lambda key: parent_ags(key, "kreis"))
    return out.sort_values("ags").reset_index(drop=True)


def _valid_on_grid(geometries: np.ndarray) -> np.ndarray:
    """Repair self-intersections, then snap to the grid so shared borders coincide."""
    invalid = ~shapely.is_valid(geometries)
    if invalid.any():
        geometries = geometries.copy()
        geometries[invalid] = shapely.make_valid(
            geometries[invalid], method="structure", keep_collapsed=False
        )
    return shapely.set_precision(geometries, _SNAP_GRID_M)


def round_coordinates(geometries: np.ndarray, decimals: int = COORDINATE_DECIMALS) -> np.ndarray:
    """Round every coordinate; equal vertices of neighbours stay equal."""
    return shapely.transform(geometries, lambda xy: np.round(xy, decimals))


def finish_level(
    frame: gpd.GeoDataFrame, tolerance_m: float, decimals: int = COORDINATE_DECIMALS
) -> gpd.GeoDataFrame:
    """Simplify a cleaned level as a coverage, reproject to WGS84 and round."""
    simplified = frame.copy()
    simplified["geometry"] = simplify_coverage(frame.geometry.to_numpy(), tolerance_m)
    wgs84 = simplified.to_crs("EPSG:4326")
    wgs84["geometry"] = round_coordinates(wgs84.geometry.to_numpy(), decimals)
    return wgs84


def edition_of(frames: dict[str, gpd.GeoDataFrame]) -> date | None:
    """Newest 'valid since' date (``WSK``) of the source: its edition's Stand."""
    dates = [
        pd.to_datetime(frame["wsk"].str.replace("/", "-"), errors="coerce").max()
        for frame in frames.values()
        if "wsk" in frame.columns
    ]
    dates = [d for d in dates if pd.notna(d)]
    return max(dates).date() if dates else None


def build_boundaries(
    source: str | Path | RawSource,
    out_dir: str | Path,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
    gebietsstand: Gebietsstand | None = None,
) -> BoundaryMetadata:
    """Build ``land.parquet``, ``kreis.parquet``, ``gemeinde.parquet`` and metadata.

    Parameters
    ----------
    source
        A path understood by :func:`geodata.sources.read_source`, or frames
        already read.
    out_dir
        Folder to write into; created if missing.
    tolerance_m
        Coverage simplification tolerance in metres.
    gebietsstand
        Newer keys to bring the source's detailed lines to
        (:mod:`geodata.gebietsstand`); then the key table from old to current keys
        is written too.

    Returns
    -------
    BoundaryMetadata
        What was written to ``metadata.json``.
    """
    raw = source if isinstance(source, RawSource) else read_source(source)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cleaned = {level: clean_level(raw.frames[level], level) for level in LEVELS}
    edition = edition_of(cleaned)
    year = edition.year if edition else clock.this_year()
    stand = edition.strftime("%d.%m.%Y") if edition else "unbekannt"
    extra: dict = {}
    if gebietsstand is not None:
        current = current_levels(cleaned, gebietsstand)
        cleaned = current.levels
        current.keys.to_parquet(out / KEYS_FILE, index=False)
        current_year = int(current.stand[-4:])
        extra = {
            "method": (
                f"Linien BKG VG250 ({stand}), Schlüssel, Namen und Zuschnitt "
                f"BKG VG5000 ({current.stand}): jede Gemeinde von {year} zur heutigen "
                "mit der größten Überlappung, geteilte entlang VG5000 geschnitten, "
                "nach heutigem AGS vereinigt; Kreise und Länder aus den Gemeinden"
            ),
            "sources": [
                f"{raw.description}, Stand {stand}, {raw.licence}",
                f"BKG VG5000 ({gebietsstand.vg5000.name}), Stand {current.stand}, dl-de/by-2-0",
                f"Destatis Gemeindeverzeichnis ({gebietsstand.gemeindeverzeichnis.name}), "
                "dl-de/by-2-0",
            ],
            "report": current.report,
        }
        attribution = attribution_text(year, current_year)
        stand, year = current.stand, current_year
    else:
        attribution = attribution_text(year)
    counts = {}
    for level, frame in cleaned.items():
        frame = frame.drop(columns=["wsk"], errors="ignore")
        finished = finish_level(frame, tolerance_m)
        finished.to_parquet(out / level_file(level), compression="zstd", index=False)
        counts[level] = len(finished)
        shapes = frame.drop(columns=["ewz"], errors="ignore")
        for variant in DISPLAY_VARIANTS:
            if variant.level == level:
                coarse = finish_level(shapes, variant.tolerance_m, DISPLAY_DECIMALS)
                coarse.to_parquet(out / variant.file_name, compression="zstd", index=False)
    metadata = BoundaryMetadata(
        source=f"{raw.description} + BKG VG5000" if gebietsstand else raw.description,
        edition=stand,
        year=year,
        attribution=attribution,
        licence=f"{_LICENCE_DL_DE}; VG250 2016: {raw.licence}" if gebietsstand else raw.licence,
        tolerance_m=tolerance_m,
        counts=counts,
        **extra,
    )
    (out / METADATA_FILE).write_text(metadata.to_json(), encoding="utf-8")
    return metadata

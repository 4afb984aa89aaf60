"""Files of what the planning page shows, each carrying its sources and parameters."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd


def indicator_geojson(areas: gpd.GeoDataFrame, about: Mapping[str, str]) -> bytes:
    """The indicator layer as GeoJSON (EPSG:4326) with ``about`` as a ``metadata``
    member: sources, Stand, parameters and attribution travel with the file."""
    collection = json.loads(areas.to_crs(4326).to_json(na="null", drop_id=True))
    collection["metadata"] = dict(about)
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def indicator_geopackage(areas: gpd.GeoDataFrame, about: Mapping[str, str]) -> bytes:
    """The indicator layer as a GeoPackage: layer ``kennzahlen`` and a table
    ``metadaten`` (``feld``, ``wert``) with sources, Stand and parameters."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kennzahlen.gpkg"
        areas.to_crs(4326).to_file(path, layer="kennzahlen", driver="GPKG")
        notes = pd.DataFrame({"feld": list(about), "wert": list(about.values())})
        gpd.GeoDataFrame(notes).to_file(path, layer="metadaten", driver="GPKG")
        return path.read_bytes()

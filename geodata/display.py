"""Compact boundary layers for the browser.

A map of all Germany needs far less detail than the embedded data has, and
full-precision GeoJSON spends about 38 characters on every vertex. A display
layer is simplified for its zoom (again as a coverage) and each ring is written
in the encoded polyline format (1e-5 degrees, delta and base64-style varint):
about 5 characters per vertex. The browser decodes it in a few lines of JS.
"""

from __future__ import annotations

import html
import json

import geopandas as gpd
import numpy as np
import shapely

from geodata.build import METRIC_CRS, round_coordinates, simplify_coverage

#: Default decimals of display coordinates: 1e-4 degrees is about 11 m, finer than
#: a pixel up to zoom 12 and far finer than the 200 m simplification.
DISPLAY_DECIMALS = 4


def simplify_for_display(frame: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    """Simplify a set of boundaries as a coverage for a coarser zoom.

    Parameters
    ----------
    frame
        Boundaries in EPSG:4326 that tile their area (one level).
    tolerance_m
        Tolerance in metres; 0 keeps the geometry as it is.

    Returns
    -------
    GeoDataFrame
        The same rows in EPSG:4326 with simplified polygons.
    """
    if tolerance_m <= 0 or frame.empty:
        return frame
    metric = frame.to_crs(METRIC_CRS)
    metric["geometry"] = simplify_coverage(metric.geometry.to_numpy(), tolerance_m)
    out = metric.to_crs("EPSG:4326")
    out["geometry"] = round_coordinates(out.geometry.to_numpy())
    return out


def encode_values(values: np.ndarray) -> bytes:
    """Encode signed integers with the polyline varint scheme, vectorised.

    Parameters
    ----------
    values
        Signed 64-bit integers (already delta-encoded).

    Returns
    -------
    bytes
        ASCII characters 63..126, one to seven per value.
    """
    values = np.asarray(values, dtype=np.int64)
    zigzag = np.where(values < 0, ~(values << 1), values << 1).astype(np.uint64)
    shifts = np.arange(7, dtype=np.uint64) * np.uint64(5)
    chunks = (zigzag[:, None] >> shifts[None, :]) & np.uint64(0x1F)
    n_chunks = _chars_per_value(values)
    position = np.arange(7)[None, :]
    continued = position < (n_chunks[:, None] - 1)
    chars = (chunks | (continued.astype(np.uint64) << np.uint64(5))) + np.uint64(63)
    return chars[position < n_chunks[:, None]].astype(np.uint8).tobytes()


def _chars_per_value(values: np.ndarray) -> np.ndarray:
    zigzag = np.where(values < 0, ~(values << 1), values << 1)
    counts = np.ones(len(values), dtype=np.int64)
    for k in range(1, 7):
        counts += zigzag >= (1 << (5 * k))
    return counts


def encode_polygons(
    geometries: np.ndarray, decimals: int = DISPLAY_DECIMALS
) -> list[list[list[str]]]:
    """Encode polygons as nested lists of encoded-polyline rings.

    Parameters
    ----------
    geometries
        Polygons or MultiPolygons in EPSG:4326.
    decimals
        Decimal places kept (the polyline precision is ``10 ** decimals``).

    Returns
    -------
    list
        Per geometry a list of parts, per part a list of rings (exterior first),
        each ring one encoded polyline of (lat, lon) without the closing vertex.
    """
    parts, part_owner = shapely.get_parts(geometries, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    # Leaflet closes rings itself: drop each ring's repeated last vertex.
    last_of_ring = np.r_[coord_ring[1:] != coord_ring[:-1], True]
    coords, coord_ring = coords[~last_of_ring], coord_ring[~last_of_ring]
    latlon = np.round(coords[:, ::-1] * 10**decimals).astype(np.int64)
    first_of_ring = np.r_[True, coord_ring[1:] != coord_ring[:-1]]
    deltas = np.diff(latlon, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    deltas[first_of_ring] = latlon[first_of_ring]
    values = deltas.reshape(-1)
    text = encode_values(values).decode("ascii")
    ends = np.cumsum(_chars_per_value(values).reshape(-1, 2).sum(axis=1))
    ring_ends = ends[np.r_[coord_ring[1:] != coord_ring[:-1], True]]
    ring_starts = np.r_[0, ring_ends[:-1]]
    ring_ids = np.unique(coord_ring)
    encoded_rings = {
        int(ring): text[start:end]
        for ring, start, end in zip(ring_ids, ring_starts, ring_ends, strict=True)
    }
    result: list[list[list[str]]] = [[] for _ in range(len(geometries))]
    part_rings: dict[int, list[str]] = {}
    for ring_index, part in enumerate(ring_part):
        if ring_index in encoded_rings:
            part_rings.setdefault(int(part), []).append(encoded_rings[ring_index])
    for part, owner in enumerate(part_owner):
        if part in part_rings:
            result[int(owner)].append(part_rings[part])
    return result


def decode_polyline(text: str, decimals: int = DISPLAY_DECIMALS) -> list[tuple[float, float]]:
    """Decode one encoded polyline into (lat, lon) pairs (for tests and tools)."""
    values: list[int] = []
    current = shift = 0
    for char in text.encode("ascii"):
        chunk = char - 63
        current |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            values.append(~(current >> 1) if current & 1 else current >> 1)
            current = shift = 0
    lat = lon = 0
    points = []
    for dlat, dlon in zip(values[::2], values[1::2], strict=True):
        lat += dlat
        lon += dlon
        points.append((lat / 10**decimals, lon / 10**decimals))
    return points


def boundary_layer_json(frame: gpd.GeoDataFrame, decimals: int = DISPLAY_DECIMALS) -> str:
    """Serialise boundaries as the compact JSON the map's script draws.

    Parameters
    ----------
    frame
        Boundaries with ``ags`` and ``name``.
    decimals
        Decimal places of the coordinates.

    Returns
    -------
    str
        ``{"p": precision, "f": [{"a": ags, "n": escaped name, "g": parts}, ...]}``; names are
        HTML-escaped because Leaflet puts tooltips into ``innerHTML``.
    """
    encoded = encode_polygons(frame.geometry.to_numpy(), decimals)
    features = [
        {"a": str(ags), "n": html.escape(str(name)), "g": geometry}
        for ags, name, geometry in zip(frame["ags"], frame["name"], encoded, strict=True)
    ]
    payload = {"p": 10**decimals, "f": features}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

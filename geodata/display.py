"""Compact boundary layers for the browser.

A map of all Germany needs far less detail than the embedded data has, and
full-precision GeoJSON spends about 38 characters on every vertex. A display
layer is simplified for its zoom (as a coverage, see :mod:`geodata.simplify`),
turned into a topology (each shared border once, see :mod:`geodata.topology`)
and written with the varint scheme of the encoded polyline format (deltas, five bits per ASCII
character): about 3.5 characters per vertex of a border. The browser decodes it
in a few lines of JS (``FK.layer`` in ``dashboard/map/frontend/familienkarte.js``).

Layer format, one JSON object:

``p``
    quantisation steps per degree;
``a``
    all arcs as one stream of ``(lat, lon)`` deltas, running on from arc to arc;
``c``
    the number of points of each arc;
``r``
    per area: number of parts, per part number of rings, per ring number of arc
    references, then the references (``~i`` = arc ``i`` backwards), each as the
    difference to the previous reference;
``o``
    outline arcs (outer edge and group borders), as differences of their indexes;
``n``
    the areas' names, HTML-escaped (Leaflet puts tooltips into ``innerHTML``).

All streams except ``n`` are encoded with :func:`encode_values`.
"""

from __future__ import annotations

import html
import json

import numpy as np
import shapely

from geodata.topology import Topology, build_topology

#: Default quantisation of display coordinates: 1e-4 degrees is about 11 m, finer
#: than a pixel up to zoom 12 and far finer than the 200 m simplification.
DISPLAY_PRECISION = 10_000


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


def decode_values(text: str) -> list[int]:
    """Decode a stream written by :func:`encode_values` (for tests and tools)."""
    values: list[int] = []
    current = shift = 0
    for char in text.encode("ascii"):
        chunk = char - 63
        current |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            values.append(~(current >> 1) if current & 1 else current >> 1)
            current = shift = 0
    return values


def _area_stream(topology: Topology) -> np.ndarray:
    """Per area: parts, per part: rings, per ring: references (as differences)."""
    ring_sizes = topology.ring_sizes
    ring_start = np.cumsum(ring_sizes) - ring_sizes
    stream = np.insert(np.diff(topology.refs, prepend=0), ring_start, ring_sizes)
    ring_head = ring_start + np.arange(len(ring_sizes))
    rings_per_part = np.bincount(topology.ring_part, minlength=len(topology.part_owner))
    part_start = np.cumsum(rings_per_part) - rings_per_part
    stream = np.insert(stream, ring_head[part_start], rings_per_part)
    part_head = ring_head[part_start] + np.arange(len(part_start))
    parts_per_area = np.bincount(topology.part_owner, minlength=topology.n_areas)
    area_start = np.cumsum(parts_per_area) - parts_per_area
    # An area without parts gets its 0 where the next area's parts begin.
    heads = np.append(part_head, len(stream))[area_start]
    return np.insert(stream, heads, parts_per_area)


def encode_topology(topology: Topology) -> dict[str, str]:
    """The streams ``a``, ``c``, ``r`` and ``o`` of the layer format."""
    deltas = np.diff(topology.points, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    outline = np.diff(topology.outline.astype(np.int64), prepend=0)
    streams = {
        "a": deltas.reshape(-1),
        "c": topology.sizes,
        "r": _area_stream(topology).astype(np.int64),
        "o": outline,
    }
    return {key: encode_values(values).decode("ascii") for key, values in streams.items()}


def encode_layer(
    geometries: np.ndarray,
    names: list[str],
    precision: int = DISPLAY_PRECISION,
    groups: np.ndarray | None = None,
) -> str:
    """The layer format for polygons of a coverage (see the module documentation).

    Parameters
    ----------
    geometries
        Polygons or MultiPolygons in EPSG:4326.
    names
        One name per geometry (HTML-escaped here).
    precision
        Quantisation steps per degree.
    groups
        Optional group key per geometry; borders between groups join the outline.
    """
    topology = build_topology(geometries, precision, groups)
    payload: dict[str, object] = {"p": precision, **encode_topology(topology)}
    payload["n"] = [html.escape(str(name)) for name in names]
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def encode_lines(geometries: np.ndarray, left_out: np.ndarray, precision: int) -> str:
    """The layer format with the borders only, without those of the areas ``left_out``.

    For context around a chosen area: its neighbours' borders, which end exactly
    on the chosen area's own outline (coverage simplification keeps junctions),
    without a second, coarser line along that outline.
    """
    topology = build_topology(geometries, precision)
    lines = topology.only_arcs(~topology.arcs_used_by(left_out))
    payload: dict[str, object] = {"p": precision, **encode_topology(lines), "n": []}
    return json.dumps(payload, separators=(",", ":"))


def decode_layer(payload: str) -> tuple[list[shapely.Geometry], shapely.MultiLineString]:
    """Read a layer back into polygons and the outline (for tests and tools).

    Returns
    -------
    tuple
        One (Multi)Polygon in EPSG:4326 per area, in the order of the names, and
        the outline arcs as lines.
    """
    data = json.loads(payload)
    scale = float(data["p"])
    deltas = np.array(decode_values(data["a"]), dtype=np.int64).reshape(-1, 2)
    points = np.cumsum(deltas, axis=0)[:, ::-1] / scale
    ends = np.cumsum(decode_values(data["c"]))
    arcs = np.split(points, ends[:-1]) if len(ends) else []

    def ring_coords(refs: list[int]) -> np.ndarray:
        pieces = [arcs[ref] if ref >= 0 else arcs[~ref][::-1] for ref in refs]
        return np.concatenate([pieces[0]] + [piece[1:] for piece in pieces[1:]])

    stream = iter(decode_values(data["r"]))
    previous, geometries = 0, []
    for _ in data["n"]:
        polygons = []
        for _ in range(next(stream)):
            rings = []
            for _ in range(next(stream)):
                refs = []
                for _ in range(next(stream)):
                    previous += next(stream)
                    refs.append(previous)
                rings.append(ring_coords(refs))
            polygons.append(shapely.Polygon(rings[0], rings[1:]))
        geometries.append(polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons))
    outline = np.cumsum(decode_values(data["o"])).astype(int)
    return geometries, shapely.MultiLineString([arcs[i] for i in outline])

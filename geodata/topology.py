"""Boundary layers as a topology: every shared border stored once.

Neighbouring areas of a coverage share their borders. Written as separate
polygons, each border travels twice; written as *arcs* (the idea of TopoJSON),
each border is one arc and every ring is a list of arc references. The arcs
also tell which lines form an outline: a border used by one area only is the
outer edge of the layer, a border between areas of different groups (say
Kreise of different Länder) is a group border. So one file draws the areas,
their inner borders and the bold outline, with lines that match exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely


@dataclass(frozen=True)
class Topology:
    """Areas as rings of shared arcs, in flat arrays.

    Attributes
    ----------
    points
        The points of all arcs, one after the other, as quantised integer
        ``(lat, lon)``. A ring that touches no other ring is one closed arc (its
        first point repeated last).
    sizes
        Number of points of each arc.
    refs
        The arc references of all rings, ring after ring: ``i`` for arc ``i``
        forwards, ``~i`` (``-i - 1``) backwards.
    ring_sizes
        Number of references of each ring.
    ring_part
        Part of each ring (exterior first, then holes).
    part_owner
        Area of each part.
    n_areas
        Number of areas (an area may have no parts left after quantisation).
    outline
        Indexes of the arcs that form the outline: the layer's outer edge and the
        borders between groups.
    """

    points: np.ndarray
    sizes: np.ndarray
    refs: np.ndarray
    ring_sizes: np.ndarray
    ring_part: np.ndarray
    part_owner: np.ndarray
    n_areas: int
    outline: np.ndarray

    @property
    def arcs(self) -> list[np.ndarray]:
        """Each arc as an ``(n, 2)`` array."""
        return np.split(self.points, np.cumsum(self.sizes)[:-1]) if len(self.sizes) else []

    @property
    def areas(self) -> list[list[list[list[int]]]]:
        """Per area its parts, per part its rings, per ring its arc references."""
        areas: list[list[list[list[int]]]] = [[] for _ in range(self.n_areas)]
        ring_refs = np.split(self.refs, np.cumsum(self.ring_sizes)[:-1])
        previous = -1
        for part, refs in zip(self.ring_part.tolist(), ring_refs, strict=True):
            area = areas[int(self.part_owner[part])]
            if part != previous:
                area.append([])
                previous = part
            area[-1].append(refs.tolist())
        return areas

    def arcs_used_by(self, areas: np.ndarray) -> np.ndarray:
        """Which arcs the areas marked ``True`` use (one flag per arc)."""
        ring_of_ref = np.repeat(np.arange(len(self.ring_sizes)), self.ring_sizes)
        owner_of_ref = self.part_owner[self.ring_part[ring_of_ref]]
        used = np.zeros(len(self.sizes), dtype=bool)
        marked = np.asarray(areas, dtype=bool)[owner_of_ref]
        refs = self.refs[marked]
        used[np.where(refs >= 0, refs, ~refs)] = True
        return used

    def only_arcs(self, keep: np.ndarray) -> Topology:
        """The arcs flagged in ``keep``, without areas: borders only."""
        points = self.points[np.repeat(keep, self.sizes)]
        empty = np.zeros(0, dtype=np.int64)
        return Topology(points, self.sizes[keep], empty, empty, empty, empty, 0, empty)

    @classmethod
    def from_arcs(cls, arcs: list[np.ndarray], n_areas: int = 0) -> Topology:
        """Arcs without areas: borders only."""
        points = np.concatenate(arcs) if arcs else np.zeros((0, 2), dtype=np.int64)
        sizes = np.array([len(arc) for arc in arcs], dtype=np.int64)
        empty = np.zeros(0, dtype=np.int64)
        return cls(points, sizes, empty, empty, empty, empty, n_areas, empty)


@dataclass(frozen=True)
class _Rings:
    """Quantised rings of polygons, flattened; rings that collapsed are left out."""

    vertex: np.ndarray  # vertex id of every ring point
    start: np.ndarray  # first point of every ring
    end: np.ndarray  # one past the last point of every ring
    part: np.ndarray  # part index of every ring
    part_owner: np.ndarray  # geometry index of every part
    points: np.ndarray  # (lat, lon) of every vertex id


def _ring_structure(geometries: np.ndarray) -> tuple[np.ndarray, ...]:
    """Coordinates and, as plain arrays, which ring, part and area they belong to.

    ``to_ragged_array`` reads everything in one go: no Python object per ring or
    part, so no garbage collector pauses on large layers.
    """
    kind, coords, offsets = shapely.to_ragged_array(geometries)
    if kind == shapely.GeometryType.POLYGON:
        ring_offsets, part_offsets = offsets
        geometry_offsets = np.arange(len(part_offsets))
    else:
        ring_offsets, part_offsets, geometry_offsets = offsets
    n_rings, n_parts = len(ring_offsets) - 1, len(part_offsets) - 1
    ring_of = np.repeat(np.arange(n_rings), np.diff(ring_offsets))
    ring_part = np.repeat(np.arange(n_parts), np.diff(part_offsets))
    part_owner = np.repeat(np.arange(len(geometry_offsets) - 1), np.diff(geometry_offsets))
    exterior = np.zeros(n_rings, dtype=bool)
    exterior[part_offsets[:-1][np.diff(part_offsets) > 0]] = True
    return coords, ring_of, ring_part, part_owner, exterior


def _quantised_rings(geometries: np.ndarray, precision: float) -> _Rings:
    coords, ring_of, ring_part, part_owner, exterior = _ring_structure(geometries)
    n_rings = len(ring_part)
    latlon = np.round(coords[:, ::-1] * precision).astype(np.int64)
    same_ring_next = np.r_[ring_of[1:] == ring_of[:-1], False]
    # Drop each ring's closing vertex and points that rounding merged with the previous one.
    repeated = np.r_[False, np.all(latlon[1:] == latlon[:-1], axis=1) & same_ring_next[:-1]]
    keep = same_ring_next & ~repeated
    latlon, ring_of = latlon[keep], ring_of[keep]
    # Rounding can also merge a ring's last point with its first.
    counts = np.bincount(ring_of, minlength=n_rings)
    end = np.cumsum(counts)
    start = end - counts
    wraps = np.zeros(n_rings, dtype=bool)
    many = counts > 1
    wraps[many] = np.all(latlon[end[many] - 1] == latlon[start[many]], axis=1)
    keep = np.ones(len(latlon), dtype=bool)
    keep[end[wraps] - 1] = False
    # A ring of fewer than three points has collapsed to a line: nothing to draw.
    counts = counts - wraps
    valid = counts >= 3
    # Without its exterior a part's holes mean nothing either.
    valid &= ~np.isin(ring_part, ring_part[exterior & ~valid])
    keep &= valid[ring_of]
    latlon = latlon[keep]
    kept = np.flatnonzero(valid)
    counts = counts[kept]
    end = np.cumsum(counts)
    # One integer per position makes the search for equal vertices a 1-D unique.
    low = latlon.min(axis=0) if len(latlon) else np.zeros(2, dtype=np.int64)
    span = int(latlon[:, 1].max() - low[1]) + 1 if len(latlon) else 1
    keys, vertex = np.unique(
        (latlon[:, 0] - low[0]) * span + (latlon[:, 1] - low[1]), return_inverse=True
    )
    points = np.c_[keys // span + low[0], keys % span + low[1]]
    return _Rings(vertex.reshape(-1), end - counts, end, ring_part[kept], part_owner, points)


def _junctions(rings: _Rings) -> np.ndarray:
    """Vertices where other than two border lines meet: arcs start and end there."""
    position = np.arange(len(rings.vertex))
    ring_index = np.repeat(np.arange(len(rings.start)), rings.end - rings.start)
    following = position + 1
    last = following == rings.end[ring_index]
    following[last] = rings.start[ring_index[last]]
    a, b = rings.vertex, rings.vertex[following]
    low, high = np.minimum(a, b), np.maximum(a, b)
    edges = np.unique(low * len(rings.points) + high)
    n = len(rings.points)
    degree = np.bincount(edges // n, minlength=n) + np.bincount(edges % n, minlength=n)
    return degree != 2


def _arc_pieces(rings: _Rings, junction: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut every ring into arcs from junction to junction, for all rings at once.

    Returns the vertex ids of all rings, each rotated to start at a junction and
    closed (first vertex repeated), and for every arc its first and last position
    in that array and its ring.
    """
    lengths = rings.end - rings.start
    n_rings = len(lengths)
    ring_of = np.repeat(np.arange(n_rings), lengths)
    offset = np.arange(len(rings.vertex)) - rings.start[ring_of]
    is_junction = junction[rings.vertex]
    # Each ring starts at its first junction. A ring with none (an island, an
    # enclave) starts at its smallest vertex, so both sides of an enclave agree.
    first = np.full(n_rings, np.iinfo(np.int64).max)
    np.minimum.at(first, ring_of[is_junction], offset[is_junction])
    free = first == np.iinfo(np.int64).max
    if free.any():
        smallest = np.full(n_rings, np.iinfo(np.int64).max)
        np.minimum.at(smallest, ring_of, rings.vertex)
        at_smallest = (rings.vertex == smallest[ring_of]) & free[ring_of]
        first[free] = 0
        np.maximum.at(first, ring_of[at_smallest], offset[at_smallest])
    rotated = rings.vertex[rings.start[ring_of] + (offset + first[ring_of]) % lengths[ring_of]]
    # Close each ring: insert its first vertex after its last.
    closed = np.insert(rotated, rings.end, rotated[rings.start])
    closed_start = rings.start + np.arange(n_rings)
    closed_end = closed_start + lengths + 1
    boundary = junction[closed]
    boundary[closed_start] = True
    boundary[closed_end - 1] = True
    positions = np.flatnonzero(boundary)
    ring_at = np.repeat(np.arange(n_rings), lengths + 1)[positions]
    same_ring = ring_at[1:] == ring_at[:-1]
    return closed, positions[:-1][same_ring], positions[1:][same_ring], ring_at[:-1][same_ring]


def _spans(first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All positions ``first[i]..last[i]`` one after the other, and each one's step."""
    sizes = last - first + 1
    step = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(first, sizes) + step, step


def _sequence_hashes(closed: np.ndarray, first: np.ndarray, last: np.ndarray, backwards):
    """A 64-bit hash of each piece's vertex sequence, read backwards where asked."""
    sizes = last - first + 1
    forwards_at, step = _spans(first, last)
    at = np.where(np.repeat(backwards, sizes), np.repeat(last, sizes) - step, forwards_at)
    weights = np.random.default_rng(20161231).integers(1, 2**63, size=sizes.max(), dtype=np.uint64)
    with np.errstate(over="ignore"):
        terms = (closed[at].astype(np.uint64) + np.uint64(1)) * weights[step]
        return np.add.reduceat(terms, np.cumsum(sizes) - sizes) ^ sizes.astype(np.uint64)


def build_topology(
    geometries: np.ndarray, precision: float, groups: np.ndarray | None = None
) -> Topology:
    """Turn polygons of a coverage into shared arcs.

    Parameters
    ----------
    geometries
        Polygons or MultiPolygons in EPSG:4326 whose neighbours share vertices.
    precision
        Quantisation steps per degree (``10_000`` keeps 1e-4 degrees, about 11 m).
    groups
        Optional group key per geometry; borders between different groups join
        the outline.

    Returns
    -------
    Topology
        Arcs in the order rings first use them, area references, outline arcs.
    """
    geometries = np.asarray(geometries)
    rings = _quantised_rings(geometries, precision)
    if len(rings.start) == 0:
        return Topology.from_arcs([], len(geometries))
    closed, first, last, ring = _arc_pieces(rings, junction=_junctions(rings))
    # Two rings walk a shared border in opposite directions: compare every piece
    # in one canonical direction (from its smaller end; loops by their second point).
    a, b = closed[first], closed[last]
    backwards = (a > b) | ((a == b) & (closed[first + 1] > closed[last - 1]))
    hashes = _sequence_hashes(closed, first, last, backwards)
    _, first_piece, arc_of = np.unique(hashes, return_index=True, return_inverse=True)
    arc_of = arc_of.reshape(-1)
    # Number arcs in the order pieces first use them: neighbouring arcs stay close.
    order = np.argsort(first_piece, kind="stable")
    number = np.empty_like(order)
    number[order] = np.arange(len(order))
    arc_of = number[arc_of]
    source = first_piece[order]
    # The stored arc runs like the piece that first used it.
    refs = np.where(backwards == backwards[source][arc_of], arc_of, ~arc_of)

    owner = rings.part_owner[rings.part][ring]
    n_arcs, n_areas = len(source), len(geometries)
    pairs = np.unique(arc_of * n_areas + owner)
    users = np.bincount(pairs // n_areas, minlength=n_arcs)
    is_outline = users < 2
    if groups is not None:
        codes, group_of = np.unique(np.asarray(groups), return_inverse=True)
        group_pairs = np.unique(
            pairs // n_areas * len(codes) + group_of.reshape(-1)[pairs % n_areas]
        )
        is_outline |= np.bincount(group_pairs // len(codes), minlength=n_arcs) > 1

    parts, ring_part = np.unique(rings.part, return_inverse=True)
    at, _ = _spans(first[source], last[source])
    return Topology(
        points=rings.points[closed[at]],
        sizes=last[source] - first[source] + 1,
        refs=refs,
        ring_sizes=np.bincount(ring, minlength=len(rings.start)),
        ring_part=ring_part.reshape(-1),
        part_owner=rings.part_owner[parts],
        n_areas=n_areas,
        outline=np.flatnonzero(is_outline),
    )

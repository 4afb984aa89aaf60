"""Display layers: shared arcs, outlines, and a format that reads back to the areas.

Real boundaries come from the Kreis fixture (``tests/data/kreis_01058.geojson``),
so these tests do not depend on the edition of the embedded data.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geodata import decode_layer
from geodata.display import decode_values, encode_layer, encode_lines, encode_values
from geodata.simplify import simplify_for_display
from geodata.topology import build_topology


def _square(x: float, y: float, size: float = 1.0) -> shapely.Polygon:
    return shapely.box(x, y, x + size, y + size)


def _layer(frame: gpd.GeoDataFrame, precision: int = 10_000) -> str:
    return encode_layer(frame.geometry.to_numpy(), frame["name"].tolist(), precision)


def test_polyline_encoding_matches_the_published_example():
    # Google's reference: (38.5, -120.2), (40.7, -120.95), (43.252, -126.453).
    values = np.array([3850000, -12020000, 220000, -75000, 255200, -550300])
    assert encode_values(values).decode() == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    assert decode_values("_p~iF~ps|U_ulLnnqC_mqNvxq`@") == values.tolist()


def test_neighbours_share_one_arc_and_only_the_outer_edge_is_outline():
    # Two unit squares side by side share the edge x = 1.
    topology = build_topology(np.array([_square(0, 0), _square(1, 0)]), precision=1)
    assert len(topology.arcs) == 3
    shared = [i for i, arc in enumerate(topology.arcs) if set(arc[:, 1].tolist()) == {1}]
    assert len(shared) == 1
    assert shared[0] not in topology.outline
    assert len(topology.outline) == 2
    # Both squares use the shared arc, in opposite directions.
    refs = [ref for area in topology.areas for ring in area[0] for ref in ring]
    assert shared[0] in refs and ~shared[0] in refs


def test_borders_between_groups_join_the_outline():
    squares = np.array([_square(0, 0), _square(1, 0), _square(2, 0)])
    topology = build_topology(squares, precision=1, groups=np.array(["01", "01", "02"]))
    lines = shapely.MultiLineString([arc[:, ::-1] for arc in topology.arcs])
    outline = shapely.MultiLineString([topology.arcs[i][:, ::-1] for i in topology.outline])
    # The border x = 2 separates the groups, x = 1 does not.
    assert outline.length == pytest.approx(lines.length - 1)
    assert shapely.contains(outline, shapely.LineString([(2, 0.2), (2, 0.8)]))


def test_an_enclave_is_one_closed_arc_shared_with_the_hole():
    outer = shapely.Polygon([(0, 0), (6, 0), (6, 6), (0, 6)], [[(2, 2), (2, 4), (4, 4), (4, 2)]])
    inner = _square(2, 2, 2)
    topology = build_topology(np.array([outer, inner]), precision=1)
    assert len(topology.arcs) == 2
    assert topology.outline == [0]  # only the outer ring
    geometries, _ = decode_layer(encode_layer(np.array([outer, inner]), ["a", "b"], 1))
    assert geometries[0].equals(outer) and geometries[1].equals(inner)


def test_layer_of_a_kreis_reads_back_to_its_gemeinden(kreis_gemeinden):
    frame = kreis_gemeinden
    geometries, outline = decode_layer(_layer(frame))
    assert len(geometries) == len(frame) == 165
    for decoded, original in zip(geometries, frame.geometry, strict=True):
        # 1e-4 degrees of quantisation moves an area by far less than 1 %.
        difference = shapely.symmetric_difference(decoded, original).area
        assert difference < 0.01 * original.area
    # The outline is the Kreis border: the boundary of all its Gemeinden.
    kreis = shapely.union_all(frame.geometry.to_numpy())
    assert shapely.hausdorff_distance(outline, kreis.boundary) < 2e-4


def test_each_border_travels_once(kreis_gemeinden):
    frame = kreis_gemeinden
    topology = build_topology(frame.geometry.to_numpy(), precision=10_000)
    ring_points = shapely.get_num_coordinates(frame.geometry.to_numpy()).sum()
    # Inner borders belong to two Gemeinden: besides the junctions that end every
    # arc, the arcs hold little more than half the points of all rings.
    assert len(topology.points) - len(topology.sizes) < 0.55 * ring_points


def test_layer_json_escapes_names_and_is_much_smaller_than_geojson(kreis_gemeinden):
    frame = kreis_gemeinden.copy()
    frame.loc[frame.index[0], "name"] = "<script>alert(1)</script>"
    payload = _layer(frame)
    assert "<script>" not in payload
    assert json.loads(payload)["n"][0] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert len(payload) * 8 < len(frame.to_json())


def test_context_lines_leave_out_the_chosen_area():
    squares = [_square(0, 0), _square(1, 0), _square(2, 0)]
    payload = encode_lines(np.array(squares), np.array([False, True, False]), precision=1)
    geometries, _ = decode_layer(payload)
    assert geometries == []
    data = json.loads(payload)
    deltas = np.array(decode_values(data["a"])).reshape(-1, 2)
    points = np.cumsum(deltas, axis=0)
    # Only the outer edges of "a" and "c" remain: no point lies on x = 1 or x = 2 alone.
    assert len(decode_values(data["c"])) == 2
    assert {1, 2} <= set(points[:, 1].tolist())  # they end on b's corners
    assert not any((points[:, 1] == 1) & (points[:, 0] == 0.5))


def test_display_simplification_keeps_a_valid_coverage(kreis_gemeinden):
    frame = kreis_gemeinden
    simplified = simplify_for_display(frame, 500)
    assert shapely.coverage_is_valid(simplified.geometry.to_numpy())
    before = shapely.get_num_coordinates(frame.geometry.to_numpy()).sum()
    after = shapely.get_num_coordinates(simplified.geometry.to_numpy()).sum()
    assert after < before


def test_group_borders_of_real_areas_are_the_outline_of_the_groups(kreis_gemeinden):
    frame = kreis_gemeinden
    groups = (frame["ags"] < "01058100").map({True: "a", False: "b"}).to_numpy()
    payload = encode_layer(frame.geometry.to_numpy(), frame["name"].tolist(), 10_000, groups)
    _, outline = decode_layer(payload)
    parts = frame.dissolve(by=groups).geometry
    expected = shapely.union_all([part.boundary for part in parts])
    assert shapely.hausdorff_distance(outline, expected) < 2e-4
    assert outline.length == pytest.approx(expected.length, rel=0.01)


VECTOR = json.loads((Path(__file__).parents[1] / "data" / "codec_vector.json").read_text("utf-8"))


def _vector_areas() -> np.ndarray:
    """The areas of the shared test vector: two squares below a square with an enclave."""
    north = shapely.Polygon(
        [(0, 1), (1, 1), (2, 1), (2, 3), (0, 3)], [[(0.5, 1.5), (0.5, 2.5), (1.5, 2.5), (1.5, 1.5)]]
    )
    return np.array([_square(0, 0), _square(1, 0), north, _square(0.5, 1.5)])


def _latlng(coords) -> list[list[float]]:
    return [[y, x] for x, y in coords]


def test_shared_vector_encodes_and_decodes_in_python():
    # The browser test (tests/dashboard/test_e2e.py) checks FK.values and FK.layer on the same file.
    assert encode_values(np.array(VECTOR["values"])).decode() == VECTOR["encoded"]
    assert decode_values(VECTOR["encoded"]) == VECTOR["values"]
    names = ["Süd-West", "Süd-Ost", "<Nord>", "Enklave"]
    groups = np.array(["a", "a", "b", "b"])
    assert json.loads(encode_layer(_vector_areas(), names, 2, groups)) == VECTOR["layer"]
    geometries, outline = decode_layer(json.dumps(VECTOR["layer"]))
    decoded = [
        [[_latlng(polygon.exterior.coords), *(_latlng(r.coords) for r in polygon.interiors)]]
        for polygon in geometries
    ]
    assert decoded == VECTOR["areas"]
    assert [_latlng(line.coords) for line in outline.geoms] == VECTOR["outline"]
    assert VECTOR["layer"]["n"] == VECTOR["names"]

"""One call per view: the layers, extent, highlight and names each view needs.

On fixtures, not on the embedded edition: the Kreis fixture (165 Gemeinden of
01058) and a build of the npm fixture (Hamburg and Bremen).
"""

from __future__ import annotations

import json

import pytest
import shapely

import geodata
from geodata import decode_layer


def test_germany_view_shows_every_kreis_coarsely_with_the_laender_borders(npm_build):
    boundaries = geodata.BoundarySet(npm_build)
    view = geodata.boundary_view(boundaries, None)
    assert (view.kind, view.key, view.selected, view.name) == ("germany", "de", None, None)
    assert view.context is None and view.areas.detail_payload is None
    areas, outline = decode_layer(view.areas.payload)
    kreise = boundaries.frame("kreis", geodata.GERMANY_KREISE)
    assert json.loads(view.areas.payload)["n"] == kreise["name"].tolist()
    assert len(areas) == len(kreise)
    laender = kreise.dissolve(by="land_ags").geometry
    borders = shapely.union_all([land.boundary for land in laender])
    assert shapely.hausdorff_distance(outline, borders) < 0.001
    (south, west), (north, east) = view.bounds
    assert shapely.box(west, south, east, north).contains(shapely.union_all(areas).centroid)


def test_land_view_shows_its_kreise(npm_build):
    boundaries = geodata.BoundarySet(npm_build)
    view = geodata.boundary_view(boundaries, "04")
    assert (view.kind, view.key, view.name) == ("land", "l04", "Bremen")
    assert json.loads(view.areas.payload)["n"] == ["Bremen", "Bremerhaven"]


def test_kreis_view_sends_coarse_gemeinden_first_and_detail_from_a_zoom(
    kreis_boundaries, kreis_gemeinden
):
    view = geodata.boundary_view(kreis_boundaries, "01058")
    assert (view.kind, view.key, view.name) == ("kreis", "k01058", "Rendsburg-Eckernförde")
    coarse, _ = decode_layer(view.areas.payload)
    detail, outline = decode_layer(view.areas.detail_payload)
    assert len(coarse) == len(detail) == len(kreis_gemeinden)
    points = shapely.get_num_coordinates
    assert sum(points(coarse)) < 0.7 * sum(points(detail))
    assert view.areas.detail_zoom == geodata.DETAIL_ZOOM
    kreis = shapely.union_all(kreis_gemeinden.geometry.to_numpy())
    assert shapely.hausdorff_distance(outline, kreis.boundary) < 0.001
    assert view.areas.highlight is None
    # The Land of the fixture has no other Kreis: the context holds no line.
    context = json.loads(view.context)
    assert context["n"] == [] and context["c"] == ""


def test_gemeinde_view_highlights_the_gemeinde_in_both_layers(kreis_boundaries):
    view = geodata.boundary_view(kreis_boundaries, "01058135")
    assert (view.kind, view.key, view.name) == ("kreis", "g01058135", "Rendsburg")
    index = view.areas.highlight
    for payload in (view.areas.payload, view.areas.detail_payload):
        assert json.loads(payload)["n"][index] == "Rendsburg"
    (south, west), (north, east) = view.bounds
    assert south < 54.3066 < north and west < 9.6631 < east  # Rendsburg, Altstadt


def test_unknown_area_is_refused(kreis_boundaries):
    with pytest.raises(ValueError, match="unbekanntes Gebiet"):
        geodata.boundary_view(kreis_boundaries, "05382")


def test_layers_are_encoded_once_and_are_the_same_bytes_every_time(kreis_boundaries):
    first = geodata.boundary_view(kreis_boundaries, "01058")
    again = geodata.boundary_view(kreis_boundaries, "01058135")
    assert again.areas.payload is first.areas.payload
    geodata.clear_view_cache()
    cold = geodata.boundary_view(kreis_boundaries, "01058")
    assert cold.areas.payload == first.areas.payload


def test_boundary_set_answers_names_membership_and_simplifies_missing_variants(
    kreis_boundaries,
):
    assert "01058135" in kreis_boundaries and "01" in kreis_boundaries
    assert "05382060" not in kreis_boundaries and "abc" not in kreis_boundaries
    assert kreis_boundaries.name("01058043") == "Eckernförde"
    assert kreis_boundaries.name("05") is None
    full = kreis_boundaries.frame("gemeinde")
    coarse = kreis_boundaries.frame("gemeinde", geodata.KREIS_GEMEINDEN)
    assert coarse.index.tolist() == full.index.tolist()
    assert shapely.coverage_is_valid(coarse.geometry.to_numpy())
    assert shapely.get_num_coordinates(coarse.geometry.to_numpy()).sum() < (
        shapely.get_num_coordinates(full.geometry.to_numpy()).sum()
    )


def test_a_kreis_view_names_its_gemeinden_for_maps_without_tiles(kreis_boundaries):
    view = geodata.boundary_view(kreis_boundaries, "01058")
    labels = json.loads(view.labels)
    assert len(labels) == 165
    names = {name for _, _, name in labels}
    assert {"Rendsburg", "Eckernförde"} <= names
    ((lat, lon, _),) = [label for label in labels if label[2] == "Rendsburg"]
    rendsburg = kreis_boundaries.frame("gemeinde").at["01058135", "geometry"]
    assert rendsburg.contains(shapely.Point(lon, lat))  # a point inside, not a centroid
    assert geodata.boundary_view(kreis_boundaries, "01").labels is None


def test_area_keys_follow_the_payload_order(kreis_boundaries):
    view = geodata.boundary_view(kreis_boundaries, "01058")
    names = json.loads(view.areas.payload)["n"]
    assert len(view.areas.ags) == len(names) == 165
    assert [kreis_boundaries.name(ags) for ags in view.areas.ags] == names

"""The boundary layers each view publishes: right areas, outlines and highlight."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from dashboard import assets, layers
from geodata import decode_layer, load_boundaries
from geodata.display import decode_values


def _layer(url: str):
    return decode_layer(assets.asset_path(url).read_text(encoding="utf-8"))


def test_germany_draws_kreise_and_laender_borders_from_one_file():
    view = layers.build_view(None, None, None)
    (kreise,) = view.layers
    areas, outline = _layer(kreise["url"])
    assert len(areas) == 402
    kreise = load_boundaries("kreis", display_m=layers.TOLERANCE_GERMANY_M)
    laender = kreise.dissolve(by="land_ags").geometry
    borders = shapely.union_all([land.boundary for land in laender])
    # The outline is every Land border and the national border, no Kreis border inside.
    assert shapely.hausdorff_distance(outline, borders) < 0.001
    assert outline.length == pytest.approx(borders.length, rel=0.01)


def test_kreis_view_sends_coarse_gemeinden_and_fetches_detail_on_zoom():
    view = layers.build_view("01", "01058", None)
    context, gemeinden = view.layers
    coarse, _ = _layer(gemeinden["url"])
    detail, outline = _layer(gemeinden["detail"]["url"])
    assert len(coarse) == len(detail) == 165
    points = shapely.get_num_coordinates
    assert sum(points(coarse)) < 0.7 * sum(points(detail))
    kreis = load_boundaries("kreis").set_index("ags").at["01058", "geometry"]
    assert shapely.hausdorff_distance(outline, kreis.boundary) < 0.01
    assert gemeinden["detail"]["zoom"] == layers.DETAIL_ZOOM
    # The neighbours' borders end at the Kreis; none runs along or through it (only
    # where a border between two neighbours meets it does a point touch it).
    lines = json.loads(assets.asset_path(context["url"]).read_text())
    assert lines["n"] == [] and "fill" not in context
    deltas = np.array(decode_values(lines["a"])).reshape(-1, 2)
    points = shapely.points(np.cumsum(deltas, axis=0)[:, ::-1] / lines["p"])
    assert len(points) > 100
    # (The context is 2 km coarse: allow it that much.)
    assert not shapely.within(points, kreis.buffer(-0.03)).any()
    assert shapely.dwithin(points, kreis.boundary, 0.002).sum() < 20
    assert view.key == "k01058" and len(view.lines) == 3


def test_gemeinde_view_highlights_the_chosen_gemeinde():
    view = layers.build_view("05", "05382", "05382060")
    gemeinden = view.layers[1]
    data = json.loads(assets.asset_path(gemeinden["url"]).read_text())
    assert data["n"][gemeinden["highlight"]["index"]] == "Siegburg"
    (south, west), (north, east) = view.bounds
    assert south < 50.80 < north and west < 7.20 < east

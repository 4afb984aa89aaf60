"""The web side of a view: published layer files, styles and legend lines.

What each view shows is tested in ``tests/geodata/test_views.py`` on fixtures;
here the layers geodata returns become files the browser fetches.
"""

from __future__ import annotations

import pytest

import geodata
from dashboard import cache
from dashboard.map import boundary_layer
from dashboard.web import assets


def _file(url: str) -> str:
    assert url.startswith(assets.URL_PREFIX) and url.endswith(".json")
    return assets.asset_path(url).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def boundaries() -> geodata.BoundarySet:
    return cache.boundary_set()


def test_germany_view_is_one_file_of_kreise_with_the_laender_legend(boundaries):
    view = boundary_layer.build_view(None)
    (kreise,) = view.layers
    expected = geodata.boundary_view(boundaries, None)
    assert _file(kreise["url"]) == expected.areas.payload
    assert kreise["tooltip"] and kreise["fill"]["fillOpacity"] == 1.0
    assert [label for label, _ in view.lines] == ["Landesgrenze", "Kreisgrenzen"]
    assert view.key == "de"


def test_kreis_view_has_dashed_neighbours_and_a_detail_file(boundaries):
    view = boundary_layer.build_view("01058", filled=False)
    context, gemeinden = view.layers
    expected = geodata.boundary_view(boundaries, "01058")
    assert _file(context["url"]) == expected.context
    assert context["lines"]["dashArray"] and "fill" not in context
    assert _file(gemeinden["url"]) == expected.areas.payload
    assert _file(gemeinden["detail"]["url"]) == expected.areas.detail_payload
    assert gemeinden["detail"]["zoom"] == geodata.DETAIL_ZOOM
    assert gemeinden["fill"]["fillOpacity"] < 0.1  # clear over an online basemap
    assert [label for label, _ in view.lines] == [
        "Kreisgrenze",
        "Gemeindegrenze",
        "Nachbarkreise",
    ]
    assert "dashed" in view.lines[2][1]


def test_gemeinde_view_highlights_it_and_names_it_in_the_legend(boundaries):
    view = boundary_layer.build_view("05382060")
    gemeinden = view.layers[1]
    expected = geodata.boundary_view(boundaries, "05382060")
    assert gemeinden["highlight"]["index"] == expected.areas.highlight
    assert view.lines[0][0] == "Gewählte Gemeinde"
    (south, west), (north, east) = view.bounds
    assert south < 50.80 < north and west < 7.20 < east  # Siegburg, Markt


def test_a_popup_names_the_networks_of_a_provider_escaped():
    from dashboard.map.provider_layer import detail_rows
    from providers import load_providers

    frame = load_providers().frame.head(2)
    hostile = "<script>alert(1)</script> Netzwerk „Süd“"
    rows = detail_rows(frame, networks={frame["id"].iat[0]: ["Netzwerk Nord", hostile]})
    assert rows[0][13] == "Netzwerk Nord; &lt;script&gt;alert(1)&lt;/script&gt; Netzwerk „Süd“"
    assert rows[1][13] == ""  # a provider in no network gets no line

"""The page "Planung" in a real Chromium: a choropleth with its legend."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.map.choropleth import MISSING, PALETTE
from tests.dashboard.browser import MAP_FRAME, map_frame, ready

pytestmark = pytest.mark.e2e


def test_the_choropleth_is_drawn_with_class_limits_in_the_legend(
    browser, app_url, tmp_path_factory
):
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, locale="de-DE")
    page.goto(f"{app_url}/planung?kreis=05382&typ=familienhebamme&mass=entfernung&n=10")
    ready(page)
    frame = map_frame(page)
    fills = frame.evaluate(
        "() => [...document.querySelectorAll('.leaflet-fkBoundaries-pane path')]"
        ".map(p => p.getAttribute('fill')).filter(f => f && f !== 'none')"
    )
    # The Gemeinden are shaded in several classes of the sequential palette.
    assert len(set(fills) & set(PALETTE)) >= 3, set(fills)
    legend = frame.locator(".fk-legend .fk-lines").inner_text()
    assert legend.count(" km") >= 6 and "keine Angabe" in legend
    assert MISSING not in fills  # every Gemeinde of the Kreis has a figure
    shots = Path(tmp_path_factory.mktemp("screenshots"))
    page.screenshot(path=str(shots / "planung-05382.png"))
    # Choosing the worst-covered Gemeinde in the table zooms the map to it.
    zoom = frame.evaluate("() => FK.map.getZoom()")
    grid = page.locator('[data-testid="stDataFrame"]:visible').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 52)  # the first row's selector
    frame.wait_for_function(f"() => FK.settled() && FK.map.getZoom() > {zoom}", timeout=30_000)
    page.close()


@pytest.mark.parametrize("size", [(1400, 1000), (1280, 720)])
def test_the_map_and_its_key_figures_come_first(browser, app_url, size):
    width, height = size
    page = browser.new_page(viewport={"width": width, "height": height}, locale="de-DE")
    page.goto(f"{app_url}/planung?kreis=05382&typ=familienhebamme&mass=anteil&n=10")
    ready(page)
    map_frame(page)
    top = page.locator(MAP_FRAME).bounding_box()["y"]
    figures = page.get_by_test_id("stMetric")
    assert figures.count() == 3
    for index in range(3):
        box = figures.nth(index).bounding_box()
        assert box["y"] + box["height"] <= top <= height * 0.7, (box, top)
    # the choices sit in the sidebar, the explanation behind "?"
    assert page.locator("section.stSidebar").get_by_text("Entfernungsgrenze N").is_visible()
    assert not page.get_by_text("Entfernungen sind Luftlinie vom Ortsmittelpunkt").is_visible()
    page.close()

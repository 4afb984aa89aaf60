"""The page "Planung" in a real Chromium: a choropleth with its legend."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.map.choropleth import MISSING, PALETTE
from tests.harness.browser import MAP_FRAME, map_frame, ready

pytestmark = pytest.mark.browser


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


def test_a_coordinator_sees_the_network_on_a_phone_in_arabic(browser, app_url):
    from dashboard.i18n.texts import t, use_language
    from dashboard.map.network_layer import NETWORK_COLOR

    use_language("ar")
    title, area, pdf = t("networks_title"), t("networks_area_legend"), t("networks_download_pdf")
    use_language("de")
    page = browser.new_page(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="ar"
    )
    page.goto(f"{app_url}/planung?kreis=05382&lang=ar")
    ready(page)
    section = page.locator("[data-testid='stExpander']").filter(has_text=title)
    section.locator("summary").click()
    section.locator(MAP_FRAME).wait_for(timeout=60_000)
    frame = section.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function("() => window.FK && FK.settled() && FK.map", timeout=60_000)
    # The map fitted once it was opened: the Kreis fills it, not a corner of it.
    assert frame.evaluate("() => FK.map.getSize().x") > 300
    assert frame.evaluate("() => FK.map.getBounds().contains([50.78, 7.25])")  # Rhein-Sieg
    tinted = frame.evaluate(
        "() => [...document.querySelectorAll('.leaflet-fkProgrammes-pane path')]"
        f".filter(p => p.getAttribute('fill') === '{NETWORK_COLOR}').length"
    )
    assert tinted > 0  # the network's Gemeinden
    assert frame.locator(".fk-candidate").count() > 1  # rings of possible partners
    frame.locator(".fk-legend summary").click()  # closed on a phone
    assert area in frame.locator(".fk-legend .fk-lines").inner_text()
    legend = "() => getComputedStyle(document.querySelector('.fk-legend')).direction"
    assert frame.evaluate(legend) == "rtl"
    # The page reads right to left and nothing runs off the phone's screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    button = section.get_by_role("button", name=pdf)
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    page.close()

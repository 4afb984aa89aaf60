"""End to end in a real Chromium against a real app server."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from dashboard.map.provider_layer import POINTS_ZOOM
from dashboard.map.widget import COMPONENT_NAME, OPTIONS_PREFIX
from geodata import DETAIL_ZOOM, BoundarySet, within
from providers import load_providers, provider_mask
from tests.harness.browser import MAP_FRAME, ready


def _sample_counts(kreis: str | None = None, land: str | None = None) -> tuple[int, int]:
    """Providers of the embedded data (in a Kreis or Land) and how many are
    Familienmanager: computed from the data, so new data do not break the tests."""
    frame = load_providers().frame
    frame = frame[provider_mask(frame, land=land, kreis=kreis)]
    return len(frame), int(provider_mask(frame, ["familienmanager"]).sum())


pytestmark = pytest.mark.browser

VECTOR = Path(__file__).parents[1] / "data" / "codec_vector.json"


def _open(browser, url: str, width: int = 1400, height: int = 1000):
    page = browser.new_page(viewport={"width": width, "height": height}, locale="de-DE")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    ready(page)
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    return page, requests


def _markers(page):
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container").wait_for(timeout=30_000)
    return frame


def _map_frame(page):
    """The map's frame, for running script in it."""
    return next(frame for frame in page.frames if COMPONENT_NAME in frame.url)


def _settled(page) -> None:
    """Wait until the map has fitted its view, fetched its files and stopped zooming."""
    _map_frame(page).wait_for_function("() => window.FK && FK.settled()", timeout=30_000)


def _open_drawn(browser, url: str, paths: int):
    """Open a view and wait until at least ``paths`` shapes are drawn and it settled."""
    page, requests = _open(browser, url)
    frame = _markers(page)
    frame.locator("path.leaflet-interactive").nth(paths - 1).wait_for(timeout=30_000)
    _settled(page)
    return page, requests


# What the map shows of its providers: markers in sight plus the counts of groups.
SHOWN = """() => {
    const held = FK.map.fkView.fkCluster;
    let shown = 0, familienmanager = 0, groups = 0;
    held._featureGroup.eachLayer(function (layer) {
        if (layer.getChildCount) { shown += layer.getChildCount(); groups += 1; }
        else shown += 1;
    });
    held.eachLayer(function (layer) {
        if (layer.options.icon && layer.options.icon.options.className.startsWith("fk-fm-icon"))
            familienmanager += 1;
    });
    return {shown: shown, held: held.getLayers().length, familienmanager: familienmanager,
            groups: groups};
}"""


def test_map_renders_markers_and_boundaries(browser, app_url):
    # A Land: all Germany holds more providers than markers carry (counts there).
    page, _ = _open(browser, f"{app_url}/?land=05")
    frame = _markers(page)
    # Providers are circle markers (SVG paths) or diamonds (div icons), grouped with a
    # count where they crowd; areas are paths.
    frame.locator(".fk-cluster").first.wait_for(timeout=30_000)
    _settled(page)
    # Every provider is on the map: as its marker or in the count of a group at one spot.
    counts = _map_frame(page).evaluate(SHOWN)
    providers, familienmanager = _sample_counts(land="05")
    assert counts["held"] == counts["shown"] == providers
    assert counts["familienmanager"] == familienmanager > 0
    assert counts["groups"] > 0
    assert frame.locator(".fk-cluster").first.is_visible()
    # The Land shows its Kreise: every one of them is drawn.
    kreise = int(within(BoundarySet().frame("kreis").index, "05").sum())
    frame.locator("path.leaflet-interactive").nth(kreise - 1).wait_for(timeout=30_000)
    assert "GeoBasis-DE / BKG" in frame.locator(".leaflet-control-attribution").inner_text()
    assert frame.locator(".fk-legend").is_visible()
    page.close()


def test_choosing_a_kreis_changes_map_table_and_url(browser, app_url):
    page, _ = _open(browser, app_url)
    _markers(page)
    _settled(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    # Land first: the Kreis list offers the Kreise of the chosen Land.
    sidebar.locator('[data-testid="stSelectbox"]').nth(0).click()
    page.get_by_role("option", name="Nordrhein-Westfalen").click()
    page.wait_for_url("**land=05**", timeout=30_000)
    sidebar.locator('[data-testid="stSelectbox"]').nth(1).click()
    page.keyboard.type("Rhein-Sieg")  # the list is virtualised: search it
    page.get_by_role("option", name="Rhein-Sieg-Kreis").click()
    ready(page)
    page.wait_for_url("**kreis=05382**", timeout=30_000)
    assert "land=05" in page.url
    page.get_by_role("heading", name="Familienkarte · Rhein-Sieg-Kreis").wait_for()
    providers, familienmanager = _sample_counts("05382")
    _map_frame(page).wait_for_function(
        f"() => ({SHOWN})().familienmanager === {familienmanager}"
        f" && ({SHOWN})().shown === {providers}",
        timeout=30_000,
    )
    # The key figures come after the map in the page: wait for them, not for a fixed time.
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text(
        f"{providers:,}".replace(",", "."), timeout=30_000
    )
    page.close()


def test_no_request_leaves_the_machine_without_a_basemap(browser, app_url):
    page, requests = _open_drawn(browser, f"{app_url}/?kreis=01058", paths=101)
    hosts = {urlparse(url).hostname for url in requests if url.startswith("http")}
    assert hosts == {"127.0.0.1"}, sorted(hosts)
    page.close()


def test_popup_shows_the_details(browser, app_url):
    from providers import load_providers

    sample = load_providers().frame
    fm = sample[sample["service_types"].map(lambda t: "familienmanager" in t)].iloc[0]
    page, _ = _open(browser, f"{app_url}/?gemeinde={fm.gemeinde_ags}&typ=familienmanager")
    frame = _markers(page)
    marker = frame.locator(".fk-fm-icon").first
    marker.wait_for(timeout=30_000)
    _settled(page)
    # Keyboard users reach every Familienmanager marker with Tab and open it with Enter.
    marker.focus()
    page.keyboard.press("Enter")
    popup = frame.locator(".fk-popup")
    popup.wait_for(timeout=10_000)
    # The details arrive with the area's details file, fetched at the first popup.
    phone = popup.locator("a[href^='tel:']")
    phone.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert fm["name"] in text and fm["postcode"] in text and fm["phone"] in text
    assert "Familienmanager" in text
    # What a family needs before calling: e-mail, hours, what it is, how fresh the entry is.
    assert f"E-Mail: {fm['email']}" in text
    assert f"Öffnungszeiten: {fm['opening_hours']}" in text
    assert fm["description"] in text
    assert f"Träger: {fm['organization']}" in text  # who runs it
    assert f"Zuletzt geprüft: {format_date(fm['last_verified'], 'long', locale='de')}" in text
    assert phone.get_attribute("href") == "tel:" + "".join(
        c for c in fm["phone"] if c.isdigit() or c == "+"
    )
    page.close()


def test_tapping_a_partner_marker_opens_its_popup(browser, app_url):
    # On a phone the legend starts closed, so it does not cover the markers.
    page, _ = _open(browser, f"{app_url}/?gemeinde=05382060&typ=jugendamt", width=390, height=844)
    frame = _markers(page)
    marker = frame.locator(".leaflet-overlay-pane path.leaflet-interactive").first
    marker.wait_for(timeout=30_000)
    _settled(page)
    # The map reaches below the fold: a click must not scroll the page away from it.
    box = marker.bounding_box()
    assert box["y"] + box["height"] < 844 < page.locator(MAP_FRAME).bounding_box()["y"] + 620
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = frame.locator(".fk-popup")
    popup.locator("a[href^='tel:']").wait_for(timeout=10_000)
    text = popup.inner_text()
    assert "Jugendamt" in text and "Siegburg" in text
    # The Kreisstadt lies in both regional networks: the popup names both.
    assert "Netzwerk Frühe Hilfen: Netzwerk Frühe Hilfen Rhein-Sieg-Kreis – Region Nord" in text
    assert "Region Süd (Muster)" in text
    assert frame.locator(".fk-legend details:not([open])").count() == 1
    page.close()


def test_kreis_detail_boundaries_load_only_when_zooming_in(browser, app_url):
    # Rendsburg-Eckernförde is large: the whole Kreis fits only below the detail zoom.
    page, requests = _open_drawn(browser, f"{app_url}/?kreis=01058", paths=21)
    frame = _markers(page)

    def boundary_files() -> set[str]:
        return {
            url
            for url in requests
            if "/b/" in url and url.endswith(".json") and f"/b/{OPTIONS_PREFIX}" not in url
        }

    first_view = boundary_files()
    assert len(first_view) == 2  # neighbouring Kreise and the coarse Gemeinden
    map_frame = _map_frame(page)
    zoom = map_frame.evaluate("() => FK.map.getZoom()")
    assert zoom < DETAIL_ZOOM
    while zoom < DETAIL_ZOOM:
        frame.locator(".leaflet-control-zoom-in").click()
        map_frame.wait_for_function(
            "(before) => FK.map.getZoom() > before && FK.settled()", arg=zoom, timeout=10_000
        )
        zoom = map_frame.evaluate("() => FK.map.getZoom()")
    assert len(boundary_files()) == 3 and first_view < boundary_files()
    page.close()


def test_browser_decodes_the_shared_codec_vector(browser, app_url):
    # The same file is checked against the Python encoder in tests/geodata/test_display.py.
    vector = json.loads(VECTOR.read_text(encoding="utf-8"))
    page, _ = _open(browser, app_url)
    _markers(page)
    decoded = _map_frame(page).evaluate(
        """(v) => {
            const layer = FK.layer(v.layer);
            return {values: FK.values(v.encoded), areas: layer.areas, outline: layer.outline,
                    names: layer.names};
        }""",
        vector,
    )
    assert decoded["values"] == vector["values"]
    assert decoded["areas"] == vector["areas"]
    assert decoded["outline"] == vector["outline"]
    assert decoded["names"] == vector["names"]
    page.close()


def test_boundary_files_are_cached_for_good_and_not_fetched_again(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{app_url}/?kreis=01058")
    ready(page)
    _markers(page)
    _settled(page)
    boundaries = [
        r for r in responses if "/fk/b/" in r.url and re.search(r"/[0-9a-f]{16}\.json$", r.url)
    ]
    assert len(boundaries) == 2  # neighbouring Kreise and the coarse Gemeinden
    for response in boundaries:
        assert response.status == 200
        cache = response.headers["cache-control"]
        assert "immutable" in cache and "max-age=31536000" in cache
    # A type filter re-renders the map; the boundary files stay where they are.
    before = len(responses)
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Jugendamt").click()
    page.wait_for_url("**typ=jugendamt**", timeout=30_000)
    ready(page)
    _settled(page)
    again = [r.url for r in responses[before:] if "/fk/" in r.url]
    assert not any(url in {b.url for b in boundaries} for url in again), again
    page.close()


def test_a_crowded_view_shows_counts_that_open_into_markers(browser, crowded_app_url):
    page, requests = _open(browser, crowded_app_url)
    frame = _markers(page)
    _settled(page)
    map_frame = _map_frame(page)
    # 5,000 providers over Germany: one count per Land, no markers.
    bubbles = frame.locator(".fk-bubble")
    assert 10 < bubbles.count() <= 16
    assert frame.locator(".fk-fm-icon").count() == 0
    assert frame.locator(".fk-legend .fk-aggregate:not([hidden])").count() == 1
    # A click on a Land zooms to it and shows its Kreise's counts ...
    zoom = map_frame.evaluate("() => FK.map.getZoom()")
    frame.locator(".fk-bubble[title^='Nordrhein-Westfalen']").click()
    map_frame.wait_for_function("(z) => FK.map.getZoom() > z && FK.settled()", arg=zoom)
    assert frame.locator(".fk-bubble[title^='Nordrhein-Westfalen']").count() == 0
    assert 16 < bubbles.count() <= 402  # one per Kreis
    assert frame.locator(".fk-bubble[title^='Rhein-Sieg-Kreis']").is_visible()
    # ... a click on a Kreis zooms closer, and its markers are fetched.
    zoom = map_frame.evaluate("() => FK.map.getZoom()")
    frame.locator(".fk-bubble[title^='Rhein-Sieg-Kreis']").click()
    map_frame.wait_for_function("(z) => FK.map.getZoom() > z && FK.settled()", arg=zoom)
    if map_frame.evaluate("() => FK.map.getZoom()") < POINTS_ZOOM:
        map_frame.evaluate(f"() => FK.map.setZoom({POINTS_ZOOM})")
        map_frame.wait_for_function("() => FK.settled()")
    points = [url for url in requests if re.search(r"/fk/b/p[0-9a-f]+-05382\.json$", url)]
    assert points, "the Rhein-Sieg-Kreis' markers were not fetched"
    assert frame.locator(".fk-bubble[title^='Rhein-Sieg-Kreis']").count() == 0
    # Markers out of sight are drawn empty (hidden): count them, do not wait for one to show.
    map_frame.wait_for_function(
        "() => document.querySelectorAll("
        "'.leaflet-overlay-pane path.leaflet-interactive, .fk-fm-icon').length > 5"
    )
    page.close()


def test_a_family_finds_help_near_its_postcode_on_a_phone(browser, app_url, tmp_path):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="de-DE")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{app_url}/naehe")
    ready(page)
    box = page.get_by_label("Postleitzahl oder Ort")
    box.fill("53721")
    box.press("Enter")
    page.wait_for_url("**q=53721**", timeout=30_000)
    expect(page.get_by_text("Ihr erster Anruf")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name=re.compile(r"\d+ Angebote im Umkreis"))).to_be_visible()
    # Every card says how far it is, and the first phone number is a tel: link.
    expect(page.get_by_text(re.compile(r"\d+,\d km Luftlinie")).first).to_be_visible()
    # (the cards stream in after the heading: wait for the second link, not count at once)
    expect(page.locator("a[href^='tel:']").nth(1)).to_be_attached(timeout=30_000)
    _markers(page)
    _settled(page)
    page.screenshot(path=str(tmp_path / "naehe-telefon.png"), full_page=True)
    hosts = {urlparse(url).hostname for url in requests if url.startswith("http")}
    assert hosts == {"127.0.0.1"}, sorted(hosts)
    page.close()


def test_an_online_basemap_that_cannot_load_says_so(browser, app_url):
    page, _ = _open(browser, f"{app_url}/?kreis=01058")
    _markers(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("OpenStreetMap").click()
    frame = page.frame_locator(MAP_FRAME)
    # This machine reaches no tile server: the map says so instead of staying blank.
    expect(frame.locator(".fk-notice")).to_contain_text(
        "Kartenhintergrund lädt nicht", timeout=30_000
    )
    page.close()


def test_without_a_basemap_a_zoomed_in_view_names_its_gemeinden(browser, app_url):
    page, _ = _open(browser, f"{app_url}/?gemeinde=05382060")
    frame = _markers(page)
    _settled(page)
    assert _map_frame(page).evaluate("() => FK.map.getZoom()") >= 11
    expect(frame.locator(".fk-label", has_text="Siegburg")).to_be_visible(timeout=10_000)
    page.close()

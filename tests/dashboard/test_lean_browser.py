"""The lean family pages in a real Chromium, as a family on an old phone (JavaScript
off) and on a new one reads them, and as a screen reader does (axe-core): every page
kind in German and Arabic, on a phone and a desktop."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: Every page kind, and a phone number it must show (the Rhein-Sieg-Kreis's
#: Gesundheitsamt, RKI open data; the sample's Familientelefon of the Kreis).
PAGES = {
    "/hilfe": None,
    "/hilfe/siegburg": "02241/13-2727",
    "/hilfe/siegburg/gesundheitsamt": "02241/13-2727",
    "/anbieter/rki-1.05.3.82": "02241/13-2727",
    "/hilfe/gibt-es-nicht": None,
}


def _serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_every_page_kind_shows_the_phone_number_with_javascript_off(browser, app_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    for path, phone in PAGES.items():
        page.goto(app_url + path)
        expect(page.locator("h1")).to_be_visible()
        if phone:
            expect(page.locator(f"a[href^='tel:']:has-text('{phone}')").first).to_be_visible()
    # the search is a form: it works without JavaScript too
    page.goto(app_url + "/hilfe")
    page.fill("input[name=ort]", "53721")
    page.click("button[type=submit]")
    expect(page).to_have_url(app_url + "/hilfe/siegburg")
    expect(page.locator("#karte")).to_be_hidden()  # no map without JavaScript, the list stands
    context.close()


def test_with_javascript_the_small_map_comes_after_the_list(browser, app_url):
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(app_url + "/hilfe/siegburg")
    expect(page.locator("#karte .leaflet-interactive").first).to_be_visible(timeout=15_000)
    markers = page.locator("#karte path.leaflet-interactive")
    assert markers.count() > 10  # the outline and the listed providers
    assert all(url.startswith(app_url) for url in requests), "nothing from another host"
    list_bottom = page.locator("section").last.bounding_box()
    assert page.locator("#karte").bounding_box()["y"] > list_bottom["y"]
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_page_kind_passes_axe(browser, app_url, language, viewport):
    context = browser.new_context(viewport=viewport, locale="de-DE")
    page = context.new_page()
    axe = Axe()
    for path in PAGES:
        page.goto(f"{app_url}{path}?lang={language}")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        if path.startswith(("/hilfe/siegburg", "/anbieter")):
            expect(page.locator("#karte .leaflet-interactive").first).to_be_visible(timeout=15_000)
        assert _serious(axe.run(page)) == [], path
    context.close()

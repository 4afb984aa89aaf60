"""Families in a real Chromium: phone size, six languages, keyboard, screen readers
(axe-core), the location button, and the list and the map pointing at each other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from dashboard.map.locate import COMPONENT_NAME as LOCATE_NAME
from providers import SERVICE_TYPES
from tests.harness.browser import MAP_FRAME, map_frame, ready

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
#: Where a family in Siegburg stands (the sample covers the Rhein-Sieg-Kreis).
SIEGBURG = {"latitude": 50.7929, "longitude": 7.2075}


def _open(browser, path: str, viewport=None, **context):
    context = browser.new_context(viewport=viewport or PHONE, locale="de-DE", **context)
    page = context.new_page()
    page.goto(path)
    ready(page)
    return page


def _serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    ("language", "direction", "title"),
    [("de", "ltr", "Hilfe in meiner Nähe"), ("ar", "rtl", "المساعدة بالقرب مني")],
)
def test_the_phone_page_passes_axe_in_german_and_arabic(
    browser, app_url, tmp_path_factory, language, direction, title
):
    page = _open(browser, f"{app_url}/naehe?q=53721&lang={language}")
    frame = map_frame(page)
    expect(page.locator("h1")).to_have_text(title)
    root = page.locator("html")
    expect(root).to_have_attribute("lang", language)
    expect(root).to_have_attribute("dir", direction)
    assert frame.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        language,
        direction,
    ]
    axe = Axe()
    ready(page)  # a running script fades the page, which axe would measure
    assert _serious(axe.run(page)) == []
    assert _serious(axe.run(frame)) == []
    # A popup open in the map is checked too: it is what a tap shows.
    frame.locator(".leaflet-overlay-pane path.leaflet-interactive, .fk-fm-icon").first.click()
    # The tap marks its card (a rerun that opens the popup once more): wait for
    # that, then for the popup's fade, which axe would measure half-transparent.
    page.locator('[class*="st-key-card_"] [data-testid="stIconMaterial"]').filter(
        has_text="location_on"
    ).first.wait_for(timeout=30_000)
    ready(page)
    frame = map_frame(page)
    frame.wait_for_function(
        "() => document.querySelectorAll('.leaflet-popup').length === 1 && "
        "document.querySelector('.fk-popup a[href^=\"tel:\"]') && "
        "document.getAnimations().length === 0 && "
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'",
        timeout=10_000,
    )
    assert _serious(axe.run(frame)) == []
    shots = tmp_path_factory.mktemp("screenshots")
    page.screenshot(path=str(Path(shots) / f"naehe-{language}-phone.png"))
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(
    "path", ["/?kreis=05382", "/planung", "/?praesentation=1&geschichte=fruehe-hilfen-nrw&folie=6"]
)
def test_the_map_planning_and_slide_pass_axe_with_the_map_in_sight(
    browser, app_url, language, path
):
    page = _open(
        browser,
        f"{app_url}{path}&lang={language}".replace("/planung&", "/planung?"),
        {"width": 1400, "height": 1000},
    )
    frame = map_frame(page)
    axe = Axe()
    ready(page)
    assert _serious(axe.run(page)) == []
    assert _serious(axe.run(frame)) == []
    # The map begins in the first screen; the language menu in the top bar covers
    # none of the page links beside it.
    assert page.locator(MAP_FRAME).bounding_box()["y"] < 1000 / 2
    menu = page.locator(".st-key-language_switch").bounding_box()
    for link in page.locator("header a").all():
        box = link.bounding_box()
        if box and menu:
            apart = box["x"] + box["width"] <= menu["x"] or menu["x"] + menu["width"] <= box["x"]
            assert apart or box["y"] >= menu["y"] + menu["height"]
    page.context.close()


def test_on_a_phone_search_and_first_results_need_no_scrolling(browser, app_url):
    page = _open(browser, f"{app_url}/naehe?q=53721")
    search = page.get_by_label("Postleitzahl oder Ort")
    first_card = page.locator('[class*="st-key-card_"]').first
    first_card.wait_for()
    assert search.bounding_box()["y"] + search.bounding_box()["height"] <= PHONE["height"]
    first_call = page.locator(".st-key-first_call")
    assert first_call.bounding_box()["y"] + first_call.bounding_box()["height"] < PHONE["height"]
    assert first_card.bounding_box()["y"] < PHONE["height"] - 40  # its name shows
    # Every control a thumb needs is at least 44 px high.
    page.get_by_text("Was suchen Sie? Filter").click()
    controls = page.locator(
        "main button:not(.react-aria-ComboBox *):visible, "
        "main input[type='text']:not(.react-aria-ComboBox *):visible, "
        "main summary:visible, main .react-aria-ComboBox > div:visible, "
        "main .stCheckbox label:visible"
    )
    heights = [controls.nth(i).bounding_box()["height"] for i in range(controls.count())]
    assert heights and min(heights) >= 44, heights
    # Filters are one tap away (opened above).
    expect(page.get_by_text("Für wen?")).to_be_visible()
    # The map's own buttons are thumb-sized too.
    zoom = page.frame_locator(MAP_FRAME).locator(".leaflet-control-zoom-in")
    assert zoom.bounding_box()["height"] >= 44
    page.context.close()


def test_the_list_works_with_the_keyboard_alone(browser, app_url):
    page = _open(browser, f"{app_url}/naehe", {"width": 1400, "height": 1000})
    search = page.get_by_label("Postleitzahl oder Ort")
    for _ in range(30):
        if search.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("Tab never reached the search box")
    # Focus is visible where it is.
    outline = search.evaluate(
        "e => { const s = getComputedStyle(e.closest('[data-baseweb=\"input\"]') || e);"
        " return s.borderColor + s.outlineStyle + s.boxShadow; }"
    )
    assert outline
    page.keyboard.type("Siegburg")
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=2, name=re.compile("Angebote im Umkreis"))
    heading.wait_for(timeout=30_000)
    # Headings in order for a screen reader: one h1, then h2s.
    levels = page.locator("main h1, main h2, main h3").evaluate_all(
        "hs => hs.map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    page.context.close()


def test_the_language_switch_keeps_the_language_across_pages(browser, app_url):
    page = _open(browser, f"{app_url}/?kreis=05382", {"width": 1400, "height": 1000})
    page.get_by_role("combobox", name="Sprache").click()
    page.get_by_role("option", name="Türkçe").click()
    page.wait_for_url("**lang=tr**", timeout=30_000)
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    assert "kreis=05382" in page.url
    page.get_by_role("link", name="Yakınımda").click()
    page.wait_for_url("**/naehe**", timeout=30_000)
    ready(page)
    expect(page.locator("h1")).to_have_text("Yakınımdaki yardım")
    page.get_by_label("Posta kodu veya yer").fill("53721")
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=2, name=re.compile("km içinde .* hizmet")).wait_for(
        timeout=30_000
    )
    assert "lang=tr" in page.url and "q=53721" in page.url
    page.context.close()


def test_the_browser_location_searches_from_where_the_family_is(browser, app_url):
    page = _open(browser, f"{app_url}/naehe", geolocation=SIEGBURG, permissions=["geolocation"])
    locate = page.frame_locator(f'iframe[title="{LOCATE_NAME}"]')
    locate.get_by_role("button", name="Meinen Standort verwenden").click()
    heading = page.get_by_role("heading", name=re.compile(r"um Ihr Standort \(Rhein-Sieg-Kreis\)"))
    heading.wait_for(timeout=30_000)
    expect(page.get_by_text("Luftlinie ab Ihrem Standort.")).to_be_visible()
    # The position is not put into the URL.
    assert "50.79" not in page.url and "7.20" not in page.url
    page.context.close()


def test_a_refused_location_says_what_to_do_instead(browser, app_url):
    page = _open(browser, f"{app_url}/naehe")  # no permission granted
    locate = page.frame_locator(f'iframe[title="{LOCATE_NAME}"]')
    locate.get_by_role("button", name="Meinen Standort verwenden").click()
    expect(page.get_by_text("Ihr Standort ist nicht verfügbar")).to_be_visible(timeout=30_000)
    page.context.close()


def test_a_card_and_its_marker_point_at_each_other(browser, app_url):
    page = _open(browser, f"{app_url}/naehe?q=Siegburg&umkreis=5", {"width": 1400, "height": 1000})
    frame = map_frame(page)
    cards = page.locator('[class*="st-key-card_"]')
    second = cards.nth(1)
    name = second.locator("strong").first.inner_text()
    # Card → marker: its popup opens on the map.
    second.get_by_role("button", name="Auf der Karte zeigen").click()
    popup = page.frame_locator(MAP_FRAME).locator(".fk-popup .fk-name")
    expect(popup).to_have_text(name, timeout=30_000)
    expect(second.get_by_text("Auf der Karte markiert")).to_be_visible()
    # Marker → card: tapping another marker marks its card.
    frame = map_frame(page)
    frame.evaluate(
        """() => { let target = null;
            FK.map.fkView.fkCluster._featureGroup.eachLayer(function (m) {
                if (!target && m.fkKey && !m.isPopupOpen()) target = m; });
            target.fire('click', {latlng: target.getLatLng()});
        }"""
    )
    page.wait_for_function(
        "() => document.querySelectorAll('[class*=\"st-key-card_\"]').length > 1 && "
        "[...document.querySelectorAll('[class*=\"st-key-card_\"]')].filter(c => "
        "c.innerText.includes('Auf der Karte markiert')).length === 1 && "
        "!document.querySelectorAll('[class*=\"st-key-card_\"]')[1].innerText"
        ".includes('Auf der Karte markiert')",
        timeout=30_000,
    )
    page.context.close()


def test_markers_at_one_spot_are_grouped_and_spread_on_a_click(browser, app_url):
    page = _open(browser, f"{app_url}/naehe?q=53721", {"width": 1400, "height": 1000})
    frame = map_frame(page)
    page.frame_locator(MAP_FRAME).locator(".fk-cluster").first.wait_for(timeout=30_000)
    # One that nothing (the legend) covers, as a finger would pick.
    free = frame.evaluate(
        """() => [...document.querySelectorAll('.fk-cluster')].findIndex(c => {
            const r = c.getBoundingClientRect();
            return c.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
        })"""
    )
    assert free >= 0
    cluster = page.frame_locator(MAP_FRAME).locator(".fk-cluster").nth(free)
    # the ring shows the mix of types in their colours, the words say it
    label = cluster.locator(".fk-sr").inner_text()
    count = int(cluster.locator(".fk-ring").inner_text())
    head, _, rest = label.partition(": ")
    mix, _, tail = rest.rpartition(" – ")
    assert head == f"{count} Angebote an dieser Stelle" and tail == "zum Auffächern klicken"
    parts = [part.split(" ", 1) for part in mix.split(", ")]
    assert sum(int(n) for n, _ in parts) == count
    assert {name for _, name in parts} <= {s.label_de for s in SERVICE_TYPES}
    ring = cluster.locator(".fk-ring").evaluate("e => e.style.background")
    assert ring.startswith("conic-gradient") and ring.count("deg") == 2 * len(parts)
    before = frame.evaluate("() => document.querySelectorAll('.fk-cluster').length")
    cluster.click()
    frame.wait_for_function(
        f"() => document.querySelectorAll('.fk-cluster').length < {before} || "
        "document.querySelector('.leaflet-marker-icon.leaflet-cluster-spider-leg, "
        ".leaflet-cluster-spider-leg')",
        timeout=15_000,
    )
    page.context.close()


def test_on_a_phone_a_card_brings_the_map_and_its_popup_into_sight(browser, app_url):
    page = _open(browser, f"{app_url}/naehe?q=53721")
    map_frame(page)
    card = page.locator('[class*="st-key-card_"]').nth(2)
    name = card.locator("strong").first.inner_text()
    card.get_by_role("button", name="Auf der Karte zeigen").click()
    popup = page.frame_locator(MAP_FRAME).locator(".leaflet-popup")
    expect(popup.locator(".fk-name")).to_have_text(name, timeout=30_000)
    # Panning, scrolling and the legend stepping aside take their time, more under
    # load: wait for the state they lead to, not for a fixed time.
    page.wait_for_function(
        f"""() => {{ const r = document.querySelector('{MAP_FRAME}').getBoundingClientRect();
            return r.top >= 0 && r.bottom <= innerHeight; }}""",
        timeout=15_000,
    )
    map_frame(page).wait_for_function(
        """() => { const p = document.querySelector('.leaflet-popup');
            const l = document.querySelector('.fk-legend');
            // Leaflet pans in JavaScript (no CSS animation): wait for the pan to end too
            const panning = FK.map._panAnim && FK.map._panAnim._inProgress;
            if (!p || document.getAnimations().length || panning || !FK.settled()) return false;
            if (!l || getComputedStyle(l).visibility === 'hidden') return true;
            const a = p.getBoundingClientRect(), b = l.getBoundingClientRect();
            return a.right <= b.left || b.right <= a.left || a.bottom <= b.top
                || b.bottom <= a.top; }""",
        timeout=15_000,
    )
    # The map scrolled into sight below the list; the popup fits the map and its close
    # button can be tapped; popup and legend do not cover each other.
    frame_box = page.locator(MAP_FRAME).bounding_box()
    assert 0 <= frame_box["y"] and frame_box["y"] + frame_box["height"] <= PHONE["height"]
    box = popup.bounding_box()
    assert frame_box["x"] <= box["x"] and box["x"] + box["width"] <= frame_box["x"] + 366
    close = page.frame_locator(MAP_FRAME).locator(".leaflet-popup-close-button")
    assert close.bounding_box()["width"] >= 44
    legend_box = page.frame_locator(MAP_FRAME).locator(".fk-legend")
    legend = legend_box.bounding_box()
    apart = not legend_box.is_visible() or (
        box["x"] + box["width"] <= legend["x"]
        or legend["x"] + legend["width"] <= box["x"]
        or box["y"] + box["height"] <= legend["y"]
        or legend["y"] + legend["height"] <= box["y"]
    )
    assert apart, (box, legend)
    page.context.close()


def test_a_place_typed_above_the_map_is_marked_on_it_and_passes_axe(browser, app_url):
    page = _open(browser, f"{app_url}/")
    box = page.get_by_label("Ort suchen")
    box.fill("53721 Siegburg")
    box.press("Enter")
    expect(
        page.get_by_text("PLZ 53721 (Siegburg), Rhein-Sieg-Kreis ist auf der Karte")
    ).to_be_visible(timeout=30_000)
    ready(page)
    frame = map_frame(page)
    ring = frame.locator(".fk-place")
    expect(ring).to_be_visible()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text("PLZ 53721 (Siegburg)")
    # the ring lies in the map's visible part, which the place's view centres on it
    x, y = ring.evaluate("e => [e.getBoundingClientRect().x, e.getBoundingClientRect().y]")
    width, height = frame.evaluate("[innerWidth, innerHeight]")
    assert width * 0.3 < x < width * 0.7 and height * 0.3 < y < height * 0.7
    assert "ort=53721+Siegburg" in page.url or "ort=53721%20Siegburg" in page.url
    assert _serious(Axe().run(page)) == []
    page.context.close()


@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("ar", "rtl")])
def test_the_events_page_on_a_phone_passes_axe(browser, app_url, language, direction):
    page = _open(browser, f"{app_url}/termine?q=53721&lang={language}")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    card = page.locator('[class*="st-key-event_"]').first
    expect(card).to_be_visible(timeout=30_000)
    expect(card.locator('a[href^="tel:"]')).to_be_visible()
    # "In den Kalender" is the app's own calendar address of this one Termin
    link = card.locator('a[href*="termine.ics?termin="]')
    expect(link).to_be_visible()
    answer = page.request.get(link.evaluate("a => a.href"))
    assert answer.headers["content-type"].startswith("text/calendar")
    assert answer.text().count("BEGIN:VEVENT") == 1
    # a card fits the phone's width: nothing to scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ready(page)
    assert _serious(Axe().run(page)) == []
    page.context.close()


def test_real_and_invented_markers_differ_and_a_real_popup_names_its_source(browser, app_url):
    """In Bochum the Kitas are real and the Jugendamt invented: drawn apart, and the
    clinic's popup says where its entry comes from."""
    address = f"{app_url}/?kreis=05911&typ=jugendamt&typ=geburtsklinik"
    page = _open(browser, address, {"width": 1400, "height": 1000})
    frame = map_frame(page)
    styles = frame.evaluate(
        """() => { const found = [];
            FK.map.fkView.fkCluster.eachLayer(function (m) {
                if (m.fkKey && m.options) found.push([m.getTooltip().getContent(),
                    m.options.dashArray || "", m.options.fillOpacity]); });
            return found; }"""
    )
    invented = [s for s in styles if "Muster" in s[0]]
    real = [s for s in styles if "Muster" not in s[0]]
    assert invented and real
    assert all(dash and opacity < 0.5 for _, dash, opacity in invented)
    assert all(not dash and opacity > 0.9 for _, dash, opacity in real)
    frame.evaluate(
        """() => { let clinic = null;
            FK.map.fkView.fkCluster.eachLayer(function (m) {
                if (!clinic && m.fkKey && !m.options.dashArray) clinic = m; });
            FK.map.setView(clinic.getLatLng(), 17, {animate: false});
            window.fkClinic = clinic; }"""
    )
    page.wait_for_timeout(1000)
    frame.evaluate("() => window.fkClinic.openPopup()")
    source = page.frame_locator(MAP_FRAME).locator(".fk-popup .fk-source")
    expect(source).to_contain_text("G-BA, Qualitätsberichte der Krankenhäuser 2023", timeout=30_000)
    expect(source).to_contain_text("Stand 2023")
    legend = page.frame_locator(MAP_FRAME).locator(".fk-legend .fk-lines")
    expect(legend).to_contain_text("erfunden (Beispiel)")
    page.context.close()

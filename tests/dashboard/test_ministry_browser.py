"""Ministry staff in a real Chromium: the example story stepped through with the keys
of a presenter's clicker, readable from the back of a room, with no request to any
other host; the standalone HTML map offline; printing the page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.harness.browser import MAP_FRAME, map_frame, ready, sidebar_uploader

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
STORY = "fruehe-hilfen-nrw"
#: Every visible text node smaller than 24 px, as [tag, text, size].
SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (!text) continue;
    const element = node.parentElement;
    const style = getComputedStyle(element);
    const rect = element.getBoundingClientRect();
    const visible = rect.width > 2 && rect.height > 2 && style.visibility !== "hidden" &&
      rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth &&
      !element.closest("[hidden], details:not([open]) > :not(summary)");
    if (visible && parseFloat(style.fontSize) < 24)
      small.push([element.tagName, text.slice(0, 40), style.fontSize]);
  }
  return small;
}"""


def _slide(page, title: str):
    expect(page.locator("h1.fk-slide-title")).to_have_text(title, timeout=60_000)
    ready(page)
    return map_frame(page)


def test_the_example_story_steps_with_clicker_keys_readable_and_offline(
    browser, app_url, tmp_path_factory
):
    story = _example_story()
    context = browser.new_context(viewport=PROJECTOR, locale="de-DE")
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(f"{app_url}/?praesentation=1&geschichte={STORY}&folie=1")
    shots = Path(tmp_path_factory.mktemp("slides"))
    keys = ["PageDown", "ArrowRight", "PageDown"]
    for number, slide in enumerate(story.slides, start=1):
        frame = _slide(page, slide.title)
        expect(page.get_by_text(f"Folie {number} von {len(story.slides)}")).to_be_visible()
        # No sidebar, no widgets in the way; every text readable from the back.
        expect(page.locator("section.stSidebar")).to_be_hidden()
        assert page.evaluate(SMALL_TEXT) == []
        assert frame.evaluate(SMALL_TEXT) == []
        assert frame.locator(".fk-legend").is_visible()
        _map_leads(page, frame)
        page.screenshot(path=str(shots / f"folie-{number}.png"))
        if number < len(story.slides):
            page.keyboard.press(keys[(number - 1) % len(keys)])
    # Back with the clicker's other key, with the focus inside the map.
    frame.locator(".leaflet-container").focus()
    frame.locator(".leaflet-container").press("PageUp")
    _slide(page, story.slides[-2].title)
    # Arrows belong to the map while it has the focus; on the page they step.
    page.locator("h1.fk-slide-title").click()
    page.keyboard.press("ArrowLeft")
    _slide(page, story.slides[-3].title)
    # Every slide has its own address: opened anew, it shows the same slide.
    address = page.url
    assert "folie=" in address and "geschichte=" in address
    again = context.new_page()
    again.goto(address)
    _slide(again, story.slides[-3].title)
    again.close()
    # Escape ends the presentation on the slide's view.
    page.keyboard.press("Escape")
    expect(page.locator("section.stSidebar")).to_be_visible(timeout=30_000)
    ready(page)
    assert "praesentation" not in page.url
    assert hosts == {urlparse(app_url).netloc}
    context.close()


def _map_leads(page, frame) -> None:
    """The map takes most of the slide, its legend is a small strip that leaves the
    selected area free, and the whole slide fits the projector without scrolling."""
    slide = PROJECTOR["width"] * PROJECTOR["height"]
    box = page.locator(MAP_FRAME).bounding_box()
    assert box["width"] * box["height"] >= 0.6 * slide
    assert (
        page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
        <= (PROJECTOR["height"])
    )
    # The legend is drawn anew when a rerun sends the map its options again: wait for it.
    frame.locator(".fk-legend").wait_for(state="visible", timeout=30_000)
    legend = frame.locator(".fk-legend").bounding_box(timeout=30_000)
    assert legend["width"] * legend["height"] <= 0.2 * box["width"] * box["height"]
    area_bottom = frame.evaluate(
        "() => FK.map.latLngToContainerPoint(L.latLngBounds(FK.bounds).getSouthWest()).y"
    )
    assert box["y"] + area_bottom <= legend["y"] + 1  # page coordinates, both


def _example_story():
    from geodata import BoundarySet
    from planning import PROGRAMME_CODES
    from providers import SERVICE_TYPES
    from reports import Vocabulary, shipped_stories

    boundaries = BoundarySet()
    regions = {*boundaries.frame("land").index, *boundaries.frame("kreis").index}
    vocabulary = Vocabulary(regions, {s.code for s in SERVICE_TYPES}, set(PROGRAMME_CODES))
    return shipped_stories(vocabulary)[STORY]


def test_a_view_from_the_map_page_becomes_a_slide_with_one_click(browser, app_url):
    context = browser.new_context(viewport=PROJECTOR, locale="de-DE")
    page = context.new_page()
    page.goto(f"{app_url}/?kreis=05382&programm=buendnis")
    ready(page)
    page.get_by_role("button", name="Präsentation dieser Ansicht").click()
    _slide(page, "Rhein-Sieg-Kreis")
    assert "praesentation=1" in page.url and "programm=buendnis" in page.url
    frame = map_frame(page)
    expect(frame.locator(".fk-legend")).to_contain_text("Lokales Bündnis für Familie")
    context.close()


def test_the_standalone_map_opens_with_the_network_blocked(browser, tmp_path):
    from dashboard.export.downloads import standalone
    from reports import StoryView

    path = tmp_path / "rhein-sieg.html"
    path.write_text(
        standalone(StoryView(region="05382", programmes=("buendnis",))), encoding="utf-8"
    )
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
    requested: list[str] = []

    def block(route):
        requested.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith("file:"), block)
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function("() => window.FK && FK.settled()", timeout=30_000)
    assert page.locator(".leaflet-overlay-pane path, .leaflet-pane path").count() > 19
    markers = page.locator(".fk-cluster, .leaflet-marker-icon, path.leaflet-interactive")
    assert markers.count() > 19
    expect(page.locator(".fk-legend")).to_contain_text("Lokales Bündnis für Familie")
    expect(page.locator("#hinweis")).to_contain_text("Rhein-Sieg-Kreis")
    expect(page.locator("#hinweis")).to_contain_text("GeoBasis-DE / BKG")
    assert requested == []
    context.close()


def test_printing_the_map_page_gives_a_clean_landscape_page(browser, app_url, tmp_path):
    from pypdf import PdfReader

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{app_url}/?kreis=05382")
    ready(page)
    map_frame(page)
    page.emulate_media(media="print")
    expect(page.locator("section.stSidebar")).to_be_hidden()
    expect(page.locator(".stDownloadButton").first).to_be_hidden()
    expect(page.locator(MAP_FRAME)).to_be_visible()
    expect(page.get_by_text("Verwaltungsgrenzen: © GeoBasis-DE / BKG")).to_be_visible()
    pdf = tmp_path / "druck.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    reader = PdfReader(pdf)
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert width > height  # landscape
    assert abs(width - 842) < 3 and abs(height - 595) < 3  # A4 in points
    context.close()


def test_a_bad_story_file_is_rejected_with_line_and_field_and_a_good_one_is_used(
    browser, app_url, tmp_path
):
    bad = tmp_path / "kaputt.toml"
    bad.write_text(
        'titel = "Ausschuss"\n\n[[folie]]\ntitel = "Eins"\nregion = "05999"\n',
        encoding="utf-8",
    )
    good = tmp_path / "ausschuss.toml"
    good.write_text(
        'titel = "Ausschuss <b>Familie</b>"\n\n[[folie]]\ntitel = "Bonn"\nregion = "05314"\n'
        'programme = ["audit"]\n',
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{app_url}/?kreis=05382")
    ready(page)
    uploader = sidebar_uploader(page, "Geschichte laden")
    uploader.set_input_files(str(bad))
    expect(page.get_by_text("Zeile 5, Folie 1, Feld „region“")).to_be_visible(timeout=30_000)
    ready(page)
    # The current view stays.
    expect(page.locator("h1").first).to_contain_text("Rhein-Sieg-Kreis")
    uploader.set_input_files(str(good))
    expect(page.get_by_text("1 Folien")).to_be_visible(timeout=30_000)
    ready(page)
    page.get_by_role("button", name="Geschichte präsentieren").click()
    _slide(page, "Bonn")
    context.close()


def test_an_uploaded_programme_list_reports_bad_rows_and_hatches_the_valid_ones(
    browser, app_url, tmp_path
):
    listed = tmp_path / "programme.csv"
    listed.write_text(
        "AGS;Programm;Jahr\n5382068;Audit;2020\n05382056;Audit;2018\n99999999;Audit;2019\n",
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{app_url}/?kreis=05382&programm=audit")
    ready(page)
    sidebar_uploader(page, "Eigene Programmliste laden").set_input_files(str(listed))
    expect(page.locator("section.stSidebar").get_by_text("programme.csv")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_text("2 Einträge übernommen, 1 Hinweise.")).to_be_visible(timeout=30_000)
    ready(page)
    frame = map_frame(page)
    expect(frame.locator(".fk-legend")).to_contain_text("Audit familiengerechte Kommune: 2")
    expect(page.get_by_text("Programme: programme.csv")).to_be_visible()
    assert frame.locator(".leaflet-pane path[fill^='url(#fk-hatch-1)']").count() == 2
    context.close()

"""Waiting for the app in a real Chromium, shared by the browser tests."""

from __future__ import annotations

from playwright.sync_api import expect

from dashboard.map.widget import COMPONENT_NAME

MAP_FRAME = f'iframe[title="{COMPONENT_NAME}"]'


def ready(page, timeout_ms: int = 60_000) -> None:
    """Wait until the script run is over (a running script fades the page)."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms
    )


def map_frame(page):
    """The map's frame once the map has fitted its view and fetched its files."""
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    for _ in range(100):
        frame = next((f for f in page.frames if COMPONENT_NAME in f.url), None)
        if frame is not None:
            frame.wait_for_function("() => window.FK && FK.settled()", timeout=30_000)
            return frame
        page.wait_for_timeout(100)
    raise AssertionError("no map frame")


def sidebar_uploader(page, text: str):
    """The file input of the sidebar expander that holds ``text``, opened and mounted:
    scoped, since the sidebar holds more than one uploader, and a file set before
    the uploader is shown is lost."""
    expander = page.locator("section.stSidebar [data-testid='stExpander']").filter(has_text=text)
    expander.locator("summary").click()
    expect(expander.get_by_role("button", name="Upload", exact=True)).to_be_visible(timeout=30_000)
    return expander.locator("input[type=file]")

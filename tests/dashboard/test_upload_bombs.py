"""Uploads anyone can make, in a real Chromium against a real app process: a
compressed bomb is refused with a message in the visitor's language before anything
reads it, and the app process does not grow; the operator can switch them off."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.dashboard.browser import ready, sidebar_uploader, start_app, stop_app, warm
from tests.providers.test_untrusted import bomb

pytestmark = pytest.mark.e2e

#: The app process may grow by less than this while it refuses a bomb.
GROWTH_BYTES = 100_000_000


def _rss(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
    return int(kilobytes) * 1024


class _Peak:
    """The highest resident size of a process while the ``with`` block runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, _rss(self.pid))

    def __enter__(self) -> _Peak:
        self.before = _rss(self.pid)
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@pytest.fixture(scope="module")
def watched_app(tmp_path_factory, browser) -> Iterator[tuple[str, int]]:
    """An app process of its own (its memory is measured), warmed; URL and pid."""
    url, process = start_app(tmp_path_factory)
    try:
        warm(browser, url, f"{url}/planung?kreis=05382")
        yield url, process.pid
    finally:
        stop_app(process)


@pytest.fixture(scope="module")
def bomb_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "kennzahlen.xlsx"
    path.write_bytes(bomb(300))  # 300 MB of sheet in well under 1 MB
    return path


def _indicator_uploader(page):
    expander = page.locator("[data-testid='stExpander']").filter(has_text="CSV or Excel")
    expander.locator("summary").click()
    return expander.locator("input[type=file]")


@pytest.mark.parametrize(
    ("address", "uploader", "suffix", "refusal"),
    [
        # Planung, in English: the refusal speaks the visitor's language.
        (
            "/planung?kreis=05382&lang=en",
            _indicator_uploader,
            ".xlsx",
            "unpacks to more than 40 MB",
        ),
        (
            "/?land=05",
            lambda page: sidebar_uploader(page, "Eigene Programmliste laden"),
            ".xlsx",
            "entpackt sich auf mehr als 40 MB",
        ),
        # The story uploader takes TOML: the same bomb, renamed.
        (
            "/?land=05",
            lambda page: sidebar_uploader(page, "Geschichte laden"),
            ".toml",
            "größer als 100 kB",
        ),
    ],
    ids=["planning-indicators", "map-programme-list", "presentation-story"],
)
def test_a_bomb_on_an_anonymous_upload_is_refused_and_the_app_does_not_grow(
    browser, watched_app, bomb_file, tmp_path, address, uploader, suffix, refusal
):
    url, pid = watched_app
    upload = tmp_path / f"hochgeladen{suffix}"
    upload.write_bytes(bomb_file.read_bytes())
    page = browser.new_page(locale="de-DE")
    page.goto(f"{url}{address}")
    ready(page)
    chooser = uploader(page)
    with _Peak(pid) as memory:
        chooser.set_input_files(str(upload))
        expect(page.get_by_text(refusal).first).to_be_visible(timeout=30_000)
    assert memory.peak - memory.before < GROWTH_BYTES, (memory.before, memory.peak)
    # The page goes on.
    expect(page.locator('[data-testid="stApp"]')).to_be_visible()
    page.close()


def test_an_operator_can_switch_anonymous_uploads_off(browser, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("FAMILIENKARTE_ANONYMOUS_UPLOADS", "0")
    url, process = start_app(tmp_path_factory)
    try:
        page = browser.new_page(locale="de-DE")
        page.goto(f"{url}/planung?kreis=05382", timeout=300_000)
        ready(page, timeout_ms=300_000)
        page.locator("[data-testid='stExpander']").filter(has_text="Eigene Kennzahl").locator(
            "summary"
        ).click()
        expect(page.get_by_text("auf diesem Server abgeschaltet").first).to_be_visible()
        assert page.locator("input[type=file]").count() == 0
        page.close()
    finally:
        stop_app(process)

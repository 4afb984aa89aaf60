"""Every upload path, in a real Chromium against a real app process – the three that
anyone can use and the four behind the editors' login: a compressed bomb (a sheet of
millions of rows in under 1 MB) is refused with a message in the visitor's language
before anything reads it, and the app process does not grow; the operator can switch
the anonymous ones off."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.harness.browser import ready, sidebar_uploader, start_app, stop_app, warm
from tests.harness.files import SIX_MILLION_ROWS_MB, bomb, bomb_rows
from tests.harness.stores import editor_store

pytestmark = pytest.mark.browser

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
    """An app process of its own (its memory is measured) on a store with the editor
    "anna", warmed; URL and pid."""
    store = editor_store(tmp_path_factory.mktemp("bomb-store"))
    url, process = start_app(tmp_path_factory, store=store)
    try:
        warm(browser, url, f"{url}/planung?kreis=05382")
        yield url, process.pid
    finally:
        stop_app(process)


@pytest.fixture(scope="module")
def bomb_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "kennzahlen.xlsx"
    assert bomb_rows(SIX_MILLION_ROWS_MB) >= 6_000_000
    path.write_bytes(bomb(SIX_MILLION_ROWS_MB))  # six million rows of sheet in under 1 MB
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


def _signed_in(page, tab: str) -> None:
    page.get_by_label("Benutzername").fill("anna")
    page.get_by_label("Passwort").fill("ein langes Passwort")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("tab", name="Hochladen")).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name=tab).click()


def _tab_uploader(page, tab: str, nth: int = 0):
    _signed_in(page, tab)
    panel = page.get_by_role("tabpanel", name=tab)
    return panel.get_by_test_id("stFileUploader").nth(nth).locator("input[type=file]")


def _folder_uploader(page):
    _signed_in(page, "Hochladen")
    page.get_by_text("HSDS-Paket als Ordner hochladen").click()
    return page.get_by_test_id("stFileUploader").nth(1).locator("input[type=file]")


@pytest.mark.parametrize(
    ("uploader", "files", "refusal"),
    [
        # The preview of the provider upload once read the whole sheet before any check.
        (lambda page: _tab_uploader(page, "Hochladen"), ["anbieter.xlsx"], "mehr als 200 MB"),
        # A folder takes CSV only and becomes one zip with the checks of an HSDS
        # package: the bomb, named services.csv, is refused as no UTF-8 text.
        (_folder_uploader, ["paket/services.csv", "paket/locations.csv"], "0 gültige Zeilen"),
        (lambda page: _tab_uploader(page, "Termine"), ["termine.xlsx"], "mehr als 20 MB"),
        (lambda page: _tab_uploader(page, "Netzwerke"), ["netzwerke.xlsx"], "mehr als 20 MB"),
    ],
    ids=["editor-providers", "editor-folder", "editor-termine", "editor-netzwerke"],
)
def test_a_bomb_on_an_editors_upload_is_refused_and_the_app_does_not_grow(
    browser, watched_app, bomb_file, tmp_path, uploader, files, refusal
):
    url, pid = watched_app
    paths = []
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        bombed = name.endswith((".xlsx", "services.csv"))
        path.write_bytes(bomb_file.read_bytes() if bombed else b"id,name\n")
        paths.append(path)
    page = browser.new_page(locale="de-DE", viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/daten")
    ready(page)
    chooser = uploader(page)
    with _Peak(pid) as memory:
        if len(paths) > 1:  # a folder: Chromium uploads what it holds
            chooser.set_input_files(str(paths[0].parent))
        else:
            chooser.set_input_files(str(paths[0]))
        expect(page.get_by_text(refusal).first).to_be_visible(timeout=30_000)
    assert memory.peak - memory.before < GROWTH_BYTES, (memory.before, memory.peak)
    expect(page.get_by_role("tab", name="Hochladen")).to_be_visible()
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

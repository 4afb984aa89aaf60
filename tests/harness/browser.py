"""Waiting for the app in a real Chromium, shared by the browser tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.map.widget import COMPONENT_NAME
from tests.harness.ports import free_port

MAP_FRAME = f'iframe[title="{COMPONENT_NAME}"]'
ROOT = Path(__file__).parents[2]
#: The first page of a new app process may take this long (a cold start under load).
WARM_TIMEOUT_MS = 300_000
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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


def chromium_path() -> str | None:
    """Debian's Chromium, or ``None``."""
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def streamlit_command(script: str, port: int) -> list[str]:
    """``streamlit run`` of ``script`` on loopback, headless."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]


@contextmanager
def running_app(tmp_path_factory, browser, **options) -> Iterator[str]:
    """An app server (see :func:`start_app` for ``options``), warmed; stopped after."""
    url, process = start_app(tmp_path_factory, **options)
    try:
        warm(browser, url)
        yield url
    finally:
        stop_app(process)


def start_app(
    tmp_path_factory,
    providers: Path | None = None,
    store: Path | None = None,
    database_url: str | None = None,
    env: dict[str, str] | None = None,
    root: Path = ROOT,
    command: Callable[[int], list[str]] | None = None,
    port: int | None = None,
) -> tuple[str, subprocess.Popen]:
    """Start ``streamlit run app.py`` on a free port (optionally on a provider file, a
    given SQLite store or a PostgreSQL database, with more environment ``env`` – which
    may name the cache folder –, from another checkout ``root``, with another
    ``command`` of the port, on a given ``port`` as a restarted process would); return
    its URL once it is healthy, and the process."""
    port = port or free_port()
    env = {
        **os.environ,
        "FAMILIENKARTE_CACHE": str(tmp_path_factory.mktemp("cache")),
        "FAMILIENKARTE_STORE": str(
            store or tmp_path_factory.mktemp("store") / "familienkarte.sqlite"
        ),
        **(env or {}),
    }
    env.pop("FAMILIENKARTE_PROVIDERS", None)
    env.pop("FAMILIENKARTE_DATABASE_URL", None)
    if database_url is not None:
        env["FAMILIENKARTE_DATABASE_URL"] = database_url
    if providers is not None:
        env["FAMILIENKARTE_PROVIDERS"] = str(providers)
    log = tmp_path_factory.mktemp("log") / "streamlit.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            command(port) if command else streamlit_command("app.py", port),
            cwd=root,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return url, process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"Streamlit did not start:\n{log.read_text()}")
        time.sleep(0.3)


def stop_app(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def warm(browser, *urls: str) -> None:
    """Open each app once, all at the same time, and wait for their first script
    runs, which build the process-wide caches (boundaries, placed providers, map
    files). Under heavy load that cold start took over a minute once; paid here, with
    room to spare, it no longer counts against the first test that opens a page."""
    pages = [browser.new_page() for _ in urls]
    try:
        for page, url in zip(pages, urls, strict=True):
            page.goto(url, timeout=WARM_TIMEOUT_MS, wait_until="commit")
        for page in pages:
            ready(page, timeout_ms=WARM_TIMEOUT_MS)
    finally:
        for page in pages:
            page.close()


#: Resolves once the page has painted two more frames: whatever a drawn element
#: starts (an image's ``onerror``, a transition) has had its turn.
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

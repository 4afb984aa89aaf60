"""Shared fixtures: a real app server and a real Chromium for the e2e tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest

import geodata

ROOT = Path(__file__).parents[1]
DATA = Path(__file__).parent / "data"
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


@pytest.fixture(scope="session", autouse=True)
def _own_store(tmp_path_factory) -> Iterator[None]:
    """Every test run has its own SQLite store: nothing of a user's data is touched,
    nothing of a test stays behind."""
    previous = os.environ.get("FAMILIENKARTE_STORE")
    os.environ["FAMILIENKARTE_STORE"] = str(
        tmp_path_factory.mktemp("store") / "familienkarte.sqlite"
    )
    os.environ.pop("FAMILIENKARTE_DATABASE_URL", None)
    yield
    if previous is None:
        os.environ.pop("FAMILIENKARTE_STORE", None)
    else:
        os.environ["FAMILIENKARTE_STORE"] = previous


def chromium_path() -> str | None:
    """Debian's Chromium, or ``None``."""
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(
    tmp_path_factory,
    providers: Path | None = None,
    store: Path | None = None,
    database_url: str | None = None,
) -> tuple[str, subprocess.Popen]:
    """Start ``streamlit run app.py`` on a free port (optionally on a provider file, a
    given SQLite store or a PostgreSQL database); return its URL once it is healthy,
    and the process."""
    port = _free_port()
    env = {
        **os.environ,
        "FAMILIENKARTE_CACHE": str(tmp_path_factory.mktemp("cache")),
        "FAMILIENKARTE_STORE": str(
            store or tmp_path_factory.mktemp("store") / "familienkarte.sqlite"
        ),
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
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
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


def _stop(process: subprocess.Popen) -> None:
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
    from tests.dashboard.browser import ready

    pages = [browser.new_page() for _ in urls]
    try:
        for page, url in zip(pages, urls, strict=True):
            page.goto(url, timeout=WARM_TIMEOUT_MS, wait_until="commit")
        for page in pages:
            ready(page, timeout_ms=WARM_TIMEOUT_MS)
    finally:
        for page in pages:
            page.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, browser) -> Iterator[str]:
    """The app on the embedded sample data, warmed."""
    url, process = start_app(tmp_path_factory)
    warm(browser, url)
    try:
        yield url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def many_providers(tmp_path_factory) -> Path:
    """5,000 fictional providers spread over Germany (seeded), as a provider file."""
    from providers.sample import write_spread_sample

    path = tmp_path_factory.mktemp("providers") / "verteilt-5000.csv"
    write_spread_sample(path, 5_000)
    return path


@pytest.fixture(scope="session")
def crowded_app_url(tmp_path_factory, many_providers, browser) -> Iterator[str]:
    """The app on 5,000 providers: its Germany and Land views show counts (warmed)."""
    url, process = start_app(tmp_path_factory, many_providers)
    warm(browser, url)
    try:
        yield url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium; missing Chromium fails on CI and skips elsewhere."""
    executable = chromium_path()
    if executable is None:
        message = "Chromium fehlt: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def kreis_gemeinden() -> gpd.GeoDataFrame:
    """The 165 Gemeinden of Kreis 01058 (``tests/data/kreis_01058.geojson``), sorted by AGS."""
    frame = gpd.read_file(DATA / "kreis_01058.geojson")
    return frame.sort_values("ags").reset_index(drop=True)


@pytest.fixture(scope="session")
def kreis_boundaries(kreis_gemeinden) -> geodata.BoundarySet:
    """A boundary set of one Land with one Kreis, made from the Kreis fixture alone.

    Display variants are simplified on the fly, as for an own build without them.
    """
    kreis = kreis_gemeinden.dissolve(by="kreis_ags", as_index=False)[
        ["kreis_ags", "land_ags", "geometry"]
    ].rename(columns={"kreis_ags": "ags"})
    kreis["name"], kreis["bez"] = "Rendsburg-Eckernförde", "Kreis"
    land = kreis.dissolve(by="land_ags", as_index=False)[["land_ags", "geometry"]]
    land = land.rename(columns={"land_ags": "ags"})
    land["name"], land["bez"] = "Schleswig-Holstein", "Land"
    return geodata.BoundarySet.from_frames(
        {"land": land, "kreis": kreis, "gemeinde": kreis_gemeinden}
    )


@pytest.fixture(scope="session")
def npm_build(tmp_path_factory) -> Path:
    """A boundary build of the npm fixture (Hamburg and Bremen) in a temporary folder."""
    from geodata.build import build_boundaries

    out = tmp_path_factory.mktemp("vg250_build")
    build_boundaries(DATA / "vg250_npm", out)
    return out


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL + PostGIS server; missing or failing fails on CI, skips elsewhere."""
    from tests.postgres import PostgresServer, available

    message = "PostgreSQL fehlt: apt-get install postgresql postgresql-15-postgis-3"
    if not available():
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(_free_port())
    try:
        server.start()
    except subprocess.CalledProcessError as error:
        pytest.fail(f"PostgreSQL startet nicht: {error.stderr}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def editor_app(tmp_path_factory, browser) -> Iterator[tuple[str, Path]]:
    """The app on its own store with the editor "anna" (password "ein langes Passwort");
    its URL and the store's file."""
    from providers import Store, seed_store
    from providers.store import sqlite_url

    path = tmp_path_factory.mktemp("editor-store") / "familienkarte.sqlite"
    store = Store(sqlite_url(path))
    store.migrate()
    seed_store(store)
    store.users.create("anna", "ein langes Passwort")
    store.engine.dispose()
    url, process = start_app(tmp_path_factory, store=path)
    warm(browser, url)
    try:
        yield url, path
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def shared_apps(tmp_path_factory, browser, postgres) -> Iterator[tuple[str, str]]:
    """Two app processes on one new PostgreSQL database, started together (the first
    start migrates and seeds it), with the editor "anna"; their URLs."""
    from providers import Store

    database = postgres.database()
    store = Store(database)
    store.migrate()
    store.users.create("anna", "ein langes Passwort")
    store.engine.dispose()
    started = [start_app(tmp_path_factory, database_url=database) for _ in range(2)]
    try:
        warm(browser, *(url for url, _ in started))
        yield started[0][0], started[1][0]
    finally:
        for _, process in started:
            _stop(process)

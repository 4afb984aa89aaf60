"""Fixtures of the web layer's tests: a real Chromium, app servers on loopback (each
warmed before its first test) and a real PostgreSQL for the app on a shared store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness.balancer import unit_command
from tests.harness.browser import (
    CHROMIUM_ARGS,
    chromium_path,
    running_app,
    start_app,
    stop_app,
    warm,
)
from tests.harness.caches import clear_caches
from tests.harness.postgres import postgres  # noqa: F401 (a fixture)
from tests.harness.stores import editor_store


@pytest.fixture
def fresh_caches():
    """Clear Streamlit's caches around a test: each may load other data (a provider
    file, a store, a database), and caches live as long as the process."""
    clear_caches()
    yield
    clear_caches()


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
def app_url(tmp_path_factory, browser) -> Iterator[str]:
    """The app on the embedded sample data, warmed."""
    with running_app(tmp_path_factory, browser) as url:
        yield url


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
    with running_app(tmp_path_factory, browser, providers=many_providers) as url:
        yield url


@pytest.fixture(scope="session")
def editor_app(tmp_path_factory, browser) -> Iterator[tuple[str, Path]]:
    """The app on its own store with the editor "anna" (password "ein langes Passwort");
    its URL and the store's file."""
    path = editor_store(tmp_path_factory.mktemp("editor-store"))
    with running_app(tmp_path_factory, browser, store=path) as url:
        yield url, path


@pytest.fixture(scope="session")
def shared_database(postgres) -> str:  # noqa: F811
    """A new PostgreSQL database, migrated, with the editor "anna"; its URL."""
    from store import Store

    database = postgres.database()
    store = Store(database)
    store.migrate()
    store.users.create("anna", "ein langes Passwort")
    store.engine.dispose()
    return database


@pytest.fixture(scope="session")
def shared_apps(tmp_path_factory, browser, shared_database) -> Iterator[tuple[str, str]]:
    """Two app processes on :func:`shared_database`, started together (the first start
    seeds it) as the shipped systemd unit starts them; their URLs."""
    started = [
        start_app(tmp_path_factory, database_url=shared_database, command=unit_command)
        for _ in range(2)
    ]
    try:
        warm(browser, *(url for url, _ in started))
        yield started[0][0], started[1][0]
    finally:
        for _, process in started:
            stop_app(process)

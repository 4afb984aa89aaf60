"""The app restarts (a deployment, systemd after a crash) while a visitor has the map
open: her page comes back by itself – no reload, no error, no traceback – and answers
her next click from the new process."""

from __future__ import annotations

import time

import pytest

from tests.harness.browser import map_frame, ready, start_app, stop_app
from tests.harness.streamlit_protocol import session_figures

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_an_open_page_comes_back_by_itself_after_a_restart(tmp_path_factory, browser):
    store = tmp_path_factory.mktemp("store") / "familienkarte.sqlite"
    same = {"FAMILIENKARTE_CACHE": str(tmp_path_factory.mktemp("cache"))}
    url, process = start_app(tmp_path_factory, store=store, env=same)
    page = browser.new_page(locale="de-DE")
    try:
        page.goto(f"{url}/?kreis=05382")
        ready(page)
        assert map_frame(page).locator(".leaflet-interactive").count() > 10
        stop_app(process)  # SIGTERM, as systemctl restart sends it
        # While the process is away, the page keeps what it showed and takes no clicks.
        page.wait_for_function(
            "() => document.querySelectorAll('[data-testid=stSidebar] button[disabled]')"
            ".length > 5",
            timeout=30_000,
        )
        port = int(url.rsplit(":", 1)[1])
        _, process = start_app(tmp_path_factory, store=store, env=same, port=port)
        started = time.monotonic()
        pill = page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Jugendamt")
        pill.wait_for(state="visible")
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=stSidebar] button')]"
            ".some(b => b.textContent.includes('Jugendamt') && !b.disabled)",
            timeout=60_000,
        )
        assert session_figures(url).active == 1  # the page found the new process by itself
        # Her next step is served by the new process: another page, then a filter.
        page.get_by_role("link", name="In meiner Nähe").click()
        page.wait_for_url("**/naehe**", timeout=30_000)
        ready(page)
        assert page.get_by_placeholder("z. B. 53721").count() >= 1
        page.get_by_role("link", name="Karte").click()
        ready(page)
        pill.click()
        page.wait_for_url("**typ=jugendamt**", timeout=30_000)
        ready(page)
        assert map_frame(page).locator(".leaflet-interactive").count() > 10
        assert time.monotonic() - started < 60
        text = page.inner_text("body")
        assert "Traceback" not in text and "Error" not in text
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()
        stop_app(process)

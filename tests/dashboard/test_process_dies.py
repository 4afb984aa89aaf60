"""One of two app processes dies behind the shipped nginx configuration (SIGKILL, as
the kernel's out-of-memory killer would): the next page view is served by the other
process at once – no error for the visitor – and the map stands again."""

from __future__ import annotations

import os
import signal
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.harness.balancer import nginx_binary, start_nginx, unit_command
from tests.harness.browser import map_frame, ready, start_app, stop_app, warm
from tests.harness.ports import free_port

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.postgres]


@pytest.fixture(scope="module")
def two_behind_nginx(tmp_path_factory, browser, postgres) -> Iterator[tuple[str, dict]]:
    """Two app processes of their own (one of them is killed) on one PostgreSQL, nginx
    in front; nginx's URL and the processes by their address."""
    binary = nginx_binary()
    if binary is None:
        pytest.fail("nginx fehlt: apt-get install nginx")
    database = postgres.database()
    started = [
        start_app(tmp_path_factory, database_url=database, command=unit_command) for _ in range(2)
    ]
    processes = {url.removeprefix("http://"): process for url, process in started}
    warm(browser, *(url for url, _ in started))
    port = free_port()
    nginx = start_nginx(binary, list(processes), tmp_path_factory.mktemp("nginx"), port)
    try:
        yield f"http://127.0.0.1:{port}", processes
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        for process in processes.values():
            stop_app(process)


def _serving(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"{url}/bereit", timeout=30) as response:
            return response.status, response.headers.get("X-Familienkarte-Prozess", "")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_a_killed_process_costs_the_next_visitor_nothing(two_behind_nginx, browser):
    url, processes = two_behind_nginx
    status, first = _serving(url)
    assert status == 200 and first in processes
    os.kill(processes[first].pid, signal.SIGKILL)
    processes[first].wait(timeout=10)
    answers = [_serving(url) for _ in range(10)]
    assert [status for status, _ in answers] == [200] * 10  # not one error
    # nginx names every process it tried: the dead one first, once, then the living one.
    assert {served.split(", ")[-1] for _, served in answers} == set(processes) - {first}
    page = browser.new_page()
    try:
        page.goto(f"{url}/?kreis=05382")
        ready(page)
        assert map_frame(page).locator(".leaflet-interactive").count() > 10
    finally:
        page.close()

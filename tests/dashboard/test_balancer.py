"""Several app processes behind nginx on one PostgreSQL (deploy/nginx/familienkarte.conf
as shipped, on test ports): a visitor stays on her process, the WebSocket is
upgraded, and every process serves the same data."""

from __future__ import annotations

import gzip
import json
import os
import re
import socket
import urllib.request
from collections.abc import Iterator

import pytest

from tests.harness.balancer import nginx_binary, start_nginx
from tests.harness.browser import map_frame, ready
from tests.harness.ports import free_port

pytestmark = pytest.mark.browser


def _nginx() -> str:
    found = nginx_binary()
    if found is None:
        message = "nginx fehlt: apt-get install nginx"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def balancer(shared_apps, tmp_path_factory) -> Iterator[tuple[str, tuple[str, str]]]:
    """nginx on a free port in front of the two app processes; its URL and theirs."""
    backends = [url.removeprefix("http://") for url in shared_apps]
    port = free_port()
    try:
        process = start_nginx(_nginx(), backends, tmp_path_factory.mktemp("nginx"), port)
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield f"http://127.0.0.1:{port}", tuple(backends)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _ready(url: str) -> tuple[dict, str]:
    with urllib.request.urlopen(f"{url}/bereit", timeout=30) as response:
        return json.load(response), response.headers.get("X-Familienkarte-Prozess", "")


def test_a_visitor_stays_on_one_process_and_her_websocket_is_upgraded(balancer):
    url, backends = balancer
    answers = [_ready(url) for _ in range(12)]
    served_by = {process for _, process in answers}
    assert len(served_by) == 1 and served_by <= set(backends)
    assert all(answer["bereit"] for answer, _ in answers)
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(
            (
                "GET /_stcore/stream HTTP/1.1\r\n"
                f"Host: {host}:{port}\r\n"
                f"Origin: {url}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
            ).encode()
        )
        status = connection.recv(1024).split(b"\r\n", 1)[0]
    assert b" 101 " in status, status


def test_a_change_on_the_store_is_seen_by_every_process(balancer, shared_database):
    from networks import Network
    from store import Store

    _, backends = balancer
    store = Store(shared_database)
    store.save_networks([Network("balancer-test", "Netzwerk Lastverteilung", "05382")], "anna")
    version = store.version()
    seen = [_ready(f"http://{backend}")[0] for backend in backends]
    assert [answer["datenstand"] for answer in seen] == [version, version]
    assert seen[0]["anbieter"] == seen[1]["anbieter"]
    store.retire_network("balancer-test", "anna")  # the other tests see the data as before
    store.engine.dispose()


def _get(url: str, gzip_ok: bool = True) -> tuple[bytes, dict]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return r.read(), dict(r.headers)


def test_streamlits_own_files_go_out_compressed_and_the_same(balancer):
    url, backends = balancer
    page, _ = _get(f"{url}/", gzip_ok=False)
    scripts = re.findall(rb'src="\./(static/js/[^"]+\.js)"', page)
    assert scripts, page[:300]
    packed, headers = _get(f"{url}/{scripts[0].decode()}")
    assert headers.get("Content-Encoding") == "gzip"
    # a browser runs a module script only with a JavaScript type
    assert headers.get("Content-Type", "").split(";")[0] in (
        "application/javascript",
        "text/javascript",
    )
    assert "immutable" in headers.get("Cache-Control", "")
    plain, _ = _get(f"http://{backends[0]}/{scripts[0].decode()}", gzip_ok=False)
    assert gzip.decompress(packed) == plain and len(packed) < len(plain) / 2


def test_a_family_on_a_phone_sees_the_map_through_nginx(balancer, browser):
    url, _ = balancer
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: message.type == "error" and refused.append(message.text))
    try:
        page.goto(f"{url}/?kreis=05382")
        ready(page)
        frame = map_frame(page)
        assert frame.locator(".leaflet-interactive").count() > 10  # the Gemeinden are drawn
        assert not [text for text in refused if "MIME type" in text]
    finally:
        context.close()


#: The headers a public service sends, on every answer of the shipped configuration.
SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(self)",
    "Strict-Transport-Security": "max-age=",
}


def test_every_route_sends_the_security_headers(balancer):
    url, _ = balancer
    page, _ = _get(f"{url}/", gzip_ok=False)
    script = re.findall(rb'src="\./(static/js/[^"]+\.js)"', page)[0].decode()
    routes = ("/", "/naehe", "/bereit", "/termine.ics", f"/{script}", "/_stcore/health")
    for route in (*routes, "/hilfe/siegburg", "/sitemap.xml", "/robots.txt"):
        _, headers = _get(f"{url}{route}")
        missing = {
            name: headers.get(name)
            for name, part in SECURITY_HEADERS.items()
            if part not in (headers.get(name) or "")
        }
        assert missing == {}, route
        csp = headers["Content-Security-Policy"]
        # Only the online basemaps' tile servers are named besides this server.
        assert re.findall(r"https://[^\s;]+", csp) == [
            "https://tile.openstreetmap.org",
            "https://sgx.geodatenzentrum.de",
        ]


@pytest.mark.parametrize(
    ("address", "has_map"),
    [
        ("/?kreis=05382", True),
        ("/naehe?q=53721", True),
        ("/termine?q=53721", False),
        ("/planung?kreis=05382", True),
        ("/?praesentation=1&geschichte=fruehe-hilfen-nrw", True),
        ("/daten", False),
        ("/hilfe/siegburg", False),
        ("/anbieter/rki-1.05.3.82?lang=ar", False),
    ],
)
def test_every_page_works_under_the_content_security_policy(balancer, browser, address, has_map):
    url, _ = balancer
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    try:
        page.goto(f"{url}{address}")
        if address.startswith(("/hilfe", "/anbieter")):  # a lean page: its own small map
            page.wait_for_selector("#karte .leaflet-interactive")
        else:
            ready(page)
        if has_map:
            map_frame(page)
        page.wait_for_timeout(500)
        assert violations == []
    finally:
        context.close()


def test_the_lean_pages_come_from_nginxs_cache_compressed(balancer):
    """The second visitor of a page is answered by nginx itself, compressed; another
    language is another page."""
    url, _ = balancer
    first, headers = _get(f"{url}/hilfe/bochum?lang=uk")
    again, repeated = _get(f"{url}/hilfe/bochum?lang=uk")
    assert headers["X-Cache"] in ("MISS", "EXPIRED") and repeated["X-Cache"] == "HIT"
    assert repeated["Content-Encoding"] == "gzip" and again == first
    assert 'lang="uk"' in gzip.decompress(again).decode()
    german, _ = _get(f"{url}/hilfe/bochum", gzip_ok=False)
    assert b'lang="de"' in german  # a browser without gzip gets the page plain
    for name in SECURITY_HEADERS:
        assert name in repeated, name


def test_each_security_header_comes_once(balancer):
    url, _ = balancer
    with urllib.request.urlopen(f"{url}/bereit", timeout=30) as response:
        for name in SECURITY_HEADERS:
            assert len(response.headers.get_all(name) or []) == 1, name

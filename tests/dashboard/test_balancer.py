"""Several app processes behind nginx on one PostgreSQL (deploy/nginx/familienkarte.conf
as shipped, on test ports): a visitor stays on her process, the WebSocket is
upgraded, and every process serves the same data."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard.browser import ROOT
from tests.ports import free_port

pytestmark = pytest.mark.e2e

SHIPPED = ROOT / "deploy" / "nginx" / "familienkarte.conf"


def _nginx() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found is None:
        message = "nginx fehlt: apt-get install nginx"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def balancer(shared_apps, tmp_path_factory) -> Iterator[tuple[str, tuple[str, str]]]:
    """nginx on a free port in front of the two app processes; its URL and theirs."""
    binary = _nginx()
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    backends = [url.removeprefix("http://") for url in shared_apps]
    site = SHIPPED.read_text()
    servers = iter(backends)
    site = re.sub(r"127\.0\.0\.1:850\d", lambda _: next(servers), site)
    site = site.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    (folder / "familienkarte.conf").write_text(site)
    (folder / "nginx.conf").write_text(
        f"""daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/familienkarte.conf;
}}
"""
    )
    process = subprocess.Popen(
        [binary, "-p", str(folder), "-c", str(folder / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"nginx startet nicht: {process.stderr.read().decode()}")
            time.sleep(0.2)
    try:
        yield url, tuple(backends)
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
    from providers import Network, Store

    _, backends = balancer
    store = Store(shared_database)
    store.save_networks([Network("balancer-test", "Netzwerk Lastverteilung", "05382")], "anna")
    version = store.version()
    seen = [_ready(f"http://{backend}")[0] for backend in backends]
    assert [answer["datenstand"] for answer in seen] == [version, version]
    assert seen[0]["anbieter"] == seen[1]["anbieter"]
    store.retire_network("balancer-test", "anna")  # the other tests see the data as before
    store.engine.dispose()

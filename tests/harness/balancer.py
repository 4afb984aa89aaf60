"""nginx from Debian with the shipped configuration (deploy/nginx/familienkarte.conf)
in front of app processes started as the shipped systemd unit starts them
(deploy/systemd/familienkarte@.service), on loopback ports: for the balancer test and
the load and first-visit benchmarks."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "deploy" / "nginx" / "familienkarte.conf"
UNIT = ROOT / "deploy" / "systemd" / "familienkarte@.service"
#: Where the unit expects the installed project.
_INSTALLED = "/opt/familienkarte/.venv/bin/"


def nginx_binary() -> str | None:
    """Debian's nginx (``/usr/sbin`` is not on every user's PATH), or ``None``."""
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def unit_command(port: int) -> list[str]:
    """The unit's ``ExecStart`` for instance ``port``, with this checkout's environment
    in place of the installed one: what systemd would run."""
    line = next(line for line in UNIT.read_text().splitlines() if line.startswith("ExecStart="))
    command = line.removeprefix("ExecStart=").replace("%i", str(port))
    return shlex.split(command.replace(_INSTALLED, f"{Path(sys.executable).parent}/"))


def start_nginx(binary: str, backends: list[str], folder: Path, port: int) -> subprocess.Popen:
    """nginx on ``port`` in front of ``backends`` (``host:port``), with Streamlit's
    files pre-compressed into ``folder`` (:mod:`dashboard.web.precompress`); waits
    until it answers."""
    site = SHIPPED.read_text()
    servers = iter(backends)
    site = re.sub(r"\n    server 127\.0\.0\.1:850\d[^\n]*", "", site)
    site = site.replace(
        "    ip_hash;\n",
        "    ip_hash;\n" + "".join(f"    server {next(servers)};\n" for _ in backends),
    )
    site = site.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    # Which process answered: for the tests only – a public answer names no internal address.
    site = site.replace(
        "    server_name _;\n",
        "    server_name _;\n    add_header X-Familienkarte-Prozess $upstream_addr always;\n",
    )
    site = site.replace("/var/lib/familienkarte/static/", f"{folder}/static/")
    site = site.replace("/var/cache/nginx/familienkarte", f"{folder}/seiten")
    subprocess.run(
        [sys.executable, "-m", "dashboard.web.precompress", str(folder / "static")],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    # The security headers as shipped, from the test's own folder.
    snippet = "snippets/familienkarte-kopfzeilen.conf"
    (folder / "snippets").mkdir(exist_ok=True)
    (folder / snippet).write_text((SHIPPED.parent / snippet).read_text())
    site = site.replace(f"include {snippet};", f"include {folder / snippet};")
    (folder / "familienkarte.conf").write_text(site)
    temp = "".join(
        f"    {kind}_temp_path {folder}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        # As root, nginx's workers would run as "nobody", who cannot read private folders.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        + "events { worker_connections 1024; }\n"
        # as Debian's /etc/nginx/nginx.conf: without the types a browser refuses the scripts
        + "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        + f"    access_log off;\n{temp}    include {folder}/familienkarte.conf;\n}}\n"
    )
    process = subprocess.Popen(
        [binary, "-p", str(folder), "-c", str(folder / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                message = process.stderr.read().decode()
                raise RuntimeError(f"nginx startet nicht: {message}") from None
            time.sleep(0.2)

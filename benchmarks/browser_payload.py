"""What the browser receives: Familienkarte against a naive folium app, in one run.

``uv run python -m benchmarks.browser_payload`` (needs Debian's Chromium).

Starts our app (``streamlit run app.py``) and the naive baseline
(``benchmarks/naive_app.py``) on loopback, each behind a small TCP proxy that
counts every byte the browser receives, and drives headless Chromium with
Playwright. Per view it reports, from a cold browser cache:

* HTTP bodies as transferred (CDP ``Network.dataReceived`` encodedDataLength,
  so gzip counts as sent), without Streamlit's own static bundle, which is
  reported on its own line (the same for every Streamlit app);
* WebSocket frames received: their payload (CDP
  ``Network.webSocketFrameReceived``, after decompression) and what they took
  on the wire (the proxy's count less every HTTP response with its headers);
* the total that counts: HTTP bodies plus WebSocket bytes on the wire;
* time from navigation to a stable map (the last change of the drawn map before a
  second without one, noted in the map's frame by the browser's own clock) and the
  number of map elements drawn.

Views: all Germany, Land NRW, Kreis 01058; then a type filter change on the
Germany view; then the Kreis view revisited in a new tab of the same browser
(boundary files must come from the cache); then a search near a postcode on the
page "In meiner Nähe" and a second search (its boundary files must not be
resent). It runs at the sample's providers (1,139) against the naive app, and at
5,000 and 50,000 providers (the sample spread over Germany, seeded) for ours
alone, once with WebSocket compression off and once on.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright

# The same Chromium, started the same way, as the browser tests.
from dashboard.map.widget import COMPONENT_NAME, OPTIONS_PREFIX
from tests.harness.browser import CHROMIUM_ARGS, chromium_path, streamlit_command

ROOT = Path(__file__).parents[1]
NAIVE = "benchmarks/naive_app.py"
SEARCH = "/naehe?q=53721"
PLANNING = "/planung?kreis=05382&typ=familienhebamme&mass=entfernung&n=10"
VIEWS = {"Deutschland": "/", "Land NRW": "/?land=05", "Kreis 01058": "/?kreis=01058"}
# Our map component, or st_folium's in the naive app.
MAP_NAMES = (COMPONENT_NAME, "streamlit_folium.st_folium")
MAP_FRAME = ", ".join(f'iframe[title="{name}"]' for name in MAP_NAMES)
ELEMENTS = ".leaflet-interactive, .leaflet-marker-icon"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CountingProxy:
    """Forwards loopback TCP connections to a port and counts the bytes sent back."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = _free_port()
        self.received = 0
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, count: bool) -> None:
        try:
            while data := source.recv(65536):
                if count:
                    with self._lock:
                        self.received += len(data)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def take(self) -> int:
        """Bytes received since the last call."""
        with self._lock:
            received, self.received = self.received, 0
        return received


@dataclass
class App:
    """A Streamlit app started for the measurement."""

    script: str
    providers: Path
    compression: bool = True
    process: subprocess.Popen | None = None
    proxy: CountingProxy | None = None

    def start(self, cache: Path) -> App:
        port = _free_port()
        env = {
            **os.environ,
            "FAMILIENKARTE_PROVIDERS": str(self.providers),
            "FAMILIENKARTE_CACHE": str(cache),
            # The naive app lives in benchmarks/ and imports the project's packages.
            "PYTHONPATH": str(ROOT),
        }
        self.process = subprocess.Popen(
            [
                *streamlit_command(self.script, port),
                "--server.enableWebsocketCompression",
                str(self.compression).lower(),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"{self.script} did not start")
        self.proxy = CountingProxy(port)
        return self

    @property
    def url(self) -> str:
        assert self.proxy is not None
        return f"http://127.0.0.1:{self.proxy.port}"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


@dataclass
class Traffic:
    """Bytes a page received, by kind, from CDP."""

    http: dict[str, int] = field(default_factory=dict)  # URL -> body bytes as transferred
    whole: int = 0  # HTTP responses with their headers, as transferred
    cached: set[str] = field(default_factory=set)
    websocket: int = 0
    _urls: dict[str, str] = field(default_factory=dict)

    def attach(self, page) -> None:
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", self._request)
        session.on("Network.dataReceived", self._data)
        session.on("Network.requestServedFromCache", self._from_cache)
        session.on("Network.webSocketFrameReceived", self._frame)
        session.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict) -> None:
        self.whole += int(event["encodedDataLength"])

    def _request(self, event: dict) -> None:
        self._urls[event["requestId"]] = event["request"]["url"]

    def _data(self, event: dict) -> None:
        url = self._urls.get(event["requestId"], "?")
        self.http[url] = self.http.get(url, 0) + event["encodedDataLength"]

    def _from_cache(self, event: dict) -> None:
        self.cached.add(self._urls.get(event["requestId"], "?"))

    def _frame(self, event: dict) -> None:
        response = event["response"]
        payload = response["payloadData"]
        if response["opcode"] == 2:  # binary frames arrive base64-encoded
            self.websocket += len(payload) * 3 // 4 - payload[-2:].count("=")
        else:
            self.websocket += len(payload.encode("utf-8"))

    def take(self, wire: int) -> tuple[int, int, int, int, int]:
        """Since the last call: Streamlit bundle bytes, our HTTP bytes, WebSocket payload,
        WebSocket bytes on the wire (the proxy's ``wire`` total less all HTTP), ``wire``."""
        bundle = sum(n for url, n in self.http.items() if _is_streamlit_bundle(url))
        ours = sum(n for url, n in self.http.items() if not _is_streamlit_bundle(url))
        result = (bundle, ours, self.websocket, max(wire - self.whole, 0), wire)
        self.http, self.websocket, self.whole = {}, 0, 0
        return result


def _is_streamlit_bundle(url: str) -> bool:
    path = url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
    return path.startswith("static/") or path in ("", "favicon.png") or path.startswith("_stcore")


#: Run in every frame of a measured page: the map's frame notes, in the browser's own
#: clock, each change of what it draws (the number of drawn elements, and whether our
#: runtime is still fetching or fitting). Noting it there, not by asking from here,
#: keeps the measurement's own latency out of the figure, equal for both apps.
WATCH = """
if (window !== window.top) {
  window.__fkChanges = [];
  setInterval(function () {
    var map = document.querySelector('.leaflet-container');
    var count = map ? document.querySelectorAll('ELEMENTS').length : -1;
    if (count >= 0 && window.FK && FK.settled && !FK.settled()) count = -1;
    var changes = window.__fkChanges;
    if (!changes.length || changes[changes.length - 1][0] !== count)
      changes.push([count, performance.timeOrigin + performance.now()]);
  }, 10);
}
""".replace("ELEMENTS", ELEMENTS)
#: The map is stable when nothing in it changed for this long.
QUIET_S = 1.0


def watch(context) -> None:
    """Have every page of ``context`` note its map's changes (call before ``goto``)."""
    context.add_init_script(WATCH)


def page_clock(page) -> float:
    """Now, in the page's clock (ms since the epoch), to measure a change from."""
    return page.evaluate("performance.timeOrigin + performance.now()")


def stable_map(page, since: float | None = None, timeout: float = 120.0) -> tuple[float, int]:
    """Seconds from ``since`` (the page's clock; default: the navigation's start) until
    the map drew its last change before a quiet second, and its element count. The
    context must be watched (:func:`watch`)."""
    page.wait_for_selector(MAP_FRAME, state="attached", timeout=timeout * 1000)
    since = page.evaluate("performance.timeOrigin") if since is None else since
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        time.sleep(0.1)
        frame = next((f for f in page.frames if any(n in f.url for n in MAP_NAMES)), None)
        try:
            changes = frame.evaluate("window.__fkChanges || []") if frame else []
            running = page.evaluate(
                "() => document.querySelector('[data-testid=stApp]')"
                "?.getAttribute('data-test-script-state') === 'running'"
            )
            now = page_clock(page)
        except Exception:  # the frame reloads while the map remounts
            continue
        later = [change for change in changes if change[1] >= since]
        if not later or running:
            continue
        count, changed = later[-1]
        if count > 0 and now - changed >= QUIET_S * 1000:
            return (changed - since) / 1000, count
    raise TimeoutError("the map did not settle")


@dataclass
class Row:
    label: str
    app: str
    bundle: int
    http: int
    websocket: int
    websocket_wire: int
    wire: int
    seconds: float
    elements: int
    boundary_bytes: int = 0  # boundary files fetched by a change (0: none resent)

    @property
    def total(self) -> int:
        """What counts: all bytes received as transferred but Streamlit's own bundle."""
        return self.http + self.websocket_wire


def _type_change(page) -> str:
    page.get_by_role("button", name="Kita", exact=True).first.click()
    return "Typwechsel"


def _new_search(page) -> str:
    box = page.get_by_label("Postleitzahl oder Ort")
    box.fill("53757")
    box.press("Enter")
    return "neue Suche (PLZ 53757)"


def _boundary_file(url: str) -> bool:
    """A boundary (or provider) file, not the map's options file."""
    return "/fk/b/" in url and f"/fk/b/{OPTIONS_PREFIX}" not in url


def _other_measure(page) -> str:
    page.get_by_label("Kennzahl").click()
    page.get_by_role("option", name="Anteil Bevölkerung über N km").click()
    return "Kennzahl gewechselt"


def _other_n(page) -> str:
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowLeft")
    return "N 10 → 9 km"


def _measure(browser, app: App, label: str, path: str, then=None) -> list[Row]:
    """The first render of a view in a cold browser, and optionally one change (``then``:
    does it on the page, returns its label)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    watch(context)
    page = context.new_page()
    traffic = Traffic()
    traffic.attach(page)
    app.proxy.take()
    page.goto(app.url + path)
    seconds, elements = stable_map(page)
    rows = [Row(label, app.script, *traffic.take(app.proxy.take()), seconds, elements)]
    if then is not None:
        started = page_clock(page)
        label = f"{label}: {then(page)}"
        time.sleep(0.3)  # let the rerun start; the map then must settle again
        seconds, elements = stable_map(page, started)
        boundaries = sum(n for url, n in traffic.http.items() if _boundary_file(url))
        rows.append(Row(label, app.script, *traffic.take(app.proxy.take()), seconds, elements))
        rows[-1].boundary_bytes = boundaries
    context.close()
    return rows


def _warm(browser, app: App) -> None:
    """One unmeasured visit: the process loads its data, as on a server already running."""
    _measure(browser, app, "warm-up", "/")


def _median(runs: list[list[Row]]) -> list[Row]:
    """Per row position, the run with the median time (bytes barely vary between runs)."""
    return [
        sorted(rows, key=lambda row: row.seconds)[len(rows) // 2]
        for rows in zip(*runs, strict=True)
    ]


def _revisit(browser, app: App, path: str) -> tuple[int, int]:
    """Boundary bytes over the network on a first visit and in a second tab of the same
    browser (HTTP cache warm)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    watch(context)
    results = []
    for _ in range(2):
        page = context.new_page()
        traffic = Traffic()
        traffic.attach(page)
        page.goto(app.url + path)
        stable_map(page)
        results.append(sum(n for url, n in traffic.http.items() if _boundary_file(url)))
        page.close()
    context.close()
    return results[0], results[1]


def _table(rows: list[Row], baseline: dict[str, Row]) -> None:
    print(
        f"{'Ansicht':34} {'App':7} {'HTTP B':>9} {'WS-Nutzlast':>11} {'WS Draht':>10} "
        f"{'zusammen B':>11} {'× naiv':>7} {'stabil s':>9} {'Elemente':>9}"
    )
    for row in rows:
        naive = baseline.get(row.label)
        ratio = f"{naive.total / row.total:7.1f}" if naive and row is not naive else " " * 7
        app = "naiv" if "naive" in row.app else "unsere"
        print(
            f"{row.label:34} {app:7} {row.http:9,} {row.websocket:11,} {row.websocket_wire:10,} "
            f"{row.total:11,} {ratio} {row.seconds:9.2f} {row.elements:9,}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="*", default=[5_000, 50_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per view (median time)")
    args = parser.parse_args()
    from providers import SAMPLE_PATH
    from providers.sample import write_spread_sample

    work = Path(tempfile.mkdtemp(prefix="fk-browser-bench-"))
    from providers import load_providers

    files = {len(load_providers(SAMPLE_PATH).frame): SAMPLE_PATH}
    for count in args.counts:
        files[count] = work / f"verteilt-{count}.csv"
        write_spread_sample(files[count], count)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        rows: list[Row] = []
        baseline: dict[str, Row] = {}
        # The baseline keeps Streamlit's defaults (no WebSocket compression).
        naive = App(NAIVE, SAMPLE_PATH, compression=False).start(work / "cache-naive")
        ours = App("app.py", SAMPLE_PATH).start(work / "cache-sample")
        try:
            _warm(browser, naive)
            _warm(browser, ours)
            for label, path in VIEWS.items():
                change = _type_change if label == "Deutschland" else None
                theirs = _median(
                    [_measure(browser, naive, label, path, change) for _ in range(args.runs)]
                )
                mine = _median(
                    [_measure(browser, ours, label, path, change) for _ in range(args.runs)]
                )
                baseline.update({row.label: row for row in theirs})
                rows += [row for pair in zip(theirs, mine, strict=True) for row in pair]
            first, again = _revisit(browser, ours, VIEWS["Kreis 01058"])
            search = _median(
                [
                    _measure(browser, ours, "Suche PLZ 53721", SEARCH, _new_search)
                    for _ in range(args.runs)
                ]
            )
            planning = _median(
                [
                    _measure(browser, ours, "Planung Kreis 05382", PLANNING, _other_measure)
                    for _ in range(args.runs)
                ]
            )
            planning += _median(
                [
                    _measure(browser, ours, "Planung Kreis 05382", PLANNING, _other_n)
                    for _ in range(args.runs)
                ]
            )[1:]
        finally:
            naive.stop()
            ours.stop()
        bundle = rows[1].bundle  # the same for both apps
        print(f"\n== {min(files):,} Angebote (Beispieldaten): unsere App gegen die naive ==")
        _table(rows, baseline)
        print(f"\nStreamlits eigenes Paket (nicht mitgezählt, je Erstbesuch): {bundle:,} B")
        print(f"Grenzdateien Kreis 01058: Erstbesuch {first:,} B, zweiter Tab {again:,} B")
        print("\n== In meiner Nähe (nur unsere App) ==")
        _table(search, {})
        print(f"Grenzdateien bei der neuen Suche: {search[1].boundary_bytes:,} B")
        print("\n== Planung (nur unsere App) ==")
        _table(planning, {})
        for change in planning[1:]:
            print(
                f"{change.label}: {change.total / planning[0].total:.1%} des ersten Aufrufs; "
                f"Grenzdateien dabei: {change.boundary_bytes:,} B"
            )

        scale: list[Row] = []
        for count, path in sorted(files.items()):
            for compression in (False, True):
                app = App("app.py", path, compression).start(work / f"cache-{count}-{compression}")
                try:
                    _warm(browser, app)
                    view, change = _median(
                        [
                            _measure(browser, app, "Deutschland", "/", _type_change)
                            for _ in range(args.runs)
                        ]
                    )
                finally:
                    app.stop()
                view.label = f"{count:,} Angebote, WS-Kompression {'an' if compression else 'aus'}"
                change.label = "  danach Typwechsel"
                scale += [view, change]
        print("\n== Deutschland-Ansicht bei wachsender Zahl von Angeboten ==")
        _table(scale, {})
        browser.close()


if __name__ == "__main__":
    main()

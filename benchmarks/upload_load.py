"""Hostile uploads under load: do other visitors notice?

``uv run python -m benchmarks.upload_load [--visitors 3] [--rounds 12] [--bombs 5]
[--harmless 200]`` (needs Debian's Chromium).

Starts the app on loopback and measures, in one run:

1. *Map runs without bombs*: ``--visitors`` browser sessions open map views in turn
   (Germany, NRW, Rhein-Sieg-Kreis, a Kreis elsewhere), ``--rounds`` each; the time
   from navigation to the end of the script run, p50 and p95.
2. *The same load while ``--bombs`` compressed bombs* (an XLSX-shaped zip of 300 MB
   sheet in under 1 MB) are uploaded in parallel on the Planung page, each in its
   own session: p95 again, and the ratio to (1) – the goal is at most 1.5×. Each
   bomb's time from choosing the file to the refusal is reported too.
3. *``--harmless`` ordinary indicator uploads*, each from a new session that then
   closes: the app process's resident memory before, after, and once the sessions
   have expired (Streamlit keeps a closed session for a while).

Figures are printed, not asserted: the tests check refusal and memory, this
measures the time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.dashboard.browser import CHROMIUM_ARGS, chromium_path, ready, start_app, stop_app
from tests.providers.test_untrusted import bomb

VIEWS = ("/", "/?land=05", "/?kreis=05382", "/?kreis=09162")


class _Factory:
    """``tmp_path_factory`` for :func:`start_app` outside pytest."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="fk-upload-load-"))

    def mktemp(self, name: str) -> Path:
        path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.root))
        return path


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _browse(url: str, rounds: int, times: list[float]) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        for number in range(rounds):
            started = time.perf_counter()
            page.goto(url + VIEWS[number % len(VIEWS)])
            ready(page, timeout_ms=300_000)
            times.append(time.perf_counter() - started)
        browser.close()


def _upload(url: str, path: Path, refusals: list[float], text: str = "40 MB") -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(locale="de-DE")
        page.goto(f"{url}/planung?kreis=05382")
        ready(page, timeout_ms=300_000)
        expander = page.locator("[data-testid='stExpander']").filter(has_text="Eigene Kennzahl")
        expander.locator("summary").click()
        started = time.perf_counter()
        expander.locator("input[type=file]").set_input_files(str(path))
        page.get_by_text(text).first.wait_for(timeout=300_000)
        refusals.append(time.perf_counter() - started)
        browser.close()


def _load(url: str, visitors: int, rounds: int) -> list[float]:
    times: list[float] = []
    threads = [threading.Thread(target=_browse, args=(url, rounds, times)) for _ in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--bombs", type=int, default=5)
    parser.add_argument("--harmless", type=int, default=200)
    args = parser.parse_args()
    factory = _Factory()
    bomb_path = factory.mktemp("bomb") / "kennzahlen.xlsx"
    bomb_path.write_bytes(bomb(300))
    harmless = factory.mktemp("harmless") / "kinder.csv"
    harmless.write_text("AGS;Kinder unter 3\n05382060;1234\n05382068;987\n", encoding="utf-8")
    url, process = start_app(factory)
    try:
        _load(url, 1, len(VIEWS))  # warm the caches
        quiet = _load(url, args.visitors, args.rounds)
        refusals: list[float] = []
        bombs = [
            threading.Thread(target=_upload, args=(url, bomb_path, refusals))
            for _ in range(args.bombs)
        ]
        for thread in bombs:
            thread.start()
        loaded = _load(url, args.visitors, args.rounds)
        for thread in bombs:
            thread.join()
        print(f"Bombe: {bomb_path.stat().st_size:,} B Datei, 300 MB Tabelle entpackt")
        print(
            f"Kartenläufe ohne Bomben: p50 {statistics.median(quiet):.2f} s, "
            f"p95 {_p95(quiet):.2f} s ({len(quiet)} Läufe)"
        )
        print(
            f"Kartenläufe mit {args.bombs} Bomben parallel: p50 {statistics.median(loaded):.2f} s, "
            f"p95 {_p95(loaded):.2f} s ({len(loaded)} Läufe)"
        )
        print(f"p95 mit / ohne Bomben: {_p95(loaded) / _p95(quiet):.2f}× (Ziel ≤ 1,5×)")
        print("Abgelehnt nach: " + ", ".join(f"{s:.2f} s" for s in sorted(refusals)))
        before = _rss_mb(process.pid)
        done: list[float] = []
        for _ in range(args.harmless):
            _upload(url, harmless, done, text="2 Zeilen übernommen")
        after = _rss_mb(process.pid)
        time.sleep(150)  # Streamlit keeps a disconnected session for two minutes
        _load(url, 1, 1)  # a run lets the server drop expired sessions
        settled = _rss_mb(process.pid)
        print(
            f"{args.harmless} harmlose Uploads aus eigenen Sitzungen, Speicher des App-Prozesses: "
            f"{before:.0f} MB vorher, {after:.0f} MB danach, "
            f"{settled:.0f} MB nach Ablauf der Sitzungen"
        )
    finally:
        stop_app(process)


if __name__ == "__main__":
    main()

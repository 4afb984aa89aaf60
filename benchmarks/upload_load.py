"""Hostile uploads under load: do other visitors notice?

``uv run python -m benchmarks.upload_load [--visitors 3] [--rounds 12] [--bombs 5]
[--harmless 200]`` (needs Debian's Chromium).

Starts the app on loopback and measures, in one run:

1. *Map runs while ``--bombs`` sessions upload a harmless table* on the Planung page:
   ``--visitors`` browser sessions open map views in turn (Germany, NRW,
   Rhein-Sieg-Kreis, a Kreis elsewhere), ``--rounds`` each; the time from navigation
   to the end of the script run, p50 and p95. The uploading sessions are the control:
   their browsers load the machine as much as in (2).
2. *The same, but each of those sessions uploads a compressed bomb* (an XLSX-shaped
   zip of 300 MB sheet in under 1 MB): p95 again, and the ratio to (1) – the goal is
   at most 1.5×. Each upload's time from choosing the file to the answer on the page
   (refusal or table) is reported, and the check alone, in-process.
3. *``--harmless`` ordinary indicator uploads*, each from a new session that then
   closes: the app process's resident memory before, after, and once the sessions
   have expired (Streamlit keeps a closed session for a while).

Figures are printed, not asserted: the tests check refusal and memory, this
measures the time.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from intake import LIMITS, FileRefused, check_file
from tests.harness.browser import CHROMIUM_ARGS, chromium_path, ready, start_app, stop_app
from tests.harness.files import TempFolders, bomb

VIEWS = ("/", "/?land=05", "/?kreis=05382", "/?kreis=09162")


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


def _upload_in(browser, url: str, path: Path, answers: list[float], text: str) -> None:
    """One upload in a new session of ``browser`` (closed after: the session ends)."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{url}/planung?kreis=05382")
    ready(page, timeout_ms=300_000)
    expander = page.locator("[data-testid='stExpander']").filter(has_text="Eigene Kennzahl")
    expander.locator("summary").click()
    started = time.perf_counter()
    expander.locator("input[type=file]").set_input_files(str(path))
    # attached, not visible: a summary click during the first run's last render can leave
    # the expander closed, and the answer is there all the same
    page.get_by_text(text).first.wait_for(state="attached", timeout=300_000)
    answers.append(time.perf_counter() - started)
    context.close()


def _upload(url: str, path: Path, answers: list[float], text: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        _upload_in(browser, url, path, answers, text)
        browser.close()


def _with_uploads(url: str, args, path: Path, text: str) -> tuple[list[float], list[float]]:
    """Map runs of the visitors while ``args.bombs`` sessions upload ``path``."""
    answers: list[float] = []
    uploads = [
        threading.Thread(target=_upload, args=(url, path, answers, text)) for _ in range(args.bombs)
    ]
    for thread in uploads:
        thread.start()
    times = _load(url, args.visitors, args.rounds)
    for thread in uploads:
        thread.join()
    return times, answers


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
    factory = TempFolders()
    bomb_path = factory.mktemp("bomb") / "kennzahlen.xlsx"
    bomb_path.write_bytes(bomb(300))
    harmless = factory.mktemp("harmless") / "kinder.csv"
    harmless.write_text("AGS;Kinder unter 3\n05382060;1234\n05382068;987\n", encoding="utf-8")
    data = bomb_path.read_bytes()
    started = time.perf_counter()
    try:
        check_file(data, LIMITS["kennzahlen"])
    except FileRefused as refused:
        checked = time.perf_counter() - started
        print(
            f"Bombe: {len(data):,} B Datei, 300 MB Tabelle entpackt; Prüfung allein: "
            f"{checked * 1000:.1f} ms, {refused}"
        )
    url, process = start_app(factory)
    try:
        _load(url, 1, len(VIEWS))  # warm the caches
        _upload(url, harmless, [], "2 Zeilen übernommen")  # and the parse workers
        quiet, fine = _with_uploads(url, args, harmless, "2 Zeilen übernommen")
        loaded, refusals = _with_uploads(url, args, bomb_path, "40 MB")
        print(
            f"Kartenläufe mit {args.bombs} harmlosen Uploads parallel: p50 "
            f"{statistics.median(quiet):.2f} s, p95 {_p95(quiet):.2f} s ({len(quiet)} Läufe)"
        )
        print("Harmlose Tabelle übernommen nach: " + ", ".join(f"{s:.2f} s" for s in sorted(fine)))
        print(
            f"Kartenläufe mit {args.bombs} Bomben parallel: p50 {statistics.median(loaded):.2f} s, "
            f"p95 {_p95(loaded):.2f} s ({len(loaded)} Läufe)"
        )
        print(f"p95 mit / ohne Bomben: {_p95(loaded) / _p95(quiet):.2f}× (Ziel ≤ 1,5×)")
        print("Bombe abgelehnt nach: " + ", ".join(f"{s:.2f} s" for s in sorted(refusals)))
        single: list[float] = []
        _upload(url, bomb_path, single, "40 MB")
        print(f"Eine Bombe ohne Last abgelehnt nach: {single[0]:.2f} s (Auswahl bis Meldung)")
        before = _rss_mb(process.pid)
        done: list[float] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            for _ in range(args.harmless):
                _upload_in(browser, url, harmless, done, "2 Zeilen übernommen")
            browser.close()
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

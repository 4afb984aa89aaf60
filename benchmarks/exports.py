"""Exports of a view on the server against a headless browser, same run.

``uv run python -m benchmarks.exports``

For all Germany and for one Kreis (Rhein-Sieg-Kreis), on the sample data:

- ours: the slide PNG (1920 × 1080, matplotlib + Altair/vl-convert), the print
  PNG (A4 at 300 dpi), the PDF report (WeasyPrint) and the standalone HTML map,
  each made in this process (median of three after one warm-up, so cached
  boundaries and measures count as they do in the running app);
- baseline: the same view opened as a slide in the running app by headless
  Chromium at 1920 × 1080 and saved as a screenshot, or printed to PDF – what one
  would do without a server-side export (median of three, new browser context
  each time).

Prints times, sizes and which is faster by how much; the standalone HTML must
stay under 2 MB for a Kreis and 10 MB for all Germany.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

from tests.harness.browser import CHROMIUM_ARGS, chromium_path, start_app, stop_app

RUNS = 3
VIEWS = {"Deutschland": None, "Rhein-Sieg-Kreis": "05382"}
LIMITS = {"Deutschland": 10_000_000, "Rhein-Sieg-Kreis": 2_000_000}


class _Temp:
    """What ``start_app`` asks of pytest's ``tmp_path_factory``."""

    def mktemp(self, name: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"fk-{name}-"))


def _timed(make) -> tuple[float, int]:
    make()  # warm-up
    times, size = [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        size = len(make())
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


def _browser(browser, url: str, pdf: bool) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(RUNS):
        context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="de-DE")
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(
            '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000
        )
        frame = None
        while frame is None:
            frame = next((f for f in page.frames if "karte" in f.url), None)
            page.wait_for_timeout(50)
        frame.wait_for_function("() => window.FK && FK.settled()", timeout=120_000)
        if pdf:
            page.emulate_media(media="print")
            data = page.pdf(prefer_css_page_size=True, print_background=True)
        else:
            data = page.screenshot()
        times.append(time.perf_counter() - started)
        size = len(data)
        context.close()
    return statistics.median(times), size


def main() -> None:
    warnings.filterwarnings("ignore")
    from dashboard.export import downloads as exports
    from reports import StoryView

    url, process = start_app(_Temp())
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            print(
                f"{'Ansicht':<18} {'Export':<14} {'unsere s':>9} {'Größe':>11} "
                f"{'Browser s':>10} {'Größe':>11} {'schneller':>10}"
            )
            for label, region in VIEWS.items():
                view = StoryView(region=region)
                params = {"praesentation": "1", **({"kreis": region} if region else {})}
                slide_url = f"{url}/?{urlencode(params)}"
                rows = [
                    ("PNG Folie", lambda v=view: exports.png(v), False),
                    ("PNG Druck", lambda v=view: exports.png(v, print_size=True), False),
                    ("PDF Bericht", lambda v=view: exports.pdf(v), True),
                ]
                for name, make, as_pdf in rows:
                    ours_s, ours_b = _timed(make)
                    base_s, base_b = _browser(browser, slide_url, as_pdf)
                    faster = (
                        f"{base_s / ours_s:.1f}× wir"
                        if ours_s < base_s
                        else f"{ours_s / base_s:.1f}× Browser"
                    )
                    print(
                        f"{label:<18} {name:<14} {ours_s:9.2f} {ours_b:11,} "
                        f"{base_s:10.2f} {base_b:11,} {faster:>10}"
                    )
                html_s, html_b = _timed(lambda v=view: exports.standalone(v).encode("utf-8"))
                verdict = "ok" if html_b < LIMITS[label] else "ZU GROSS"
                print(
                    f"{label:<18} {'HTML-Karte':<14} {html_s:9.2f} {html_b:11,} "
                    f"{'':>10} {'':>11} {verdict:>10} (Grenze {LIMITS[label]:,} B)"
                )
            browser.close()
    finally:
        stop_app(process)


if __name__ == "__main__":
    main()

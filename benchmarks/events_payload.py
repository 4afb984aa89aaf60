"""What the browser receives on the page "Termine", against "In meiner Nähe", in one run.

``uv run python -m benchmarks.events_payload [--runs 3]`` (needs Debian's Chromium).

Our app behind the byte-counting proxy of :mod:`benchmarks.browser_payload`;
from a cold browser cache: the first render of ``/termine?q=53721`` and of
``/naehe?q=53721`` (the byte budget to keep), then on "Termine" a filter change
(radius 25 km: more dates), a switch to the calendar month and the range "Diese
Woche" (late in a week: few dates), and on "In meiner Nähe" the same radius
change. Goal: the first render within
the nearby page's bytes, a change at most a tenth of the first render (reported
against the Termine page's own first render and against the nearby page's).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.browser_payload import App, Row, Traffic, _table
from providers import SAMPLE_PATH
from tests.harness.browser import CHROMIUM_ARGS, chromium_path

EVENTS = "/termine?q=53721"
NEARBY = "/naehe?q=53721"


def _settled(page, started: float, timeout: float = 120.0) -> float:
    """Seconds until the script is done and nothing changed for half a second."""
    deadline = time.perf_counter() + timeout
    quiet_since = None
    last = None
    while time.perf_counter() < deadline:
        state = page.evaluate(
            "() => [document.querySelector('[data-testid=stApp]')"
            "?.getAttribute('data-test-script-state'), document.body.innerText.length]"
        )
        now = time.perf_counter()
        if state[0] == "notRunning" and state == last:
            quiet_since = quiet_since or now
            if now - quiet_since >= 0.5:
                return quiet_since - started
        else:
            quiet_since = None
        last = state
        time.sleep(0.05)
    raise TimeoutError("the page did not settle")


def _measure(browser, app: App, label: str, path: str, changes=()) -> list[Row]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    traffic = Traffic()
    traffic.attach(page)
    app.proxy.take()
    started = time.perf_counter()
    page.goto(app.url + path)
    seconds = _settled(page, started)
    rows = [Row(label, "app.py", *traffic.take(app.proxy.take()), seconds, 0)]
    for change in changes:
        started = time.perf_counter()
        name = change(page)
        time.sleep(0.3)
        seconds = _settled(page, started)
        rows.append(Row(f"  {name}", "app.py", *traffic.take(app.proxy.take()), seconds, 0))
    context.close()
    return rows


def _this_week(page) -> str:
    page.get_by_text("Diese Woche", exact=True).click()
    return "Zeitraum „Diese Woche“"


def _radius(page) -> str:
    page.get_by_label("Umkreis").first.click()
    page.get_by_role("option", name="25 km", exact=True).click()
    return "Umkreis 25 km"


def _calendar(page) -> str:
    page.get_by_text("Kalender", exact=True).first.click()
    return "Ansicht „Kalender“"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fk-events-bench-"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        app = App("app.py", SAMPLE_PATH).start(work / "cache")
        try:
            _measure(browser, app, "warm-up", EVENTS)
            _measure(browser, app, "warm-up", NEARBY)
            runs = [
                _measure(
                    browser,
                    app,
                    "Termine, PLZ 53721",
                    EVENTS,
                    (_radius, _calendar, _this_week),
                )
                for _ in range(args.runs)
            ]
            nearby_runs = [
                _measure(browser, app, "In meiner Nähe, PLZ 53721", NEARBY, (_radius,))
                for _ in range(args.runs)
            ]
        finally:
            app.stop()
        browser.close()
    events = [
        sorted(rows, key=lambda r: r.seconds)[len(rows) // 2] for rows in zip(*runs, strict=True)
    ]
    near = [
        sorted(rows, key=lambda r: r.seconds)[len(rows) // 2]
        for rows in zip(*nearby_runs, strict=True)
    ]
    _table([*near, *events], {})
    print(f"Erster Aufruf Termine / In meiner Nähe: {events[0].total / near[0].total:.2f}")
    for change in events[1:]:
        print(
            f"Termine, {change.label.strip()}: {change.total / events[0].total:.1%} des ersten "
            f"Aufrufs der Seite, {change.total / near[0].total:.1%} des Budgets (erster Aufruf "
            "In meiner Nähe)"
        )
    print(
        f"In meiner Nähe, {near[1].label.strip()}: {near[1].total / near[0].total:.1%} ihres "
        "ersten Aufrufs"
    )


if __name__ == "__main__":
    main()

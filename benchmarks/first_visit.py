"""The first visit on a phone: bytes and time to the map, straight from Streamlit and
behind nginx with the shipped configuration (pre-compressed static files).

``uv run python -m benchmarks.first_visit [--profiles 4g,3g] [--runs 2]``
(needs Debian's Chromium and nginx).

One app process, and nginx in front of it (:func:`testing.balancer.start_nginx`,
which also pre-compresses Streamlit's files). Each visit is a new browser context with
an empty cache, 390×844 with touch, its network throttled by Chromium (DevTools'
``Network.emulateNetworkConditions``). Measured: the bytes received (HTTP responses as
transferred, and WebSocket payload) and the seconds from navigation until the map of
the Rhein-Sieg-Kreis has stopped changing; the median of ``--runs``.

Then the lean family page against the Streamlit page for the same place, both through
nginx: ``/hilfe/siegburg`` against ``/naehe?q=Siegburg`` (In meiner Nähe). Measured:
seconds until the first phone number (a ``tel:`` link) is visible, the bytes received
until then, and the bytes of the whole visit (what came after, such as the lean page's
small map, included).
"""

from __future__ import annotations

import argparse
import statistics
import time
from contextlib import ExitStack

from playwright.sync_api import sync_playwright

from benchmarks.browser_payload import Traffic, stable_map, watch
from tests.harness.balancer import nginx_binary, start_nginx
from tests.harness.browser import CHROMIUM_ARGS, chromium_path, start_app, stop_app
from tests.harness.files import TempFolders
from tests.harness.ports import free_port

#: Throttling as DevTools names it: bytes per second down and up, round trip in ms.
PROFILES = {
    "4g": ("4G (9 Mbit/s, 60 ms)", 9_000_000 / 8, 1_500_000 / 8, 60),
    "3g": ("schnelles 3G (1,6 Mbit/s, 150 ms)", 1_600_000 / 8, 750_000 / 8, 150),
}
PATH = "/?kreis=05382"
#: The same place as a lean page and as the Streamlit page In meiner Nähe.
PHONE_PAGES = {
    "schlanke Seite": "/hilfe/siegburg",
    "Streamlit (In meiner Nähe)": "/naehe?q=Siegburg",
}


def _phone(browser, profile: str):
    """A new phone with an empty cache on a throttled network: (context, page, traffic)."""
    _, down, up, latency = PROFILES[profile]
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="de-DE"
    )
    watch(context)
    page = context.new_page()
    traffic = Traffic()
    traffic.attach(page)
    network = context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency,
            "downloadThroughput": down,
            "uploadThroughput": up,
        },
    )
    return context, page, traffic


def visit(browser, url: str, profile: str) -> tuple[float, int, int]:
    """One first visit: seconds to the map, HTTP bytes, WebSocket bytes."""
    context, page, traffic = _phone(browser, profile)
    page.goto(url + PATH, wait_until="commit")
    seconds, _ = stable_map(page, timeout=180)
    # what arrived after the map settled (late fonts, popup files) belongs to the visit too
    page.wait_for_timeout(1000)
    context.close()
    return seconds, traffic.whole, traffic.websocket


def phone_visit(browser, url: str, path: str, profile: str) -> tuple[float, int, int]:
    """One first visit: seconds until a phone number is visible, bytes received until
    then, bytes of the whole visit."""
    context, page, traffic = _phone(browser, profile)
    started = time.perf_counter()
    page.goto(url + path, wait_until="commit")
    page.locator("a[href^='tel:']").first.wait_for(state="visible", timeout=180_000)
    seconds = time.perf_counter() - started
    until_phone = traffic.whole + traffic.websocket
    page.wait_for_timeout(3000)  # the rest of the visit: a map, late files
    whole = traffic.whole + traffic.websocket
    context.close()
    return seconds, until_phone, whole


def compare_phone_pages(browser, url: str, profiles: list[str], runs: int) -> None:
    """The lean page against Streamlit's for the same place, in this run."""
    print(f"\nErste Telefonnummer sichtbar (390×844, leerer Cache, über nginx), Median aus {runs}:")
    print(f"{'Netz':34} {'Seite':28} {'Bytes bis Nr.':>13} {'Bytes ganz':>11} {'bis Nr.':>8}")
    for profile in profiles:
        measured = {}
        for label, path in PHONE_PAGES.items():
            runs_ = [phone_visit(browser, url, path, profile) for _ in range(runs)]
            measured[label] = tuple(statistics.median(run[i] for run in runs_) for i in range(3))
            seconds, until, whole = measured[label]
            print(
                f"{PROFILES[profile][0]:34} {label:28} {int(until):13,} {int(whole):11,} "
                f"{seconds:7.2f}s"
            )
        lean, full = measured["schlanke Seite"], measured["Streamlit (In meiner Nähe)"]
        print(
            f"{'':34} {'Streamlit / schlank':28} {full[1] / lean[1]:12.1f}× "
            f"{full[2] / lean[2]:10.1f}× {full[0] / lean[0]:6.1f}×"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", default="4g,3g")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--nur-seiten", action="store_true", help="only the phone-number table")
    args = parser.parse_args()
    folders = TempFolders()
    with ExitStack() as stack:
        direct, process = start_app(folders)
        stack.callback(stop_app, process)
        port = free_port()
        backends = [direct.removeprefix("http://")]
        nginx = start_nginx(nginx_binary() or "nginx", backends, folders.mktemp("ng"), port)
        stack.callback(nginx.terminate)
        routes = {"Streamlit direkt": direct, "nginx (vorkomprimiert)": f"http://127.0.0.1:{port}"}
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        visit(browser, direct, "4g")  # the app's caches, not the browser's: warm
        for path in PHONE_PAGES.values():
            phone_visit(browser, routes["nginx (vorkomprimiert)"], path, "4g")
        compare_phone_pages(
            browser, routes["nginx (vorkomprimiert)"], args.profiles.split(","), args.runs
        )
        if args.nur_seiten:
            return
        print(f"\nErster Besuch auf dem Telefon (390×844), {PATH}, Median aus {args.runs}:")
        print(f"{'Netz':34} {'Weg':24} {'HTTP-Bytes':>11} {'WebSocket':>10} {'bis Karte':>10}")
        for profile in args.profiles.split(","):
            baseline = None
            for label, url in routes.items():
                runs = [visit(browser, url, profile) for _ in range(args.runs)]
                seconds = statistics.median(run[0] for run in runs)
                http = int(statistics.median(run[1] for run in runs))
                websocket = int(statistics.median(run[2] for run in runs))
                ratio = "" if baseline is None else f"  ({seconds / baseline[0]:.2f}× Zeit, "
                ratio += "" if baseline is None else f"{http / baseline[1]:.2f}× Bytes)"
                baseline = baseline or (seconds, http)
                print(
                    f"{PROFILES[profile][0]:34} {label:24} {http:11,} {websocket:10,} "
                    f"{seconds:9.1f}s{ratio}"
                )


if __name__ == "__main__":
    main()

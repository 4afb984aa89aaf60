"""The pictures of the guides in ``docs/bilder/``, taken from the running app so that
they never show an old screen: ``uv run python scripts/screenshots.py``.

Starts the app on its embedded sample data (and a store of its own with an editor, for
the Daten page) on a free loopback port, opens each page in headless Chromium at the
size its readers use (a phone for families, a laptop for planners, 1920 × 1080 for a
slide), and writes one PNG per page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.harness.browser import (  # noqa: E402
    CHROMIUM_ARGS,
    chromium_path,
    map_frame,
    ready,
    start_app,
    stop_app,
)
from tests.harness.files import TempFolders  # noqa: E402
from tests.harness.stores import EDITOR, PASSWORD, editor_store  # noqa: E402

OUT = ROOT / "docs" / "bilder"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
SLIDE = {"width": 1920, "height": 1080}
#: Accounts with a role in the pictures' store: a Kreis and a provider of its own entry.
KREIS_ACCOUNT, PROVIDER_ACCOUNT = "kreis.rhein-sieg", "praxis.sonnenblume"
#: Picture, address, window, whether the page holds the map, the account to sign in as.
SHOTS = [
    ("karte.png", "/?kreis=05382", LAPTOP, True, False),
    ("naehe.png", "/naehe?q=53721&umkreis=10", PHONE, True, False),
    ("termine.png", "/termine?q=53721", PHONE, False, False),
    (
        "planung.png",
        "/planung?kreis=05382&typ=familienhebamme&mass=entfernung&n=10",
        LAPTOP,
        True,
        False,
    ),
    (
        "praesentation.png",
        "/?praesentation=1&geschichte=fruehe-hilfen-nrw&folie=1",
        SLIDE,
        True,
        False,
    ),
    (
        "planung-geburten.png",
        "/planung?land=01&typ=geburtsklinik&mass=anteil&n=40",
        LAPTOP,
        True,
        False,
        "Geburtskliniken: Wege und Geburten",
    ),
    (
        "datenlage.png",
        "/planung?land=05&typ=geburtsklinik",
        LAPTOP,
        True,
        False,
        "Datenlage: was echt ist",
    ),
    ("geburtsklinik-popup.png", "/?kreis=05382&typ=geburtsklinik", LAPTOP, True, False, "popup"),
    (
        "praesentation-geburten.png",
        "/?praesentation=1&geschichte=fruehe-hilfen-nrw&folie=7",
        SLIDE,
        True,
        False,
    ),
    ("daten.png", "/daten", LAPTOP, False, EDITOR),
    ("daten-kreis.png", "/daten", LAPTOP, False, KREIS_ACCOUNT),
    ("daten-anbieter.png", "/daten", PHONE, False, PROVIDER_ACCOUNT),
    ("rueckmeldungen.png", "/daten", LAPTOP, False, KREIS_ACCOUNT, "tab:Rückmeldungen"),
    ("eintrag.png", "/eintrag?schluessel={token}", PHONE, False, False),
]
#: The lean family pages on a phone: picture, address, JavaScript on.
LEAN_SHOTS = [
    ("hilfe-siegburg.png", "/hilfe/siegburg", True),
    ("hilfe-siegburg-tr.png", "/hilfe/siegburg?lang=tr", True),
    ("hilfe-siegburg-ar.png", "/hilfe/siegburg?lang=ar", True),
    ("hilfe-siegburg-ohne-js.png", "/hilfe/siegburg", False),
    ("hilfe-anbieter.png", "/anbieter/rki-1.05.3.82", True),
]
#: The private link of a provider in the pictures' store (set by :func:`_store`).
LINK = {"token": ""}
#: What to do before a picture is taken (sixth field): open the first marker's popup, or
#: scroll to (and open, if it is an expander) the part of the page with this text.
for number, shot in enumerate(SHOTS):
    SHOTS[number] = (*shot[:4], shot[4] or None, shot[5] if len(shot) > 5 else None)


def _prepare(page, frame, step: str | None) -> None:
    if step == "popup":
        frame.evaluate(
            "() => { var first = null; FK.map.eachLayer(function (layer) {"
            " if (!first && layer.fkKey) first = layer; }); first.openPopup(); }"
        )
        page.wait_for_timeout(1500)
    elif step and step.startswith("tab:"):
        page.get_by_role("tab", name=step.removeprefix("tab:")).click()
        page.wait_for_timeout(1500)
    elif step:
        part = page.get_by_text(step).first
        if step.startswith("Datenlage"):
            part.click()
            page.wait_for_timeout(1000)
        part.scroll_into_view_if_needed()


def _store(folder: Path) -> Path:
    """The editors' store with the operator, a Kreis and a provider account."""
    from store import Rights, Role, Store, sqlite_url

    path = editor_store(folder)
    store = Store(sqlite_url(path))
    own = next(r for r in store.records() if r.name == "Muster-Kinderarztpraxis Sonnenblume")
    store.users.create(KREIS_ACCOUNT, PASSWORD, Rights(Role.KREIS, ("05382",)))
    store.users.create(PROVIDER_ACCOUNT, PASSWORD, Rights(Role.ANBIETER, (own.id,)))
    # a provider's link, and a change another provider proposed for review
    clinic = next(r for r in store.records() if r.name.startswith("GFO Kliniken Troisdorf"))
    (link,) = store.links.create([clinic.id], "betrieb")
    LINK["token"] = link.token
    (other,) = store.links.create([clinic.id], "betrieb")
    store.links.propose(other.token, {"phone": "02241 801-0", "opening_hours": "rund um die Uhr"})
    store.engine.dispose()
    return path


def main() -> int:
    executable = chromium_path()
    if executable is None:
        print("Chromium fehlt: apt-get install chromium", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    folders = TempFolders()
    url, process = start_app(folders, store=_store(folders.mktemp("store")))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            for name, address, size, has_map, account, step in SHOTS:
                page = browser.new_page(viewport=size, locale="de-DE")
                page.goto(f"{url}{address.format(**LINK)}", timeout=300_000)
                ready(page, timeout_ms=300_000)
                if account:
                    page.get_by_label("Benutzername").fill(account)
                    page.get_by_label("Passwort").fill(PASSWORD)
                    page.get_by_role("button", name="Anmelden").click()
                    page.get_by_text("Sie bearbeiten:").wait_for(timeout=60_000)
                    ready(page)
                frame = map_frame(page) if has_map else None
                _prepare(page, frame, step)
                page.wait_for_timeout(500)
                page.screenshot(path=str(OUT / name))
                print(f"{OUT / name}")
                page.close()
            lean_shots(browser, url)
            browser.close()
    finally:
        stop_app(process)
    return 0


def lean_shots(browser, url: str) -> None:
    """The lean pages as a phone shows them, with and without JavaScript (no Streamlit
    to wait for: the list is there at once, the small map a moment later)."""
    for name, address, script in LEAN_SHOTS:
        context = browser.new_context(
            viewport=PHONE, is_mobile=True, java_script_enabled=script, locale="de-DE"
        )
        page = context.new_page()
        page.goto(f"{url}{address}")
        if script:
            page.locator("#karte .leaflet-interactive").first.wait_for(timeout=60_000)
        page.screenshot(path=str(OUT / name))
        print(f"{OUT / name}")
        context.close()


if __name__ == "__main__":
    raise SystemExit(main())

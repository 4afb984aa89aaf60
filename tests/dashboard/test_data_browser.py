"""The page "Daten" in a real Chromium: sign in, upload the city's Kita GeoJSON as it
comes, read the preview and the report, confirm – and the map shows the Kitas."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.dashboard.browser import map_frame, ready
from tests.providers.test_hsds import hand_made_package
from tests.providers.test_mapping import KITA_COUNT, _kita_geojson

pytestmark = pytest.mark.e2e


def _sign_in(page) -> None:
    page.get_by_label("Benutzername").fill("anna")
    page.get_by_label("Passwort").fill("ein langes Passwort")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("tab", name="Hochladen")).to_be_visible(timeout=30_000)
    ready(page)


def _file_input(page):
    # The first uploader takes single files; the second, in its expander, folders.
    return page.get_by_test_id("stFileUploader").first.locator("input[type=file]")


def test_an_editor_uploads_a_foreign_file_reads_the_report_and_confirms(
    browser, editor_app, tmp_path
):
    url, path = editor_app
    kitas = _kita_geojson(tmp_path / "kitas.geojson")
    text = kitas.read_text()
    # One broken feature: it is reported, the others load.
    kitas.write_text(text.replace('"BEZEICHNUNG": "Muster-Kita Nr. 5"', '"BEZEICHNUNG": ""'))
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{url}/daten")
    ready(page)
    expect(page.get_by_role("tab")).to_have_count(0)  # nothing without login
    _sign_in(page)
    _file_input(page).set_input_files(str(kitas))
    expect(
        page.get_by_text(f"Vorschau: {KITA_COUNT - 1} gültige Zeilen, 1 Zeilen mit Fehlern")
    ).to_be_visible(timeout=60_000)
    ready(page)
    expect(page.get_by_text("Name fehlt").first).to_be_attached()  # the grid is a canvas
    page.get_by_role("button", name=f"{KITA_COUNT - 1} Zeilen speichern").click()
    expect(page.get_by_text(f"Gespeichert: {KITA_COUNT - 1} neu")).to_be_visible(timeout=60_000)
    page.screenshot(path=str(tmp_path / "daten.png"))
    # The public map shows them, read from the store.
    page.goto(f"{url}/?gemeinde=05382060&typ=kita")
    ready(page)
    frame = map_frame(page)
    assert frame.evaluate("FK.map.fkView.fkCluster.getLayers().length") >= KITA_COUNT - 1
    context.close()


def test_values_the_taxonomy_does_not_know_are_offered_for_assignment(
    browser, editor_app, tmp_path
):
    url, _ = editor_app
    listed = tmp_path / "liste.csv"
    listed.write_text(
        "Name;Angebotsart;PLZ;Ort\nSonnenschein;Kindertagesstätte U3;53111;Bonn\n"
        "Amt;Jugendamt;53111;Bonn\n",
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{url}/daten")
    ready(page)
    _sign_in(page)
    _file_input(page).set_input_files(str(listed))
    expect(page.get_by_text("Vorschau: 1 gültige Zeilen, 1 Zeilen mit Fehlern")).to_be_visible(
        timeout=60_000
    )
    # Only the unknown value is offered; "Jugendamt" is known already.
    expect(page.get_by_text("kennt die Familienkarte nicht")).to_be_visible()
    expect(page.get_by_text("Kindertagesstätte U3").first).to_be_attached()
    context.close()


def test_an_hsds_package_as_a_folder_is_checked_and_stored(browser, editor_app, tmp_path):
    url, _ = editor_app
    folder = hand_made_package(tmp_path / "paket")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    view = f"{url}/?kreis=05382&typ=schwangerschaftsberatung"
    page.goto(view)
    ready(page)
    before = map_frame(page).evaluate("FK.map.fkView.fkCluster.getLayers().length")
    page.goto(f"{url}/daten")
    ready(page)
    _sign_in(page)
    page.get_by_text("HSDS-Paket als Ordner hochladen").click()
    uploader = page.get_by_test_id("stFileUploader").nth(1)
    uploader.locator("input[type=file]").set_input_files(str(folder))
    # One active service; the inactive one is named in the report, not stored.
    expect(page.get_by_text("Vorschau: 1 gültige Zeilen, 0 Zeilen mit Fehlern")).to_be_visible(
        timeout=60_000
    )
    ready(page)
    page.get_by_role("button", name="1 Zeilen speichern").click()
    expect(page.get_by_text("Gespeichert: 1 neu")).to_be_visible(timeout=60_000)
    page.goto(view)
    ready(page)
    assert map_frame(page).evaluate("FK.map.fkView.fkCluster.getLayers().length") == before + 1
    context.close()

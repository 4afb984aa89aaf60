"""The page "Daten" in a real Chromium: sign in, upload the city's Kita GeoJSON as it
comes, read the preview and the report, confirm – and the map shows the Kitas."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.harness.browser import MAP_FRAME, TWO_FRAMES, map_frame, ready
from tests.providers.test_hsds import hand_made_package
from tests.providers.test_mapping import KITA_COUNT, _kita_geojson

pytestmark = pytest.mark.browser


def _sign_in(page, name: str = "anna") -> None:
    page.get_by_label("Benutzername").fill(name)
    page.get_by_label("Passwort").fill("ein langes Passwort")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("tab", name="Hochladen")).to_be_visible(timeout=30_000)
    ready(page)


def _page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    return context.new_page()


def _file_input(page):
    # The first uploader takes single files; the second, in its expander, folders.
    return page.get_by_test_id("stFileUploader").first.locator("input[type=file]")


def _preview(
    page, url: str, upload, preview: str, folder: bool = False, name: str = "anna"
) -> None:
    """Sign in on the Daten page (as ``name``), upload a file (or a folder) and wait for
    its preview."""
    page.goto(f"{url}/daten")
    ready(page)
    _sign_in(page, name)
    if folder:
        page.get_by_text("HSDS-Paket als Ordner hochladen").click()
        field = page.get_by_test_id("stFileUploader").nth(1).locator("input[type=file]")
    else:
        field = _file_input(page)
    field.set_input_files(str(upload))
    expect(page.get_by_text(preview)).to_be_visible(timeout=60_000)
    ready(page)


def _store_rows(page, rows: int) -> None:
    label = "1 Zeile speichern" if rows == 1 else f"{rows} Zeilen speichern"
    page.get_by_role("button", name=label).click()
    expect(page.get_by_text(f"Gespeichert: {rows} neu")).to_be_visible(timeout=60_000)


def _shown(page, view: str) -> int:
    """How many providers the map holds in a view."""
    page.goto(view)
    ready(page)
    return map_frame(page).evaluate("FK.map.fkView.fkCluster.getLayers().length")


def test_an_editor_uploads_a_foreign_file_reads_the_report_and_confirms(
    browser, editor_app, tmp_path
):
    url, path = editor_app
    kitas = _kita_geojson(tmp_path / "kitas.geojson")
    text = kitas.read_text()
    # One broken feature: it is reported, the others load.
    kitas.write_text(text.replace('"BEZEICHNUNG": "Muster-Kita Nr. 5"', '"BEZEICHNUNG": ""'))
    page = _page(browser)
    page.goto(f"{url}/daten")
    ready(page)
    expect(page.get_by_role("tab")).to_have_count(0)  # nothing without login
    _preview(page, url, kitas, f"Vorschau: {KITA_COUNT - 1} gültige Zeilen, 1 Zeilen mit Fehlern")
    expect(page.get_by_text("Name fehlt").first).to_be_attached()  # the grid is a canvas
    _store_rows(page, KITA_COUNT - 1)
    page.screenshot(path=str(tmp_path / "daten.png"))
    # Rows that name no source get the uploaded file's name, not a temporary one.
    from store import Store, sqlite_url

    store = Store(sqlite_url(path))
    assert {r.source for r in store.records() if r.name.startswith("Muster-Kita Nr.")} == {
        "Import kitas.geojson"
    }
    store.engine.dispose()
    # The public map shows them, read from the store.
    assert _shown(page, f"{url}/?gemeinde=05382060&typ=kita") >= KITA_COUNT - 1
    page.context.close()


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
    page = _page(browser)
    _preview(page, url, listed, "Vorschau: 1 gültige Zeilen, 1 Zeilen mit Fehlern")
    # Only the unknown value is offered; "Jugendamt" is known already.
    expect(page.get_by_text("kennt die Familienkarte nicht")).to_be_visible()
    expect(page.get_by_text("Kindertagesstätte U3").first).to_be_attached()
    page.context.close()


def test_an_hsds_package_as_a_folder_is_checked_and_stored(browser, editor_app, tmp_path):
    url, _ = editor_app
    folder = hand_made_package(tmp_path / "paket")
    page = _page(browser)
    view = f"{url}/?kreis=05382&typ=schwangerschaftsberatung"
    before = _shown(page, view)
    # One active service; the inactive one is named in the report, not stored.
    _preview(page, url, folder, "Vorschau: 1 gültige Zeilen, 0 Zeilen mit Fehlern", folder=True)
    _store_rows(page, 1)
    assert _shown(page, view) == before + 1
    page.context.close()


# Every text field hostile: markup that would run, spreadsheet formulas, an RTL
# override, very long text. Each payload sets top.__pwned if it ever runs.
HOSTILE = {
    "id": "feind-1",
    "name": '=HYPERLINK("http://x")<img src=x onerror="top.__pwned=1">',
    "organization": "<script>top.__pwned=2</script>",
    "service_types": "familienbildung",
    "street": 'Weg 1"><svg onload="top.__pwned=3">',
    "postcode": "53347",
    "city": "Alfter</b>",
    "lat": "50.7050",
    "lon": "7.0090",
    "phone": "0228 1234",
    "email": "",
    "website": "javascript:top.__pwned=5",
    "languages": "de",
    "description": "\u202eKeine Sorge</div><script>top.__pwned=4</script>" + " lang" * 1000,
    "opening_hours": "@SUM(1+1) <i>immer</i>",
    "source": "+cmd|' /C calc'!A0",
}


def test_hostile_strings_are_stored_as_given_and_escaped_everywhere(browser, editor_app, tmp_path):
    import csv

    from providers import to_excel_csv
    from store import Store, sqlite_url

    url, path = editor_app
    upload = tmp_path / "feindlich.csv"
    with upload.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(HOSTILE))
        writer.writeheader()
        writer.writerow(HOSTILE)
    page = _page(browser)
    _preview(page, url, upload, "Vorschau: 1 gültige Zeilen, 0 Zeilen mit Fehlern")
    _store_rows(page, 1)
    # Stored as given: markup and formulas; the javascript: link is refused as a
    # website (reported), as the importer does for every file.
    store = Store(sqlite_url(path))
    stored = next(r for r in store.records() if r.id == "feind-1")
    for field in ("name", "organization", "street", "city", "opening_hours"):
        assert getattr(stored, field) == HOSTILE[field], field
    # the file's source stands beside the import's own label, as given
    assert stored.source == f"Import feindlich.csv; Quelle laut Datei: {HOSTILE['source']}"
    assert stored.website == ""
    # Longer than a field may be: cut with a note; the RTL override dropped with a note.
    assert stored.description == HOSTILE["description"][1:2001]
    # The CSV for Excel turns every formula into text.
    exported = to_excel_csv(store.frame(), "Quelle").data.decode("cp1252", "replace")
    assert "'=HYPERLINK" in exported and "'@SUM" in exported
    assert "; Quelle laut Datei: +cmd" in exported  # no longer at a cell's start
    store.engine.dispose()
    # On the public map the popup shows the text; nothing of it runs.
    page.goto(f"{url}/?gemeinde=05382004&typ=familienbildung")
    ready(page)
    frame = map_frame(page)
    marker = page.frame_locator(MAP_FRAME).locator(".leaflet-overlay-pane path.leaflet-interactive")
    expect(marker).to_have_count(1, timeout=30_000)
    marker.click()
    popup = page.frame_locator(MAP_FRAME).locator(".fk-popup")
    expect(popup).to_contain_text("</div><script>top.__pwned=4</script>", timeout=10_000)
    text = popup.inner_text()
    assert '=HYPERLINK("http://x")<img src=x onerror="top.__pwned=1">' in text
    assert '<svg onload="top.__pwned=3">' in text
    assert "Träger: <script>top.__pwned=2</script>" in text
    assert "Alfter</b>" in text and "<i>immer</i>" in text
    assert popup.locator("img, svg, script, b, i").count() == 0
    assert popup.locator("a[href^='javascript']").count() == 0
    # An onerror would fire while the popup is drawn: wait until two frames are painted.
    frame.evaluate(TWO_FRAMES)
    page.evaluate(TWO_FRAMES)
    assert page.evaluate("() => window.__pwned") is None
    assert frame.evaluate("() => window.__pwned") is None
    page.context.close()


def test_two_app_processes_on_one_postgresql_see_each_others_edits(browser, shared_apps, tmp_path):
    page = _page(browser)
    first, second = shared_apps
    for number, (writer, reader) in enumerate([(first, second), (second, first)], start=1):
        view = f"{reader}/?gemeinde=05382004&typ=familienbildung"
        before = _shown(page, view)
        upload = tmp_path / f"neu-{number}.csv"
        upload.write_text(
            "name;angebotsart;strasse;plz;ort;lat;lon\n"
            f"Elternschule Alfter {number};familienbildung;Weg {number};53347;Alfter;"
            f"50.70{number};7.009\n",
            encoding="utf-8",
        )
        _preview(page, writer, upload, "Vorschau: 1 gültige Zeilen, 0 Zeilen mit Fehlern")
        _store_rows(page, 1)
        assert _shown(page, view) == before + 1, f"{reader} sieht die Änderung von {writer} nicht"
    page.context.close()


@pytest.fixture(scope="module")
def geocoding_app(tmp_path_factory, browser):
    """The editor's app with a geocoder configured – a server on loopback."""
    from tests.harness.browser import running_app
    from tests.harness.geocoder import geocoder_server
    from tests.harness.stores import editor_store

    path = editor_store(tmp_path_factory.mktemp("geo-store"))
    with geocoder_server() as (geocoder, requests):
        env = {"FAMILIENKARTE_GEOCODER": geocoder, "FAMILIENKARTE_GEOCODER_RATE": "0"}
        with running_app(tmp_path_factory, browser, store=path, env=env) as url:
            yield url, path, requests


def test_an_address_list_is_geocoded_with_progress_after_saving(browser, geocoding_app, tmp_path):
    url, path, requests = geocoding_app
    upload = tmp_path / "partner.csv"
    upload.write_text(
        "Einrichtung;Anschrift;Angebot\n"
        "Kreisjugendamt Muster;Wilhelmstraße 55, 53721 Siegburg;Jugendamt\n"
        "Elterncafé Muster;Unbekanntweg 1, 53721 Siegburg;Familienzentrum\n",
        encoding="utf-8",
    )
    page = _page(browser)
    _preview(page, url, upload, "Vorschau: 2 gültige Zeilen, 0 Zeilen mit Fehlern")
    expect(page.get_by_text("Koordinatensystem")).to_be_attached()
    _store_rows(page, 2)
    expect(page.get_by_text("1 von 2 Adressen gefunden und gespeichert")).to_be_visible(
        timeout=60_000
    )
    from store import Store, sqlite_url

    store = Store(sqlite_url(path))
    found = {r.name: r for r in store.records() if r.name.endswith("Muster")}
    store.engine.dispose()
    assert found["Kreisjugendamt Muster"].location_exact
    assert found["Kreisjugendamt Muster"].street == "Wilhelmstraße 55"
    assert not found["Elterncafé Muster"].location_exact
    assert any("/search" in request for request in requests)
    page.context.close()


def test_an_editor_imports_a_network_s_table_of_dates_and_families_see_them(
    browser, editor_app, tmp_path
):
    url, path = editor_app
    table = tmp_path / "termine.csv"
    table.write_text(
        "Was;Wochentag;Beginn;Ende;Ort;Anbieter;Kosten;Anmeldung\n"
        "Elterncafé am Markt;Dienstag;9:30;11:00;Siegburg, Markt 1;;kostenlos;nein\n"
        "Kaputte Zeile;Dienstag;9:30;8:00;Siegburg;;;\n"
        "Babymassage <b>fett</b>;Donnerstag;10:00;11:00;Siegburg, Markt 1;;30 €;ja\n",
        encoding="utf-8",
    )
    page = _page(browser)
    page.goto(f"{url}/daten")
    ready(page)
    _sign_in(page)
    page.get_by_role("tab", name="Termine").click()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Kalender oder Tabelle")
    uploader.locator("input[type=file]").set_input_files(str(table))
    # "Was" names no field: the mapping opens, the editor says "Was" is the title
    missing = page.get_by_text("Keine Spalte für „Titel“ gefunden")
    expect(missing).to_be_attached(timeout=60_000)  # a cell of the problem table
    grid = page.get_by_test_id("stDataFrame").filter(has_text="Spalte der Datei")
    box = grid.bounding_box()
    # first row, third column ("Feld der Familienkarte"): a choice opens on a double click
    page.mouse.dblclick(box["x"] + box["width"] * 5 / 6, box["y"] + 54)
    page.get_by_role("option", name="Titel", exact=True).click()
    expect(page.get_by_text("2 Termine gelesen")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Ende liegt nicht nach dem Beginn").first).to_be_attached()
    ready(page)
    page.get_by_role("button", name="2 Termine speichern").click()
    expect(page.get_by_text("Gespeichert: 2 neu, 0 geändert.")).to_be_visible(timeout=30_000)
    from store import Store, sqlite_url

    store = Store(sqlite_url(path))
    titles = {event.title for event in store.events()}
    trail = store.audit_trail(limit=2)  # the newest two: this import
    store.engine.dispose()
    assert {"Elterncafé am Markt", "Babymassage <b>fett</b>"} <= titles
    assert set(trail["user"]) == {"anna"} and set(trail["action"]) == {"add"}
    # families find it on the Termine page, the hostile title as text
    page.goto(f"{url}/termine?q=Siegburg&umkreis=2")
    ready(page)
    expect(page.get_by_text("Babymassage <b>fett</b>").first).to_be_visible(timeout=30_000)
    assert page.locator("b", has_text="fett").count() == 0
    page.context.close()


def test_a_kreis_account_stores_its_own_rows_and_reads_why_the_others_were_refused(
    browser, editor_app, tmp_path
):
    from store import Rights, Role, Store, sqlite_url

    url, path = editor_app
    store = Store(sqlite_url(path))
    store.users.create("kurt", "ein langes Passwort", Rights(Role.KREIS, ("05382",)))
    table = tmp_path / "angebote.csv"
    table.write_text(
        "Name;Straße;PLZ;Ort;Angebotsart\n"
        "Elterncafé am Markt;Markt 1;53721;Siegburg;Familienzentrum\n"
        "Familienzentrum Domblick;Domkloster 4;50667;Köln;Familienzentrum\n"
        "Familienzentrum Isar;Marienplatz 1;80331;München;Familienzentrum\n",
        encoding="utf-8",
    )
    page = _page(browser)
    _preview(page, url, table, "Vorschau: 3 gültige Zeilen", name="kurt")
    expect(page.get_by_text("Sie bearbeiten: Rhein-Sieg-Kreis")).to_be_visible()
    expect(page.get_by_role("tab", name="Zugänge")).to_have_count(0)
    # Said before saving: two rows lie elsewhere; the button counts what will be stored.
    expect(page.get_by_text("2 Zeilen liegen außerhalb Ihrer Gebiete")).to_be_visible()
    page.get_by_role("button", name="1 Zeile speichern").click()
    expect(page.get_by_text("Gespeichert: 1 neu")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("2 Einträge liegen außerhalb Ihrer Gebiete")).to_be_visible()
    page.screenshot(path=str(tmp_path / "daten-kreis.png"), full_page=True)
    names = {r.name for r in store.records()}
    assert "Elterncafé am Markt" in names
    assert not names & {"Familienzentrum Domblick", "Familienzentrum Isar"}
    trail = store.audit_trail()
    assert trail[trail["user"] == "kurt"]["provider_id"].size == 1
    store.engine.dispose()
    page.context.close()

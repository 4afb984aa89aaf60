"""The whole way of a provider's private link in a real Chromium: the coordinator of a
Kreis creates links for its stale entries, the provider opens its link on a phone in
Turkish and changes its phone number, the coordinator approves, and a family's card
shows the new number and "Geprüft vom Anbieter"."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.harness.browser import ready

pytestmark = pytest.mark.browser

PASSWORD = "ein langes Passwort"
NEW_PHONE = "02241 98 76 54"


def _coordinator(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{url}/daten")
    ready(page)
    page.get_by_label("Benutzername").fill("kreis.links")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("tab", name="Rückmeldungen")).to_be_visible(timeout=30_000)
    ready(page)
    page.get_by_role("tab", name="Rückmeldungen").click()
    return page


def test_a_provider_corrects_its_phone_in_turkish_and_families_see_it_checked(browser, editor_app):
    from dashboard.i18n.texts import t, use_language
    from store import Rights, Role, Store, sqlite_url

    url, path = editor_app
    store = Store(sqlite_url(path))
    if "kreis.links" not in store.users.names():
        store.users.create("kreis.links", PASSWORD, Rights(Role.KREIS, ("05382",)))
    store.engine.dispose()

    # 1. The coordinator: links for every stale entry of Rhein-Sieg, as a CSV.
    page = _coordinator(browser, url)
    expect(page.get_by_text("alle veralteten meines Gebiets")).to_be_visible()
    page.get_by_role("button", name="Links erstellen").click()
    expect(page.get_by_text("Links erstellt")).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Links als CSV für den Serienbrief").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    # an entry with a plain name (other tests of this app store hostile ones, which the
    # CSV writes formula-safe, with a leading apostrophe)
    first = next(row for row in rows[1:] if row[header.index("Name")][:1].isalnum())
    name, link = first[header.index("Name")], first[header.index("Link")]
    assert link.startswith(f"{url}/eintrag?schluessel=") and len(link) > len(url) + 50

    # 2. The provider, on a phone, in Turkish: its entry, and a new phone number.
    use_language("tr")
    phone_label, send, thanks = t("popup_phone"), t("entry_send"), t("entry_sent")
    use_language("de")
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="tr-TR", is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(f"{link}&lang=tr")
    ready(phone)
    expect(phone.get_by_role("heading", name="Familienkarte'deki kaydınız")).to_be_visible()
    expect(phone.get_by_text(name).first).to_be_visible()
    field = phone.get_by_label(phone_label, exact=True)
    field.fill(NEW_PHONE)
    field.press("Tab")
    phone.get_by_role("button", name=send).click()
    expect(phone.get_by_text(thanks)).to_be_visible(timeout=30_000)

    # 3. The coordinator sees old and new, and publishes it.
    page.reload()
    page = _coordinator(browser, url)
    expect(page.get_by_text("Wartende Änderungen (1)")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Remove Telefon")).to_be_visible()  # the field
    page.get_by_role("button", name="Übernehmen und veröffentlichen").first.click()
    # the decision is stored when the queue has emptied (the click's rerun is over)
    expect(page.get_by_text("Keine Änderungen warten auf Prüfung.")).to_be_visible(timeout=60_000)

    # 4. A family near the entry reads the new number, checked by the provider.
    store = Store(sqlite_url(path))
    record = next(r for r in store.records() if r.name == name)
    store.engine.dispose()
    assert record.phone == NEW_PHONE and record.verified_by == "anbieter"
    family = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE").new_page()
    family.goto(f"{url}/naehe?q={record.postcode}&umkreis=5")
    ready(family, timeout_ms=120_000)
    card = family.locator('[class*="st-key-card_"]').filter(has_text=name).first
    expect(card).to_contain_text(NEW_PHONE, timeout=60_000)
    expect(card).to_contain_text("Geprüft vom Anbieter am")

"""The provider's page from its private link and the coordinator's review, headless
(AppTest): a provider confirms or changes its entry in its language; the change waits;
the coordinator of the Kreis sees old and new side by side and publishes part of it."""

from __future__ import annotations

import pytest

from tests.dashboard.pages import run_page
from tests.harness.caches import clear_caches

pytestmark = pytest.mark.slow  # each test seeds a store with the sample (seconds)
PASSWORD = "ein langes Passwort"


def _entry_page() -> None:
    from dashboard.i18n.language import use_session_language
    from dashboard.page import entry

    use_session_language()
    entry.render()


def _data_page() -> None:
    from dashboard.page import data

    data.render()


@pytest.fixture
def linked(tmp_path, monkeypatch):
    """A store with the sample, a Kreis account for Rhein-Sieg and a link of one of its
    entries: (token, provider id)."""
    from dashboard import cache
    from store import Editor, Rights, Role

    monkeypatch.setenv("FAMILIENKARTE_STORE", str(tmp_path / "eintrag.sqlite"))
    clear_caches()
    store = cache.store()
    store.users.create("kreis.rsk", PASSWORD, Rights(Role.KREIS, ("05382",)))
    frame = cache.provider_data().frame
    key = frame[(frame["kreis_ags"] == "05382") & (frame["phone"] != "")]["id"].iloc[0]
    (link,) = store.links.create([key], Editor("kreis.rsk"))
    yield link.token, key
    clear_caches()


def _record(key: str):
    from dashboard import cache

    return next(r for r in cache.store().records() if r.id == key)


def test_the_provider_sees_its_entry_in_turkish_and_confirms_it(linked):
    import clock

    token, key = linked
    at = run_page(_entry_page, schluessel=token, lang="tr")
    assert at.title[0].value == "Familienkarte'deki kaydınız"
    assert any(_record(key).name in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Her şey hâlâ doğru").click().run()
    assert "Teşekkürler" in at.success[0].value
    record = _record(key)
    assert (record.last_verified, record.verified_by) == (clock.today(), "anbieter")


def test_a_changed_phone_waits_for_review_and_the_page_says_so(linked):
    from dashboard import cache

    token, key = linked
    before = _record(key).phone
    at = run_page(_entry_page, schluessel=token)
    phone = next(box for box in at.text_input if box.label == "Telefon")
    phone.set_value("02241 99 88 77")
    at.button(key="FormSubmitter:entry_change-Änderung senden").click().run()
    assert "wird geprüft" in at.success[0].value
    assert _record(key).phone == before  # nothing published yet
    again = run_page(_entry_page, schluessel=token)
    assert "wartet auf Prüfung" in again.info[0].value
    (proposal,) = cache.store().links.pending("betrieb")
    assert proposal.changes == {"phone": "02241 99 88 77"}


@pytest.mark.parametrize("key", ["", "x" * 32, "kurz"])
def test_without_a_valid_key_the_page_shows_nothing_of_any_entry(linked, key):
    at = run_page(_entry_page, schluessel=key) if key else run_page(_entry_page)
    assert not at.text_input and not at.button
    message = (at.error or at.info)[0].value
    assert "Link" in message


def test_the_coordinator_publishes_part_of_a_change_and_families_see_it(linked):
    from dashboard import cache

    token, key = linked
    cache.store().links.propose(token, {"phone": "02241 12345", "name": "Umbenannt"})
    at = run_page(_data_page)
    at.text_input[0].set_value("kreis.rsk")
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    assert "Rückmeldungen" in [tab.label for tab in at.tabs]
    (table,) = [
        frame.value
        for frame in at.dataframe
        if list(frame.value.columns) == ["Feld", "Jetzt", "Neu"]
    ]
    assert list(table["Neu"]) == ["02241 12345", "Umbenannt"]
    taken = next(box for box in at.multiselect if box.label == "Übernehmen")
    taken.set_value(["phone"])
    next(b for b in at.button if b.label == "Übernehmen und veröffentlichen").click().run()
    record = _record(key)
    assert record.phone == "02241 12345" and record.name != "Umbenannt"
    assert record.verified_by == "anbieter"
    assert cache.store().links.pending("betrieb") == []


def test_links_for_the_stale_entries_of_the_kreis_come_as_a_csv(linked):
    at = run_page(_data_page)
    at.text_input[0].set_value("kreis.rsk")
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    next(b for b in at.button if b.label == "Links erstellen").click().run()
    created = next(s.value for s in at.success if "Links erstellt" in s.value)
    from dashboard import cache
    from providers import stale_mask

    frame = cache.provider_data().frame
    stale = (stale_mask(frame) & (frame["kreis_ags"] == "05382")).sum()
    assert int(created.split()[0]) == stale > 0  # every stale entry of Rhein-Sieg
    assert any("E-Mails verschickt die App" in c.value for c in at.caption)


def test_the_map_popup_says_who_checked_an_entry():
    """The popup's details carry who checked (the browser words it in the page's
    language: "Geprüft vom Anbieter am …")."""
    from dataclasses import replace

    from dashboard.map.provider_layer import detail_rows
    from dashboard.map.widget import map_options
    from providers import import_providers, providers_frame, records_from_frame
    from providers.load import SAMPLE_PATH

    records = records_from_frame(import_providers(SAMPLE_PATH).frame.head(3))
    records = [
        replace(records[0], verified_by="anbieter"),
        replace(records[1], verified_by="koordination"),
        records[2],
    ]
    rows = detail_rows(providers_frame(records))
    assert [row[15] for row in rows] == ["anbieter", "koordination", ""]
    texts = map_options("none", "")["texts"]
    assert texts["verifiedProvider"] == "Geprüft vom Anbieter am {date}"
    assert texts["verifiedCoordination"].startswith("Geprüft von der Netzwerkkoordination")


def test_a_coordinator_revokes_an_entrys_links_and_the_link_opens_nothing(linked):
    token, key = linked
    at = run_page(_data_page)
    at.text_input[0].set_value("kreis.rsk")
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    at.radio(key="review_which").set_value("one").run()
    at.selectbox(key="review_entry").set_value(key).run()
    next(b for b in at.button if b.label == "Links dieses Eintrags widerrufen").click().run()
    assert any("1 Links widerrufen" in s.value for s in at.success)
    page = run_page(_entry_page, schluessel=token)
    assert "gilt nicht" in page.error[0].value and not page.text_input


def test_hostile_text_of_an_entry_is_shown_as_text_on_the_provider_page(linked):
    from dataclasses import replace

    from dashboard import cache

    token, key = linked
    record = _record(key)
    cache.store().save(replace(record, name="<img src=x onerror=alert(1)> **fett**"), "betrieb")
    at = run_page(_entry_page, schluessel=token)
    shown = [m.value for m in at.markdown if "img" in m.value]
    assert shown and all("\\<img" in value and "\\*\\*fett" in value for value in shown)


def test_the_links_csv_keeps_a_hostile_name_as_text():
    from datetime import UTC, datetime

    from dashboard.page.data.review import links_csv
    from store import Link

    hostile = '=HYPERLINK("http://böse.example";"klick") <b>'
    link = Link("a", hostile, "a@example.org", "t" * 32, datetime(2027, 2, 5, tzinfo=UTC))
    text = links_csv([link], lambda one: f"https://karte.example/eintrag?schluessel={one.token}")
    rows = text.decode("utf-8-sig").splitlines()
    assert rows[0] == "Name;E-Mail;Link;gültig bis"
    assert rows[1].startswith("\"'=HYPERLINK") or rows[1].startswith("'=HYPERLINK")
    assert "schluessel=" + "t" * 32 in rows[1]


@pytest.mark.parametrize(
    ("direct", "forwarded", "counted"),
    [
        (None, "198.51.100.7", "198.51.100.7"),  # nginx on this machine
        ("127.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # a forged first entry
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # no proxy: the header is not believed
        ("203.0.113.9", None, "203.0.113.9"),
        (None, None, "unbekannt"),
    ],
)
def test_the_attempt_limit_counts_the_visitor_not_a_forged_header(direct, forwarded, counted):
    from dashboard.page.entry import visitor_address

    assert visitor_address(direct, forwarded) == counted

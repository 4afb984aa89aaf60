"""The page "Daten" headless (AppTest): nothing without login, wrong passwords get
nowhere and are slowed down, an editor edits, verifies and retires with a trail."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import clock
from tests.dashboard.pages import run_page
from tests.harness.caches import clear_caches


def _page() -> None:
    from dashboard.page import data as page

    page.render()


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):

    monkeypatch.setenv("FAMILIENKARTE_STORE", str(tmp_path / "daten.sqlite"))
    clear_caches()
    from dashboard import cache

    cache.store().users.create("anna", "ein langes Passwort")
    yield
    clear_caches()


def _login(at: AppTest, password: str) -> AppTest:
    at.text_input[0].set_value("anna")
    at.text_input[1].set_value(password)
    at.button[0].click().run()
    return at


def test_without_login_the_page_shows_no_data_and_no_upload():
    at = run_page(_page)
    assert [t.label for t in at.text_input] == ["Benutzername", "Passwort"]
    assert not at.tabs and not at.dataframe
    assert at.get("file_uploader") == []


def test_a_wrong_password_is_refused_then_slowed_down():
    at = _login(run_page(_page), "falsch")
    assert "Benutzername oder Passwort falsch" in at.error[0].value
    at = _login(at, "ein langes Passwort")  # at once: must wait first
    assert "warten" in at.error[0].value
    assert not at.tabs


def test_an_editor_edits_verifies_and_retires_with_a_trail(monkeypatch):
    at = _login(run_page(_page), "ein langes Passwort")
    assert [tab.label for tab in at.tabs] == [
        "Hochladen",
        "Bearbeiten",
        "Termine",
        "Netzwerke",
        "Rückmeldungen",
        "Aktualität",
        "Änderungsprotokoll",
        "Zugänge",  # the editor of the harness is the operator
    ]
    from dashboard import cache

    store = cache.store()
    first = store.records()[0]
    at.selectbox(key="data_edit_choice").set_value(first.id).run()
    names = [t.label for t in at.text_input]
    at.text_input[names.index("Telefon")].set_value("0228 123456")
    at.checkbox[0].check()
    at.button(key="FormSubmitter:edit-Speichern").click().run()
    assert not at.exception
    edited = next(r for r in store.records() if r.id == first.id)
    assert edited.phone == "0228 123456"

    assert edited.last_verified == clock.today()
    trail = store.audit_trail(first.id)
    assert trail.iloc[0]["user"] == "anna" and trail.iloc[0]["action"] == "edit"
    retire = [b for b in at.button if b.label == "Außer Betrieb nehmen"][0]
    retire.click().run()
    assert first.id not in {r.id for r in store.records()}
    # The trail on the page reads in German, newest first.
    at.run()
    trail = next(df.value for df in at.dataframe if "Änderung" in df.value.columns)
    assert trail["Änderung"].tolist()[:2] == ["außer Betrieb genommen", "geändert"]
    assert trail["Benutzer"].tolist()[:2] == ["anna", "anna"]
    assert store.count(include_retired=True) == store.count() + 1


def test_a_session_idle_for_more_than_thirty_minutes_must_sign_in_again():
    at = _login(run_page(_page), "ein langes Passwort")
    assert at.tabs
    at.session_state["data_seen"] = -10_000.0  # last page view long ago
    at.run()
    assert "abgelaufen" in at.info[0].value
    assert not at.tabs and [t.label for t in at.text_input] == ["Benutzername", "Passwort"]


def test_editors_of_the_users_file_sign_in_and_a_bad_file_is_named(tmp_path, monkeypatch):

    from store import hash_password

    listed = tmp_path / "benutzer.toml"
    listed.write_text(
        f'[[benutzer]]\nname = "ben"\npasswort_hash = "{hash_password("bens langes Passwort")}"\n'
    )
    monkeypatch.setenv("FAMILIENKARTE_USERS", str(listed))
    clear_caches()
    at = run_page(_page)
    assert not at.warning
    at.text_input[0].set_value("ben")
    at.text_input[1].set_value("bens langes Passwort")
    at.button[0].click().run()
    assert [tab.label for tab in at.tabs][0] == "Hochladen"
    # A plain password in the file: refused with the reason, the stored editors stay.
    listed.write_text('[[benutzer]]\nname = "carl"\npasswort_hash = "carls Passwort"\n')
    clear_caches()
    at = run_page(_page)
    assert "Benutzerdatei wurde nicht übernommen" in at.warning[0].value
    assert "Eintrag 1" in at.warning[0].value
    assert not at.tabs
    at = _login(at, "ein langes Passwort")
    assert at.tabs


def test_an_editor_corrects_a_termin_cancels_one_date_and_takes_it_off():
    from datetime import time, timedelta

    from dashboard import cache
    from events import series_rule

    store = cache.store()
    first = store.events()[0]
    at = _login(run_page(_page), "ein langes Passwort")
    at.selectbox(key="data_events_choice").set_value(first.id).run()

    def field(label: str):
        return next(w for w in at.date_input if w.label.startswith(label))

    moved = first.start.date() + timedelta(days=1)  # a day later: the weekday moves too
    until = moved + timedelta(days=120)
    falls_out = moved + timedelta(days=14)
    at.time_input[0].set_value(time(10, 15))
    at.time_input[1].set_value(time(11, 45))
    field("Erster Termin").set_value(moved)
    next(s for s in at.selectbox if s.label == "Wiederholung").set_value("biweekly")
    field("Letzter Termin").set_value(until)
    field("Fällt aus am").set_value(falls_out)
    at.checkbox[-1].check()
    at.button(key="FormSubmitter:data_event_edit-Speichern").click().run()
    assert not at.exception and not at.error
    edited = next(e for e in store.events() if e.id == first.id)
    assert (edited.start.date(), edited.start.time()) == (moved, time(10, 15))
    assert edited.end.time() == time(11, 45)
    assert edited.rrule == series_rule(moved, "biweekly", until)
    assert falls_out in edited.cancelled_dates and edited.last_verified == clock.today()
    # a rule typed by hand that yields no date is refused, nothing changes
    at.run()
    next(s for s in at.selectbox if s.label == "Wiederholung").set_value("custom")
    next(w for w in at.text_input if w.label.startswith("Eigene Regel")).set_value("FREQ=OFT")
    at.button(key="FormSubmitter:data_event_edit-Speichern").click().run()
    assert "nicht lesbar" in at.error[0].value
    assert next(e for e in store.events() if e.id == first.id) == edited
    assert store.audit_trail(f"termin:{first.id}").iloc[0]["user"] == "anna"
    # an end before the start is refused, nothing changes
    at.run()  # the form shows the saved times now
    at.time_input[1].set_value(time(9, 0))
    at.button(key="FormSubmitter:data_event_edit-Speichern").click().run()
    assert "Ende muss nach dem Beginn" in at.error[0].value
    assert next(e for e in store.events() if e.id == first.id) == edited
    next(b for b in at.button if b.label == "Termin entfernen").click().run()
    assert first.id not in {e.id for e in store.events()}


def test_a_coordinator_changes_a_networks_first_contact_and_begins_a_new_one():
    from dashboard import cache

    store = cache.store()
    first = store.networks()[0]
    at = _login(run_page(_page), "ein langes Passwort")
    assert "Netzwerke" in [tab.label for tab in at.tabs]
    at.selectbox(key="data_networks_choice").set_value(first.id).run()
    assert not at.exception
    key = first.id
    at.text_input(key=f"way_inh{key}").set_value("Mo–Do 8–16 Uhr")
    at.text_input(key=f"coordinationp{key}").set_value("02241 99")
    at.button(key=f"FormSubmitter:data_network_{key}-Speichern").click().run()
    assert not at.exception and not at.error
    saved = next(n for n in store.networks() if n.id == first.id)
    assert saved.way_in.hours == "Mo–Do 8–16 Uhr" and saved.coordination.phone == "02241 99"
    assert saved.memberships == first.memberships  # the members stay as they were
    assert store.audit_trail(f"netzwerk:{first.id}").iloc[0]["user"] == "anna"
    # a new network for a Kreis: without a name nothing is stored
    at.selectbox(key="data_networks_choice").set_value("__neu__").run()
    at.selectbox(key="data_networks_kreis").set_value("05382").run()
    at.button(key="FormSubmitter:data_network_neu-Speichern").click().run()
    assert "Namen" in at.error[0].value
    count = len(store.networks())
    at.text_input[[w.label for w in at.text_input].index("Name des Netzwerks")].set_value(
        "<b>Netzwerk Ost</b>"
    )
    next(m for m in at.multiselect if m.label == "Gebiet (Gemeinden)").set_value(["05382060"])
    at.button(key="FormSubmitter:data_network_neu-Speichern").click().run()
    assert not at.error
    new = next(n for n in store.networks() if n.name == "<b>Netzwerk Ost</b>")
    assert (new.kreis_ags, new.gemeinden, len(store.networks())) == (
        "05382",
        ("05382060",),
        count + 1,
    )
    said = next(s.value for s in at.success if "Netzwerk Ost" in s.value)
    assert "<b>" not in said  # shown as text, not as markup
    # taken off the pages, kept in the store
    at.run()  # the list of networks now holds it
    at.selectbox(key="data_networks_choice").set_value(new.id).run()
    next(b for b in at.button if b.label == "Netzwerk außer Betrieb nehmen").click().run()
    assert new.id not in {n.id for n in store.networks()}
    assert new.id in {n.id for n in store.networks(include_retired=True)}


def test_the_member_table_of_a_network_gives_memberships_and_names_a_wrong_row():
    from datetime import date

    import pandas as pd

    from dashboard.page.data.networks import _memberships
    from networks import Membership

    choices = {"ja": "Jugendamt · Siegburg", "heb": "Hebamme · Troisdorf"}
    edited = pd.DataFrame(
        {
            "provider": ["Jugendamt · Siegburg", "Hebamme · Troisdorf", None],
            "role": ["Koordination", "betreibt Familientelefon", None],
            "since": [date(2020, 1, 1), None, None],
            "until": [None, date(2026, 12, 3), None],  # left yesterday: kept with its end
        }
    )
    members, problem = _memberships(edited, choices)
    assert problem is None
    assert members == (
        Membership("ja", "koordination", date(2020, 1, 1)),
        Membership("heb", "familientelefon", None, date(2026, 12, 3)),
    )
    edited.loc[1, "since"] = date(2027, 1, 1)
    assert _memberships(edited, choices) == ((), "Zeile 2: „bis“ liegt vor „Mitglied seit“.")


def test_the_notes_of_a_large_provider_file_are_for_editors_bounded_with_a_download(
    tmp_path, monkeypatch
):
    """50,000 notes once went to every family as a 5.7 MB table on each map run: now
    the Daten page shows the first 100 and offers all as a file."""
    rows = [
        f"n{i},Kita {i},kita,Markt {i},53721,Siegburg,48.1{i % 10},11.5{i % 7},,,,de"
        for i in range(250)
    ]
    path = tmp_path / "weit.csv"
    header = "id,name,service_types,street,postcode,city,lat,lon,phone,email,website,languages"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    monkeypatch.setenv("FAMILIENKARTE_PROVIDERS", str(path))
    at = _login(run_page(_page), "ein langes Passwort")
    assert any(h.value == "250 Hinweise beim Laden der Anbieterdatei" for h in at.subheader)
    notes = next(frame.value for frame in at.dataframe if "Hinweis" in frame.value.columns)
    assert len(notes) == 100
    assert any("ersten 100 von 250" in caption.value for caption in at.caption)
    assert any(b.label == "Alle Hinweise als CSV" for b in at.get("download_button"))


@pytest.mark.slow
def test_while_another_session_holds_the_database_a_save_says_so_and_changes_nothing(
    tmp_path, monkeypatch
):
    """A long import elsewhere holds the write lock: the editor's save waits the lock
    time-out, then a clear message instead of a hang – and nothing is half-written."""
    import sqlite3

    from dashboard import cache

    monkeypatch.setenv("FAMILIENKARTE_SPERRE_S", "0.5")
    clear_caches()  # the store again, with the short wait
    store = cache.store()
    at = _login(run_page(_page), "ein langes Passwort")
    first = store.records()[0]
    at.selectbox(key="data_edit_choice").set_value(first.id).run()
    names = [t.label for t in at.text_input]
    at.text_input[names.index("Telefon")].set_value("0228 999999")
    holder = sqlite3.connect(tmp_path / "daten.sqlite")
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
    try:
        at.button(key="FormSubmitter:edit-Speichern").click().run()
    finally:
        holder.rollback()
        holder.close()
    assert not at.exception
    assert any("gerade mit einer anderen Änderung beschäftigt" in e.value for e in at.error)
    assert next(r for r in store.records() if r.id == first.id).phone == first.phone

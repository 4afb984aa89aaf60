"""The provider store on SQLite and PostgreSQL: migrations, replace, merge, edit, retire, audit
trail, and a process killed in the middle of an import leaves the old data."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from providers import Provider
from store import Store, redacted, sqlite_url
from store.tables import metadata
from tests.harness.stores import no_room_left


def _provider(number: int, **changes) -> Provider:
    base = Provider(
        id=f"p{number}",
        name=f"Muster-Familienzentrum {number}",
        service_types=["familienzentrum"],
        lat=50.8 + number / 1000,
        lon=7.2,
        street=f"Musterweg {number}",
        postcode="53721",
        city="Siegburg",
        phone="02241 123456",
        languages=["de", "tr"],
        last_verified=date(2025, 3, 1),
    )
    return replace(base, **changes)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path) -> Store:
    """A new, migrated store on each backend."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "familienkarte.sqlite")
    else:
        url = request.getfixturevalue("postgres").database()
    created = Store(url)
    created.migrate()
    yield created
    created.engine.dispose()


def test_migrations_make_exactly_the_tables_of_the_code(store):
    assert store.revision() == Store.newest_revision() == "0009"
    inspector = sa.inspect(store.engine)
    for table in metadata.sorted_tables:
        stored = {column["name"] for column in inspector.get_columns(table.name)}
        assert stored == set(table.columns.keys()), table.name
    store.migrate()  # a second start changes nothing
    assert store.revision() == "0009"


def test_on_postgis_the_active_providers_are_a_point_layer_for_gis_tools(postgres):
    store = Store(postgres.database())
    store.migrate()
    store.replace([_provider(1), _provider(2, lat=51.5, lon=7.5)], "anna")
    store.retire("p2", "anna")
    near = sa.text(
        "SELECT name, angebotsarten, ST_X(geom), ST_Y(geom) FROM anbieter_karte "
        "WHERE ST_DWithin(geom::geography, ST_MakePoint(7.2, 50.8)::geography, 1000)"
    )
    with store.engine.connect() as connection:
        assert connection.execute(near).all() == [
            ("Muster-Familienzentrum 1", "familienzentrum", 7.2, _provider(1).lat)
        ]
        # Retired providers are not on the layer.
        assert connection.execute(sa.text("SELECT count(*) FROM anbieter_karte")).scalar() == 1
        srid = "SELECT Find_SRID('public', 'anbieter_karte', 'geom')"
        assert connection.execute(sa.text(srid)).scalar() == 4326
    store.engine.dispose()


def test_replace_then_the_same_upload_again_changes_nothing(store):
    records = [_provider(i) for i in range(3)]
    first = store.replace(records, "import@kreis")
    assert (first.added, first.updated, first.retired) == (3, 0, 0)
    again = store.replace(records, "import@kreis")
    assert (again.added, again.updated, again.retired, again.unchanged) == (0, 0, 0, 3)
    assert store.records() == records
    assert len(store.audit_trail()) == 3


def test_replace_retires_what_the_new_file_lacks_and_keeps_its_record(store):
    store.replace([_provider(i) for i in range(3)], "a")
    change = store.replace([_provider(0), _provider(1, phone="0228 999")], "b")
    assert (change.updated, change.retired, change.unchanged) == (1, 1, 1)
    assert [r.id for r in store.records()] == ["p0", "p1"]
    assert [r.id for r in store.records(include_retired=True)] == ["p0", "p1", "p2"]
    trail = store.audit_trail("p1")
    assert trail.iloc[0]["action"] == "edit"
    assert trail.iloc[0]["before"]["phone"] == "02241 123456"
    assert trail.iloc[0]["after"]["phone"] == "0228 999"
    assert trail.iloc[0]["user"] == "b"


def test_merge_matches_by_id_else_by_name_and_address(store):
    store.replace([_provider(1), _provider(2)], "a")
    renamed = _provider(2, id="neu-aus-excel", email="info@example.org")
    change = store.merge([renamed, _provider(3)], "b")
    assert (change.added, change.updated, change.retired) == (1, 1, 0)
    ids = [r.id for r in store.records()]
    assert ids == ["p1", "p2", "p3"]  # the Excel row found p2 by name and address
    assert store.records()[1].email == "info@example.org"


def test_an_editor_edits_and_retires_and_the_trail_says_who(store):
    store.replace([_provider(1)], "import")
    store.save(_provider(1, last_verified=date(2026, 11, 26)), "anna")
    assert store.retire("p1", "ben") is True
    assert store.retire("p1", "ben") is False  # already retired
    assert store.retire("unbekannt", "ben") is False
    assert store.count() == 0 and store.count(include_retired=True) == 1
    actions = store.audit_trail("p1")[["action", "user"]].values.tolist()
    assert actions == [["retire", "ben"], ["edit", "anna"], ["add", "import"]]


def test_hostile_text_is_stored_as_given(store):
    hostile = '=HYPERLINK("x")<script>alert(1)</script>\u202e\x07' + "x" * 5000
    store.replace([_provider(1, name=hostile)], "a")
    assert store.records()[0].name == hostile


@pytest.mark.slow
def test_a_process_killed_in_the_middle_of_an_import_leaves_the_old_data(store, tmp_path):
    store.replace([_provider(i) for i in range(5)], "vorher")
    script = textwrap.dedent(
        f"""
        import time
        import store.store as module
        from store import Store
        from tests.providers.test_store import _provider
        store = Store({store.url!r})
        # Five updates of stored rows, then 195 new ones; every row waits a moment
        # after its statement, so the kill comes in the middle of the transaction.
        records = [_provider(i, phone="neu") for i in range(200)]
        original = module._entry
        def slow_entry(*args):
            print("schreibe", flush=True)
            time.sleep(0.05)
            return original(*args)
        module._entry = slow_entry
        store.replace(records, "abgebrochen")
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=str(_root())
    )
    assert process.stdout is not None
    for _ in range(20):  # well inside the transaction
        assert process.stdout.readline().startswith("schreibe")
    process.kill()
    process.wait()
    reopened = Store(store.url)
    assert reopened.count() == 5
    assert {r.phone for r in reopened.records()} == {"02241 123456"}
    assert set(reopened.audit_trail()["user"]) == {"vorher"}


def test_app_processes_starting_at_once_on_an_empty_postgresql_migrate_and_seed_once(postgres):
    """Several app instances started together: one migrates and seeds, the others
    wait for the lock, then find the schema and the data there."""
    url = postgres.database()
    script = textwrap.dedent(
        f"""
        from store import Store, seed_store
        store = Store({url!r})
        store.migrate()
        print(seed_store(store))
        """
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=str(_root()),
        )
        for _ in range(3)
    ]
    outcomes = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], outcomes
    added = sorted(int(out.split()[-1]) for out, _ in outcomes)
    reopened = Store(url)
    assert added[:2] == [0, 0] and added[2] == reopened.count() > 0
    assert len(reopened.audit_trail()) == reopened.count()  # one seed, not three
    reopened.engine.dispose()


def test_a_database_url_in_a_message_has_no_password():
    shown = redacted("postgresql+psycopg://karte:geheim@db.example:5432/familien")
    assert "geheim" not in shown and "karte" in shown and "db.example" in shown


def _root():
    from pathlib import Path

    return Path(__file__).parents[2]


def test_the_sample_goes_into_the_store_and_comes_back_the_same(store):
    from providers import SAMPLE_PATH, import_file, records_from_frame
    from store import load_from_store, seed_store

    imported = import_file(SAMPLE_PATH).frame
    assert seed_store(store) == len(imported) > 1000
    assert seed_store(store) == 0  # a store with data is left alone
    assert store.records() == sorted(records_from_frame(imported), key=lambda r: r.id)
    placed = load_from_store(store)
    assert placed.has_sample and len(placed.frame) == len(imported)
    assert {"gemeinde_ags", "kreis_ags", "land_ags"} <= set(placed.frame.columns)


def test_passwords_are_hashed_and_failed_logins_slowed_down(store):
    from datetime import UTC, datetime, timedelta

    users = store.users
    users.create("anna", "ein langes Passwort")
    with store.engine.connect() as connection:
        stored = connection.execute(sa.text("select password_hash from users")).scalar_one()
    assert stored.startswith("$argon2id$") and "langes" not in stored
    start = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    assert users.login("anna", "ein langes Passwort", start).ok
    first = users.login("anna", "falsch", start)
    assert not first.ok and first.wait_s == 1
    # While she must wait even the right password is not checked.
    too_soon = users.login("anna", "ein langes Passwort", start)
    assert too_soon.wait_s == 1 and not too_soon.checked
    second = users.login("anna", "falsch", start + timedelta(seconds=2))
    assert second.wait_s == 2
    assert users.login("anna", "ein langes Passwort", start + timedelta(seconds=5)).ok
    assert users.login("niemand", "egal", start) == users.login("niemand", "x", start)
    with pytest.raises(ValueError, match="mindestens"):
        users.create("ben", "kurz")
    with pytest.raises(ValueError, match="Benutzername"):
        users.create("<script>", "ein langes Passwort")
    assert users.names() == ["anna"]


def test_editors_come_from_a_users_file_that_holds_only_hashes(store, tmp_path):
    from store import hash_password, read_users_file

    store.users.create("chef", "das alte Passwort")
    listed = tmp_path / "benutzer.toml"
    listed.write_text(
        f'[[benutzer]]\nname = "anna"\npasswort_hash = "{hash_password("ein langes Passwort")}"\n'
        f'[[benutzer]]\nname = "chef"\npasswort_hash = "{hash_password("das neue Passwort")}"\n',
        encoding="utf-8",
    )
    assert store.users.apply(read_users_file(listed)) == 2
    assert store.users.login("anna", "ein langes Passwort").ok
    assert store.users.login("chef", "das neue Passwort").ok
    assert not store.users.login("chef", "das alte Passwort").ok
    # Applied again (the next app start) it changes nothing, so failed logins still count.
    assert store.users.apply(read_users_file(listed)) == 0
    assert store.users.login("chef", "das neue Passwort").wait_s > 0


def test_a_users_file_gives_each_account_its_role_and_areas(store, tmp_path):
    from store import Rights, Role, hash_password, read_users_file

    hashed = hash_password("ein langes Passwort")
    listed = tmp_path / "benutzer.toml"
    listed.write_text(
        f'[[benutzer]]\nname = "kreis.rsk"\npasswort_hash = "{hashed}"\nrolle = "kreis"\n'
        'gebiete = ["05382"]\n'
        f'[[benutzer]]\nname = "eisenach"\npasswort_hash = "{hashed}"\nrolle = "Kreis"\n'
        'gebiete = ["16056"]\n'  # Eisenach, since 2021 in the Wartburgkreis
        f'[[benutzer]]\nname = "betrieb"\npasswort_hash = "{hashed}"\n',
        encoding="utf-8",
    )
    store.users.apply(read_users_file(listed))
    assert store.users.rights("kreis.rsk") == Rights(Role.KREIS, ("05382",))
    assert store.users.rights("eisenach") == Rights(Role.KREIS, ("16063",))
    assert store.users.rights("betrieb") == Rights(Role.BETRIEB)
    # Narrowed in the file, narrowed at the next start.
    listed.write_text(
        listed.read_text(encoding="utf-8").replace('gebiete = ["05382"]', 'gebiete = ["05315"]'),
        encoding="utf-8",
    )
    assert store.users.apply(read_users_file(listed)) == 1
    assert store.users.rights("kreis.rsk") == Rights(Role.KREIS, ("05315",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[benutzer]]\nname = "ab"\npasswort_hash = "$argon2id$v=19$m=65536,t=3,p=4$'
            'c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"\nrolle = "chef"\n',
            "Unbekannte Rolle „chef“",
        ),
        (
            '[[benutzer]]\nname = "ab"\npasswort_hash = "$argon2id$v=19$m=65536,t=3,p=4$'
            'c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"\nrolle = "kreis"\ngebiete = ["99999"]\n',
            "„99999“ gibt es im Gebietsstand nicht",
        ),
        (
            '[[benutzer]]\nname = "ab"\npasswort_hash = "$argon2id$v=19$m=65536,t=3,p=4$'
            'c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"\nrolle = "kreis"\n',
            "braucht mindestens ein Gebiet",
        ),
        ('[[benutzer]]\nname = "anna"\npasswort_hash = "ein langes Passwort"\n', "kein argon2id"),
        ('[[benutzer]]\nname = "<b>"\npasswort_hash = "x"\n', "Eintrag 1: Benutzername"),
        ("[[benutzer]\nname = 1", "kein gültiges TOML"),
        ('benutzer = "anna"\n', "[[benutzer]]"),
    ],
)
def test_a_bad_users_file_is_refused_whole_with_the_entry_named(tmp_path, text, message):
    from store import read_users_file

    listed = tmp_path / "benutzer.toml"
    listed.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)):
        read_users_file(listed)


def test_records_older_than_twelve_months_are_flagged_in_the_export():
    from datetime import date

    import pandas as pd

    from providers import is_stale, stale_mask, to_excel_csv
    from providers.model import providers_frame

    today = date(2026, 11, 26)
    assert is_stale(date(2025, 11, 25), today) and not is_stale(date(2025, 11, 27), today)
    assert is_stale(None, today) and is_stale(pd.NaT, today)
    frame = providers_frame(
        [_provider(1, last_verified=date.today()), _provider(2, last_verified=date(2020, 1, 1))]
    )
    assert stale_mask(frame).tolist() == [False, True]
    text = to_excel_csv(frame).data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].endswith(";aktualitaet")
    assert not lines[1].endswith("Angaben älter als 12 Monate")
    assert lines[2].endswith("Angaben älter als 12 Monate")


def test_logins_and_saves_are_logged_as_json_lines_without_names_or_passwords(tmp_path, caplog):
    import json

    from store.oplog import LOGGER, JsonLines

    store = Store(sqlite_url(tmp_path / "log.sqlite"))
    store.migrate()
    store.users.create("anna.schmidt", "ein langes Passwort")
    LOGGER.addHandler(caplog.handler)
    try:
        store.users.login("anna.schmidt", "falsches Passwort")
        store.users.login("niemand", "falsches Passwort")
        later = datetime.now(UTC) + timedelta(minutes=5)  # after the wait of one failure
        store.users.login("anna.schmidt", "ein langes Passwort", now=later)
        store.replace([_provider(1), _provider(2)], "anna.schmidt")
    finally:
        LOGGER.removeHandler(caplog.handler)
    lines = [JsonLines().format(record) for record in caplog.records]
    events = [json.loads(line) for line in lines]
    assert [(e["ereignis"], e.get("ergebnis")) for e in events[:3]] == [
        ("anmeldung", "abgelehnt"),
        ("anmeldung", "abgelehnt"),
        ("anmeldung", "ok"),
    ]
    saved = events[3]
    assert (saved["ereignis"], saved["art"], saved["neu"]) == ("gespeichert", "anbieter", 2)
    assert all({"zeit", "stufe", "ereignis"} <= set(e) for e in events)
    text = "\n".join(lines)
    assert "anna" not in text and "niemand" not in text and "Passwort" not in text


def test_a_write_that_waits_for_anothers_lock_ends_with_a_clear_message(postgres, monkeypatch):
    """Another session holds the providers table (a long import, a DBA's lock): an
    editor's save waits the lock time-out, then says so – nothing half-written."""
    import sqlalchemy as sa

    from store import StoreBusy

    monkeypatch.setenv("FAMILIENKARTE_SPERRE_S", "1")
    url = postgres.database()
    store = Store(url)
    store.migrate()
    store.replace([_provider(i) for i in range(3)], "vorher")
    holder = sa.create_engine(url)
    with holder.connect() as connection:
        transaction = connection.begin()
        connection.execute(sa.text("LOCK TABLE providers IN EXCLUSIVE MODE"))
        with pytest.raises(StoreBusy, match="nichts geändert"):
            store.save(_provider(0, phone="neu"), "anna")
        transaction.rollback()
    holder.dispose()
    assert [r.phone for r in store.records()] == [_provider(i).phone for i in range(3)]
    store.save(_provider(0, phone="neu"), "anna")  # the lock is gone: the save goes through
    assert store.records()[0].phone == "neu"
    store.engine.dispose()


def test_a_full_disk_during_an_import_ends_with_a_clear_message_and_the_old_data(tmp_path):
    """SQLite's own size limit stands in for a full disk: the import's transaction is
    rolled back whole – the store holds what it held, and reads go on."""
    from store import StoreFull, StoreRefused, sqlite_url

    store = Store(sqlite_url(tmp_path / "voll.sqlite"))
    store.migrate()
    store.replace([_provider(i) for i in range(3)], "vorher")
    no_room_left(store)
    with pytest.raises(StoreFull, match="Speicherplatz") as refused:
        store.replace([_provider(i, phone="neu") for i in range(3_000)], "import")
    assert isinstance(refused.value, StoreRefused)
    assert [r.phone for r in store.records()] == [_provider(i).phone for i in range(3)]
    store.engine.dispose()


def test_a_full_disk_during_an_edit_keeps_the_entry_and_its_history(tmp_path):
    """An editor saves a long description when the disk is full: a clear message, the
    entry and its audit trail as they were, the map's reads go on."""
    from store import StoreFull, sqlite_url

    store = Store(sqlite_url(tmp_path / "voll.sqlite"))
    store.migrate()
    store.replace([_provider(i) for i in range(3)], "vorher")
    trail = len(store.audit_trail())
    no_room_left(store)
    long_text = "Offene Sprechstunde für Eltern mit Babys. " * 2_000
    with pytest.raises(StoreFull, match="Es wurde nichts geändert"):
        store.save(_provider(1, description=long_text), "anna")
    assert store.records()[1] == _provider(1)
    assert len(store.audit_trail()) == trail
    assert store.frame()["name"].tolist() == [_provider(i).name for i in range(3)]
    store.engine.dispose()

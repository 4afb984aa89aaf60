"""The operators' command line: import with the row report and an exit code that a
script can trust, export, migrate – on a real SQLite store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from familienkarte.cli import main
from store import Store, configured_url
from tests.harness.files import bomb
from tests.harness.postgres import postgres  # noqa: F401 (a fixture)
from tests.providers.test_hsds import zipped

HEADER = "id,name,service_types,street,postcode,city,lat,lon,phone,email,website,languages"
GOOD = "a1,Muster-Kita Sonnenschein,kita,Musterweg 1,53721,Siegburg,50.7997,7.2043,,,,de"
SECOND = "a2,Muster-Jugendamt,jugendamt,Amtsweg 2,53721,Siegburg,50.8,7.21,,,,de"
BAD = "a3,Ohne Art,,Weg 3,53721,Siegburg,50.8,7.2,,,,de"


@pytest.fixture
def store_env(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "cli.sqlite"
    monkeypatch.setenv("FAMILIENKARTE_STORE", str(path))
    monkeypatch.delenv("FAMILIENKARTE_DATABASE_URL", raising=False)
    return path


def _file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "anbieter.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _store() -> Store:
    import os

    return Store(configured_url(os.environ))


def test_import_prints_the_report_stores_valid_rows_and_exits_0(store_env, tmp_path, capsys):
    assert main(["import", str(_file(tmp_path, GOOD, BAD)), "--benutzer", "kreis"]) == 0
    out = capsys.readouterr().out
    assert "Zeile 3\tfehler" in out
    assert "1 gültige Zeilen; neu 1" in out
    assert [r.id for r in _store().records()] == ["a1"]
    assert _store().audit_trail().iloc[0]["user"] == "kreis"


def test_a_rejected_file_exits_1_and_leaves_the_store_as_it_was(store_env, tmp_path, capsys):
    main(["import", str(_file(tmp_path, GOOD))])
    assert main(["import", str(_file(tmp_path, BAD))]) == 1
    assert "nichts gespeichert" in capsys.readouterr().err
    assert [r.id for r in _store().records()] == ["a1"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binaer.csv", bytes(range(256)) * 40, "Binärdaten"),
        ("leer.csv", b"", "leer"),
        ("kopf.csv", (HEADER + "\n").encode(), "keine Datenzeilen"),
        # UTF-16 without its byte order mark: which encoding cannot be told.
        ("utf16.csv", f"{HEADER}\n{GOOD}\n".encode("utf-16-le"), "Binärdaten"),
        ("bombe.zip", zipped({"services.csv": b"id,name\n" + b"0" * 50_000_000}), "Zip-Bombe"),
        ("pfad.zip", zipped({"../../etc/services.csv": b"id,name\n"}), "unsicheren Pfad"),
        # A workbook is a zip too: 300 MB of sheet are refused before calamine reads them.
        ("bombe.xlsx", bomb(300), "entpackt sich auf mehr als 200 MB"),
    ],
)
def test_bad_files_get_a_clear_message_and_store_nothing(
    store_env, tmp_path, capsys, name, content, message
):
    main(["import", str(_file(tmp_path, GOOD))])
    before = _store().version()
    bad = tmp_path / name
    bad.write_bytes(content)
    assert main(["import", str(bad)]) == 1
    printed = capsys.readouterr()
    assert message in printed.out, printed.out
    assert "nichts gespeichert" in printed.err
    assert _store().version() == before and [r.id for r in _store().records()] == ["a1"]


def test_a_utf32_file_with_its_mark_loads_like_utf8(store_env, tmp_path, capsys):
    unicode = tmp_path / "utf32.csv"
    unicode.write_bytes(f"{HEADER}\n{GOOD}\n".encode("utf-32"))
    assert main(["import", str(unicode)]) == 0
    printed = capsys.readouterr().out
    assert "hinweis" not in printed and "fehler" not in printed  # nothing to report
    assert _store().records()[0].name == "Muster-Kita Sonnenschein"


def test_replace_retires_and_merge_keeps(store_env, tmp_path, capsys):
    main(["import", str(_file(tmp_path, GOOD))])
    main(["import", str(_file(tmp_path, SECOND)), "--zusammenfuehren"])
    assert [r.id for r in _store().records()] == ["a1", "a2"]
    main(["import", str(_file(tmp_path, SECOND))])
    assert [r.id for r in _store().records()] == ["a2"]
    assert "außer Betrieb 1" in capsys.readouterr().out


def test_export_writes_a_file_the_importer_reads_back(store_env, tmp_path):
    main(["import", str(_file(tmp_path, GOOD, SECOND))])
    out = tmp_path / "export.csv"
    assert main(["export", str(out)]) == 0
    again = tmp_path / "again.sqlite"
    assert main(["--datenbank", f"sqlite+pysqlite:///{again}", "import", str(out)]) == 0
    assert [r.name for r in Store(f"sqlite+pysqlite:///{again}").records()] == [
        r.name for r in _store().records()
    ]


def test_an_unreachable_database_exits_2_without_its_password(capsys):
    url = "postgresql+psycopg://karte:geheim@127.0.0.1:1/familien"
    assert main(["--datenbank", url, "migrate"]) == 2
    err = capsys.readouterr().err
    assert "nicht erreichbar" in err and "geheim" not in err


@pytest.mark.slow
def test_python_m_familienkarte_migrates(store_env):
    done = subprocess.run(
        [sys.executable, "-m", "familienkarte", "migrate"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Schema aktuell (0009)" in done.stdout


def test_an_editor_is_created_from_the_command_line(store_env, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("ein langes Passwort\n"))
    assert main(["benutzer", "anna", "--passwort-stdin"]) == 0
    assert _store().users.login("anna", "ein langes Passwort").ok
    monkeypatch.setattr("sys.stdin", io.StringIO("kurz\n"))
    assert main(["benutzer", "ben", "--passwort-stdin"]) == 2
    assert "mindestens" in capsys.readouterr().err


def test_role_and_areas_are_set_listed_and_an_account_removed(store_env, monkeypatch, capsys):
    import io

    from store import Rights, Role

    monkeypatch.setattr("sys.stdin", io.StringIO("ein langes Passwort\n"))
    argv = ["benutzer", "kurt", "--rolle", "kreis", "--gebiet", "05382", "--passwort-stdin"]
    assert main(argv) == 0
    assert _store().users.rights("kurt") == Rights(Role.KREIS, ("05382",))
    # An existing account: rights only, no password asked.
    assert main(["benutzer", "kurt", "--rolle", "land", "--gebiet", "05", "09"]) == 0
    assert _store().users.rights("kurt") == Rights(Role.LAND, ("05", "09"))
    assert _store().users.login("kurt", "ein langes Passwort").ok
    assert main(["benutzer", "kurt", "--rolle", "kreis", "--gebiet", "5382"]) == 2
    assert "kein Kreis (AGS mit 5 Ziffern)" in capsys.readouterr().err
    capsys.readouterr()
    assert main(["benutzer", "--liste"]) == 0
    assert "kurt\tRolle land, Gebiete 05, 09\tlokal" in capsys.readouterr().out
    assert main(["benutzer", "kurt", "--entfernen"]) == 0
    assert _store().users.rights("kurt") is None


def test_a_users_file_is_written_with_printed_hashes_and_applied(
    store_env, tmp_path, monkeypatch, capsys
):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("ein langes Passwort\n"))
    assert main(["passwort-hash", "--passwort-stdin"]) == 0
    hashed = capsys.readouterr().out.strip()
    assert hashed.startswith("$argon2id$") and "langes" not in hashed
    listed = tmp_path / "benutzer.toml"
    listed.write_text(f'[[benutzer]]\nname = "anna"\npasswort_hash = "{hashed}"\n')
    assert main(["benutzer", "--datei", str(listed)]) == 0
    assert _store().users.login("anna", "ein langes Passwort").ok
    listed.write_text('[[benutzer]]\nname = "ben"\npasswort_hash = "klartext-passwort"\n')
    assert main(["benutzer", "--datei", str(listed)]) == 1
    assert "Passwörter gehören nicht in die Datei" in capsys.readouterr().err
    assert _store().users.names() == ["anna"]


def test_an_hsds_export_imports_back_the_same_with_its_termine(store_env, tmp_path, capsys):
    from tests.providers.test_hsds import every_field_event

    main(["import", str(_file(tmp_path, GOOD, SECOND))])
    termine = [every_field_event("t-1", "a1"), every_field_event("t-2", "a2", rrule="")]
    _store().save_events(termine, "test")
    package = tmp_path / "paket.zip"
    assert main(["export", str(package)]) == 0
    other = f"sqlite+pysqlite:///{tmp_path / 'other.sqlite'}"
    assert main(["--datenbank", other, "import", str(package)]) == 0
    assert "2 Termine; neu 2" in capsys.readouterr().out
    assert Store(other).records() == _store().records()
    assert Store(other).events() == _store().events()


def test_an_address_list_is_geocoded_once_and_the_next_import_asks_nothing(
    store_env, tmp_path, capsys, monkeypatch
):
    from tests.harness.geocoder import geocoder_server

    path = tmp_path / "partner.csv"
    path.write_text(
        "Einrichtung;Straße;Hausnummer;PLZ;Ort\n"
        "Kreisjugendamt;Wilhelmstraße;55;53721;Siegburg\n"
        "Elterncafé;Unbekanntweg;1;53721;Siegburg\n",
        encoding="utf-8",
    )
    # without a geocoder: postcode centres, and the report says how to do better
    assert main(["import", str(path), "--typ", "jugendamt"]) == 0
    assert "2 Einträge liegen nur ungefähr" in capsys.readouterr().out
    with geocoder_server() as (url, requests):
        monkeypatch.setenv("FAMILIENKARTE_GEOCODER", url)
        monkeypatch.setenv("FAMILIENKARTE_GEOCODER_RATE", "0")
        assert main(["import", str(path), "--typ", "jugendamt"]) == 0
        captured = capsys.readouterr()
        assert "Geokodierung: 2/2 Adressen" in captured.err
        assert "1 an der Adresse, 1 ungefähr, 2 Anfragen" in captured.err
        assert "nicht gefunden" in captured.out
        asked = len(requests)
        assert main(["import", str(path), "--typ", "jugendamt"]) == 0
        assert len(requests) == asked  # every answer came from the store
        assert "0 Anfragen, 2 aus dem Zwischenspeicher" in capsys.readouterr().err
    records = {r.name: r for r in _store().records()}
    assert records["Kreisjugendamt"].location_exact and records["Kreisjugendamt"].lat == 50.79748
    assert not records["Elterncafé"].location_exact


def test_geokodieren_moves_stored_rows_and_says_when_no_geocoder_is_set(
    store_env, tmp_path, capsys, monkeypatch
):
    from tests.harness.geocoder import geocoder_server

    monkeypatch.delenv("FAMILIENKARTE_GEOCODER", raising=False)
    path = tmp_path / "partner.csv"
    path.write_text("name;adresse;typ\nAmt;Wilhelmstraße 55, 53721 Siegburg;jugendamt\n")
    main(["import", str(path)])
    assert main(["geokodieren"]) == 2
    assert "FAMILIENKARTE_GEOCODER" in capsys.readouterr().err
    with geocoder_server() as (url, _):
        monkeypatch.setenv("FAMILIENKARTE_GEOCODER", url)
        monkeypatch.setenv("FAMILIENKARTE_GEOCODER_RATE", "0")
        assert main(["geokodieren"]) == 0
    assert "1 Anbieter an ihre Adresse gesetzt" in capsys.readouterr().out
    (record,) = _store().records()
    assert record.location_exact and record.street == "Wilhelmstraße 55"


def test_geokodieren_places_a_real_gesundheitsamt_at_its_address(store_env, capsys, monkeypatch):
    """The Gesundheitsämter of the default install sit at their postcode's centre,
    marked approximate, until the operator's geocoder finds their address."""
    from providers.real import REAL_DIR, RKI
    from tests.harness.geocoder import geocoder_server

    monkeypatch.delenv("FAMILIENKARTE_GEOCODER", raising=False)
    assert main(["import", str(REAL_DIR / RKI.file)]) == 0
    with geocoder_server() as (url, _):
        monkeypatch.setenv("FAMILIENKARTE_GEOCODER", url)
        monkeypatch.setenv("FAMILIENKARTE_GEOCODER_RATE", "0")
        assert main(["geokodieren"]) == 0
    assert "1 Anbieter an ihre Adresse gesetzt" in capsys.readouterr().out
    records = {r.id: r for r in _store().records()}
    placed = records["rki-1.05.3.82"]
    assert placed.location_exact and (placed.lat, placed.lon) == (50.79843, 7.20716)
    assert sum(not r.location_exact for r in records.values()) == len(records) - 1


def test_a_folder_package_and_a_crs_option(store_env, tmp_path, capsys):
    from tests.providers.test_real_files import _package

    folder = _package(
        tmp_path / "paket",
        services=[{"id": "s1", "name": "Hilfe", "status": "active"}],
        terms=[{"id": "t1", "name": "Jugendamt"}],
        attributes=[{"id": "a1", "service_id": "s1", "taxonomy_term_id": "t1"}],
        locations=[{"id": "l0", "name": "Amt", "latitude": "50.8", "longitude": "7.2"}],
    )
    assert main(["import", str(folder)]) == 0
    assert "1 gültige Zeilen" in capsys.readouterr().out
    csv_path = tmp_path / "gk.csv"
    csv_path.write_text("name;x;y;typ\nAmt;2575000;5630000;kita\n", encoding="utf-8")
    assert main(["import", str(csv_path), "--crs", "EPSG:31466"]) == 0
    assert "Gauß-Krüger Zone 2 (EPSG:31466) (laut Datei)" in capsys.readouterr().out
    assert main(["import", str(csv_path), "--crs", "EPSG:99999"]) == 2


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path, monkeypatch) -> str:
    """A store's URL on each backend, set for the command line."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'betrieb.sqlite'}"
    else:
        url = request.getfixturevalue("postgres").database()
    monkeypatch.setenv("FAMILIENKARTE_DATABASE_URL", url)
    return url


def _everything(store: Store) -> tuple:
    """Every record the store keeps, the retired ones and the audit trail included."""
    return (
        store.records(include_retired=True),
        store.events(include_retired=True),
        store.networks(include_retired=True),
        store.audit_trail().to_dict("records"),
        store.users.names(),
        store.revision(),
    )


def test_a_backup_brings_back_every_record_and_the_audit_trail(any_store, tmp_path, capsys):
    from datetime import UTC, datetime

    from events import Event
    from providers import read_sample_networks

    assert main(["import", str(_file(tmp_path, GOOD, SECOND))]) == 0
    store = Store(any_store)
    store.retire("a2", "anna")
    store.save_networks(read_sample_networks()[:3], "anna")
    start = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    store.save_events([Event("t1", "Elterncafé „Süd“", start, provider_id="a1")], "anna")
    store.users.create("anna", "ein langes Passwort")
    before = _everything(store)
    backup = tmp_path / "sicherung.bin"
    assert main(["sicherung", str(backup)]) == 0
    assert "Gesichert nach" in capsys.readouterr().out and backup.stat().st_size > 0
    # After the backup the data change …
    assert main(["import", str(_file(tmp_path, SECOND))]) == 0
    store.retire_network(before[2][0].id, "ben")
    store.retire_event("t1", "ben")
    assert _everything(store) != before
    # … a restore without --ja changes nothing …
    assert main(["wiederherstellen", str(backup)]) == 2
    assert "--ja" in capsys.readouterr().err
    # … with it, every record is as it was, and the editor signs in again.
    assert main(["wiederherstellen", str(backup), "--ja"]) == 0
    assert "Wiederhergestellt aus" in capsys.readouterr().out
    assert _everything(Store(any_store)) == before
    assert Store(any_store).users.login("anna", "ein langes Passwort").ok


def test_a_file_that_is_no_backup_is_refused_and_the_data_stay(any_store, tmp_path, capsys):
    assert main(["import", str(_file(tmp_path, GOOD))]) == 0
    before = _everything(Store(any_store))
    junk = tmp_path / "keine.sicherung"
    junk.write_bytes(b"Das ist keine Sicherung.\n" * 50)
    assert main(["wiederherstellen", str(junk), "--ja"]) == 1
    assert f"{junk} ist keine" in capsys.readouterr().err
    assert _everything(Store(any_store)) == before


def test_an_openstreetmap_extract_is_loaded_for_one_kreis_and_updated_later(
    store_env, tmp_path, capsys
):
    import osmium

    from tests.providers.test_osm import write_extract

    extract = write_extract(tmp_path / "auszug.osm.pbf")
    assert main(["osm", str(extract), "--kreis", "05382"]) == 0
    out = capsys.readouterr().out
    assert "5 passende Objekte, 1 außerhalb, 4 gültig in 05382; neu 4" in out
    stored = {r.id: r for r in _store().records() if r.id.startswith("osm-")}
    assert set(stored) == {"osm-n1", "osm-n2", "osm-w10", "osm-r20"}
    assert all(r.source == "© OpenStreetMap-Mitwirkende (ODbL)" for r in stored.values())
    # The next extract lacks the midwife: she is retired, the others stay, the sample too.
    smaller = tmp_path / "neuer.osm.pbf"
    with osmium.SimpleWriter(str(smaller)) as writer:
        for obj in osmium.FileProcessor(str(extract)):
            if not (obj.is_node() and obj.id == 1):
                writer.add(obj)
    before = _store().count()
    assert main(["osm", str(smaller), "--kreis", "05382"]) == 0
    assert "außer Betrieb 1" in capsys.readouterr().out
    assert "osm-n1" not in {r.id for r in _store().records()}
    assert _store().count() == before - 1


def test_an_extract_of_another_country_stores_nothing(store_env, tmp_path, capsys):
    import osmium

    paris = tmp_path / "paris.osm.pbf"
    with osmium.SimpleWriter(str(paris)) as writer:
        writer.add_node(
            osmium.osm.mutable.Node(
                id=1, location=(2.35, 48.85), tags={"amenity": "kindergarten", "name": "Crèche"}
            )
        )
    assert main(["migrate"]) == 0
    before = _store().count()
    assert main(["osm", str(paris)]) == 1
    assert "ein Auszug eines anderen Landes?" in capsys.readouterr().err
    assert _store().count() == before
    assert main(["osm", str(paris), "--kreis", "5382"]) == 2


def test_the_readme_lists_the_openstreetmap_tags_the_reader_uses():
    from familienkarte.cli import OSM_BEGIN, OSM_END
    from providers.osm import tag_table_markdown

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split(OSM_BEGIN)[1].split(OSM_END)[0].strip()
    assert block == tag_table_markdown(), (
        "uv run python -m familienkarte osm-tabelle --readme README.md"
    )

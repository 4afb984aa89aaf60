"""Command line for operators: import a file into the store, export, migrate.

``uv run python -m familienkarte import anbieter.csv [--zusammenfuehren]``
    reads the file with the app's importer, prints the row report and stores the
    valid rows in one transaction (replace by default, or merge). Exit code 0 when
    rows were stored, 1 when the file was rejected (nothing stored), 2 for wrong
    use or an unreachable database.
``uv run python -m familienkarte export ausgabe.csv`` (or ``ausgabe.zip``)
    writes the active providers as a CSV for German Excel, or as an Open
    Referral HSDS 3 data package; ``import`` reads such a package back.
``uv run python -m familienkarte migrate``
    brings the database's schema to the newest migration.
``uv run python -m familienkarte sicherung DATEI``
    writes a backup of the whole store (providers with history, Termine,
    Netzwerke, users, audit trail) while the app runs: SQLite's online backup,
    ``pg_dump`` in the custom format for PostgreSQL.
``uv run python -m familienkarte wiederherstellen DATEI --ja``
    replaces the store's data with such a backup (PostgreSQL: in one transaction),
    then brings the schema to the newest migration. App processes see the restored
    data at their next page view.
``uv run python -m familienkarte benutzer NAME [--rolle R --gebiet A …] [--passwort-stdin]``
    creates an editor (or sets a new password); the password is asked for, or
    read from standard input. ``--rolle`` (betrieb, land, kreis, netzwerk,
    anbieter) and ``--gebiet`` (AGS, network or provider ids) set what it may
    change – for an existing editor without a new password. ``benutzer --liste``
    lists the editors with their rights, ``benutzer NAME --entfernen`` removes one.
    ``benutzer --datei benutzer.toml`` takes the editors of a users file instead
    (as the app does from ``$FAMILIENKARTE_USERS``), and ``passwort-hash`` prints
    the hash to write into such a file.

The store is ``--datenbank URL``, else ``$FAMILIENKARTE_DATABASE_URL``, else the
SQLite file ``$FAMILIENKARTE_STORE`` (see :func:`configured_url`).
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import intake
import providers
from geodata.coordinates import UnknownCrs, parse_crs
from store import (
    BackupError,
    Rights,
    Role,
    Store,
    backup,
    configured_url,
    hash_password,
    read_users_file,
    redacted,
    restore,
    rights_from,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m familienkarte",
        description="Familienkarte: Daten importieren, exportieren, sichern, Datenbank migrieren.",
    )
    parser.add_argument("--datenbank", help="SQLAlchemy-URL der Datenbank (sonst aus der Umgebung)")
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("import", help="eine Anbieterdatei in die Datenbank laden")
    load.add_argument("datei", type=Path)
    load.add_argument(
        "--zusammenfuehren",
        action="store_true",
        help="mit den gespeicherten Anbietern zusammenführen (nach id, sonst Name + Adresse) "
        "statt sie zu ersetzen",
    )
    load.add_argument("--benutzer", default=getpass.getuser(), help="Name im Änderungsprotokoll")
    load.add_argument(
        "--zuordnung",
        type=Path,
        help="gespeicherte Spaltenzuordnung (JSON), z. B. aus der Vorschau der Daten-Seite",
    )
    load.add_argument("--typ", help="eine Angebotsart für alle Zeilen ohne eigene, z. B. kita")
    load.add_argument(
        "--crs",
        help="Koordinatensystem der Koordinaten, z. B. EPSG:25832 (sonst laut Datei oder "
        "nach dem Wertebereich erkannt: UTM 32/33, Gauß-Krüger 2–5)",
    )
    osm = commands.add_parser(
        "osm",
        help="Einrichtungen aus einem OpenStreetMap-Auszug (.osm.pbf, z. B. von Geofabrik) laden",
    )
    osm.add_argument("datei", type=Path)
    where = osm.add_mutually_exclusive_group()
    where.add_argument("--land", help="nur ein Land, z. B. 05 (Nordrhein-Westfalen)")
    where.add_argument("--kreis", help="nur ein Kreis, z. B. 05382 (Rhein-Sieg-Kreis)")
    osm.add_argument("--benutzer", default=getpass.getuser(), help="Name im Änderungsprotokoll")
    tags = commands.add_parser(
        "osm-tabelle", help="welche OpenStreetMap-Tags zu welcher Angebotsart werden"
    )
    tags.add_argument("--readme", type=Path, help="README, deren OSM-Block ersetzt wird")
    geo = commands.add_parser(
        "geokodieren",
        help="gespeicherte Anbieter am PLZ-Mittelpunkt über den eingestellten Geokodierer "
        "(FAMILIENKARTE_GEOCODER) an ihre Adresse setzen",
    )
    geo.add_argument("--benutzer", default=getpass.getuser(), help="Name im Änderungsprotokoll")
    out = commands.add_parser(
        "export", help="die aktiven Anbieter als CSV für Excel oder als HSDS-3-Paket (.zip)"
    )
    out.add_argument("datei", type=Path, help="… .csv oder … .zip (Open Referral HSDS 3)")
    commands.add_parser("migrate", help="das Datenbankschema auf den neuesten Stand bringen")
    saved = commands.add_parser(
        "sicherung", help="die ganze Datenbank in eine Datei sichern (im laufenden Betrieb)"
    )
    saved.add_argument("datei", type=Path)
    back = commands.add_parser(
        "wiederherstellen", help="die Daten der Datenbank durch eine Sicherung ersetzen"
    )
    back.add_argument("datei", type=Path)
    back.add_argument(
        "--ja", action="store_true", help="wirklich ersetzen (ohne --ja geschieht nichts)"
    )
    user = commands.add_parser(
        "benutzer", help="eine Redakteurin / einen Redakteur anlegen oder das Passwort setzen"
    )
    user.add_argument("name", nargs="?")
    user.add_argument(
        "--rolle",
        choices=[role.value for role in Role],
        help="was der Zugang ändern darf (ohne: betrieb für einen neuen, sonst wie bisher)",
    )
    user.add_argument(
        "--gebiet",
        nargs="+",
        default=[],
        help="Gebiete der Rolle: AGS (Land 05, Kreis 05382), Netzwerk- oder Anbieter-Kennungen",
    )
    user.add_argument("--liste", action="store_true", help="alle Zugänge mit ihren Rechten")
    user.add_argument("--entfernen", action="store_true", help="den Zugang NAME entfernen")
    user.add_argument(
        "--datei",
        type=Path,
        help="statt NAME: die Einträge einer Benutzerdatei (TOML mit [[benutzer]] name, "
        "passwort_hash) übernehmen",
    )
    hashed = commands.add_parser(
        "passwort-hash", help="den argon2id-Hash eines Passworts für die Benutzerdatei ausgeben"
    )
    for command in (user, hashed):
        command.add_argument(
            "--passwort-stdin",
            action="store_true",
            help="das Passwort aus der ersten Zeile der Standardeingabe lesen (für Skripte)",
        )
    return parser


def _store(url: str | None) -> Store:
    store = Store(url or configured_url(os.environ))
    store.migrate()
    return store


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code (0 ok, 1 file rejected, 2 wrong use or no database)."""
    arguments = _parser().parse_args(argv)
    if arguments.command == "passwort-hash":
        return _print_hash(arguments.passwort_stdin)
    try:
        store = _store(arguments.datenbank)
    except Exception as error:  # noqa: BLE001 - any database fault is one clear message
        url = arguments.datenbank or configured_url(os.environ)
        print(
            f"Die Datenbank {redacted(url)} ist nicht erreichbar: {type(error).__name__}",
            file=sys.stderr,
        )
        return 2
    if arguments.command == "migrate":
        print(f"Schema aktuell ({store.revision()}): {store.label}")
        return 0
    if arguments.command in ("sicherung", "wiederherstellen"):
        return _backup(store, arguments)
    if arguments.command == "export":
        if arguments.datei.suffix.lower() == ".zip":
            package = providers.write_hsds(
                store.frame(),
                store.events(),
                store.networks(),
                providers.namespace_from(os.environ),
            )
            arguments.datei.write_bytes(package)
        else:
            csv = providers.to_excel_csv(store.frame(), "Quelle: Familienkarte")
            arguments.datei.write_bytes(csv.data)
        print(f"{store.count()} Anbieter nach {arguments.datei} geschrieben.")
        return 0
    if arguments.command == "benutzer":
        if arguments.datei is not None:
            return _users_file(store, arguments.datei)
        if arguments.liste:
            return _list_users(store)
        if arguments.name is None:
            print("benutzer: NAME, --liste oder --datei angeben.", file=sys.stderr)
            return 2
        if arguments.entfernen:
            gone = store.users.remove(arguments.name)
            print(
                f"Zugang „{arguments.name}“ entfernt." if gone else "Diesen Zugang gibt es nicht."
            )
            return 0 if gone else 1
        return _user(
            store, arguments.name, arguments.passwort_stdin, arguments.rolle, arguments.gebiet
        )
    if arguments.command == "osm-tabelle":
        return _osm_table(arguments.readme)
    if arguments.command == "osm":
        return _osm(store, arguments.datei, arguments.land or arguments.kreis, arguments.benutzer)
    if arguments.command == "geokodieren":
        return _geocode_stored(store, arguments.benutzer)
    try:
        mapping = _mapping(arguments.zuordnung, arguments.typ, arguments.crs)
    except (OSError, ValueError) as error:
        print(str(error), file=sys.stderr)
        return 2
    return _import(store, arguments.datei, arguments.zusammenfuehren, arguments.benutzer, mapping)


def _backup(store: Store, arguments: argparse.Namespace) -> int:
    if arguments.command == "wiederherstellen" and not arguments.ja:
        print(
            f"Das ersetzt alle Daten von {store.label} durch {arguments.datei}. "
            "Zum Bestätigen mit --ja aufrufen.",
            file=sys.stderr,
        )
        return 2
    try:
        if arguments.command == "sicherung":
            backup(store, arguments.datei)
        else:
            restore(store, arguments.datei)
            store.migrate()  # a backup of an older version gets today's schema
    except (BackupError, OSError) as error:
        print(str(error), file=sys.stderr)
        return 1
    counts = (store.count(), len(store.events()), len(store.networks()))
    what = "{} Anbieter, {} Termine, {} Netzwerke".format(*counts)
    if arguments.command == "sicherung":
        print(f"Gesichert nach {arguments.datei}: {what}.")
    else:
        print(f"Wiederhergestellt aus {arguments.datei}: {what}.")
    return 0


def _geocoded(
    store: Store,
    records: list[providers.Provider],
    rows: list[int],
    report: intake.ProblemLog,
) -> providers.GeocodeRun:
    """Rows at a postcode centre moved to their address, when a geocoder is set."""
    settings = providers.GeocoderSettings.from_environ()
    if settings is None or not records:
        return providers.GeocodeRun(records)
    geocoder = providers.Geocoder(settings, store)

    def progress(done: int, total: int) -> bool:
        print(f"\rGeokodierung: {done}/{total} Adressen", end="", file=sys.stderr, flush=True)
        return True

    run = providers.geocode_providers(records, rows, geocoder, report, progress)
    print(
        f"\nGeokodierung: {run.located} an der Adresse, {run.approximate} ungefähr, "
        f"{geocoder.asked} Anfragen, {geocoder.from_cache} aus dem Zwischenspeicher.",
        file=sys.stderr,
    )
    if geocoder.not_kept:
        print(
            f"{geocoder.not_kept} Antworten nicht zwischengespeichert: der Speicherplatz der "
            "Datenbank ist erschöpft.",
            file=sys.stderr,
        )
    return run


def _geocode_stored(store: Store, user: str) -> int:
    if providers.GeocoderSettings.from_environ() is None:
        print(
            "Kein Geokodierer eingestellt: FAMILIENKARTE_GEOCODER=https://… (Nominatim oder "
            "Photon) setzen.",
            file=sys.stderr,
        )
        return 2
    records = store.records()
    report = intake.ProblemLog()
    run = _geocoded(store, records, list(range(1, len(records) + 1)), report)
    changed = [new for new, old in zip(run.providers, records, strict=True) if new != old]
    if changed:
        store.merge(changed, user)
    print(f"{len(changed)} Anbieter an ihre Adresse gesetzt ({store.label}).")
    return 0


def _password(from_stdin: bool) -> str | None:
    """The password from standard input, or asked for twice (``None``: they differ)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Passwort: ")
    if getpass.getpass("Passwort wiederholen: ") != password:
        print("Die Passwörter stimmen nicht überein.", file=sys.stderr)
        return None
    return password


def _user(store: Store, name: str, from_stdin: bool, role: str | None, areas: list[str]) -> int:
    rights = None
    if role is not None:
        try:
            rights, notes = rights_from(role, areas)
        except ValueError as error:
            print(str(error), file=sys.stderr)
            return 2
        for note in notes:
            print(f"Gebiet umgeschlüsselt: {note}")
        if store.users.rights(name) is not None and not from_stdin:
            store.users.set_rights(name, rights)  # an existing account: rights only
            print(f"Zugang „{name}“: {_rights_text(rights)}.")
            return 0
    password = _password(from_stdin)
    if password is None:
        return 2
    try:
        store.users.create(name, password, rights)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    now = store.users.rights(name)
    print(f"Benutzer „{name}“ kann sich jetzt auf der Seite „Daten“ anmelden: {_rights_text(now)}.")
    return 0


def _rights_text(rights: Rights | None) -> str:
    if rights is None:
        return "kein Zugang"
    if rights.everything:
        return "Rolle betrieb (alles; mit --rolle einschränken)"
    return f"Rolle {rights.role.value}, Gebiete {', '.join(rights.areas)}"


def _list_users(store: Store) -> int:
    for account in store.users.accounts():
        print(f"{account.name}\t{_rights_text(account.rights)}\t{account.origin}")
    return 0


def _users_file(store: Store, path: Path) -> int:
    try:
        entries = read_users_file(path)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 1
    changed = store.users.apply(entries)
    print(f"{len(entries)} Benutzer in {path}, davon {changed} neu oder mit neuem Passwort.")
    return 0


def _print_hash(from_stdin: bool) -> int:
    password = _password(from_stdin)
    if password is None:
        return 2
    try:
        print(hash_password(password))
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    return 0


def _mapping(
    path: Path | None, service_type: str | None, crs: str | None = None
) -> providers.ColumnMapping | None:
    """The mapping of ``--zuordnung``, ``--typ`` and ``--crs`` (``None``: suggested per file)."""
    if path is None and service_type is None and crs is None:
        return None
    mapping = (
        providers.ColumnMapping.from_json(path.read_text(encoding="utf-8"))
        if path
        else providers.ColumnMapping()
    )
    if service_type is not None:
        if service_type not in providers.TYPE_INDEX:
            raise ValueError(f"--typ: „{service_type}“ ist keine Angebotsart.")
        mapping = dataclasses.replace(mapping, service_type=service_type)
    if crs is not None:
        try:
            mapping = dataclasses.replace(mapping, crs=parse_crs(crs))
        except UnknownCrs as error:
            raise ValueError(f"--crs: {error}") from None
    return mapping


#: The README's block with the OpenStreetMap tags (written by ``osm-tabelle --readme``).
OSM_BEGIN = "<!-- osm: von `python -m familienkarte osm-tabelle --readme README.md` geschrieben -->"
OSM_END = "<!-- osm: ende -->"


def _osm_table(readme: Path | None) -> int:
    from intake.__main__ import write_block
    from providers.osm import tag_table_markdown

    if readme is None:
        print(tag_table_markdown())
        return 0
    return write_block(readme, OSM_BEGIN, OSM_END, tag_table_markdown())


def _osm(store: Store, path: Path, area: str | None, user: str) -> int:
    """Load the family-support places of an OpenStreetMap extract: OSM objects already
    stored are updated, those no longer in the extract (within the area) retired. The
    extract is read as a stream in the bounded worker (limits of purpose ``osm``)."""
    from geodata import is_valid_ags, is_within
    from providers.osm import OSM_ID_PREFIX, OsmUnreadable, read_osm

    if area is not None and not (is_valid_ags(area, "land") or is_valid_ags(area, "kreis")):
        print(f"„{area}“ ist kein Land (05) und kein Kreis (05382).", file=sys.stderr)
        return 2
    if not path.is_file():
        print(f"Datei nicht gefunden: {path}", file=sys.stderr)
        return 2
    limits = intake.LIMITS["osm"]
    try:
        read = intake.run_isolated(
            read_osm,
            str(intake.checked_path(path, "osm")),
            area,
            timeout_s=limits.seconds,
            memory_bytes=limits.memory_bytes,
        )
    except (OsmUnreadable, intake.FileRefused, intake.WorkerFailed) as error:
        print(f"{path.name}: {error} – nichts gespeichert.", file=sys.stderr)
        return 1
    for problem in read.report.problems:
        where = f"Objekt {problem.row}" if problem.row else "Datei"
        print(f"{where}\t{problem.severity}\t{problem.message}")
    where = f"in {area}" if area else "in Deutschland"
    if not read.providers:
        hint = " – ein Auszug eines anderen Landes?" if read.matched and not area else ""
        print(
            f"{path.name}: {read.matched} passende Objekte, keines {where}{hint}; nichts "
            "gespeichert.",
            file=sys.stderr,
        )
        return 1

    def among(key: str, kreis: str | None) -> bool:
        return key.startswith(OSM_ID_PREFIX) and bool(kreis) and is_within(kreis, area)

    change = store.replace(read.providers, user, among=among)
    print(
        f"{path.name}: {read.matched} passende Objekte, {read.outside} außerhalb, "
        f"{len(read.providers)} gültig {where}; neu {change.added}, geändert {change.updated}, "
        f"unverändert {change.unchanged}, außer Betrieb {change.retired} ({store.label})."
    )
    return 0


def _import(
    store: Store,
    path: Path,
    merge: bool,
    user: str,
    mapping: providers.ColumnMapping | None,
) -> int:
    if not path.exists():
        print(f"Datei oder Ordner nicht gefunden: {path}", file=sys.stderr)
        return 2
    purpose = "hsds" if path.is_dir() or path.suffix.lower() == ".zip" else "anbieter"
    try:
        result = intake.read_path_guarded(path, purpose, providers.read_provider_file, mapping)
    except (intake.FileRefused, intake.WorkerFailed) as refused:
        print(f"Datei\tfehler\t{refused}")
        print(f"{path.name}: nicht gelesen – nichts gespeichert.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{path.name}: kann nicht gelesen werden ({error.strerror}).", file=sys.stderr)
        return 1
    records = providers.records_from_frame(result.frame)
    report = intake.ProblemLog()
    run = _geocoded(store, records, list(result.rows), report)
    for problem in sorted((*result.problems, *report.problems), key=lambda p: p.row):
        where = f"Zeile {problem.row}" if problem.row else "Datei"
        print(f"{where}\t{problem.severity}\t{problem.message}")
    if result.frame.empty:
        print(f"{path.name}: keine gültige Zeile – nichts gespeichert.", file=sys.stderr)
        return 1
    records = run.providers
    change = store.merge(records, user) if merge else store.replace(records, user)
    if result.events:  # an HSDS package's Termine at its providers
        saved = store.save_events(result.events, user)
        print(
            f"{path.name}: {len(result.events)} Termine; neu {saved.added}, "
            f"geändert {saved.updated}."
        )
    approximate = sum(not record.location_exact for record in records)
    if approximate:
        how = (
            "ihre Adressen wurden nicht gefunden"
            if run.located or run.stopped
            else "mit FAMILIENKARTE_GEOCODER=… uv run python -m familienkarte geokodieren "
            "an ihre Adresse setzen"
        )
        print(f"{approximate} Einträge liegen nur ungefähr (PLZ-Mittelpunkt): {how}.")
    print(
        f"{path.name}: {len(records)} gültige Zeilen; neu {change.added}, geändert "
        f"{change.updated}, unverändert {change.unchanged}, außer Betrieb {change.retired} "
        f"({store.label})."
    )
    return 0

"""Backing up and restoring the store while the app runs.

SQLite through its online backup API (a consistent copy even while app processes
write); PostgreSQL through ``pg_dump``/``pg_restore`` in the custom format, the
restore in one transaction, so that a failed one leaves the data as it was. A
backup holds everything: providers with their history, Termine, Netzwerke, users,
the audit trail.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from store.oplog import log_event
from store.store import Store


class BackupError(RuntimeError):
    """A backup or restore that did not complete; the message says why (no password)."""


def _postgres(url: str) -> tuple[str, dict[str, str]]:
    """The libpq address of a SQLAlchemy URL, and the environment with its password
    (never on a command line, where other users of the machine could read it)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    address = parsed.set(drivername="postgresql", password=None)
    return address.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} fehlt: apt-get install postgresql-client") from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} ist gescheitert: {done.stderr.strip()[-500:]}")


def _remove(partial: Path) -> None:
    """The unfinished backup and what SQLite keeps beside it (journal, WAL)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)


def backup(store: Store, target: Path) -> None:
    """Write a backup of ``store`` to ``target`` (overwritten only by a complete one).

    The backup is written beside the target and renamed when it is whole: a full disk
    or a failed dump leaves no file that looks like a backup, and an older backup at
    ``target`` stays as it was.
    """
    target = Path(target)
    partial = target.with_name(f".{target.name}.teil")
    backend = store.backend
    try:
        if backend == "sqlite":
            source = sqlite3.connect(make_url(store.url).database)
            copy = sqlite3.connect(partial)
            try:
                with copy:
                    source.backup(copy)
            finally:
                copy.close()
                source.close()
        elif backend == "postgresql":
            address, env = _postgres(store.url)
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", address], env)
        else:
            raise BackupError(f"Keine Sicherung für {backend}.")
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        _remove(partial)
        full = "full" in str(error) or getattr(error, "errno", None) == errno.ENOSPC
        why = "kein Platz mehr auf dem Datenträger" if full else str(error)[:200]
        raise BackupError(
            f"Die Sicherung ist gescheitert ({why}); es wurde keine Datei geschrieben."
        ) from error
    except BackupError:
        _remove(partial)
        raise
    log_event("sicherung", datenbank=backend, bytes=target.stat().st_size)


def restore(store: Store, source: Path) -> None:
    """Replace the data of ``store`` with the backup ``source`` (of the same backend)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} ist keine Datei.")
    backend = store.backend
    store.engine.dispose()  # no pooled connection keeps the old data
    if backend == "sqlite":
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if origin.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} ist keine SQLite-Sicherung.")
            live = sqlite3.connect(make_url(store.url).database)
            try:
                origin.backup(live)
            finally:
                live.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} ist keine SQLite-Sicherung: {error}") from error
        finally:
            origin.close()
    elif backend == "postgresql":
        address, env = _postgres(store.url)
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        try:
            _run([*command, f"--dbname={address}", str(source)], env)
        except BackupError as error:
            raise BackupError(
                f"{source} ist keine passende PostgreSQL-Sicherung: {error}"
            ) from error
    else:
        raise BackupError(f"Keine Wiederherstellung für {backend}.")
    store.engine.dispose()
    log_event("wiederherstellung", datenbank=backend, bytes=source.stat().st_size)

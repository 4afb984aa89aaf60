"""Editors of the store: passwords hashed with argon2id (``argon2-cffi``), and
failed logins slowed down – after each failure a user must wait twice as long
(1 s, 2 s, 4 s … at most :data:`MAX_WAIT_S`) before the next try counts.

Editors come from the command line or from a users file (TOML, path in
``$FAMILIENKARTE_USERS``) that an operator keeps with the installation's other
configuration. The file holds only argon2 hashes, never passwords::

    [[benutzer]]
    name = "anna"
    passwort_hash = "$argon2id$v=19$m=65536,t=3,p=4$…"   # python -m familienkarte passwort-hash
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError

from store.oplog import log_event
from store.tables import users

MAX_WAIT_S = 60
MIN_PASSWORD = 10
USERS_ENV = "FAMILIENKARTE_USERS"
_NAME = re.compile(r"^[\w.@-]{2,100}$")
_HASHER = PasswordHasher()


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise ValueError("Benutzername: 2–100 Zeichen, Buchstaben, Ziffern und . @ - _")


def hash_password(password: str) -> str:
    """The argon2id hash of a password, as stored and as written in a users file.

    Raises
    ------
    ValueError
        For a password shorter than :data:`MIN_PASSWORD` characters.
    """
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"Das Passwort braucht mindestens {MIN_PASSWORD} Zeichen.")
    return _HASHER.hash(password)


@dataclass(frozen=True)
class UserEntry:
    """One editor of a users file: a name and an argon2 hash."""

    name: str
    password_hash: str


def read_users_file(path: Path) -> list[UserEntry]:
    """The editors of a users file (see the module's text).

    Raises
    ------
    ValueError
        In German, naming the file and the entry: for a file that is no TOML, an
        entry without name or hash, a bad name, a hash that is no argon2 hash (a
        plain password, say), or a name given twice. Nothing of such a file is used.
    """
    try:
        content = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"Benutzerdatei {path} nicht lesbar: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"Benutzerdatei {path} ist kein gültiges TOML: {error}") from None
    listed = content.get("benutzer", [])
    if not isinstance(listed, list):
        raise ValueError(f"Benutzerdatei {path}: erwartet werden [[benutzer]]-Einträge.")
    entries: list[UserEntry] = []
    for number, entry in enumerate(listed, start=1):
        where = f"Benutzerdatei {path}, Eintrag {number}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: erwartet werden name und passwort_hash.")
        name, hashed = str(entry.get("name", "")), str(entry.get("passwort_hash", ""))
        try:
            _check_name(name)
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        try:
            if extract_parameters(hashed).type.name != "ID":
                raise InvalidHashError
        except (InvalidHashError, ValueError):
            raise ValueError(
                f"{where} („{name}“): passwort_hash ist kein argon2id-Hash – Passwörter "
                "gehören nicht in die Datei (Hash: python -m familienkarte passwort-hash)."
            ) from None
        if any(known.name == name for known in entries):
            raise ValueError(f"{where}: „{name}“ steht zweimal in der Datei.")
        entries.append(UserEntry(name, hashed))
    return entries


@dataclass(frozen=True)
class Login:
    """The answer to a login: ``ok``, or how many seconds to wait before the next try
    counts; ``checked`` is false when the password was not even looked at (too soon)."""

    ok: bool
    wait_s: int = 0
    checked: bool = True


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite gives naive datetimes back; they were stored in UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


class Users:
    """The editors of one store (its engine)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def create(self, name: str, password: str) -> None:
        """Add an editor, or set a new password for one.

        Raises
        ------
        ValueError
            For a name with other than letters, digits and ``. @ - _``, or a
            password shorter than :data:`MIN_PASSWORD` characters.
        """
        _check_name(name)
        with self.engine.begin() as connection:
            _put(connection, name, hash_password(password))

    def apply(self, entries: Iterable[UserEntry]) -> int:
        """Add the editors of a users file or set their hashes, in one transaction;
        editors not in the file stay. The number of editors added or changed: an
        unchanged entry is left alone, so its failed logins still count."""
        changed = 0
        with self.engine.begin() as connection:
            stored = dict(connection.execute(sa.select(users.c.name, users.c.password_hash)).all())
            for entry in entries:
                if stored.get(entry.name) != entry.password_hash:
                    _put(connection, entry.name, entry.password_hash)
                    changed += 1
        return changed

    def names(self) -> list[str]:
        """Every editor's name."""
        with self.engine.connect() as connection:
            return list(
                connection.execute(sa.select(users.c.name).order_by(users.c.name)).scalars()
            )

    def login(self, name: str, password: str, now: datetime | None = None) -> Login:
        """Check a password. An unknown name and a wrong password look alike; while a
        user must wait, no password is checked at all."""
        now = now or datetime.now(UTC)
        with self.engine.begin() as connection:
            row = (
                connection.execute(sa.select(users).where(users.c.name == name)).mappings().first()
            )
            if row is None:
                _HASHER.hash(password)  # as slow as a real check: names do not leak
                log_event("anmeldung", ergebnis="abgelehnt")
                return Login(False)
            locked = _aware(row["locked_until"])
            if locked is not None and locked > now:
                log_event("anmeldung", ergebnis="gesperrt")
                return Login(False, max(1, int((locked - now).total_seconds() + 0.999)), False)
            try:
                _HASHER.verify(row["password_hash"], password)
            except (VerificationError, InvalidHashError):
                failed = row["failed_logins"] + 1
                wait = min(MAX_WAIT_S, 2 ** (failed - 1))
                connection.execute(
                    users.update()
                    .where(users.c.name == name)
                    .values(failed_logins=failed, locked_until=now + timedelta(seconds=wait))
                )
                log_event("anmeldung", ergebnis="abgelehnt", fehlversuche=failed)
                return Login(False, wait)
            connection.execute(
                users.update()
                .where(users.c.name == name)
                .values(failed_logins=0, locked_until=None)
            )
            log_event("anmeldung", ergebnis="ok")
            return Login(True)


def _put(connection: sa.Connection, name: str, password_hash: str) -> None:
    values = {
        "password_hash": password_hash,
        "created_at": datetime.now(UTC),
        "failed_logins": 0,
        "locked_until": None,
    }
    found = connection.execute(sa.select(users.c.name).where(users.c.name == name))
    if found.first() is None:
        connection.execute(users.insert().values(name=name, **values))
    else:
        connection.execute(users.update().where(users.c.name == name).values(**values))

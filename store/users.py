"""Editors of the store: passwords hashed with argon2id (``argon2-cffi``), and
failed logins slowed down – after each failure a user must wait twice as long
(1 s, 2 s, 4 s … at most :data:`MAX_WAIT_S`) before the next try counts.

Editors come from the command line or from a users file (TOML, path in
``$FAMILIENKARTE_USERS``) that an operator keeps with the installation's other
configuration. The file holds only argon2 hashes, never passwords::

    [[benutzer]]
    name = "anna"
    passwort_hash = "$argon2id$v=19$m=65536,t=3,p=4$…"   # python -m familienkarte passwort-hash
    rolle = "kreis"                                      # betrieb, land, kreis, netzwerk, anbieter
    gebiete = ["05382"]                                  # AGS, Netzwerk- oder Anbieter-Kennungen

Each account has a role and its areas (:mod:`store.rights`); without ``rolle`` an
entry is ``betrieb``.
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

from store.acting import account_rights, rights_in
from store.areas import BadArea, checked_areas
from store.errors import NotAllowed
from store.oplog import log_event
from store.rights import OPERATOR, Editor, Rights, Role, actor_name
from store.tables import audit, networks, providers, users

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
    """One editor of a users file: a name, an argon2 hash, the role and its areas."""

    name: str
    password_hash: str
    rights: Rights = OPERATOR


@dataclass(frozen=True)
class Account:
    """An account as the Daten page lists it."""

    name: str
    rights: Rights
    #: ``"lokal"`` (a password here) or ``"oidc"`` (signs in at the identity provider).
    origin: str = "lokal"


def rights_from(role: object, areas: object) -> tuple[Rights, list[str]]:
    """Rights from what a file or a form says, with notes on old keys converted.

    Raises
    ------
    ValueError
        For an unknown role or areas that do not fit it (in German).
    """
    try:
        checked_role = Role(str(role).strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValueError(f"Unbekannte Rolle „{role}“ (erlaubt: {names}).") from None
    if isinstance(areas, str):
        areas = [areas]
    if not isinstance(areas, list | tuple):
        raise ValueError('Gebiete: eine Liste, z. B. gebiete = ["05382"].')
    try:
        cleaned, notes = checked_areas(checked_role, [str(area) for area in areas])
    except BadArea as error:
        raise ValueError(str(error)) from None
    return Rights(checked_role, cleaned), notes


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
        try:
            rights, _ = rights_from(entry.get("rolle", "betrieb"), entry.get("gebiete", []))
        except ValueError as error:
            raise ValueError(f"{where} („{name}“): {error}") from None
        entries.append(UserEntry(name, hashed, rights))
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

    def create(self, name: str, password: str, rights: Rights | None = None) -> None:
        """Add an editor, or set a new password (and, if given, rights) for one; a new
        editor without ``rights`` is ``betrieb``, an existing one keeps its rights.

        Raises
        ------
        ValueError
            For a name with other than letters, digits and ``. @ - _``, or a
            password shorter than :data:`MIN_PASSWORD` characters.
        """
        _check_name(name)
        with self.engine.begin() as connection:
            _put(connection, name, hash_password(password), rights)

    def apply(self, entries: Iterable[UserEntry]) -> int:
        """Add the editors of a users file or set their hashes and rights, in one
        transaction; editors not in the file stay. The number of editors added or
        changed: an unchanged entry is left alone, so its failed logins still count."""
        changed = 0
        with self.engine.begin() as connection:
            stored = {
                row.name: (row.password_hash, Rights.stored(row.role, row.areas))
                for row in connection.execute(
                    sa.select(users.c.name, users.c.password_hash, users.c.role, users.c.areas)
                )
            }
            for entry in entries:
                if stored.get(entry.name) != (entry.password_hash, entry.rights):
                    _put(connection, entry.name, entry.password_hash, entry.rights)
                    changed += 1
        return changed

    def set_rights(self, name: str, rights: Rights) -> bool:
        """Give an account other rights; ``False`` if there is no such account. Its next
        write is checked against them (the store reads them at every write)."""
        with self.engine.begin() as connection:
            return _set_rights(connection, name, rights)

    def remove(self, name: str) -> bool:
        """Delete an account; ``False`` if there was none. A session it had open is
        refused at its next write."""
        with self.engine.begin() as connection:
            done = connection.execute(users.delete().where(users.c.name == name))
        return done.rowcount > 0

    def rights(self, name: str, connection: sa.Connection | None = None) -> Rights | None:
        """The rights of an account now (``None``: there is no such account)."""
        if connection is not None:
            return account_rights(connection, name)
        with self.engine.connect() as own:
            return account_rights(own, name)

    def accounts(self) -> list[Account]:
        """Every account with its rights, by name."""
        query = sa.select(users.c.name, users.c.role, users.c.areas, users.c.origin).order_by(
            users.c.name
        )
        with self.engine.connect() as connection:
            return [
                Account(row.name, Rights.stored(row.role, row.areas), row.origin)
                for row in connection.execute(query)
            ]

    def grant(
        self, name: str, rights: Rights, by: str | Editor, password: str | None = None
    ) -> None:
        """Create an account or change its rights (and password) as ``by``: only inside
        ``by``'s areas and never with more rights than its own; an existing account
        must lie inside them too. The audit trail keeps it as ``konto:<name>``.

        Raises
        ------
        NotAllowed
            When ``by`` may not (in German, saying why).
        ValueError
            For a bad name or a password too short; a new account needs a password.
        """
        _check_name(name)
        hashed = hash_password(password) if password is not None else None
        with self.engine.begin() as connection:
            mine = rights_in(connection, by)
            before = self.rights(name, connection)
            kreis_of = _kreis_lookup(connection)
            if not mine.may_manage_accounts:
                raise NotAllowed("Zugänge vergibt ein Konto für den Betrieb oder ein Land.")
            for wanted in (rights, before):
                if wanted is not None and not mine.may_grant(wanted, kreis_of):
                    where = ", ".join(wanted.areas) or "alles"
                    raise NotAllowed(
                        f"Ein Zugang „{wanted.role.value}“ für {where} geht über Ihre eigenen "
                        "Rechte oder Gebiete hinaus."
                    )
            if before is None and hashed is None:
                raise ValueError("Ein neuer Zugang braucht ein Passwort.")
            if hashed is None:
                _set_rights(connection, name, rights)
            else:
                _put(connection, name, hashed, rights)
            _audit_account(connection, by, name, before, rights)

    def revoke(self, name: str, by: str | Editor) -> bool:
        """Delete an account as ``by`` (the same limits as :meth:`grant`); ``False`` if
        there was none."""
        with self.engine.begin() as connection:
            mine = rights_in(connection, by)
            before = self.rights(name, connection)
            if before is None:
                return False
            if not mine.may_manage_accounts or not mine.may_grant(
                before, _kreis_lookup(connection)
            ):
                raise NotAllowed("Diesen Zugang dürfen Sie nicht entfernen.")
            connection.execute(users.delete().where(users.c.name == name))
            _audit_account(connection, by, name, before, None)
        return True

    def sign_in_from_identity_provider(self, name: str, rights: Rights) -> None:
        """Keep an account signed in at the operator's identity provider with the rights
        its claims map to (no password here: it cannot sign in with one).

        Raises
        ------
        NotAllowed
            When a local account (with a password) has that name: the identity
            provider does not take it over.
        """
        _check_name(name)
        with self.engine.begin() as connection:
            origin = connection.execute(
                sa.select(users.c.origin).where(users.c.name == name)
            ).scalar_one_or_none()
            if origin == "lokal":
                raise NotAllowed(
                    f"Den Zugang „{name}“ gibt es hier schon mit Passwort; der Anmeldedienst "
                    "übernimmt ihn nicht. Bitte den Betrieb fragen."
                )
            _put(connection, name, "", rights, origin="oidc")
        log_event("anmeldung", ergebnis="ok", weg="oidc")

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


def _kreis_lookup(connection: sa.Connection):
    """``kreis_of(role, area)``: the Kreis of a network's or provider's id."""

    def kreis_of(role: Role, area: str) -> str | None:
        table = networks if role is Role.NETZWERK else providers
        return connection.execute(
            sa.select(table.c.kreis_ags).where(table.c.id == area)
        ).scalar_one_or_none()

    return kreis_of


def _audit_account(
    connection: sa.Connection,
    by: str | Editor,
    name: str,
    before: Rights | None,
    after: Rights | None,
) -> None:
    def shown(rights: Rights | None) -> dict | None:
        return (
            None if rights is None else {"rolle": rights.role.value, "gebiete": list(rights.areas)}
        )

    action = "add" if before is None else ("retire" if after is None else "edit")
    connection.execute(
        audit.insert().values(
            at=datetime.now(UTC),
            user=actor_name(by),
            action=action,
            provider_id=f"konto:{name}",
            before=shown(before),
            after=shown(after),
        )
    )


def _set_rights(connection: sa.Connection, name: str, rights: Rights) -> bool:
    done = connection.execute(
        users.update()
        .where(users.c.name == name)
        .values(role=rights.role.value, areas=list(rights.areas))
    )
    return done.rowcount > 0


def _put(
    connection: sa.Connection,
    name: str,
    password_hash: str,
    rights: Rights | None,
    origin: str = "lokal",
) -> None:
    """Add or update an account; ``rights`` ``None``: a new one is ``betrieb``, an
    existing one keeps its rights."""
    values = {
        "password_hash": password_hash,
        "created_at": datetime.now(UTC),
        "failed_logins": 0,
        "locked_until": None,
        "origin": origin,
    }
    if rights is not None:
        values |= {"role": rights.role.value, "areas": list(rights.areas)}
    found = connection.execute(sa.select(users.c.name).where(users.c.name == name))
    if found.first() is None:
        new = values | ({} if rights is not None else {"role": OPERATOR.role.value, "areas": []})
        connection.execute(users.insert().values(name=name, **new))
    else:
        connection.execute(users.update().where(users.c.name == name).values(**values))

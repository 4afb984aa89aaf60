"""Editors of the store: passwords hashed with argon2id (``argon2-cffi``), and
failed logins slowed down – after each failure a user must wait twice as long
(1 s, 2 s, 4 s … at most :data:`MAX_WAIT_S`) before the next try counts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from providers.store.tables import users

MAX_WAIT_S = 60
MIN_PASSWORD = 10
_NAME = re.compile(r"^[\w.@-]{2,100}$")
_HASHER = PasswordHasher()


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
        if not _NAME.match(name):
            raise ValueError("Benutzername: 2–100 Zeichen, Buchstaben, Ziffern und . @ - _")
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"Das Passwort braucht mindestens {MIN_PASSWORD} Zeichen.")
        values = {
            "password_hash": _HASHER.hash(password),
            "created_at": datetime.now(UTC),
            "failed_logins": 0,
            "locked_until": None,
        }
        with self.engine.begin() as connection:
            found = connection.execute(sa.select(users.c.name).where(users.c.name == name))
            if found.first() is None:
                connection.execute(users.insert().values(name=name, **values))
            else:
                connection.execute(users.update().where(users.c.name == name).values(**values))

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
                return Login(False)
            locked = _aware(row["locked_until"])
            if locked is not None and locked > now:
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
                return Login(False, wait)
            connection.execute(
                users.update()
                .where(users.c.name == name)
                .values(failed_logins=0, locked_until=None)
            )
            return Login(True)

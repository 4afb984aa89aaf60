"""Stores for tests, benchmarks and the guides' pictures: a SQLite file with the sample
and one editor."""

from __future__ import annotations

from pathlib import Path

from store import Store, seed_store, sqlite_url

#: The editor of :func:`editor_store`.
EDITOR, PASSWORD = "anna", "ein langes Passwort"


def editor_store(folder: Path, user: str = EDITOR, password: str = PASSWORD) -> Path:
    """A SQLite store in ``folder`` with the sample and the editor ``user``."""
    path = folder / "familienkarte.sqlite"
    store = Store(sqlite_url(path))
    store.migrate()
    seed_store(store)
    store.users.create(user, password)
    store.engine.dispose()
    return path

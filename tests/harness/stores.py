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


def no_room_left(store: Store) -> None:
    """Let the SQLite file of ``store`` grow by two pages at most from now on: SQLite's own
    size limit stands in for a full disk (every new connection gets the limit)."""
    import sqlalchemy as sa

    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    store.engine.dispose()
    sa.event.listen(
        store.engine,
        "connect",
        lambda dbapi, _: dbapi.execute(f"PRAGMA max_page_count = {pages + 2}"),
    )


def own_provider(provider_id: str = "eigen-1", name: str = "Familienzentrum der Redaktion"):
    """A real-looking provider of the editors' own, in Siegburg (not sample data)."""
    from providers import Provider

    return Provider(
        id=provider_id,
        name=name,
        service_types=["familienzentrum"],
        lat=50.7997,
        lon=7.2043,
        postcode="53721",
        city="Siegburg",
    )


def seeded_with_own(url: str, own: object) -> None:
    """The sample and ``own`` in the store at ``url`` (migrated first)."""
    store = Store(url)
    store.migrate()
    seed_store(store)
    store.merge([own], EDITOR)
    store.engine.dispose()

"""Where everything editors change is kept: providers, Termine, networks, column
mappings, geocodes, accounts and the audit trail – one interface (:class:`Store`)
over SQLite and PostgreSQL, Alembic migrations in ``migrations/``, backup and
restore, what an empty store is seeded with, and the operations log."""

from __future__ import annotations

from store.backup import BackupError, backup, restore
from store.oplog import log_event
from store.seeding import load_from_store, seed_events, seed_networks, seed_store
from store.store import (
    Store,
    StoreBusy,
    StoreFull,
    StoreRefused,
    configured_url,
    redacted,
    sqlite_url,
)
from store.users import USERS_ENV, hash_password, read_users_file

__all__ = [
    "USERS_ENV",
    "BackupError",
    "Store",
    "StoreBusy",
    "StoreFull",
    "StoreRefused",
    "backup",
    "configured_url",
    "hash_password",
    "load_from_store",
    "log_event",
    "read_users_file",
    "redacted",
    "restore",
    "seed_events",
    "seed_networks",
    "seed_store",
    "sqlite_url",
]

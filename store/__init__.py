"""Where everything editors change is kept: providers, Termine, networks, column
mappings, geocodes, accounts and the audit trail – one interface (:class:`Store`)
over SQLite and PostgreSQL, Alembic migrations in ``migrations/``, backup and
restore, what an empty store is seeded with, and the operations log."""

from __future__ import annotations

from store.backup import BackupError, backup, restore
from store.errors import NotAllowed
from store.identity import ClaimTable, account_name
from store.links import (
    DEFAULT_DAYS,
    AttemptLimit,
    Link,
    LinkRefused,
    field_text,
)
from store.oplog import log_event
from store.rights import Editor, Rights, Role
from store.seeding import load_from_store, seed_events, seed_networks, seed_store
from store.store import (
    Change,
    Store,
    StoreBusy,
    StoreFull,
    StoreRefused,
    configured_url,
    redacted,
    sqlite_url,
)
from store.users import USERS_ENV, Account, hash_password, read_users_file, rights_from

__all__ = [
    "DEFAULT_DAYS",
    "USERS_ENV",
    "Account",
    "AttemptLimit",
    "BackupError",
    "Change",
    "ClaimTable",
    "Editor",
    "Link",
    "LinkRefused",
    "NotAllowed",
    "Rights",
    "Role",
    "Store",
    "StoreBusy",
    "StoreFull",
    "StoreRefused",
    "account_name",
    "backup",
    "configured_url",
    "field_text",
    "hash_password",
    "load_from_store",
    "log_event",
    "read_users_file",
    "redacted",
    "restore",
    "rights_from",
    "seed_events",
    "seed_networks",
    "seed_store",
    "sqlite_url",
]

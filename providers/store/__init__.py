"""The provider store: one interface (:class:`Store`) over SQLite and PostgreSQL,
with Alembic migrations in ``migrations/``."""

from providers.store.backup import BackupError, backup, restore
from providers.store.store import Change, Store, configured_url, redacted, sqlite_url
from providers.store.users import (
    USERS_ENV,
    Login,
    UserEntry,
    Users,
    hash_password,
    read_users_file,
)

__all__ = [
    "USERS_ENV",
    "BackupError",
    "Change",
    "Login",
    "Store",
    "UserEntry",
    "Users",
    "backup",
    "configured_url",
    "hash_password",
    "read_users_file",
    "redacted",
    "restore",
    "sqlite_url",
]

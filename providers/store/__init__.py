"""The provider store: one interface (:class:`Store`) over SQLite and PostgreSQL,
with Alembic migrations in ``migrations/``."""

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
    "Change",
    "Login",
    "Store",
    "UserEntry",
    "Users",
    "configured_url",
    "hash_password",
    "read_users_file",
    "redacted",
    "sqlite_url",
]

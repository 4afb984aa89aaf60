"""The provider store: one interface (:class:`Store`) over SQLite and PostgreSQL,
with Alembic migrations in ``migrations/``."""

from providers.store.store import Change, Store, configured_url, redacted, sqlite_url
from providers.store.users import Login, Users

__all__ = ["Change", "Login", "Store", "Users", "configured_url", "redacted", "sqlite_url"]

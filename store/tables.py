"""The store's tables as SQLAlchemy Core metadata – one definition for SQLite and
PostgreSQL. The schema itself is made by the migrations (``migrations/versions``),
which must agree with these tables (a test compares them)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

providers = Table(
    "providers",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("organization", Text, nullable=False, default=""),
    Column("service_types", JSON, nullable=False),
    Column("street", Text, nullable=False, default=""),
    Column("postcode", String(10), nullable=False, default=""),
    Column("city", Text, nullable=False, default=""),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("phone", Text, nullable=False, default=""),
    Column("email", Text, nullable=False, default=""),
    Column("website", Text, nullable=False, default=""),
    Column("languages", JSON, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("source", Text, nullable=False, default=""),
    Column("last_verified", Date, nullable=True),
    Column("life_stages", JSON, nullable=False),
    Column("free_of_charge", Boolean, nullable=True),
    Column("no_application", Boolean, nullable=True),
    Column("barrier_free", Boolean, nullable=True),
    Column("opening_hours", Text, nullable=False, default=""),
    Column("location_exact", Boolean, nullable=False, default=True),
    Column("verified_by", String(20), nullable=False, server_default=""),
    # The Kreis of the point, kept at every write: rights and the audit go by it.
    Column("kreis_ags", String(5), nullable=True),
    # Retired, not deleted: the record and its history stay.
    Column("retired_at", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("provider_id", String(200), nullable=True),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Column("kreis_ags", String(5), nullable=True),
)

users = Table(
    "users",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    # store.rights: the role and the areas it may change (AGS or ids).
    Column("role", String(20), nullable=False, server_default="betrieb"),
    Column("areas", JSON, nullable=True),
    # "lokal" (a password here) or "oidc" (the identity provider's sign-in).
    Column("origin", String(20), nullable=False, server_default="lokal"),
)

mappings = Table(
    "mappings",
    metadata,
    Column("layout", String(64), primary_key=True),
    Column("mapping", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

#: Answers of the geocoder, so that an address is never asked twice (``lat`` empty:
#: not found, which is an answer too).
geocodes = Table(
    "geocodes",
    metadata,
    Column("query", String(500), primary_key=True),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("precision", String(20), nullable=False),
    Column("asked_at", DateTime(timezone=True), nullable=False),
)

#: Termine: each event whole as JSON (``events.model.event_record``), with the
#: columns a query needs beside it.
events = Table(
    "events",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("start", DateTime(timezone=True), nullable=False),
    Column("provider_id", String(200), nullable=False, default=""),
    Column("kreis_ags", String(5), nullable=True),
    Column("retired_at", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

#: Netzwerke Frühe Hilfen: each network whole as JSON (``networks.model.network_record``,
#: memberships included), with its Kreis beside it.
networks = Table(
    "networks",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("kreis_ags", String(5), nullable=False),
    Column("retired_at", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

#: Private links for providers (``/eintrag?schluessel=…``): only a SHA-256 of each token.
entry_links = Table(
    "entry_links",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("provider_id", String(200), nullable=False, index=True),
    Column("kreis_ags", String(5), nullable=True),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("valid_until", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("used_at", DateTime(timezone=True), nullable=True),
)

#: What providers proposed through their links, waiting for an editor's review.
proposals = Table(
    "proposals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("provider_id", String(200), nullable=False, index=True),
    Column("kreis_ags", String(5), nullable=True, index=True),
    Column("token_hash", String(64), nullable=False),
    Column("changes", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("decided_by", String(200), nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("note", Text, nullable=False, server_default=""),
)

"""The provider store: one interface over SQLite (default, one file) and PostgreSQL
(shared by several app processes), with versioned migrations (Alembic).

Every write is one transaction: an import, a merge or an edit is stored whole or
not at all, so a process killed in the middle leaves the last committed data.
Providers are retired, never deleted, and every change goes into the audit trail
(who, when, before → after).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from events.model import Event, event_from_record, event_record
from geodata import children_prefix
from networks.model import Network, network_from_record, network_record
from providers.geocoding import Hit
from providers.mapping import ColumnMapping
from providers.model import Provider, providers_frame
from store.acting import (
    Refusal,
    event_refusal,
    members_refusal,
    memberships,
    network_refusal,
    provider_refusal,
    rights_in,
)
from store.areas import kreise_at
from store.errors import NotAllowed, StoreBusy, StoreFull, StoreRefused
from store.links import EntryLinks
from store.oplog import log_event
from store.rights import Editor, Rights, Role, actor_name
from store.tables import audit, events, geocodes, mappings, networks, providers
from store.users import Users

MIGRATIONS = Path(__file__).parent / "migrations"
_FIELDS = tuple(field.name for field in dataclasses.fields(Provider))


#: Environment variables: a shared database's URL, or the SQLite file's path.
#: The advisory lock that serialises migrations of processes sharing a PostgreSQL.
_LOCK = 0x46616D4B  # "FamK"
DATABASE_ENV = "FAMILIENKARTE_DATABASE_URL"
STORE_ENV = "FAMILIENKARTE_STORE"


def configured_url(environ: Mapping[str, str]) -> str:
    """``FAMILIENKARTE_DATABASE_URL``, else the SQLite file ``FAMILIENKARTE_STORE``
    (default ``$XDG_DATA_HOME`` or ``~/.local/share``, then
    ``familienkarte/familienkarte.sqlite``; its folder is made)."""
    url = environ.get(DATABASE_ENV)
    if url:
        return url
    configured = environ.get(STORE_ENV)
    if configured:
        path = Path(configured)
    else:
        base = environ.get("XDG_DATA_HOME")
        root = Path(base) if base else Path.home() / ".local" / "share"
        path = root / "familienkarte" / "familienkarte.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return sqlite_url(path)


def sqlite_url(path: str | Path) -> str:
    """The SQLAlchemy URL of an SQLite file."""
    return f"sqlite+pysqlite:///{Path(path).resolve()}"


def redacted(url: str) -> str:
    """A database URL fit for a message or a log: without its password."""
    return make_url(url).render_as_string(hide_password=True)


@dataclass(frozen=True)
class Change:
    """What a write did."""

    added: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    #: Rows the acting account may not write (outside its areas); the others were written.
    refused: tuple[Refusal, ...] = ()


def _row(record: Provider) -> dict:
    values = {name: getattr(record, name) for name in _FIELDS}
    for name in ("service_types", "languages", "life_stages"):
        values[name] = list(values[name])
    return values


def _json_ready(values: dict | None) -> dict | None:
    if values is None:
        return None
    return {
        key: value.isoformat() if isinstance(value, date | datetime) else value
        for key, value in values.items()
        if key not in ("updated_at",)
    }


def _entry(now, user, action, provider_id, before, after, kreis=None) -> dict:
    """One line of the audit trail, with the Kreis of what changed."""
    return {
        "at": now,
        "user": actor_name(user),
        "kreis_ags": kreis,
        "action": action,
        "provider_id": provider_id,
        "before": _json_ready(before),
        "after": _json_ready(after),
    }


def _layout(header: Sequence[str]) -> str:
    """A file layout's key: its column names in order."""
    return hashlib.sha256("\x1f".join(header).encode("utf-8")).hexdigest()


def _key(values: dict) -> tuple[str, str, str]:
    """Name and address, folded: how a record without a known id is recognised."""
    return tuple(" ".join(str(values[f]).lower().split()) for f in ("name", "street", "postcode"))


#: Seconds a write waits for another's lock, and a statement may run
#: (``FAMILIENKARTE_SPERRE_S``, ``FAMILIENKARTE_ABFRAGE_S``).
LOCK_ENV, STATEMENT_ENV = "FAMILIENKARTE_SPERRE_S", "FAMILIENKARTE_ABFRAGE_S"
_LOCK_S, _STATEMENT_S = 10.0, 120.0


def _timeouts() -> tuple[float, float]:
    def seconds(name: str, default: float) -> float:
        try:
            return max(0.1, float(os.environ.get(name, default)))
        except ValueError:
            return default

    return seconds(LOCK_ENV, _LOCK_S), seconds(STATEMENT_ENV, _STATEMENT_S)


#: PostgreSQL's "lock_not_available" and "query_canceled" (the timeouts above), and
#: its "disk_full".
_BUSY_CODES = {"55P03", "57014"}
_FULL_CODES = {"53100"}


def _busy(context) -> None:
    """Turn a lock or statement time-out, or a full disk, into a :class:`StoreRefused`
    (SQLAlchemy's ``handle_error`` hook: raising here replaces the driver's error)."""
    error = context.original_exception
    code = getattr(error, "sqlstate", None)
    if code in _BUSY_CODES or "database is locked" in str(error):
        raise StoreBusy() from error
    if code in _FULL_CODES or "database or disk is full" in str(error):
        raise StoreFull() from error


class Store:
    """Providers and their audit trail in a database.

    Parameters
    ----------
    url
        SQLAlchemy URL: ``sqlite+pysqlite:///path`` or ``postgresql+psycopg://…``.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        backend = make_url(url).get_backend_name()
        self.backend = backend
        # A database that does not answer is reported within seconds, not minutes; a
        # write that waits for another's lock, or a statement that runs away, ends with
        # a clear message (StoreBusy) instead of holding an editor's page forever.
        lock_s, statement_s = _timeouts()
        if backend == "postgresql":
            options = (
                f"-c lock_timeout={lock_s * 1000:.0f} -c statement_timeout={statement_s * 1000:.0f}"
            )
            connect_args: dict = {"connect_timeout": 5, "options": options}
        else:
            connect_args = {"timeout": lock_s}
        # A shared server may drop idle connections: check them before use. A file cannot.
        self.engine = sa.create_engine(
            url, pool_pre_ping=backend != "sqlite", connect_args=connect_args
        )
        if backend == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        sa.event.listen(self.engine, "handle_error", _busy)
        #: Transactions this object committed: a reader that remembered :meth:`version`
        #: knows when its own process wrote since.
        self.commits = 0
        sa.event.listen(self.engine, "commit", self._committed)

    def _committed(self, connection) -> None:
        self.commits += 1

    @property
    def users(self) -> Users:
        """The store's editors (passwords, logins)."""
        return Users(self.engine)

    @property
    def links(self) -> EntryLinks:
        """The providers' private links, their proposals and the review."""
        return EntryLinks(self)

    def __repr__(self) -> str:
        return f"Store({redacted(self.url)})"

    @property
    def label(self) -> str:
        """Where the data lives, for people: the SQLite file's name, or database and host."""
        url = make_url(self.url)
        if self.backend == "sqlite":
            return Path(url.database or "").name
        return f"{url.database} auf {url.host} ({url.get_backend_name()})"

    def version(self) -> str:
        """Changes whenever the data changes: every change writes an audit line, so the
        newest line's number will do – one index lookup, cheap enough for every page
        view, and each app process sees another's edits on its next one."""
        with self.engine.connect() as connection:
            newest = connection.execute(sa.select(sa.func.max(audit.c.id))).scalar()
        return str(newest or 0)

    def lock_waits(self) -> int:
        """Statements of this database that have waited over a second for another
        session's lock – writes held up by a long import or an operator's lock, while
        reads go on. PostgreSQL only (SQLite cannot tell: 0)."""
        if self.backend != "postgresql":
            return 0
        query = sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND clock_timestamp() - query_start > interval '1 s'"
        )
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar() or 0)

    def migrate(self, target: str = "head") -> None:
        """Bring the schema to the newest migration (nothing to do when it is), or to
        ``target`` (an older store, in the tests of a migration).

        On PostgreSQL several app processes may start at once: a transaction-level
        advisory lock lets one migrate while the others wait, then find nothing to do.
        """
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, target)

    def seed(self, records: Sequence[Provider], user: str) -> int:
        """Store ``records`` only when the store holds nothing (retired records count);
        the number added. Of processes seeding an empty store at once one wins, the
        others find its records and add nothing."""
        if self.count(include_retired=True):
            return 0
        try:
            return self.replace(records, user).added
        except sa.exc.IntegrityError:
            if self.count(include_retired=True):
                return 0
            raise

    def revision(self) -> str | None:
        """The schema's migration, or ``None`` for an empty database."""
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    @staticmethod
    def newest_revision() -> str:
        """The newest migration the code knows."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        return ScriptDirectory.from_config(config).get_current_head() or ""

    def count(self, include_retired: bool = False) -> int:
        """How many providers are stored (retired ones only when asked)."""
        query = sa.select(sa.func.count()).select_from(providers)
        if not include_retired:
            query = query.where(providers.c.retired_at.is_(None))
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def records(self, include_retired: bool = False) -> list[Provider]:
        """The stored providers as records, by id."""
        query = sa.select(*(providers.c[name] for name in _FIELDS)).order_by(providers.c.id)
        if not include_retired:
            query = query.where(providers.c.retired_at.is_(None))
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [Provider(**dict(row)) for row in rows]

    def frame(self) -> gpd.GeoDataFrame:
        """The active providers as a provider frame (:data:`PROVIDER_COLUMNS`)."""
        return providers_frame(self.records())

    def replace(
        self,
        records: Sequence[Provider],
        user: str | Editor,
        among: Callable[[str, str | None], bool] | None = None,
    ) -> Change:
        """Make ``records`` the data set: add and update them, retire every active
        provider not among them – in one transaction. ``among(id, kreis)`` narrows what
        the records replace (e.g. the providers of one source in one Land)."""
        return self._write(records, user, retire_others=True, among=among)

    def merge(self, records: Sequence[Provider], user: str | Editor) -> Change:
        """Add and update ``records`` (matched by id, else by name and address); the
        others stay – in one transaction."""
        return self._write(records, user, retire_others=False)

    def save(self, record: Provider, user: str | Editor) -> Change:
        """Add or edit one provider (an editor's form).

        Raises
        ------
        NotAllowed
            When the provider lies (or lay) outside the acting account's areas.
        """
        return _whole(self._write([record], user, retire_others=False, match_address=False))

    def retire(self, provider_id: str, user: str | Editor) -> bool:
        """Retire one provider (it leaves the map, its record stays); ``False`` if unknown."""
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            rights = rights_in(connection, user)
            before = self._current(connection, [provider_id]).get(provider_id)
            if before is None or before["retired_at"] is not None:
                return False
            kreis = before["kreis_ags"]
            why = provider_refusal(
                rights, provider_id, kreis, kreis, False, memberships(connection, rights)
            )
            if why:
                raise NotAllowed(why)
            connection.execute(
                providers.update()
                .where(providers.c.id == provider_id)
                .values(retired_at=now, updated_at=now)
            )
            self._log(connection, now, user, "retire", provider_id, before, None, kreis)
        return True

    def save_mapping(
        self, header: Sequence[str], mapping: ColumnMapping, user: str | Editor
    ) -> None:
        """Remember the mapping of a file layout (its header), for the next upload.

        Raises
        ------
        NotAllowed
            For an account that may not load files (``netzwerk``, ``anbieter``).
        """
        layout = _layout(header)
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            if not rights_in(connection, user).may_import:
                raise NotAllowed(
                    "Zuordnungen von Dateispalten legt ein Konto an, das Dateien lädt."
                )
            connection.execute(mappings.delete().where(mappings.c.layout == layout))
            connection.execute(
                mappings.insert().values(layout=layout, mapping=mapping.to_json(), updated_at=now)
            )

    def mapping_for(self, header: Sequence[str]) -> ColumnMapping | None:
        """The mapping saved for a file layout, or ``None``."""
        query = sa.select(mappings.c.mapping).where(mappings.c.layout == _layout(header))
        with self.engine.connect() as connection:
            found = connection.execute(query).scalar_one_or_none()
        return ColumnMapping.from_json(found) if found else None

    def cached_geocode(self, query: str) -> Hit | None:
        """The geocoder's answer for an address, if it was asked before."""
        select = sa.select(geocodes).where(geocodes.c.query == query[:500])
        with self.engine.connect() as connection:
            row = connection.execute(select).mappings().first()
        return Hit(row["lat"], row["lon"], row["precision"]) if row else None

    def remember_geocode(self, query: str, hit: Hit) -> bool:
        """Keep an answer (several processes may ask at once: the first one stays);
        ``False`` when the database had no room or was busy – a cache is not worth
        stopping a geocoding run for."""
        values = {
            "query": query[:500],
            "lat": hit.lat,
            "lon": hit.lon,
            "precision": hit.precision,
            "asked_at": datetime.now(UTC),
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(geocodes.insert().values(**values))
        except sa.exc.IntegrityError:
            pass
        except StoreRefused as refused:
            log_event("geokodierung_nicht_gemerkt", logging.WARNING, grund=type(refused).__name__)
            return False
        return True

    # -- Termine ---------------------------------------------------------------

    def events(self, include_retired: bool = False) -> list[Event]:
        """The stored events, by start."""
        query = sa.select(events.c.data).order_by(events.c.start, events.c.id)
        if not include_retired:
            query = query.where(events.c.retired_at.is_(None))
        with self.engine.connect() as connection:
            return [event_from_record(row[0]) for row in connection.execute(query)]

    def save_events(self, records: Sequence[Event], user: str | Editor) -> Change:
        """Add or update events by id, in one transaction, each change in the audit trail
        (as ``termin:<id>``)."""
        with self.engine.connect() as connection:
            known = dict(
                connection.execute(
                    sa.select(providers.c.id, providers.c.kreis_ags).where(
                        providers.c.id.in_({r.provider_id for r in records if r.provider_id})
                    )
                ).all()
            )
        own_place = [r for r in records if r.provider_id not in known and r.lat is not None]
        placed = dict(
            zip(
                (r.id for r in own_place),
                kreise_at([r.lat for r in own_place], [r.lon for r in own_place]),
                strict=True,
            )
        )
        rows = {
            r.id: {
                "data": event_record(r),
                "start": r.start,
                "provider_id": r.provider_id,
                "kreis_ags": known.get(r.provider_id) or placed.get(r.id),
            }
            for r in records
        }
        return self._save_records(events, "termin", rows, user)

    def retire_event(self, event_id: str, user: str | Editor) -> bool:
        """Take an event off the pages (its record stays); ``False`` if unknown."""
        return self._retire_record(events, "termin", event_id, user)

    # -- Netzwerke Frühe Hilfen ------------------------------------------------

    def networks(self, include_retired: bool = False) -> list[Network]:
        """The stored networks, by Kreis and name."""
        query = sa.select(networks.c.data)
        if not include_retired:
            query = query.where(networks.c.retired_at.is_(None))
        with self.engine.connect() as connection:
            found = [network_from_record(row[0]) for row in connection.execute(query)]
        return sorted(found, key=lambda n: (n.kreis_ags, n.name))

    def save_networks(self, records: Sequence[Network], user: str | Editor) -> Change:
        """Add or update networks (with their memberships) by id, in one transaction,
        each change in the audit trail (as ``netzwerk:<id>``)."""
        rows = {r.id: {"data": network_record(r), "kreis_ags": r.kreis_ags} for r in records}
        return self._save_records(networks, "netzwerk", rows, user)

    def retire_network(self, network_id: str, user: str | Editor) -> bool:
        """Take a network off the pages (its record stays); ``False`` if unknown."""
        return self._retire_record(networks, "netzwerk", network_id, user)

    @staticmethod
    def _refusal(
        connection: sa.Connection,
        table: sa.Table,
        rights: Rights,
        key: str,
        row: dict,
        before: dict | None,
        networks_of: dict[str, set[str]],
    ) -> str | None:
        """Why ``rights`` may not write this network or Termin (``None``: it may)."""
        if table is networks:
            why = network_refusal(
                rights, key, row["kreis_ags"], before["kreis_ags"] if before else None
            )
            return why or members_refusal(connection, rights, row, before)
        held_before = (before["provider_id"], before["kreis_ags"]) if before else None
        return event_refusal(
            rights, key, (row["provider_id"], row["kreis_ags"]), held_before, networks_of
        )

    def _save_records(
        self, table: sa.Table, kind: str, rows: dict[str, dict], user: str | Editor
    ) -> Change:
        """Add or update records kept whole as JSON (``data``) in ``table``; the audit
        trail names them ``<kind>:<id>``."""
        now = datetime.now(UTC)
        added = updated = unchanged = 0
        refused: list[Refusal] = []
        with self.engine.begin() as connection:
            rights = rights_in(connection, user)
            networks_of = memberships(connection, rights)
            stored = {
                row["id"]: dict(row)
                for row in connection.execute(
                    sa.select(table).where(table.c.id.in_(list(rows)))
                ).mappings()
            }
            for index, (key, row) in enumerate(rows.items()):
                before = stored.get(key)
                why = self._refusal(connection, table, rights, key, row, before, networks_of)
                if why:
                    refused.append(Refusal(index, key, why))
                    continue
                kreis = row["kreis_ags"]
                if before is None:
                    connection.execute(table.insert().values(id=key, updated_at=now, **row))
                    self._log(
                        connection, now, user, "add", f"{kind}:{key}", None, row["data"], kreis
                    )
                    added += 1
                elif before["data"] == row["data"] and before["retired_at"] is None:
                    unchanged += 1
                else:
                    connection.execute(
                        table.update()
                        .where(table.c.id == key)
                        .values(retired_at=None, updated_at=now, **row)
                    )
                    self._log(
                        connection,
                        now,
                        user,
                        "edit",
                        f"{kind}:{key}",
                        before["data"],
                        row["data"],
                        kreis,
                    )
                    updated += 1
        log_event(
            "gespeichert",
            art=kind,
            neu=added,
            geaendert=updated,
            gleich=unchanged,
            abgelehnt=len(refused),
        )
        return Change(added, updated, 0, unchanged, tuple(refused))

    def _retire_record(self, table: sa.Table, kind: str, key: str, user: str | Editor) -> bool:
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            rights = rights_in(connection, user)
            before = (
                connection.execute(sa.select(table).where(table.c.id == key)).mappings().first()
            )
            if before is None or before["retired_at"] is not None:
                return False
            row = dict(before)
            why = self._refusal(
                connection, table, rights, key, row, row, memberships(connection, rights)
            )
            if why:
                raise NotAllowed(why)
            retired = table.update().where(table.c.id == key)
            connection.execute(retired.values(retired_at=now, updated_at=now))
            self._log(
                connection,
                now,
                user,
                "retire",
                f"{kind}:{key}",
                before["data"],
                None,
                before["kreis_ags"],
            )
        return True

    def audit_trail(
        self,
        provider_id: str | None = None,
        limit: int | None = None,
        user: str | Editor | None = None,
    ) -> pd.DataFrame:
        """The changes, newest first (at most ``limit``): ``at``, ``user``, ``action``,
        ``provider_id``, ``before``, ``after`` – for a signed-in ``user`` only those of
        its areas.

        Raises
        ------
        NotAllowed
            When the signed-in account no longer exists.
        """
        query = sa.select(audit).order_by(audit.c.id.desc()).limit(limit)
        if provider_id is not None:
            query = query.where(audit.c.provider_id == provider_id)
        with self.engine.connect() as connection:
            if user is not None:
                query = query.where(self._audit_area(connection, rights_in(connection, user)))
            rows = connection.execute(query).mappings().all()
        columns = ["at", "user", "action", "provider_id", "before", "after"]
        return pd.DataFrame([{c: row[c] for c in columns} for row in rows], columns=columns)

    @staticmethod
    def _audit_area(connection, rights: Rights) -> sa.ColumnElement[bool]:
        """The audit lines of ``rights``' areas: by Kreis for Länder and Kreise, by the
        ids of its networks, providers and their Termine otherwise."""
        if rights.everything:
            return sa.true()
        if rights.role is Role.LAND:
            prefixes = [children_prefix(area) for area in rights.areas]
            return sa.or_(*(audit.c.kreis_ags.startswith(prefix) for prefix in prefixes))
        if rights.role is Role.KREIS:
            return audit.c.kreis_ags.in_(rights.areas)
        if rights.role is Role.NETZWERK:
            members = {
                p for p, nets in memberships(connection, rights).items() if nets & set(rights.areas)
            }
            own = {f"netzwerk:{key}" for key in rights.areas}
        else:
            members, own = set(rights.areas), set()
        held = connection.execute(
            sa.select(events.c.id).where(events.c.provider_id.in_(members))
        ).scalars()
        return audit.c.provider_id.in_(members | own | {f"termin:{key}" for key in held})

    # -- writing ---------------------------------------------------------------

    def _current(self, connection, ids: Iterable[str] | None = None) -> dict[str, dict]:
        query = sa.select(providers)
        if ids is not None:
            query = query.where(providers.c.id.in_(list(ids)))
        return {row["id"]: dict(row) for row in connection.execute(query).mappings()}

    def _write(
        self,
        records: Sequence[Provider],
        user: str | Editor,
        retire_others: bool,
        match_address: bool = True,
        among: Callable[[str, str | None], bool] | None = None,
    ) -> Change:
        now = datetime.now(UTC)
        updated = unchanged = retired = 0
        inserts: list[dict] = []
        entries: list[dict] = []
        refused: list[Refusal] = []
        kreise = kreise_at([r.lat for r in records], [r.lon for r in records])
        with self.engine.begin() as connection:
            rights = rights_in(connection, user)
            networks_of = memberships(connection, rights)
            # Matching by address and retiring the rest need every row; an editor's
            # single save needs only its own.
            whole = match_address or retire_others
            stored = self._current(connection, None if whole else [r.id for r in records])
            by_address = {
                _key(values): key for key, values in stored.items() if values["retired_at"] is None
            }
            seen: set[str] = set()
            for index, (record, kreis) in enumerate(zip(records, kreise, strict=True)):
                values = _row(record) | {"kreis_ags": kreis}
                key = values["id"]
                if key not in stored and match_address:
                    key = by_address.get(_key(values), key)
                    values["id"] = key
                seen.add(key)  # a refused row retires nothing either
                before = stored.get(key)
                why = provider_refusal(
                    rights,
                    key,
                    kreis,
                    before["kreis_ags"] if before else None,
                    before is None,
                    networks_of,
                )
                if why:
                    refused.append(Refusal(index, key, why))
                    continue
                if before is None:
                    inserts.append({**values, "updated_at": now})
                    entries.append(_entry(now, user, "add", key, None, values, kreis))
                    continue
                same = all(before[name] == values[name] for name in _FIELDS)
                if same and before["retired_at"] is None and before["kreis_ags"] == kreis:
                    unchanged += 1
                    continue
                connection.execute(
                    providers.update()
                    .where(providers.c.id == key)
                    .values(**values, retired_at=None, updated_at=now)
                )
                entries.append(_entry(now, user, "edit", key, before, values, kreis))
                updated += 1
            if retire_others:
                # Only what the account may change: a Kreis's full import retires
                # nothing of another Kreis.
                gone = [
                    key
                    for key, before in stored.items()
                    if key not in seen
                    and before["retired_at"] is None
                    and (among is None or among(key, before["kreis_ags"]))
                    and not provider_refusal(
                        rights, key, before["kreis_ags"], before["kreis_ags"], False, networks_of
                    )
                ]
                for chunk in range(0, len(gone), 500):
                    connection.execute(
                        providers.update()
                        .where(providers.c.id.in_(gone[chunk : chunk + 500]))
                        .values(retired_at=now, updated_at=now)
                    )
                entries += [
                    _entry(now, user, "retire", key, stored[key], None, stored[key]["kreis_ags"])
                    for key in gone
                ]
                retired = len(gone)
            # Many rows in one statement each: an import of 50,000 takes seconds, not minutes.
            if inserts:
                connection.execute(providers.insert(), inserts)
            if entries:
                connection.execute(audit.insert(), entries)
        added = len(inserts)
        log_event(
            "gespeichert",
            art="anbieter",
            neu=added,
            geaendert=updated,
            ausser_betrieb=retired,
            abgelehnt=len(refused),
        )
        return Change(added, updated, retired, unchanged, tuple(refused))

    @staticmethod
    def _log(connection, now, user, action, provider_id, before, after, kreis=None) -> None:
        connection.execute(
            audit.insert().values(**_entry(now, user, action, provider_id, before, after, kreis))
        )


def _whole(change: Change) -> Change:
    """A single edit is written whole or refused: its refusal becomes the error."""
    if change.refused:
        raise NotAllowed(change.refused[0].reason)
    return change


def _sqlite_pragmas(connection, _record) -> None:
    # WAL: readers never wait for a writer, and a kill mid-write leaves the last commit.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()

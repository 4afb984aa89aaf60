"""Private links for providers: a coordinator creates one per entry
(``/eintrag?schluessel=…``); with it the provider confirms its entry ("Alles stimmt
noch": checked today, by the provider – published at once) or proposes changes, which
wait for an editor who may change that entry.

A token is 192 random bits (``secrets``), shown once and stored only as its SHA-256;
it is valid for one entry, for a set time, until revoked. Every refusal – unknown,
expired, revoked, for an entry that is gone – is the same :class:`LinkRefused`, so
an answer never tells whether an entry or a token exists. A link keeps at most one
open proposal (a new one replaces it) and an entry at most :data:`MAX_OPEN`.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from intake.problems import ProblemLog
from providers.model import LIFE_STAGES, Provider
from providers.rows import RowChecker
from store.acting import memberships, provider_refusal, rights_in
from store.errors import NotAllowed
from store.oplog import log_event
from store.rights import Editor, Role, actor_name
from store.tables import audit, entry_links, proposals, providers

TOKEN_BYTES = 24
DEFAULT_DAYS = 60
MAX_DAYS = 365
#: Open proposals per entry (of different links); a link's new one replaces its own.
MAX_OPEN = 3
#: What the audit trail names a provider acting through its link.
PROVIDER_ACTOR = "anbieter (Link)"
#: The public fields a provider may propose changes to, and "gibt es nicht mehr".
EDITABLE: tuple[str, ...] = (
    "name",
    "street",
    "postcode",
    "city",
    "phone",
    "email",
    "website",
    "opening_hours",
    "languages",
    "service_types",
    "life_stages",
    "free_of_charge",
    "barrier_free",
    "description",
)
GONE = "gibt_es_nicht_mehr"
#: The longest text a proposed field may hold (longer is refused, not cut).
MAX_FIELD = 2000


class LinkRefused(Exception):
    """The link is not (or no longer) valid – one message for every reason."""

    def __init__(self) -> None:
        super().__init__(
            "Dieser Link gilt nicht (mehr). Bitte fragen Sie Ihre Netzwerkkoordination nach "
            "einem neuen."
        )


@dataclass(frozen=True)
class Link:
    """A link just created: its token exists only here (and in the mail or CSV)."""

    provider_id: str
    name: str
    email: str
    token: str
    valid_until: datetime


@dataclass(frozen=True)
class LinkedEntry:
    """What a valid link opens: the entry, until when the link holds, and whether a
    change of it is waiting for review."""

    provider: Provider
    valid_until: datetime
    waiting: bool


@dataclass(frozen=True)
class Proposal:
    """A provider's proposed change: the new text per field beside the current one."""

    id: int
    provider_id: str
    name: str
    kreis_ags: str | None
    created_at: datetime
    changes: dict[str, str]
    current: dict[str, str]
    gone: bool


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def field_text(record: Provider, field: str) -> str:
    """A field of an entry as a form (or a CSV row) writes it."""
    value = getattr(record, field)
    if field == "life_stages":
        return "; ".join(LIFE_STAGES.get(code, code) for code in value)
    if isinstance(value, list | tuple):
        return "; ".join(value)
    if isinstance(value, bool) or value is None:
        return {True: "ja", False: "nein", None: ""}[value]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _row_values(record: Provider) -> dict[str, str]:
    values = {field: field_text(record, field) for field in Provider.__dataclass_fields__}
    values["lat"], values["lon"] = repr(record.lat), repr(record.lon)
    values["location_exact"] = "" if record.location_exact else "nein"
    return values


class AttemptLimit:
    """At most ``limit`` attempts per key (an address) in ``window_s`` seconds."""

    def __init__(self, limit: int = 30, window_s: float = 60.0) -> None:
        self.limit, self.window_s = limit, window_s
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._seen) > 100_000:  # a flood of addresses forgets the oldest
                self._seen.clear()
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.window_s:
                seen.popleft()
            if len(seen) >= self.limit:
                return False
            seen.append(now)
            return True


class EntryLinks:
    """The links, proposals and reviews of one store (``store.links``)."""

    def __init__(self, store) -> None:
        self.store = store
        self.engine: sa.Engine = store.engine

    # -- coordinators ---------------------------------------------------------

    def create(
        self,
        provider_ids: Iterable[str],
        user: str | Editor,
        days: int = DEFAULT_DAYS,
        now: datetime | None = None,
    ) -> list[Link]:
        """A new link for each entry the account may change (others are left out);
        an entry's older links stay valid until revoked or expired.

        Raises
        ------
        ValueError
            For a validity outside 1–365 days.
        """
        if not 1 <= days <= MAX_DAYS:
            raise ValueError(f"Gültigkeit: 1 bis {MAX_DAYS} Tage.")
        now = now or datetime.now(UTC)
        until = now + timedelta(days=days)
        made: list[Link] = []
        with self.engine.begin() as connection:
            rights = rights_in(connection, user)
            networks_of = memberships(connection, rights)
            wanted = list(dict.fromkeys(provider_ids))
            rows = connection.execute(
                sa.select(
                    providers.c.id, providers.c.name, providers.c.email, providers.c.kreis_ags
                )
                .where(providers.c.id.in_(wanted))
                .where(providers.c.retired_at.is_(None))
            ).all()
            for key, name, email, kreis in rows:
                if provider_refusal(rights, key, kreis, kreis, False, networks_of):
                    continue
                token = secrets.token_urlsafe(TOKEN_BYTES)
                connection.execute(
                    entry_links.insert().values(
                        token_hash=token_hash(token),
                        provider_id=key,
                        kreis_ags=kreis,
                        created_by=actor_name(user),
                        created_at=now,
                        valid_until=until,
                    )
                )
                made.append(Link(key, name, email, token, until))
        log_event("links_erstellt", anzahl=len(made), von=actor_name(user))
        return made

    def revoke(self, provider_id: str, user: str | Editor, now: datetime | None = None) -> int:
        """Revoke every valid link of an entry; how many there were.

        Raises
        ------
        NotAllowed
            When the entry is not the account's.
        """
        now = now or datetime.now(UTC)
        with self.engine.begin() as connection:
            self._check_rights(connection, user, provider_id)
            done = connection.execute(
                entry_links.update()
                .where(entry_links.c.provider_id == provider_id)
                .where(entry_links.c.revoked_at.is_(None))
                .values(revoked_at=now)
            ).rowcount
        return int(done or 0)

    # -- providers ------------------------------------------------------------

    def _valid(self, connection, token: str, now: datetime) -> tuple[str, dict]:
        """The token's hash and its stored entry (active), or :class:`LinkRefused`."""
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            raise LinkRefused()
        digest = token_hash(token)
        link = (
            connection.execute(sa.select(entry_links).where(entry_links.c.token_hash == digest))
            .mappings()
            .first()
        )
        # compare_digest: the stored hash against ours in constant time (belt and braces:
        # the lookup already went by the hash, which tells nothing about the token)
        if (
            link is None
            or not secrets.compare_digest(link["token_hash"], digest)
            or link["revoked_at"] is not None
            or _aware(link["valid_until"]) <= now
        ):
            raise LinkRefused()
        entry = (
            connection.execute(sa.select(providers).where(providers.c.id == link["provider_id"]))
            .mappings()
            .first()
        )
        if entry is None or entry["retired_at"] is not None:
            raise LinkRefused()
        return digest, dict(entry) | {"_valid_until": _aware(link["valid_until"])}

    def entry(self, token: str, now: datetime | None = None) -> LinkedEntry:
        """The entry a link opens (marks the link as used)."""
        now = now or datetime.now(UTC)
        with self.engine.begin() as connection:
            digest, row = self._valid(connection, token, now)
            connection.execute(
                entry_links.update()
                .where(entry_links.c.token_hash == digest)
                .where(entry_links.c.used_at.is_(None))
                .values(used_at=now)
            )
            waiting = connection.execute(
                sa.select(sa.func.count())
                .select_from(proposals)
                .where(proposals.c.token_hash == digest)
                .where(proposals.c.status == "offen")
            ).scalar()
        return LinkedEntry(_record(row), row["_valid_until"], bool(waiting))

    def confirm(self, token: str, today: date, now: datetime | None = None) -> Provider:
        """ "Alles stimmt noch": the entry is checked ``today``, by the provider (at once)."""
        now = now or datetime.now(UTC)
        with self.engine.begin() as connection:
            _, row = self._valid(connection, token, now)
            before = _record(row)
            after = replace(before, last_verified=today, verified_by="anbieter")
            connection.execute(
                providers.update()
                .where(providers.c.id == before.id)
                .values(last_verified=today, verified_by="anbieter", updated_at=now)
            )
            connection.execute(
                audit.insert().values(
                    at=now,
                    user=PROVIDER_ACTOR,
                    action="confirm",
                    provider_id=before.id,
                    before={"last_verified": field_text(before, "last_verified")},
                    after={"last_verified": today.isoformat(), "verified_by": "anbieter"},
                    kreis_ags=row["kreis_ags"],
                )
            )
        return after

    def propose(
        self,
        token: str,
        changes: Mapping[str, str],
        gone: bool = False,
        now: datetime | None = None,
    ) -> int:
        """Store a provider's proposal (only fields that differ); its id.

        Raises
        ------
        LinkRefused
            For an invalid link.
        ValueError
            For an unknown field, a text over :data:`MAX_FIELD`, nothing changed, or an
            entry that has :data:`MAX_OPEN` open proposals of other links.
        """
        now = now or datetime.now(UTC)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValueError("Unbekanntes Feld: " + ", ".join(sorted(unknown))[:100])
        if any(len(str(value)) > MAX_FIELD for value in changes.values()):
            raise ValueError(f"Ein Feld ist länger als {MAX_FIELD} Zeichen.")
        with self.engine.begin() as connection:
            digest, row = self._valid(connection, token, now)
            current = _record(row)
            differing = {
                field: str(value).strip()
                for field, value in changes.items()
                if str(value).strip() != field_text(current, field)
            }
            if gone:
                differing[GONE] = "ja"
            if not differing:
                raise ValueError("Nichts geändert.")
            open_ = proposals.c.status == "offen"
            connection.execute(
                proposals.update()
                .where(proposals.c.token_hash == digest)
                .where(open_)
                .values(status="ersetzt", decided_at=now)
            )
            others = connection.execute(
                sa.select(sa.func.count())
                .select_from(proposals)
                .where(proposals.c.provider_id == current.id)
                .where(open_)
            ).scalar()
            if others >= MAX_OPEN:
                raise ValueError(
                    "Für diesen Eintrag warten schon Änderungen auf Prüfung. Bitte warten Sie "
                    "die Antwort der Netzwerkkoordination ab."
                )
            result = connection.execute(
                proposals.insert().values(
                    provider_id=current.id,
                    kreis_ags=row["kreis_ags"],
                    token_hash=digest,
                    changes=differing,
                    created_at=now,
                    status="offen",
                )
            )
            key = int(result.inserted_primary_key[0])
        log_event("vorschlag", anbieter=current.id, felder=len(differing))
        return key

    # -- review ---------------------------------------------------------------

    def pending(self, user: str | Editor) -> list[Proposal]:
        """The open proposals of entries the account may change, oldest first."""
        with self.engine.connect() as connection:
            rights = rights_in(connection, user)
            query = sa.select(proposals).where(proposals.c.status == "offen")
            if rights.role is Role.KREIS:
                query = query.where(proposals.c.kreis_ags.in_(rights.areas))
            rows = connection.execute(query.order_by(proposals.c.id)).mappings().all()
            ids = list({row["provider_id"] for row in rows})
            entries = {}
            for chunk in range(0, len(ids), 500):
                part = sa.select(providers).where(providers.c.id.in_(ids[chunk : chunk + 500]))
                entries |= {e["id"]: e for e in connection.execute(part).mappings()}
            networks_of = memberships(connection, rights)
        found = []
        for row in rows:
            kreis = row["kreis_ags"]
            if provider_refusal(rights, row["provider_id"], kreis, kreis, False, networks_of):
                continue
            if row["provider_id"] not in entries:
                continue
            record = _record(entries[row["provider_id"]])
            changes = dict(row["changes"])
            found.append(
                Proposal(
                    id=row["id"],
                    provider_id=record.id,
                    name=record.name,
                    kreis_ags=kreis,
                    created_at=_aware(row["created_at"]),
                    changes={k: v for k, v in changes.items() if k != GONE},
                    current={f: field_text(record, f) for f in changes if f != GONE},
                    gone=GONE in changes,
                )
            )
        return found

    def decide(
        self,
        proposal_id: int,
        accepted: Iterable[str],
        user: Editor | str,
        today: date,
        note: str = "",
        now: datetime | None = None,
    ) -> Provider | None:
        """Publish the ``accepted`` fields of a proposal (none: reject it, with ``note``).
        The new entry goes through the importer's row checks and into the audit trail
        with who proposed and who approved; it counts as checked ``today`` by the
        provider. Accepting "gibt es nicht mehr" retires the entry. Returns the entry
        as published (``None`` when rejected or retired).

        Raises
        ------
        NotAllowed
            When the entry is not the account's.
        ValueError
            When the proposal is not open, or the changed entry fails the row checks
            (the message says why; nothing is published).
        """
        now = now or datetime.now(UTC)
        chosen = set(accepted)
        with self.engine.connect() as connection:
            row = (
                connection.execute(sa.select(proposals).where(proposals.c.id == proposal_id))
                .mappings()
                .first()
            )
        if row is None or row["status"] != "offen":
            raise ValueError("Dieser Vorschlag ist schon entschieden.")
        changes = dict(row["changes"])
        chosen &= set(changes)
        with self.engine.connect() as connection:
            self._check_rights(connection, user, row["provider_id"])
            stored = (
                connection.execute(sa.select(providers).where(providers.c.id == row["provider_id"]))
                .mappings()
                .first()
            )
        current = _record(dict(stored))
        published: Provider | None = None
        if GONE in chosen:
            self.store.retire(current.id, user)
        elif chosen:
            values = _row_values(current) | {f: changes[f] for f in chosen}
            values |= {"last_verified": today.isoformat(), "verified_by": "anbieter"}
            if {"street", "postcode", "city"} & chosen:
                # a new address: at its postcode's centre ("ungefähr") until geocoded
                values |= {"lat": "", "lon": "", "location_exact": ""}
            report = ProblemLog()
            checker = RowChecker(current.source, report, keep_file_source=True)
            checker.check(1, values)
            errors = [p.message for p in report.problems if p.severity == "fehler"]
            if errors or not checker.providers:
                raise ValueError(errors[0] if errors else "Die Änderung ist nicht gültig.")
            published = checker.providers[0]
            self.store.save(published, user)
        status = (
            "abgelehnt" if not chosen else ("angenommen" if chosen == set(changes) else "teilweise")
        )
        with self.engine.begin() as connection:
            connection.execute(
                proposals.update()
                .where(proposals.c.id == proposal_id)
                .values(status=status, decided_by=actor_name(user), decided_at=now, note=note[:500])
            )
            connection.execute(
                audit.insert().values(
                    at=now,
                    user=actor_name(user),
                    action="review",
                    provider_id=current.id,
                    before={"vorgeschlagen_von": PROVIDER_ACTOR, "vorschlag": proposal_id},
                    after={"entscheidung": status, "felder": sorted(chosen), "notiz": note[:500]},
                    kreis_ags=row["kreis_ags"],
                )
            )
        return published

    def _check_rights(self, connection, user: str | Editor, provider_id: str) -> None:
        rights = rights_in(connection, user)
        kreis = connection.execute(
            sa.select(providers.c.kreis_ags).where(providers.c.id == provider_id)
        ).scalar()
        why = provider_refusal(
            rights, provider_id, kreis, kreis, False, memberships(connection, rights)
        )
        if why:
            raise NotAllowed(why)


_FIELDS = tuple(Provider.__dataclass_fields__)


def _record(row: Mapping) -> Provider:
    return Provider(**{name: row[name] for name in _FIELDS})


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

"""The cache layer: data the pages share, loaded once per process.

``st.cache_resource`` hands every session the same objects (shared, read-only);
``st.cache_data`` would hash and copy them on every call.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import threading
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import streamlit as st

import clock
import geodata
import intake
import places
import planning
import providers
from dashboard.web import assets
from events import EVENTS_ENV, EventData, build_event_data, coming_by_provider, read_event_file
from networks import Network
from store import (
    USERS_ENV,
    Store,
    configured_url,
    load_from_store,
    log_event,
    read_users_file,
    redacted,
    seed_events,
    seed_networks,
    seed_store,
)

#: Environment variable naming a programme list (CSV/XLSX); without it, the sample.
PROGRAMME_ENV = "FAMILIENKARTE_PROGRAMME"


@st.cache_resource(show_spinner=False)
def boundary_set() -> geodata.BoundarySet:
    """The boundaries of the configured build (levels load on first use)."""
    return geodata.BoundarySet()


def boundaries(level: geodata.Level) -> gpd.GeoDataFrame:
    """Boundaries of one level, indexed by AGS (treat as read-only)."""
    return boundary_set().frame(level)


def boundary_metadata() -> geodata.BoundaryMetadata:
    """Source, edition and attribution of the boundaries."""
    return boundary_set().metadata()


_FOLLOWERS: list = []
_SEEN: dict[str, str | None] = {"version": None}
_USERS_FILE: dict[str, str | None] = {"problem": None}
#: The data version this thread's script run saw, with the store's commits then.
_RUN = threading.local()


def follows_providers(cached):
    """Mark a cached function whose result depends on the providers: it is cleared
    when the stored providers change (an edit here or in another app process)."""
    _FOLLOWERS.append(cached)
    return cached


def store_url() -> str:
    """The configured store (see :func:`configured_url`)."""
    return configured_url(os.environ)


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The store, migrated; an empty one gets the sample data (first start), and
    the editors of ``$FAMILIENKARTE_USERS`` when that names a users file."""
    opened = Store(store_url())
    opened.migrate()
    seed_store(opened)
    seed_events(opened)
    seed_networks(opened)
    _USERS_FILE["problem"] = None
    if path := os.environ.get(USERS_ENV):
        try:
            opened.users.apply(read_users_file(Path(path)))
        except ValueError as error:
            _USERS_FILE["problem"] = str(error)
    return opened


def users_file_problem() -> str | None:
    """Why the users file was not used (then the editors stored before stay), or
    ``None``."""
    store()
    return _USERS_FILE["problem"]


def provider_data() -> providers.ProviderData:
    """All providers placed in their areas, with the import's problems (read-only).

    From ``$FAMILIENKARTE_PROVIDERS`` when set (a file, read once), else from the
    store, read again only when its data changed. A store that cannot be reached
    leaves the map on the last data this process saw, or the sample, with a notice
    naming the database without its password.
    """
    if os.environ.get(providers.PROVIDERS_ENV):
        return _file_data()
    try:
        version = _data_version()
    except Exception as error:  # noqa: BLE001 - any database fault: the map stays up
        return _unreachable(error)
    _DOWN.pop("reason", None)
    if _SEEN["version"] not in (None, version):
        for cached in _FOLLOWERS:
            cached.clear()
    _SEEN["version"] = version
    return _stored_data(version)


def new_run() -> None:
    """A script run begins (``dashboard/main.py``): from here on its thread asks the
    store for the data version once, and again only after this process wrote to it.
    Under load the question, asked by every page part, had visitors queue for it."""
    _RUN.seen = None


def _data_version() -> str:
    opened = store()
    seen = getattr(_RUN, "seen", False)
    if seen is False:  # not in a page run (a file route, a test): ask every time
        return opened.version()
    if seen is None or seen[1] != opened.commits:
        seen = _RUN.seen = (opened.version(), opened.commits)
    return seen[0]


@st.cache_resource(show_spinner=False)
def _file_data() -> providers.ProviderData:
    loaded = providers.load_providers(gemeinden=boundaries("gemeinde"))
    _log_notes(loaded.problems)
    return loaded


#: Import notes written to the log per load; the Daten page offers all as a download.
NOTES_LOGGED = 100


def _log_notes(problems: tuple[intake.Problem, ...]) -> None:
    """The notes of a load go to the operator's log (bounded), never to the families'
    pages: with 50,000 of them, every run of the map sent a 5.7 MB table."""
    if not problems:
        return
    errors = sum(p.severity == "fehler" for p in problems)
    log_event("import_notes", count=len(problems), errors=errors, logged=NOTES_LOGGED)
    for problem in problems[:NOTES_LOGGED]:
        log_event(
            "import_note", row=problem.row, severity=problem.severity, message=problem.message[:300]
        )


@st.cache_resource(show_spinner=False, max_entries=2)
def _stored_data(version: str) -> providers.ProviderData:
    loaded = dataclasses.replace(
        load_from_store(store(), boundaries("gemeinde")), stored_at=clock.now()
    )
    _log_notes(loaded.problems)
    _LAST_GOOD["data"] = loaded
    _keep_snapshot(loaded.frame)
    return loaded


_LAST_GOOD: dict[str, providers.ProviderData] = {}
_SNAPSHOT_LOCK = threading.Lock()
_SNAPSHOT: dict = {"pending": None}
#: Set while no snapshot is being written.
_SNAPSHOT_IDLE = threading.Event()
_SNAPSHOT_IDLE.set()


def snapshot_path() -> Path:
    """Where the last data read from the store is kept on disk (an HSDS package in
    the cache folder, one per database), for a start while the database is down."""
    key = hashlib.sha256(redacted(store_url()).encode()).hexdigest()[:16]
    return assets.asset_dir().parent / f"letzter-stand-{key}.zip"


def _keep_snapshot(frame) -> None:
    """Write the snapshot in the background: at 50,000 providers it takes seconds
    that no page view should wait for. Data read while one is written is written
    next, so the newest read is always the one kept in the end."""
    target = snapshot_path()
    with _SNAPSHOT_LOCK:
        _SNAPSHOT["pending"] = frame
        if not _SNAPSHOT_IDLE.is_set():
            return  # the running writer takes it next
        _SNAPSHOT_IDLE.clear()

    def write() -> None:
        while True:
            with _SNAPSHOT_LOCK:
                newest, _SNAPSHOT["pending"] = _SNAPSHOT["pending"], None
                if newest is None:
                    _SNAPSHOT_IDLE.set()
                    return
            try:
                part = target.with_suffix(".teil")
                part.write_bytes(providers.write_hsds(newest))
                part.replace(target)  # atomic: a reader never sees half a file
            except OSError:
                pass  # no snapshot is no worse than before; the map itself is unaffected

    threading.Thread(target=write, name="familienkarte-letzter-stand", daemon=True).start()


@st.cache_resource(show_spinner=False)
def _snapshot_data(path: str, written: float) -> providers.ProviderData | None:
    loaded = providers.load_providers(Path(path), boundaries("gemeinde"))
    return None if loaded.failed_source else loaded


@st.cache_resource(show_spinner=False)
def _sample_data() -> providers.ProviderData:
    # Placed once: a page asks for the providers several times per run.
    return providers.load_providers(providers.SAMPLE_PATH, boundaries("gemeinde"))


def _unreachable(error: Exception) -> providers.ProviderData:
    """The data of this process's last read, else the snapshot on disk (a start
    while the database is down), else the sample – with the reason for the operator
    (log, readiness check); visitors are told only how old the shown data are."""
    reason = f"Datenbank {redacted(store_url())} nicht erreichbar ({type(error).__name__})"
    if _DOWN.get("reason") != reason:  # once per outage, not once per page view
        _DOWN["reason"] = reason
        log_event("datenbank_nicht_erreichbar", logging.WARNING, grund=reason)
    fallback = _LAST_GOOD.get("data")
    kept = snapshot_path()
    if fallback is None and kept.is_file():
        fallback = _snapshot_data(str(kept), kept.stat().st_mtime)
        if fallback is not None:
            written = datetime.fromtimestamp(kept.stat().st_mtime, clock.BERLIN)
            fallback = dataclasses.replace(fallback, stored_at=written)
    return dataclasses.replace(fallback or _sample_data(), unavailable=reason)


#: The reason of the outage last logged (a reachable store clears it).
_DOWN: dict[str, str] = {}


def area_name(ags: str | None) -> str | None:
    """Name of a Land, Kreis or Gemeinde by its AGS, or ``None``."""
    return boundary_set().name(ags)


@st.cache_resource(show_spinner=False)
def gazetteer() -> places.Gazetteer:
    """Every postcode, Gemeinde and Ortsteil, for the place search (built once per process)."""
    kreise = boundaries("kreis")
    names = dict(zip(kreise["ags"], kreise["name"], strict=True))
    inhabitants = population().inhabitants
    return places.Gazetteer(boundaries("gemeinde"), names, inhabitants=inhabitants)


@follows_providers
@st.cache_resource(show_spinner=False)
def provider_index() -> places.ProviderIndex:
    """All providers in a k-d tree, for "nearest first" (built once per process)."""
    frame = provider_data().frame
    return places.ProviderIndex(frame["lat"].to_numpy(), frame["lon"].to_numpy())


def provider_positions() -> dict[str, int]:
    """Row position of each provider id (once per data version)."""
    provider_data()  # a changed store clears the followers first
    return _provider_positions()


@follows_providers
@st.cache_resource(show_spinner=False, max_entries=1)
def _provider_positions() -> dict[str, int]:
    return {key: position for position, key in enumerate(provider_data().frame["id"])}


def type_masks() -> dict[str, np.ndarray]:
    """Per kind of help, which providers offer it (``provider_mask`` of each kind, once
    per data version: the lean pages ask for every kind on every page)."""
    provider_data()  # a changed store clears the followers first
    return _type_masks()


@follows_providers
@st.cache_resource(show_spinner=False, max_entries=1)
def _type_masks() -> dict[str, np.ndarray]:
    frame = provider_data().frame
    return {
        service.code: providers.provider_mask(frame, [service.code])
        for service in providers.SERVICE_TYPES
    }


@follows_providers
@st.cache_resource(show_spinner=False)
def spoken_languages() -> list[str]:
    """Every language code some provider speaks, sorted (once per process)."""
    return sorted({code for codes in provider_data().frame["languages"] for code in codes})


@st.cache_resource(show_spinner=False)
def population() -> geodata.Population:
    """Inhabitants per Gemeinde (Destatis, 31.12.2023, embedded), for the planning page."""
    return geodata.load_population()


@st.cache_resource(show_spinner=False)
def births() -> dict[str, int | None]:
    """Births 2023 per Geburtsklinik id (G-BA Qualitätsberichte, embedded)."""
    return providers.read_births()


@st.cache_resource(show_spinner=False)
def need() -> geodata.Need:
    """Need figures per Gemeinde (Zensus 2022, embedded), for the planning page."""
    return geodata.load_need()


@st.cache_resource(show_spinner=False)
def programmes() -> planning.ProgrammeList:
    """Programme layers per Gemeinde: the configured list, else the fictional sample.

    A configured list that cannot be read falls back to the sample, and says so in
    its first problem.
    """
    gemeinden = frozenset(boundaries("gemeinde").index)
    configured = os.environ.get(PROGRAMME_ENV)
    if not configured:
        return planning.load_programmes(None, gemeinden)
    try:
        return planning.load_programmes(Path(configured), gemeinden)
    except (OSError, ValueError) as error:
        sample = planning.load_programmes(None, gemeinden)
        problem = intake.Problem(0, f"{Path(configured).name}: {error} Es gilt die Beispielliste.")
        return planning.ProgrammeList(sample.entries, (problem,), sample.source, True)


def event_data() -> EventData:
    """The Termine, placed and expanded from today (read-only; once per day and data
    version). From ``$FAMILIENKARTE_TERMINE`` (an .ics file) when set; with a provider
    file, the sample's; else from the store."""
    provider_data()  # a changed store clears the followers first
    return _event_data(datetime.now(clock.BERLIN).date())


@follows_providers
@st.cache_resource(show_spinner=False, max_entries=2)
def _event_data(today) -> EventData:
    frame = provider_data().frame
    named = os.environ.get(EVENTS_ENV)
    if named or os.environ.get(providers.PROVIDERS_ENV):
        path = Path(named) if named else None
        events, problems = read_event_file(path) if path else read_event_file()
        source = path.name if path else "sample"
        return build_event_data(
            events, frame, today, problems, source, gemeinden=boundaries("gemeinde")
        )
    try:
        events = store().events()
    except Exception:  # noqa: BLE001 - a store fault shows no Termine, the pages stay up
        events = []
    return build_event_data(
        events, frame, today, source=store_url(), gemeinden=boundaries("gemeinde")
    )


def data_version() -> str:
    """A name of the data shown, equal in every process (for ETags): the store's data
    version, or the provider file's name and time."""
    if path := os.environ.get(providers.PROVIDERS_ENV):
        try:
            return f"datei-{Path(path).stat().st_mtime_ns}"
        except OSError:
            return "datei"
    try:
        return _data_version()
    except Exception:  # noqa: BLE001 - no store: the last data seen
        return f"offline-{_SEEN['version']}"


def hsds_catalogue() -> providers.HsdsCatalogue:
    """The HSDS API's records (read-only; once per data version)."""
    provider_data()  # a changed store clears the followers first
    return _hsds_catalogue()


@follows_providers
@st.cache_resource(show_spinner=False, max_entries=1)
def _hsds_catalogue() -> providers.HsdsCatalogue:
    frame = provider_data().frame
    tables = providers.hsds_tables(
        frame,
        [event for event in event_data().events if event.provider_id],
        networks(),
        providers.namespace_from(os.environ),
    )
    sources = providers.attributions(frame["source"]) if len(frame) else ()
    return providers.HsdsCatalogue(tables, openapi_url="/hsds/openapi.json", sources=sources)


def networks() -> tuple[Network, ...]:
    """The Netzwerke Frühe Hilfen (read-only; once per data version): from the store;
    with a provider file, the sample's with the memberships of its providers."""
    provider_data()  # a changed store clears the followers first
    return _networks()


@follows_providers
@st.cache_resource(show_spinner=False, max_entries=2)
def _networks() -> tuple[Network, ...]:
    if os.environ.get(providers.PROVIDERS_ENV):
        known = set(provider_data().frame["id"])
        return tuple(
            dataclasses.replace(
                n, memberships=tuple(m for m in n.memberships if m.provider_id in known)
            )
            for n in providers.read_sample_networks()
        )
    try:
        return tuple(store().networks())
    except Exception:  # noqa: BLE001 - a store fault shows no network, the pages stay up
        return ()


def coming_dates() -> dict[int, list[tuple[str, datetime]]]:
    """Each provider's next two family dates by row position: ``[(title, start), …]``
    (once per day and data version, for the nearby cards and the map popups)."""
    provider_data()
    return _coming_dates(datetime.now(clock.BERLIN).date())


@follows_providers
@st.cache_resource(show_spinner=False, max_entries=2)
def _coming_dates(today) -> dict[int, list[tuple[str, datetime]]]:
    return coming_by_provider(event_data(), clock.now())

"""What a new store starts with, and the providers of a store as the app shows them.

An empty store is filled with the sample (or an operator's file) once: a store that
holds anything, retired records included, is left alone.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import geopandas as gpd

from events import SAMPLE_EVENTS_PATH, read_event_file
from geodata import load_boundaries
from providers import (
    SAMPLE_NETWORKS_PATH,
    SAMPLE_PATH,
    ImportResult,
    ProviderData,
    import_file,
    placed_in_areas,
    read_sample_networks,
    records_from_frame,
)
from store.store import Store


def load_from_store(store: Store, gemeinden: gpd.GeoDataFrame | None = None) -> ProviderData:
    """The active providers of a store, placed in their areas like a loaded file."""
    boundaries = gemeinden if gemeinden is not None else load_boundaries("gemeinde")
    frame = store.frame()
    result = ImportResult(frame, (), tuple(range(1, len(frame) + 1)))
    placed, problems = placed_in_areas(result, boundaries)
    return ProviderData(placed, problems, Path(store.label))


def seed_store(store: Store, path: Path = SAMPLE_PATH, user: str = "system") -> int:
    """Fill an empty store from a provider file (the sample by default); the number of
    providers stored. A store that holds anything, retired records included, is left
    alone."""
    if store.count(include_retired=True):
        return 0
    return store.seed(records_from_frame(import_file(path).frame), user)


def seed_events(store: Store, path: Path = SAMPLE_EVENTS_PATH, user: str = "system") -> int:
    """Give a store without any Termine the sample's: those whose provider it holds, and
    those at a place of their own when it holds any (so a store with a Kreis's own
    providers gets none); the number stored."""
    if store.events(include_retired=True):
        return 0
    events, _ = read_event_file(path)
    known = {record.id for record in store.records()}
    held = [e for e in events if e.provider_id in known]
    own = [e for e in events if not e.provider_id] if held else []
    return store.save_events(held + own, user).added


def seed_networks(store: Store, path: Path = SAMPLE_NETWORKS_PATH, user: str = "system") -> int:
    """Give a store without any network the sample's, with the memberships of the
    providers it holds (none when it holds none of them); the number stored."""
    if store.networks(include_retired=True):
        return 0
    known = {record.id for record in store.records()}
    held = []
    for network in read_sample_networks(path):
        members = tuple(m for m in network.memberships if m.provider_id in known)
        if members:
            held.append(replace(network, memberships=members))
    return store.save_networks(held, user).added if held else 0

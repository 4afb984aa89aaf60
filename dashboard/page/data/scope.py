"""What the signed-in account may change, for the Daten page to show and to offer: its
areas in words, and which providers, Termine and networks its lists hold. The store
checks every write against the same rights; this only hides what it would refuse."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

from dashboard import cache
from dashboard.i18n.texts import t
from events import Event
from networks import Network
from store import Rights, Role


def scope_label(rights: Rights, frame: gpd.GeoDataFrame, networks: Sequence[Network]) -> str:
    """``"Rhein-Sieg-Kreis"``, ``"Nordrhein-Westfalen, Hessen"``, the networks' or the
    providers' names; ``t("data_scope_all")`` for the operator."""
    if rights.everything:
        return t("data_scope_all")
    if rights.role in (Role.LAND, Role.KREIS):
        return ", ".join(cache.area_name(area) or area for area in rights.areas)
    if rights.role is Role.NETZWERK:
        names = {n.id: n.name for n in networks}
    else:
        names = dict(zip(frame["id"], frame["name"], strict=True))
    return ", ".join(names.get(area, area) for area in rights.areas)


def _networks_of(networks: Sequence[Network]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for network in networks:
        for member in network.memberships:
            found.setdefault(member.provider_id, set()).add(network.id)
    return found


def editable(rights: Rights, frame: pd.DataFrame, networks: Sequence[Network]) -> pd.Series:
    """Which providers of ``frame`` (with ``id`` and ``kreis_ags``) the account may change
    – the store's own rule, row by row."""
    if rights.everything:
        return pd.Series(True, index=frame.index)
    nets = _networks_of(networks)
    return pd.Series(
        [
            rights.may_provider(key, None if pd.isna(kreis) else kreis, nets.get(key, set()))
            for key, kreis in zip(frame["id"], frame["kreis_ags"], strict=True)
        ],
        index=frame.index,
        dtype=bool,
    )


def own_events(
    rights: Rights, events: list[Event], kreise: list, networks: Sequence[Network]
) -> set[str]:
    """The ids of the Termine the account may change; ``kreise`` is each Termin's Kreis
    (its provider's, else its own place's)."""
    nets = _networks_of(networks)
    return {
        event.id
        for event, kreis in zip(events, kreise, strict=True)
        if rights.may_provider(
            event.provider_id, None if pd.isna(kreis) else kreis, nets.get(event.provider_id, set())
        )
    }


def own_networks(rights: Rights, networks: Sequence[Network]) -> Sequence[Network]:
    """The networks the account may change."""
    return [n for n in networks if rights.may_network(n.id, n.kreis_ags)]

"""The Kreis a stored row belongs to, and the areas an account is given.

A provider belongs to the Kreis its point lies in (by geometry, like every placement in
Familienkarte); a Termin to its provider's Kreis, else to its own place's; a network
to its Kreis. The store keeps the Kreis beside each row at every write.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import geopandas as gpd
import pandas as pd
import sqlalchemy as sa

from geodata import assign_areas, load_boundaries, load_keys
from store.rights import AREA_KIND, Role

#: A point this close outside every Gemeinde (a coast, a border drawn coarsely) is
#: placed in the nearest, as on the map.
_SNAP_M = 2_000


@lru_cache(maxsize=1)
def _gemeinden() -> gpd.GeoDataFrame:
    return load_boundaries("gemeinde")[["ags", "geometry"]]


def kreise_at(lats: Sequence[float], lons: Sequence[float]) -> list[str | None]:
    """The Kreis (AGS of 5 digits) of each point; ``None`` outside Germany."""
    if not len(lats):
        return []
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")
    placed = assign_areas(points, _gemeinden(), snap_m=_SNAP_M)["kreis_ags"]
    return [None if pd.isna(kreis) else str(kreis) for kreis in placed]


def fill_kreise(connection: sa.Connection) -> None:
    """Fill in the Kreis of every stored provider, Termin and audit line (the migration
    that brought the column)."""
    from store.tables import audit, events, networks, providers

    rows = connection.execute(sa.select(providers.c.id, providers.c.lat, providers.c.lon)).all()
    kreis_of = dict(
        zip(
            (row.id for row in rows),
            kreise_at([row.lat for row in rows], [row.lon for row in rows]),
            strict=True,
        )
    )
    for key, kreis in kreis_of.items():
        connection.execute(providers.update().where(providers.c.id == key).values(kreis_ags=kreis))
    event_kreis: dict[str, str | None] = {}
    for key, data, provider in connection.execute(
        sa.select(events.c.id, events.c.data, events.c.provider_id)
    ).all():
        kreis = kreis_of.get(provider) if provider else None
        if kreis is None and data.get("lat") is not None and data.get("lon") is not None:
            kreis = kreise_at([data["lat"]], [data["lon"]])[0]
        event_kreis[key] = kreis
        connection.execute(events.update().where(events.c.id == key).values(kreis_ags=kreis))
    network_kreis = dict(connection.execute(sa.select(networks.c.id, networks.c.kreis_ags)).all())
    subjects = connection.execute(sa.select(audit.c.provider_id).distinct()).scalars().all()
    for subject in subjects:
        if subject is None:
            continue
        kind, _, key = subject.partition(":") if ":" in subject else ("", "", subject)
        kreis = {"termin": event_kreis, "netzwerk": network_kreis}.get(kind, kreis_of).get(key)
        if kreis is not None:
            connection.execute(
                audit.update().where(audit.c.provider_id == subject).values(kreis_ags=kreis)
            )


class BadArea(ValueError):
    """An area that is no current AGS of the role's level (in German)."""


def checked_areas(role: Role, areas: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """The areas of an account with ``role``, as today's keys, and notes on old keys
    converted (``"05334036 → 05334002 (Gebietsreform 2021)"``).

    Raises
    ------
    BadArea
        For a role other than ``betrieb`` without areas, an AGS of the wrong length or
        one that never was, and an old key that was split (it has no single successor).
    """
    cleaned = tuple(dict.fromkeys(area.strip() for area in areas if area.strip()))
    if role is Role.BETRIEB:
        return (), []
    if not cleaned:
        raise BadArea(f"Die Rolle {role.value} braucht mindestens ein Gebiet: {AREA_KIND[role]}.")
    if role not in (Role.LAND, Role.KREIS):
        return cleaned, []
    level = "land" if role is Role.LAND else "kreis"
    known = set(load_boundaries(level)["ags"])
    keys = load_keys()
    out: list[str] = []
    notes: list[str] = []
    for area in cleaned:
        if len(area) != (2 if level == "land" else 5) or not area.isdigit():
            raise BadArea(f"„{area}“ ist kein {AREA_KIND[role]}.")
        current, change = keys.resolve(area, known)
        if current is None:
            if change is not None:
                raise BadArea(change.note())
            raise BadArea(f"„{area}“ gibt es im Gebietsstand nicht ({AREA_KIND[role]}).")
        if change is not None:
            notes.append(change.note())
        out.append(current)
    return tuple(dict.fromkeys(out)), notes

"""The Kreis a stored row belongs to, and the areas an account is given.

A provider belongs to the Kreis its point lies in (by geometry, like every placement in
Familienkarte); a Termin to its provider's Kreis, else to its own place's; a network
to its Kreis. The store keeps the Kreis beside each row at every write.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import geopandas as gpd
import sqlalchemy as sa

import geodata
from geodata import load_boundaries, load_keys
from store.rights import AREA_KIND, Role

#: A point this close outside every Gemeinde (a coast, a border drawn coarsely) is
#: placed in the nearest, as on the map.
_SNAP_M = 2_000


@lru_cache(maxsize=1)
def _gemeinden() -> gpd.GeoDataFrame:
    return load_boundaries("gemeinde")[["ags", "geometry"]]


def kreise_at(lats: Sequence[float], lons: Sequence[float]) -> list[str | None]:
    """The Kreis (AGS of 5 digits) of each point; ``None`` outside Germany."""
    return geodata.kreise_at(lats, lons, _gemeinden(), snap_m=_SNAP_M)


def _set_kreise(connection: sa.Connection, table: sa.Table, kreise: dict[str, str | None]) -> None:
    """One statement for all rows (executemany), not one round trip each."""
    if kreise:
        connection.execute(
            table.update()
            .where(table.c.id == sa.bindparam("key"))
            .values(kreis_ags=sa.bindparam("kreis")),
            [{"key": key, "kreis": kreis} for key, kreis in kreise.items()],
        )


def fill_kreise(connection: sa.Connection) -> None:
    """Fill in the Kreis of every stored provider, Termin and audit line (the migration
    that brought the column): providers from their points, the rest by the row they
    belong to, in the database (a Land's trail holds hundreds of thousands of lines)."""
    from store.tables import audit, events, networks, providers

    rows = connection.execute(sa.select(providers.c.id, providers.c.lat, providers.c.lon)).all()
    placed = kreise_at([row.lat for row in rows], [row.lon for row in rows])
    _set_kreise(connection, providers, dict(zip((row.id for row in rows), placed, strict=True)))
    of_provider = (
        sa.select(providers.c.kreis_ags)
        .where(providers.c.id == events.c.provider_id)
        .scalar_subquery()
    )
    connection.execute(events.update().values(kreis_ags=of_provider))
    own = [
        (key, data)
        for key, data in connection.execute(
            sa.select(events.c.id, events.c.data).where(events.c.kreis_ags.is_(None))
        )
        if data.get("lat") is not None and data.get("lon") is not None
    ]
    at_place = kreise_at([data["lat"] for _, data in own], [data["lon"] for _, data in own])
    _set_kreise(connection, events, dict(zip((key for key, _ in own), at_place, strict=True)))
    # An audit line names its row as "<id>", "termin:<id>" or "netzwerk:<id>".
    for table, prefix in ((providers, ""), (events, "termin:"), (networks, "netzwerk:")):
        named = (
            sa.func.substr(audit.c.provider_id, len(prefix) + 1) if prefix else audit.c.provider_id
        )
        kreis = sa.select(table.c.kreis_ags).where(table.c.id == named).scalar_subquery()
        lines = audit.update().where(audit.c.kreis_ags.is_(None))
        if prefix:
            lines = lines.where(audit.c.provider_id.startswith(prefix))
        connection.execute(lines.values(kreis_ags=kreis))


@lru_cache(maxsize=2)
def _current_keys(level: str) -> frozenset[str]:
    return frozenset(load_boundaries(level)["ags"])


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
    known = _current_keys(level)
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

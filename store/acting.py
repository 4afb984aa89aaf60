"""The acting account inside one write: its rights as stored now, and why a row is not
its to change. The store's write functions call these; the pages only hide what
these would refuse anyway."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa

from geodata import load_boundaries
from store.errors import GONE, NotAllowed
from store.rights import OPERATOR, Editor, Rights, Role
from store.tables import networks, providers, users


@dataclass(frozen=True)
class Refusal:
    """A row the acting account may not write: its place in the write, its id, why."""

    index: int
    key: str
    reason: str


def account_rights(connection: sa.Connection, name: str) -> Rights | None:
    """The rights an account has now (``None``: there is no such account)."""
    row = connection.execute(
        sa.select(users.c.role, users.c.areas).where(users.c.name == name)
    ).first()
    return None if row is None else Rights.stored(row.role, row.areas)


def rights_in(connection: sa.Connection, user: str | Editor) -> Rights:
    """The rights of ``user`` as stored now (inside the write's transaction).

    Raises
    ------
    NotAllowed
        When the signed-in account no longer exists.
    """
    if not isinstance(user, Editor):
        return OPERATOR
    rights = account_rights(connection, user.name)
    if rights is None:
        raise NotAllowed(GONE)
    return rights


def memberships(connection: sa.Connection, rights: Rights) -> dict[str, set[str]]:
    """For a ``netzwerk`` account: the ids of the active networks each provider is a
    member of (nobody else needs them)."""
    if rights.role is not Role.NETZWERK:
        return {}
    found: dict[str, set[str]] = {}
    query = sa.select(networks.c.id, networks.c.data).where(networks.c.retired_at.is_(None))
    for key, data in connection.execute(query).all():
        for member in data.get("memberships", []):
            found.setdefault(str(member.get("provider_id", "")), set()).add(key)
    return found


@lru_cache(maxsize=1)
def _kreis_names() -> dict[str, str]:
    frame = load_boundaries("kreis")
    return dict(zip(frame["ags"], frame["name"], strict=True))


def kreis_label(kreis: str | None) -> str:
    """``"Rhein-Sieg-Kreis (05382)"``; ``"außerhalb Deutschlands"`` for none."""
    if not kreis:
        return "außerhalb Deutschlands"
    return f"{_kreis_names().get(kreis, 'Kreis')} ({kreis})"


def provider_refusal(
    rights: Rights,
    key: str,
    kreis: str | None,
    before_kreis: str | None,
    is_new: bool,
    networks_of: dict[str, set[str]],
) -> str | None:
    """Why ``rights`` may not write the provider ``key`` (now in ``kreis``, before in
    ``before_kreis``), or ``None`` when it may."""
    if rights.everything:
        return None
    if is_new and not rights.may_import:
        return "Neue Anbieter legt ein Konto für einen Kreis oder ein Land an."
    member_of = networks_of.get(key, set())
    if not is_new and not rights.may_provider(key, before_kreis, member_of):
        return f"Der Eintrag {key} liegt in {kreis_label(before_kreis)}, außerhalb Ihrer Gebiete."
    if not rights.may_provider(key, kreis, member_of):
        if not is_new and before_kreis != kreis:
            return (
                f"Der Eintrag zieht von {kreis_label(before_kreis)} nach {kreis_label(kreis)}: "
                "dafür braucht es Rechte in beiden Gebieten."
            )
        return f"Die Adresse liegt in {kreis_label(kreis)}, außerhalb Ihrer Gebiete."
    return None


def network_refusal(rights: Rights, key: str, kreis: str, before_kreis: str | None) -> str | None:
    """Why ``rights`` may not write the network ``key`` of ``kreis``, or ``None``."""
    if rights.role is Role.NETZWERK and before_kreis != kreis:
        return (
            "Neue Netzwerke und den Kreis eines Netzwerks legt ein Konto für einen Kreis oder "
            "ein Land fest."
        )
    if not rights.may_network(key, kreis):
        return f"Das Netzwerk {key} gehört zu {kreis_label(kreis)}, außerhalb Ihrer Gebiete."
    if before_kreis is not None and not rights.may_network(key, before_kreis):
        return (
            f"Das Netzwerk {key} gehört bisher zu {kreis_label(before_kreis)}, außerhalb Ihrer "
            "Gebiete."
        )
    return None


def event_refusal(
    rights: Rights,
    key: str,
    holder: tuple[str, str | None],
    before: tuple[str, str | None] | None,
    networks_of: dict[str, set[str]],
) -> str | None:
    """Why ``rights`` may not write the Termin ``key`` held by ``holder`` (its
    provider's id, "" for none, and the Termin's Kreis: its provider's, else its own
    place's), held before by ``before``; ``None`` when it may."""
    if rights.everything:
        return None
    checks = [(holder, "gehört zu")] + ([(before, "gehört bisher zu")] if before else [])
    for (provider_id, kreis), verb in checks:
        if not rights.may_provider(provider_id, kreis, networks_of.get(provider_id, set())):
            return f"Der Termin {key} {verb} {kreis_label(kreis)}, außerhalb Ihrer Gebiete."
    return None


def members_refusal(
    connection: sa.Connection, rights: Rights, row: dict, before: dict | None
) -> str | None:
    """Why a ``netzwerk`` account may not save its network's memberships: it gains the
    providers it makes members, so new ones must lie in the network's Kreis (it does
    not take over any provider of Germany); ``None`` when it may."""
    if rights.role is not Role.NETZWERK:
        return None

    def members(data: dict | None) -> set[str]:
        return {str(m.get("provider_id", "")) for m in (data or {}).get("memberships", [])}

    added = members(row["data"]) - members(before["data"] if before else None)
    if not added:
        return None
    kreise = dict(
        connection.execute(
            sa.select(providers.c.id, providers.c.kreis_ags).where(providers.c.id.in_(added))
        ).all()
    )
    outside = sorted(key for key in added if kreise.get(key) != row["kreis_ags"])
    if outside:
        return (
            f"Neue Mitglieder eines Netzwerks kommen aus seinem Kreis; "
            f"{', '.join(outside)} liegt außerhalb."
        )
    return None

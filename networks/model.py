"""Netzwerke Frühe Hilfen: who is in a network, in which role, since when, which
area it serves and how families reach it first.

A network belongs to a Kreis (or kreisfreie Stadt) and serves all of it or some of
its Gemeinden; a Kreis may have several, and a Gemeinde may be served by two. Its
way in for families is a contact with hours (e.g. a Familientelefon that partners
run in turn). Memberships name a provider, a role and when they began and ended: a
membership that ended yesterday is no longer one.

Professions come from the providers' service types; each belongs to a sector. The
expected professions are the partners §3 Abs. 2 KKG names for the networks, as far
as the type list knows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from events.model import stable_id
from geodata import is_within

#: Roles of a membership (code → German label).
ROLES: dict[str, str] = {
    "mitglied": "Mitglied",
    "koordination": "Koordination",
    "familientelefon": "betreibt Familientelefon",
}
#: Sectors of the professions in a network, in the order a view lists them.
SECTORS: dict[str, str] = {
    "gesundheit": "Gesundheitswesen",
    "jugendhilfe": "Kinder- und Jugendhilfe",
    "beratung": "Beratung",
    "bildung": "Bildung",
}
#: The sector of each service type that can be a network's member.
SECTOR_OF_TYPE: dict[str, str] = {
    "familienhebamme": "gesundheit",
    "geburtsklinik": "gesundheit",
    "kinderarztpraxis": "gesundheit",
    "gesundheitsamt": "gesundheit",
    "spz": "gesundheit",
    "fruehfoerderstelle": "gesundheit",
    "jugendamt": "jugendhilfe",
    "netzwerkkoordination": "jugendhilfe",
    "familienmanager": "jugendhilfe",
    "schwangerschaftsberatung": "beratung",
    "familienzentrum": "bildung",
    "kita": "bildung",
    "familienbildung": "bildung",
}
#: Offices that serve their own Kreis: one of another Kreis is in that Kreis's network,
#: not a partner to ask.
OWN_KREIS_TYPES: tuple[str, ...] = ("jugendamt", "gesundheitsamt", "netzwerkkoordination")
#: The professions a network is expected to hold (§3 Abs. 2 KKG, as types): all
#: but the municipal Familienmanager, which the law does not name.
EXPECTED_TYPES: tuple[str, ...] = tuple(
    code for code in SECTOR_OF_TYPE if code != "familienmanager"
)


@dataclass(frozen=True)
class Membership:
    """A provider in a network.

    Attributes
    ----------
    provider_id
        The provider's id in the store.
    role
        A key of :data:`ROLES`.
    since, until
        First and last day (``None``: open).
    """

    provider_id: str
    role: str = "mitglied"
    since: date | None = None
    until: date | None = None

    def active(self, today: date) -> bool:
        """Whether the membership holds on ``today``."""
        return (self.since is None or self.since <= today) and (
            self.until is None or today <= self.until
        )


@dataclass(frozen=True)
class WayIn:
    """How families reach a network first: a name (e.g. "Familientelefon"), a phone
    number, when someone answers, and an e-mail address."""

    label: str
    phone: str = ""
    hours: str = ""
    email: str = ""


@dataclass(frozen=True)
class Network:
    """A Netzwerk Frühe Hilfen.

    Attributes
    ----------
    id
        Stable identifier.
    name
        As the network calls itself.
    kreis_ags
        The Kreis (or kreisfreie Stadt) it belongs to (5 digits).
    gemeinden
        The Gemeinden it serves (8-digit AGS); empty: the whole Kreis.
    coordination
        Who coordinates it (name, phone, e-mail as one line each may be empty).
    way_in
        The first contact for families, or ``None``.
    memberships
        Its members with their roles.
    source, last_verified
        Where the entry comes from and when it was last checked.
    """

    id: str
    name: str
    kreis_ags: str
    gemeinden: tuple[str, ...] = ()
    coordination: WayIn | None = None
    way_in: WayIn | None = None
    memberships: tuple[Membership, ...] = field(default=())
    source: str = ""
    last_verified: date | None = None

    def serves(self, gemeinde_ags: str) -> bool:
        """Whether the network serves this Gemeinde."""
        if self.gemeinden:
            return gemeinde_ags in self.gemeinden
        return is_within(gemeinde_ags, self.kreis_ags)

    def members(self, today: date) -> tuple[Membership, ...]:
        """The memberships that hold on ``today``."""
        return tuple(m for m in self.memberships if m.active(today))


def network_id(kreis_ags: str, name: str) -> str:
    """The id of a new network: the same for its Kreis and name in every process, so
    that importing a table again updates the network instead of adding it twice."""
    return stable_id("netzwerk", kreis_ags, name)


def serving(networks: Iterable[Network], gemeinde_ags: str) -> list[Network]:
    """The networks that serve a Gemeinde, by name."""
    return sorted((n for n in networks if n.serves(gemeinde_ags)), key=lambda n: n.name)


def ways_in(networks: Iterable[Network], gemeinden: Iterable[str], kreis: str) -> list[Network]:
    """The networks a family calls first: those with a way in that serve the first of
    ``gemeinden`` (the place's, its own first) lying in ``kreis`` – two if two serve it."""
    here = next((g for g in gemeinden if g and is_within(g, kreis)), None)
    return [n for n in serving(networks, here) if n.way_in] if here else []


def of_provider(networks: Iterable[Network], provider_id: str, today: date) -> list[Network]:
    """The networks a provider is a member of on ``today``, by name."""
    return sorted(
        (n for n in networks if any(m.provider_id == provider_id for m in n.members(today))),
        key=lambda n: n.name,
    )


def network_record(network: Network) -> dict:
    """A network as JSON-ready values (dates as ISO text), for the store and exports."""
    values = asdict(network)
    values["gemeinden"] = list(network.gemeinden)
    values["memberships"] = [
        {**asdict(m), "since": _iso(m.since), "until": _iso(m.until)} for m in network.memberships
    ]
    values["last_verified"] = _iso(network.last_verified)
    return values


def network_from_record(values: Mapping) -> Network:
    """The network of :func:`network_record`."""
    return Network(
        id=str(values["id"]),
        name=str(values["name"]),
        kreis_ags=str(values["kreis_ags"]),
        gemeinden=tuple(str(g) for g in values.get("gemeinden") or ()),
        coordination=_way_in(values.get("coordination")),
        way_in=_way_in(values.get("way_in")),
        memberships=tuple(
            Membership(
                str(m["provider_id"]),
                str(m.get("role") or "mitglied"),
                _day(m.get("since")),
                _day(m.get("until")),
            )
            for m in values.get("memberships") or ()
        ),
        source=str(values.get("source") or ""),
        last_verified=_day(values.get("last_verified")),
    )


def _way_in(values: Mapping | None) -> WayIn | None:
    if not values:
        return None
    return WayIn(
        **{key: str(values.get(key) or "") for key in ("label", "phone", "hours", "email")}
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: object) -> date | None:
    return date.fromisoformat(str(text)) if text else None


def professions(network: Network, providers: pd.DataFrame, today: date) -> pd.DataFrame:
    """The expected professions of a network with their sector and how many of its
    members on ``today`` offer each (``providers``: with ``id`` and ``service_types``);
    index: the type codes of :data:`EXPECTED_TYPES`, in sector order."""
    members = {m.provider_id for m in network.members(today)}
    held = providers[providers["id"].isin(members)]["service_types"]
    counts = {
        code: int(held.map(lambda codes, c=code: c in codes).sum()) for code in EXPECTED_TYPES
    }
    table = pd.DataFrame(
        {
            "sector": [SECTOR_OF_TYPE[code] for code in EXPECTED_TYPES],
            "members": [counts[code] for code in EXPECTED_TYPES],
        },
        index=pd.Index(EXPECTED_TYPES, name="type"),
    )
    order = {sector: i for i, sector in enumerate(SECTORS)}
    return table.sort_values("sector", key=lambda s: s.map(order), kind="stable")


def members_of(network: Network, providers: pd.DataFrame, today: date) -> pd.DataFrame:
    """The providers that are members on ``today``, by sector and name, with ``role``,
    ``since``, ``until`` and ``sector`` beside their columns (memberships of providers
    not in ``providers`` are left out)."""
    by_id = {m.provider_id: m for m in network.members(today)}
    found = providers[providers["id"].isin(by_id)].copy()
    found["role"] = [by_id[key].role for key in found["id"]]
    found["since"] = [by_id[key].since for key in found["id"]]
    found["until"] = [by_id[key].until for key in found["id"]]
    order = {sector: i for i, sector in enumerate(SECTORS)}
    found["sector"] = [
        next((SECTOR_OF_TYPE[c] for c in codes if c in SECTOR_OF_TYPE), "")
        for codes in found["service_types"]
    ]
    rank = found["sector"].map(lambda sector: order.get(sector, len(order)))
    return (
        found.assign(_rank=rank).sort_values(["_rank", "name"], kind="stable").drop(columns="_rank")
    )


def candidates(
    network: Network,
    providers: pd.DataFrame,
    today: date,
    distance_m: np.ndarray | None = None,
    reach_m: float = 0.0,
) -> pd.DataFrame:
    """Providers that offer an expected profession and are not members on ``today``:
    who could be asked to join. Those in the network's area (its Gemeinden, else its
    Kreis), and with ``distance_m`` (metres from each provider to the area, in the
    order of ``providers``) also those up to ``reach_m`` beyond it, but no office of
    another Kreis (:data:`OWN_KREIS_TYPES`); nearest first, with their ``distance_m``
    (0 inside)."""
    members = {m.provider_id for m in network.members(today)}
    if network.gemeinden:
        inside = providers["gemeinde_ags"].isin(network.gemeinden).to_numpy()
    else:
        inside = (providers["kreis_ags"] == network.kreis_ags).to_numpy()
    distance = np.zeros(len(providers)) if distance_m is None else np.asarray(distance_m, float)
    distance = np.where(inside, 0.0, distance)
    near = inside | (distance <= reach_m) if distance_m is not None else inside
    expected = providers["service_types"].map(lambda codes: any(c in EXPECTED_TYPES for c in codes))
    elsewhere = (providers["kreis_ags"] != network.kreis_ags).to_numpy() & providers[
        "service_types"
    ].map(lambda codes: all(c in OWN_KREIS_TYPES for c in codes if c in EXPECTED_TYPES)).to_numpy()
    wanted = near & expected.to_numpy() & ~elsewhere & ~providers["id"].isin(members).to_numpy()
    found = providers[wanted].assign(distance_m=distance[wanted])
    return found.sort_values("distance_m", kind="stable")

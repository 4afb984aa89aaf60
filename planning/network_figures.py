"""The Netzwerke Frühe Hilfen in figures for the ministry: per Land, Kreis or the
whole country how many networks and members there are, the members per 10,000
under 18 (Zensus 2022), and the share of networks that hold each profession §3
Abs. 2 KKG expects – the figure of a slide's chart ``diagramm = "netzwerke"``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from geodata import is_within, within
from networks import EXPECTED_TYPES, Network, professions


@dataclass(frozen=True)
class NetworkFigures:
    """Networks of an area in figures.

    Attributes
    ----------
    networks, members
        How many networks, and how many providers are members of one today.
    per_10000
        Members per 10,000 under 18 (``None`` without a figure).
    shares
        Per expected profession (type code), the share of the networks with at least
        one member of it today (0–1), rarest first.
    """

    networks: int
    members: int
    per_10000: float | None
    shares: pd.Series


def network_figures(
    networks: Sequence[Network],
    providers: pd.DataFrame,
    under_18: pd.Series,
    region: str | None,
    today: date,
) -> NetworkFigures:
    """The networks belonging to ``region`` (a Land, a Kreis or ``None``: Germany) on
    ``today``, with the members among ``providers`` and ``under_18`` per Gemeinde."""
    here = [n for n in networks if is_within(n.kreis_ags, region)]
    frame = providers
    held = pd.DataFrame(
        {n.id: professions(n, frame, today)["members"] > 0 for n in here},
        index=pd.Index(EXPECTED_TYPES),
    )
    shares = (held.mean(axis=1) if here else pd.Series(0.0, index=held.index)).sort_values(
        kind="stable"
    )
    members = {m.provider_id for n in here for m in n.members(today)}
    young = under_18.astype(float)
    if region:
        young = young[within(young.index, region)]
    total = young.sum(min_count=1)
    per = len(members) / total * 10_000 if total and total > 0 else None
    return NetworkFigures(len(here), len(members), per, shares)


def figures_by_land(
    networks: Sequence[Network],
    providers: pd.DataFrame,
    under_18: pd.Series,
    laender: Iterable[str],
    today: date,
) -> pd.DataFrame:
    """Every Land of ``laender`` with networks, side by side: ``networks``,
    ``members``, ``per_10000`` (members per 10,000 under 18), and its rarest profession
    with the share of its networks that hold it (``rarest``, ``rarest_share``); index:
    Land AGS."""
    rows = {}
    for land in laender:
        figures = network_figures(networks, providers, under_18, land, today)
        if figures.networks:
            rows[land] = {
                "networks": figures.networks,
                "members": figures.members,
                "per_10000": figures.per_10000,
                "rarest": figures.shares.index[0],
                "rarest_share": float(figures.shares.iloc[0]),
            }
    return pd.DataFrame.from_dict(rows, orient="index")

"""Where a new site helps most: the maximal covering location problem (MCLP).

Among candidate places (the Gemeinden's points), choose ``k`` that bring the
most inhabitants within ``N`` km who are not within ``N`` km of a provider yet.
Solved exactly as an integer program by ``spopt.locate.MCLP`` (PySAL) with the
CBC solver that ``pulp`` ships; no greedy approximation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pulp
from scipy.spatial.distance import cdist
from spopt.locate import MCLP

from planning.distance import nearest_km


@dataclass(frozen=True)
class SiteProposal:
    """One proposed site: the candidate and the inhabitants it brings within reach.

    ``added`` counts only people no earlier proposal (and no existing provider)
    reaches already: the proposals' ``added`` sum to what all of them add.
    """

    candidate: str
    added: float


def suggest_sites(
    demand_xy: np.ndarray,
    demand: np.ndarray,
    candidates_xy: np.ndarray,
    candidate_ids: list[str],
    existing_xy: np.ndarray,
    service_km: float,
    k: int,
) -> list[SiteProposal]:
    """The ``k`` candidates that together bring the most uncovered demand within reach.

    Parameters
    ----------
    demand_xy, candidates_xy, existing_xy
        Points in metres (``(n, 2)``): demand places (Gemeinden), candidate sites,
        existing providers of the type (their reach is counted as covered).
    demand
        Inhabitants per demand place; missing values count as 0.
    candidate_ids
        A name per candidate (e.g. its AGS), returned in the proposals.
    service_km
        Reach of a site.
    k
        Number of sites (1 to 10 on the page).

    Returns
    -------
    list of SiteProposal
        Ordered by what each adds, largest first; fewer than ``k`` when fewer
        sites already reach all uncovered demand.
    """
    weights = np.nan_to_num(np.asarray(demand, dtype=float))
    covered = nearest_km(demand_xy, existing_xy) <= service_km
    open_demand = np.flatnonzero((weights > 0) & ~covered)
    if len(open_demand) == 0 or len(candidates_xy) == 0 or k < 1:
        return []
    reach = cdist(demand_xy[open_demand], candidates_xy) <= service_km * 1000
    useful = np.flatnonzero(reach.any(axis=0))  # candidates that reach someone
    reach = reach[:, useful]
    k = min(k, len(useful))
    model = MCLP.from_cost_matrix(
        np.where(reach, 0.0, 1.0), weights[open_demand], service_radius=0.5, p_facilities=k
    )
    model.solve(pulp.PULP_CBC_CMD(msg=False))
    chosen = [j for j, var in enumerate(model.fac_vars) if var.value() and var.value() > 0.5]
    return _in_order(reach, weights[open_demand], chosen, [candidate_ids[i] for i in useful])


def _in_order(
    reach: np.ndarray, weights: np.ndarray, chosen: list[int], ids: list[str]
) -> list[SiteProposal]:
    """The chosen sites, each with what it adds after the ones before it."""
    reached = np.zeros(len(weights), dtype=bool)
    left, proposals = list(chosen), []
    while left:
        gains = [weights[reach[:, j] & ~reached].sum() for j in left]
        best = left.pop(int(np.argmax(gains)))
        if max(gains) <= 0:
            break
        proposals.append(SiteProposal(ids[best], float(max(gains))))
        reached |= reach[:, best]
    return proposals

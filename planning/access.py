"""Accessibility that weighs supply against demand: two-step floating catchment area.

Luo & Wang (2003): each facility's ratio of supply to the demand within its
catchment, summed for each place over the facilities within its catchment. A
vectorised version of ``access.Access.two_stage_fca`` (PySAL ``access``; a test
checks they agree) on a sparse distance matrix, so 11,000 Gemeinden against
50,000 providers stay cheap.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
from scipy.sparse import csr_matrix
from scipy.spatial import cKDTree


def two_step_fca(
    demand_xy: np.ndarray,
    demand: np.ndarray,
    supply_xy: np.ndarray,
    supply: np.ndarray,
    catchment_m: float,
) -> np.ndarray:
    """Supply per unit of demand reachable from each demand place.

    Parameters
    ----------
    demand_xy, supply_xy
        ``(n, 2)`` and ``(m, 2)`` points in metres.
    demand
        Population (or any denominator) per demand place; missing values count as 0.
    supply
        Capacity per facility (1 each when all count alike).
    catchment_m
        Catchment radius in metres (distances up to it count).

    Returns
    -------
    numpy.ndarray
        One score per demand place: e.g. providers per inhabitant within reach;
        0 where no facility is within the catchment.
    """
    demand = np.nan_to_num(np.asarray(demand, dtype=float))
    if len(supply_xy) == 0 or len(demand_xy) == 0:
        return np.zeros(len(demand_xy))
    pairs = cKDTree(demand_xy).query_ball_tree(cKDTree(supply_xy), r=catchment_m)
    rows = np.repeat(np.arange(len(demand_xy)), [len(found) for found in pairs])
    columns = np.fromiter(chain.from_iterable(pairs), dtype=np.int64, count=len(rows))
    within = csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(demand_xy), len(supply_xy))
    )
    reached_demand = within.T @ demand  # step 1: demand in each facility's catchment
    ratio = np.divide(
        np.asarray(supply, dtype=float),
        reached_demand,
        out=np.zeros(len(supply_xy)),
        where=reached_demand > 0,
    )
    return np.asarray(within @ ratio, dtype=float)  # step 2: sum over reachable facilities

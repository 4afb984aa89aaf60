"""Coverage measures summed up per area of a view: per Gemeinde, Kreis or Land."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata import Level, parents
from planning.measures import GemeindeCoverage


def area_measures(
    coverage: GemeindeCoverage, access: np.ndarray, n_km: float, level: Level
) -> pd.DataFrame:
    """Every measure per area of ``level``, indexed by AGS.

    Columns: ``inhabitants`` (sum of the known figures; ``<NA>`` when none is
    known), ``missing`` (Gemeinden without a figure), ``providers``, ``per_10k``,
    ``nearest_km`` and ``access`` (2SFCA per 10,000, both weighted by inhabitants:
    what the average inhabitant meets) and ``share_beyond`` (of the inhabitants
    farther than ``n_km``). Measures that need inhabitants are ``<NA>`` without them.
    """
    table = coverage.table
    people = table["inhabitants"].to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(people)
    weight = np.where(known, people, 0.0)
    frame = pd.DataFrame(
        {
            "inhabitants": weight,
            "known": known.astype(int),
            "providers": table["providers"].to_numpy(),
            "far": weight * (table["nearest_km"].to_numpy() > n_km),
            "km": weight * np.minimum(table["nearest_km"].to_numpy(), 1e6),
            "access": weight * np.asarray(access, dtype=float) * 10_000,
        },
        index=table.index,
    )
    keys = parents(frame.index, level)
    sums = frame.groupby(keys).sum()
    counts = frame.groupby(keys).size()
    people_sum = sums["inhabitants"].where(sums["known"] > 0)

    def per_person(column: str) -> pd.Series:
        return (sums[column] / people_sum).astype("Float64")

    result = pd.DataFrame(
        {
            "inhabitants": people_sum.round().astype("Int64"),
            "missing": (counts - sums["known"]).astype(int),
            "providers": sums["providers"].astype(int),
            "per_10k": (sums["providers"] / people_sum * 10_000).astype("Float64"),
            "nearest_km": per_person("km"),
            "share_beyond": per_person("far"),
            "access": per_person("access"),
        }
    )
    if level == "gemeinde":
        # One Gemeinde: its own distance also when its inhabitants are unknown.
        result["nearest_km"] = table["nearest_km"].reindex(result.index).astype("Float64")
    return result

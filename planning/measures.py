"""Coverage per Gemeinde: how many providers, per how many inhabitants, how far away.

One row per Gemeinde, measured from its representative point (a point inside it,
the one the map labels). Counts are by the Gemeinde a provider lies in; the
distance is to the nearest provider anywhere, also in the next Kreis or Land.
Missing inhabitants stay missing: a per-capita figure or a share without its
denominator is ``<NA>`` ("keine Angabe"), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geodata import to_metric, within
from planning.distance import nearest_km


@dataclass(frozen=True)
class GemeindeCoverage:
    """Coverage of one service type (or a set of types) per Gemeinde.

    Attributes
    ----------
    table
        Indexed by Gemeinde AGS: ``inhabitants`` (``Int64``, may be missing),
        ``providers`` (count inside), ``per_10k`` (providers per 10,000 of the
        denominator, ``Float64``), ``nearest_km`` (to the nearest provider anywhere;
        ``inf`` if there is none at all).
    """

    table: pd.DataFrame

    def beyond(self, n_km: float) -> pd.Series:
        """Whether each Gemeinde's point lies farther than ``n_km`` from every provider."""
        return self.table["nearest_km"] > n_km


def per_capita(count: pd.Series, denominator: pd.Series, per: float = 10_000) -> pd.Series:
    """``count`` per ``per`` of ``denominator``; ``<NA>`` where it is missing or 0."""
    base = denominator.astype("Float64")
    result = count.astype("Float64") / base * per
    return result.mask(base.isna() | (base == 0))


def gemeinde_coverage(
    anchors: pd.DataFrame,
    denominator: pd.Series,
    providers: pd.DataFrame,
) -> GemeindeCoverage:
    """Coverage of the given providers for every Gemeinde.

    Parameters
    ----------
    anchors
        Indexed by Gemeinde AGS, with ``lat``/``lon`` of each Gemeinde's point.
    denominator
        Inhabitants (or an indicator such as children under 3) by AGS; missing ones
        stay missing.
    providers
        The providers that count (already filtered by type), with ``lat``, ``lon``
        and ``gemeinde_ags``.
    """
    origins = to_metric(anchors["lat"].to_numpy(), anchors["lon"].to_numpy())
    facilities = to_metric(providers["lat"].to_numpy(), providers["lon"].to_numpy())
    counts = providers["gemeinde_ags"].value_counts().reindex(anchors.index, fill_value=0)
    # Whole numbers: an indicator shared out from Kreis figures has fractions.
    inhabitants = denominator.reindex(anchors.index).astype("Float64").round().astype("Int64")
    table = pd.DataFrame(
        {
            "inhabitants": inhabitants,
            "providers": counts.astype("int64"),
            "per_10k": per_capita(counts, inhabitants),
            "nearest_km": nearest_km(origins, facilities),
        },
        index=anchors.index,
    )
    return GemeindeCoverage(table)


def share_beyond(
    coverage: GemeindeCoverage,
    n_km: float,
    region: str | None = None,
    people: pd.Series | None = None,
) -> float | None:
    """Share of the inhabitants of a region (AGS prefix; ``None``: all) whose Gemeinde
    lies farther than ``n_km`` from the nearest provider – or of other people per
    Gemeinde (``people``, e.g. the under-18s of the Zensus).

    Only Gemeinden with a figure count, on both sides of the fraction; ``None``
    when the region has no inhabitants with a figure.
    """
    table = coverage.table
    if region:
        table = table[within(table.index, region)]
    counted = table["inhabitants"] if people is None else people.reindex(table.index)
    known = counted.notna().to_numpy()
    weights = counted.to_numpy(dtype=float, na_value=np.nan)[known]
    if weights.sum() <= 0:
        return None
    far = (table["nearest_km"].to_numpy() > n_km)[known]
    return float(weights[far].sum() / weights.sum())


@dataclass(frozen=True)
class WhatIf:
    """What hypothetical new sites change in a region, at a reach of ``n_km``.

    Attributes
    ----------
    newly_reached
        Inhabitants whose Gemeinde comes within ``n_km`` of a provider only now.
    share_before, share_after
        Share of the inhabitants beyond ``n_km`` (``None``: no figures).
    per_10k_before, per_10k_after
        Providers in the region per 10,000 inhabitants (``None``: no figures).
    """

    newly_reached: int
    share_before: float | None
    share_after: float | None
    per_10k_before: float | None
    per_10k_after: float | None


def what_if(
    before: GemeindeCoverage, after: GemeindeCoverage, n_km: float, region: str | None = None
) -> WhatIf:
    """Compare the coverage with and without new sites (see :func:`gemeinde_coverage`)."""
    old, new = before.table, after.table
    inside = within(old.index, region)
    people = old.loc[inside, "inhabitants"].to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(people)
    now = (old.loc[inside, "nearest_km"].to_numpy() > n_km) & (
        new.loc[inside, "nearest_km"].to_numpy() <= n_km
    )
    total = people[known].sum()

    def density(table: pd.DataFrame) -> float | None:
        return float(table.loc[inside, "providers"].sum() / total * 10_000) if total > 0 else None

    return WhatIf(
        newly_reached=int(people[known & now].sum()),
        share_before=share_beyond(before, n_km, region),
        share_after=share_beyond(after, n_km, region),
        per_10k_before=density(old),
        per_10k_after=density(new),
    )


def gaps(coverage: GemeindeCoverage, n_km: float, min_per_10k: float | None = None) -> pd.Series:
    """Gemeinden with a gap: no provider within ``n_km``, or (when ``min_per_10k`` is
    given) fewer providers per 10,000 than that. Without a figure the per-capita
    test cannot fail: "keine Angabe" is no gap by itself."""
    table = coverage.table
    flags = table["nearest_km"] > n_km
    if min_per_10k is not None:
        flags |= (table["per_10k"] < min_per_10k).fillna(False).astype(bool)
    return flags

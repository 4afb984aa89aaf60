"""Need indicators per Gemeinde from the Zensus 2022 (Stichtag 15.05.2022).

Where are many children, many families who speak another language at home, many
large households? The Zensus 2022 answers per Gemeinde with shares; the build
turns them into figures under today's keys (a Gemeinde of 2022 that merged since
adds its figures to its successor's) and the app sums them per Kreis and Land:
counts are added, shares weighted by inhabitants, the household size weighted by
households (inhabitants / size), so a Kreis's figure is the Kreis's own.

Built by ``python -m geodata need --source census_2022_gemeinden.csv``; the app
reads only the derived Parquet file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.ags import Level, normalize_ags, parents
from geodata.keys import KeyChange, KeyTable
from geodata.load import EMBEDDED_DIR

NEED_FILE = "bedarf.parquet"
NEED_SOURCE = "Zensus 2022, Statistische Ämter des Bundes und der Länder"
NEED_LICENCE = "Datenlizenz Deutschland – Namensnennung – 2.0"
NEED_STAND = "2022-05-15"


@dataclass(frozen=True)
class NeedIndicator:
    """One need figure.

    Attributes
    ----------
    column
        Its column in :attr:`Need.figures`.
    kind
        ``"count"`` (people, summed), ``"share"`` (0–1 of the inhabitants) or
        ``"size"`` (persons per household).
    """

    column: str
    kind: str


#: The figures the build derives, in the order the app offers them.
NEED_INDICATORS: tuple[NeedIndicator, ...] = (
    NeedIndicator("unter_18", "count"),
    NeedIndicator("anteil_migration", "share"),
    NeedIndicator("anteil_auslaendisch", "share"),
    NeedIndicator("haushaltsgroesse", "size"),
)
_SOURCE_COLUMNS = {
    "population_census22": "einwohner_2022",
    "share_under18_census22": "unter_18",
    "share_foreign_census22": "anteil_auslaendisch",
    "share_migration_bg_census22": "anteil_migration",
    "avg_household_size_census22": "haushaltsgroesse",
}


@dataclass(frozen=True)
class Need:
    """Zensus 2022 figures per Gemeinde under today's keys.

    Attributes
    ----------
    figures
        Indexed by AGS: ``einwohner_2022`` and one column per
        :data:`NEED_INDICATORS` (``<NA>`` where the Zensus has no figure).
    stand, source, licence
        Stichtag (ISO), citation and licence.
    """

    figures: pd.DataFrame
    stand: str = NEED_STAND
    source: str = NEED_SOURCE
    licence: str = NEED_LICENCE

    def by_level(self, level: Level) -> pd.DataFrame:
        """The figures per Land, Kreis or Gemeinde (the Gemeinde's own), by AGS."""
        if level == "gemeinde":
            return self.figures
        return aggregate(self.figures, parents(self.figures.index, level))


def aggregate(figures: pd.DataFrame, keys: pd.Index | pd.Series) -> pd.DataFrame:
    """Sum counts, weight shares by inhabitants and sizes by households, per key.

    Rows without a figure are left out of that figure's sum and weights alone.
    """
    people = figures["einwohner_2022"].astype(float)
    parts = pd.DataFrame({"einwohner_2022": people}, index=figures.index)
    for indicator in NEED_INDICATORS:
        value = figures[indicator.column].astype(float)
        known = value.notna() & people.notna()
        if indicator.kind == "count":
            parts[indicator.column] = value
        elif indicator.kind == "share":
            parts[f"{indicator.column}_w"] = (value * people).where(known)
            parts[f"{indicator.column}_p"] = people.where(known)
        else:
            parts[f"{indicator.column}_w"] = people.where(known)
            parts[f"{indicator.column}_p"] = (people / value).where(known)
    sums = parts.groupby(np.asarray(keys)).sum(min_count=1)
    out = pd.DataFrame({"einwohner_2022": sums["einwohner_2022"]}, index=sums.index)
    for indicator in NEED_INDICATORS:
        if indicator.kind == "count":
            out[indicator.column] = sums[indicator.column]
        else:
            out[indicator.column] = sums[f"{indicator.column}_w"] / sums[f"{indicator.column}_p"]
    out.index.name = "ags"
    return out.astype("Float64")


def read_census(source: Path) -> pd.DataFrame:
    """The Zensus 2022 Gemeinde table (keys of 2022) as need figures, indexed by AGS."""
    table = pd.read_csv(source, dtype={"ags": str})
    table["ags"] = table["ags"].map(lambda value: normalize_ags(value, "gemeinde"))
    table = table.dropna(subset=["ags"]).drop_duplicates("ags").set_index("ags")
    figures = table[list(_SOURCE_COLUMNS)].rename(columns=_SOURCE_COLUMNS).astype(float)
    figures["unter_18"] = (figures["einwohner_2022"] * figures["unter_18"] / 100).round()
    for share in ("anteil_auslaendisch", "anteil_migration"):
        figures[share] = figures[share] / 100
    return figures


def build_need(
    source: Path, keys: KeyTable, gemeinden: pd.Index, out: Path
) -> tuple[Need, list[KeyChange]]:
    """Write the need figures under today's keys to ``out``.

    Parameters
    ----------
    source
        ``census_2022_gemeinden.csv`` (``ags`` of 2022, ``population_census22``,
        ``share_under18_census22`` …, shares in per cent).
    keys
        Old keys to today's; a 2022 Gemeinde that merged since is added to its
        successor, one that was split goes to its successors by area share.
    gemeinden
        Today's Gemeinden: every one gets a row.
    out
        Folder to write :data:`NEED_FILE` into.

    Returns
    -------
    tuple
        The figures and the key changes applied.
    """
    figures = read_census(source)
    changes = [change for key in figures.index if (change := keys.change(key)) is not None]
    if changes:
        figures = aggregate(*_successor_rows(figures, changes))
    joined = figures.reindex(pd.Index(sorted(gemeinden), name="ags")).astype("Float64")
    joined["unter_18"] = joined["unter_18"].round()
    out.mkdir(parents=True, exist_ok=True)
    joined.reset_index().to_parquet(out / NEED_FILE, index=False)
    return Need(joined), changes


def _successor_rows(
    figures: pd.DataFrame, changes: list[KeyChange]
) -> tuple[pd.DataFrame, pd.Index]:
    """Rows of old keys under their successors' (a split one once per part, its
    people by the part's share of the area)."""
    changed = {change.old: change for change in changes}
    rows, keys = [], []
    for ags, row in figures.iterrows():
        change = changed.get(str(ags))
        if change is None:
            rows.append(row)
            keys.append(ags)
            continue
        for successor, share in zip(change.successors, change.shares or (1.0,), strict=False):
            part = row.copy()
            part[["einwohner_2022", "unter_18"]] = part[["einwohner_2022", "unter_18"]] * share
            rows.append(part)
            keys.append(successor)
    return pd.DataFrame(rows), pd.Index(keys)


def load_need(folder: Path | None = None) -> Need:
    """The table written by :func:`build_need` (default: the embedded one)."""
    frame = pd.read_parquet((folder or EMBEDDED_DIR) / NEED_FILE)
    return Need(frame.set_index("ags").astype("Float64"))

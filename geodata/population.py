"""Inhabitants per Gemeinde, the denominator of every per-capita measure.

The embedded table comes from the Gemeindeverzeichnis of the Statistisches
Bundesamt (Destatis GV-ISys, Gebietsstand and population 31.12.2023, a
Fortschreibung on the basis of Zensus 2011), keyed like the embedded boundaries.
Only the uninhabited gemeindefreie Gebiete (forests, lakes) have no figure: they
stay *missing* (``<NA>``), never 0, and are named as such. Built by ``python -m
geodata population --source 31122023_Auszug_GV.xlsx`` (an older CSV with ``ags``,
``einwohner``, ``flaeche_km2``, ``stand`` works too); the app reads only the
derived Parquet file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geodata.ags import Level, normalize_ags, parent_ags, within
from geodata.gemeindeverzeichnis import UNINHABITED, read_gemeindeverzeichnis
from geodata.load import EMBEDDED_DIR

POPULATION_FILE = "population.parquet"
#: How the figures are cited wherever they are shown.
POPULATION_SOURCE = "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis"
#: What the 2023 figures rest on (Destatis re-based them on Zensus 2022 later).
GV_BASIS = "Fortschreibung auf Basis Zensus 2011"
POPULATION_LICENCE = "Datenlizenz Deutschland – Namensnennung – 2.0"


@dataclass(frozen=True)
class Population:
    """Inhabitants of every embedded Gemeinde.

    Attributes
    ----------
    inhabitants
        Indexed by the 8-digit AGS of every embedded Gemeinde; ``<NA>`` where the
        source has no figure (nullable ``Int64``).
    area_km2
        Area per Gemeinde from the same source (``<NA>`` likewise).
    stand
        Reference date of the figures, ISO (``"2023-12-31"``).
    source
        Citation, e.g. ``"Statistisches Bundesamt (Destatis), Gemeindeverzeichnis
        (Fortschreibung auf Basis Zensus 2011)"``.
    licence
        Licence of the figures.
    uninhabited
        AGS of the Gemeinden without a figure because nobody lives there
        (gemeindefreie Gebiete).
    """

    inhabitants: pd.Series
    area_km2: pd.Series
    stand: str
    source: str = POPULATION_SOURCE
    licence: str = POPULATION_LICENCE
    uninhabited: pd.Index = field(default_factory=lambda: pd.Index([], dtype=object))

    @property
    def missing(self) -> pd.Index:
        """AGS of the Gemeinden without a figure."""
        return self.inhabitants.index[self.inhabitants.isna()]

    def total(self, region: str | None = None) -> tuple[int, int]:
        """Inhabitants of a Land, Kreis or Gemeinde (``None``: Germany) and the number of
        its Gemeinden without a figure – a sum that lacks some says so."""
        inside = self.inhabitants[within(self.inhabitants.index, region)]
        return int(inside.sum()), int(inside.isna().sum())

    def by_level(self, level: Level) -> pd.DataFrame:
        """Sums per Land or Kreis: ``inhabitants`` and ``missing`` (Gemeinden without
        a figure), indexed by AGS."""
        keys = self.inhabitants.index.map(lambda ags: parent_ags(ags, level))
        grouped = self.inhabitants.groupby(keys)
        return pd.DataFrame(
            {
                "inhabitants": grouped.sum().astype("Int64"),
                "missing": grouped.size() - grouped.count(),
            }
        )


def build_population(source: Path, gemeinden: pd.Index, out: Path) -> Population:
    """Join the Destatis table to the embedded Gemeinden and write it to ``out``.

    Parameters
    ----------
    source
        A Gemeindeverzeichnis extract ``<TTMMJJJJ>_Auszug_GV.xlsx``, or a CSV with
        ``ags``, ``einwohner``, ``flaeche_km2``, ``stand``.
    gemeinden
        AGS of the embedded Gemeinden; every one gets a row, unmatched ones empty.
    out
        Folder to write :data:`POPULATION_FILE` into.
    """
    if source.suffix.lower() == ".xlsx":
        table, stand = read_gemeindeverzeichnis(source)
        uninhabited = table["textkennzeichen"] == UNINHABITED
        table.loc[uninhabited, "einwohner"] = pd.NA
        quelle = f"{POPULATION_SOURCE} ({GV_BASIS})"
    else:
        table = pd.read_csv(source, dtype={"ags": str})
        table["ags"] = table["ags"].map(lambda value: normalize_ags(value, "gemeinde"))
        table = table.dropna(subset=["ags"]).drop_duplicates("ags").set_index("ags")
        (stand,) = table["stand"].unique()
        uninhabited = pd.Series(False, index=table.index)
        quelle = POPULATION_SOURCE
    joined = pd.DataFrame(index=pd.Index(sorted(gemeinden), name="ags"))
    joined["einwohner"] = table["einwohner"].reindex(joined.index).astype("Int64")
    joined["flaeche_km2"] = table["flaeche_km2"].reindex(joined.index).astype("Float64")
    joined["unbewohnt"] = uninhabited.reindex(joined.index, fill_value=False).astype(bool)
    out.mkdir(parents=True, exist_ok=True)
    frame = joined.reset_index()
    frame["stand"] = stand
    frame["quelle"] = quelle
    frame.to_parquet(out / POPULATION_FILE, index=False)
    return _population(frame)


def load_population(folder: Path | None = None) -> Population:
    """The table written by :func:`build_population` (default: the embedded one)."""
    return _population(pd.read_parquet((folder or EMBEDDED_DIR) / POPULATION_FILE))


def _population(frame: pd.DataFrame) -> Population:
    indexed = frame.set_index("ags")
    uninhabited = indexed["unbewohnt"] if "unbewohnt" in indexed else pd.Series(dtype=bool)
    return Population(
        inhabitants=indexed["einwohner"].astype("Int64"),
        area_km2=indexed["flaeche_km2"].astype("Float64"),
        stand=str(indexed["stand"].iloc[0]),
        source=str(indexed["quelle"].iloc[0]) if "quelle" in indexed else POPULATION_SOURCE,
        uninhabited=uninhabited.index[uninhabited.astype(bool)],
    )

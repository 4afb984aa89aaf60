"""Inhabitants per Gemeinde, the denominator of every per-capita measure.

The embedded table comes from the Gemeindeverzeichnis of the Statistisches
Bundesamt (Destatis, GV-ISys, Stand 31.12.2011), joined by AGS to the embedded
VG250 Gemeinden (Stand 01.01.2016). About 280 Gemeinden formed by mergers after
2011 have no figure: they stay *missing* (``<NA>``), never 0, and every sum says
how many Gemeinden it lacks. Built by ``python -m geodata population --source
gemeinden_einwohner_2011.csv``; the app reads only the derived Parquet file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geodata.ags import Level, normalize_ags, parent_ags, within
from geodata.load import EMBEDDED_DIR

POPULATION_FILE = "population.parquet"
#: How the figures are cited wherever they are shown.
POPULATION_SOURCE = "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis"
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
        Reference date of the figures, ISO (``"2011-12-31"``).
    source
        Citation, e.g. ``"Statistisches Bundesamt (Destatis), Gemeindeverzeichnis"``.
    licence
        Licence of the figures.
    """

    inhabitants: pd.Series
    area_km2: pd.Series
    stand: str
    source: str = POPULATION_SOURCE
    licence: str = POPULATION_LICENCE

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
        ``gemeinden_einwohner_2011.csv`` (``ags``, ``einwohner``, ``flaeche_km2``, ``stand``).
    gemeinden
        AGS of the embedded Gemeinden; every one gets a row, unmatched ones empty.
    out
        Folder to write :data:`POPULATION_FILE` into.
    """
    table = pd.read_csv(source, dtype={"ags": str})
    table["ags"] = table["ags"].map(lambda value: normalize_ags(value, "gemeinde"))
    table = table.dropna(subset=["ags"]).drop_duplicates("ags").set_index("ags")
    (stand,) = table["stand"].unique()
    joined = pd.DataFrame(index=pd.Index(sorted(gemeinden), name="ags"))
    joined["einwohner"] = table["einwohner"].reindex(joined.index).astype("Int64")
    joined["flaeche_km2"] = table["flaeche_km2"].reindex(joined.index).astype("Float64")
    joined.attrs = {}
    out.mkdir(parents=True, exist_ok=True)
    path = out / POPULATION_FILE
    frame = joined.reset_index()
    frame["stand"] = stand
    frame.to_parquet(path, index=False)
    return _population(frame)


def load_population(folder: Path | None = None) -> Population:
    """The table written by :func:`build_population` (default: the embedded one)."""
    return _population(pd.read_parquet((folder or EMBEDDED_DIR) / POPULATION_FILE))


def _population(frame: pd.DataFrame) -> Population:
    indexed = frame.set_index("ags")
    return Population(
        inhabitants=indexed["einwohner"].astype("Int64"),
        area_km2=indexed["flaeche_km2"].astype("Float64"),
        stand=str(indexed["stand"].iloc[0]),
    )

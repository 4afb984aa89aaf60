"""What a boundary build folder holds: file names, columns and ``metadata.json``.

Shared by the build (which writes the folder) and the runtime (which reads it),
so that neither depends on the other.

A folder holds one GeoParquet file per level (``land.parquet``,
``kreis.parquet``, ``gemeinde.parquet``, EPSG:4326), the coarser display
variants listed in :data:`DISPLAY_VARIANTS`, and ``metadata.json``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from geodata.ags import Level

METADATA_FILE = "metadata.json"

#: Columns of each level's file besides the geometry: key, name, kind of area
#: (``BEZ``), and the keys of the areas it lies in.
LEVEL_COLUMNS: dict[Level, tuple[str, ...]] = {
    "land": ("ags", "name", "bez"),
    "kreis": ("ags", "name", "bez", "land_ags"),
    "gemeinde": ("ags", "name", "bez", "land_ags", "kreis_ags"),
}


@dataclass(frozen=True)
class DisplayVariant:
    """A level simplified further for views that show it zoomed out.

    Attributes
    ----------
    level
        The level it simplifies.
    tolerance_m
        Coverage simplification tolerance in metres.
    """

    level: Level
    tolerance_m: float

    @property
    def file_name(self) -> str:
        """E.g. ``gemeinde-500m.parquet``."""
        return f"{self.level}-{self.tolerance_m:g}m.parquet"


#: Kreise for the map of all Germany.
GERMANY_KREISE = DisplayVariant("kreis", 2000.0)
#: Kreise for the map of one Land.
LAND_KREISE = DisplayVariant("kreis", 600.0)
#: Gemeinden for the first view of one Kreis (the full level follows on zooming in).
KREIS_GEMEINDEN = DisplayVariant("gemeinde", 500.0)
#: Every display variant a build writes.
DISPLAY_VARIANTS: tuple[DisplayVariant, ...] = (LAND_KREISE, GERMANY_KREISE, KREIS_GEMEINDEN)
#: Decimal places of the display variants (1e-4 degrees is about 11 m).
DISPLAY_DECIMALS = 4


def level_file(level: Level) -> str:
    """File name of a level at the build's own detail, e.g. ``kreis.parquet``."""
    return f"{level}.parquet"


@dataclass(frozen=True)
class BoundaryMetadata:
    """What the boundaries are, for attribution and the README.

    Attributes
    ----------
    source
        Which source they were built from.
    edition
        Edition (Stand) of the data, e.g. ``"01.01.2016"``.
    year
        Year used in the attribution.
    attribution
        Text shown with every map.
    licence
        Licence of the source data.
    tolerance_m
        Coverage simplification tolerance in metres.
    counts
        Number of features per level.
    method
        How the lines and keys were put together, where it was more than one source.
    sources
        Every source the build read, with edition and licence.
    report
        Figures of the build worth keeping (areas against Destatis, fallbacks).
    """

    source: str
    edition: str
    year: int
    attribution: str
    licence: str
    tolerance_m: float
    counts: dict[str, int]
    method: str = ""
    sources: list[str] = field(default_factory=list)
    report: dict = field(default_factory=dict)

    @classmethod
    def from_json(cls, text: str) -> BoundaryMetadata:
        """Parse the metadata file."""
        return cls(**json.loads(text))

    def to_json(self) -> str:
        """The metadata file's text."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"


def attribution_text(*years: int) -> str:
    """Return the BKG attribution for simplified boundaries of the editions of ``years``."""
    return f"© GeoBasis-DE / BKG ({', '.join(str(y) for y in sorted(set(years)))}), verändert"

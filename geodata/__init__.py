"""Official administrative boundaries of Germany (BKG VG250): build, load, join.

Pure library: no Streamlit, no network. See ``python -m geodata build --help``.
"""

from __future__ import annotations

from geodata.build import BoundaryMetadata, attribution_text, build_boundaries
from geodata.display import (
    boundary_layer_json,
    decode_layer,
    simplify_for_display,
)
from geodata.join import assign_areas, gemeinde_at
from geodata.load import Level, boundaries_dir, load_boundaries, load_metadata
from geodata.sources import SourceError, read_source

__all__ = [
    "BoundaryMetadata",
    "Level",
    "SourceError",
    "assign_areas",
    "attribution_text",
    "boundaries_dir",
    "boundary_layer_json",
    "build_boundaries",
    "decode_layer",
    "gemeinde_at",
    "load_boundaries",
    "load_metadata",
    "read_source",
    "simplify_for_display",
]

"""Official administrative boundaries of Germany (BKG VG250 lines on the Gebietsstand
31.12.2023): keys, old keys to today's, inhabitants, need figures, load, views, join.

Pure library: no Streamlit, no network. The app uses what this root exports;
the build tools are ``python -m geodata build`` (:mod:`geodata.build`) and
``python -m geodata population`` (:mod:`geodata.population`).
"""

from __future__ import annotations

from geodata.ags import (
    AGS_LENGTH,
    LEVELS,
    Level,
    area_level,
    child_level,
    children_prefix,
    is_valid_ags,
    is_within,
    land_and_kreis,
    level_of,
    normalize_ags,
    parent_ags,
    parents,
    regierungsbezirke,
    within,
)
from geodata.boundaries import BoundarySet
from geodata.coordinates import CRS_LABELS, GAUSS_KRUEGER
from geodata.display import decode_layer
from geodata.fileformat import (
    DISPLAY_VARIANTS,
    GERMANY_KREISE,
    KREIS_GEMEINDEN,
    BoundaryMetadata,
)
from geodata.join import assign_areas, distance_to_area, gemeinde_at, kreise_at, names_at
from geodata.keys import KeyChange, KeyTable, load_keys, successor
from geodata.load import load_boundaries, load_metadata
from geodata.metric import METRIC_CRS, metric_point, to_metric
from geodata.need import Need, load_need
from geodata.population import Population, load_population
from geodata.views import DETAIL_ZOOM, boundary_view, clear_view_cache, gemeinde_layer

__all__ = [
    "AGS_LENGTH",
    "CRS_LABELS",
    "DETAIL_ZOOM",
    "DISPLAY_VARIANTS",
    "GAUSS_KRUEGER",
    "GERMANY_KREISE",
    "KREIS_GEMEINDEN",
    "LEVELS",
    "METRIC_CRS",
    "BoundaryMetadata",
    "BoundarySet",
    "KeyChange",
    "KeyTable",
    "Level",
    "Need",
    "Population",
    "area_level",
    "assign_areas",
    "boundary_view",
    "child_level",
    "children_prefix",
    "clear_view_cache",
    "decode_layer",
    "distance_to_area",
    "gemeinde_at",
    "gemeinde_layer",
    "is_valid_ags",
    "is_within",
    "kreise_at",
    "land_and_kreis",
    "level_of",
    "load_boundaries",
    "load_keys",
    "load_metadata",
    "load_need",
    "load_population",
    "metric_point",
    "names_at",
    "normalize_ags",
    "parent_ags",
    "parents",
    "regierungsbezirke",
    "successor",
    "to_metric",
    "within",
]

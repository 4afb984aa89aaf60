"""Coverage of family support for planners: distances, shares, per-capita figures,
accessibility (2SFCA) and suggested sites.

Pure and typed, tested without Streamlit; distances are straight lines in ETRS89 /
UTM 32N (EPSG:25832), measured across Kreis and Land borders.
"""

from planning.access import two_step_fca
from planning.distance import closest_pair, nearest_km
from planning.export import indicator_geojson, indicator_geopackage
from planning.indicators import (
    IndicatorTable,
    parse_amount,
    read_indicator_table,
    spread_to_gemeinden,
)
from planning.measures import (
    GemeindeCoverage,
    WhatIf,
    gaps,
    gemeinde_coverage,
    per_capita,
    share_beyond,
    what_if,
)
from planning.regions import area_measures
from planning.siting import SiteProposal, suggest_sites

__all__ = [
    "GemeindeCoverage",
    "IndicatorTable",
    "SiteProposal",
    "WhatIf",
    "area_measures",
    "closest_pair",
    "gaps",
    "gemeinde_coverage",
    "indicator_geojson",
    "indicator_geopackage",
    "nearest_km",
    "parse_amount",
    "per_capita",
    "read_indicator_table",
    "share_beyond",
    "spread_to_gemeinden",
    "suggest_sites",
    "two_step_fca",
    "what_if",
]

"""Coverage of family support for planners: distances, shares, per-capita figures,
accessibility (2SFCA) and suggested sites.

Pure and typed, tested without Streamlit; distances are straight lines in ETRS89 /
UTM 32N (EPSG:25832), measured across Kreis and Land borders.
"""

from planning.access import two_step_fca
from planning.births import SMALL_CLINIC_BIRTHS, ClinicBirths, clinic_births
from planning.distance import closest_pair, nearest_km
from planning.event_figures import DatesPerArea, dates_per_10000, next_days
from planning.indicator_files import indicator_geojson, indicator_geopackage
from planning.indicators import (
    IndicatorTable,
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
from planning.network_figures import NetworkFigures, figures_by_land, network_figures
from planning.programmes import (
    PROGRAMME_CODES,
    PROGRAMMES,
    Programme,
    ProgrammeList,
    load_programmes,
    programme,
    read_programme_list,
)
from planning.regions import area_measures
from planning.siting import SiteProposal, suggest_sites

__all__ = [
    "PROGRAMMES",
    "PROGRAMME_CODES",
    "SMALL_CLINIC_BIRTHS",
    "ClinicBirths",
    "DatesPerArea",
    "GemeindeCoverage",
    "IndicatorTable",
    "NetworkFigures",
    "Programme",
    "ProgrammeList",
    "SiteProposal",
    "WhatIf",
    "area_measures",
    "clinic_births",
    "closest_pair",
    "dates_per_10000",
    "figures_by_land",
    "gaps",
    "gemeinde_coverage",
    "indicator_geojson",
    "indicator_geopackage",
    "load_programmes",
    "nearest_km",
    "network_figures",
    "next_days",
    "per_capita",
    "programme",
    "read_indicator_table",
    "read_programme_list",
    "share_beyond",
    "spread_to_gemeinden",
    "suggest_sites",
    "two_step_fca",
    "what_if",
]

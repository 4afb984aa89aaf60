"""Data the pages share, loaded once per process (``st.cache_resource``: shared, read-only)."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

import geodata
import providers
from geodata import BoundaryMetadata


@st.cache_resource(show_spinner=False)
def boundaries(level: geodata.Level) -> gpd.GeoDataFrame:
    """Boundaries of one level, indexed by AGS (treat as read-only)."""
    return geodata.load_boundaries(level).set_index("ags", drop=False)


@st.cache_resource(show_spinner=False)
def display_boundaries(level: geodata.Level, tolerance_m: float) -> gpd.GeoDataFrame:
    """A coarser display variant of a level, indexed by AGS (treat as read-only).

    A build folder without that variant (an older own build) still works: the
    level is then simplified here, once per process.
    """
    if tolerance_m <= 0:
        return boundaries(level)
    try:
        frame = geodata.load_boundaries(level, display_m=tolerance_m)
    except FileNotFoundError:
        frame = geodata.simplify_for_display(boundaries(level), tolerance_m)
    return frame.set_index("ags", drop=False)


@st.cache_resource(show_spinner=False)
def boundary_metadata() -> BoundaryMetadata:
    """Source, edition and attribution of the boundaries."""
    return geodata.load_metadata()


@st.cache_resource(show_spinner=False)
def provider_data() -> gpd.GeoDataFrame:
    """All providers placed in their areas (treat as read-only)."""
    return providers.load_providers(gemeinden=boundaries("gemeinde"))


def area_name(ags: str | None) -> str | None:
    """Name of a Land, Kreis or Gemeinde by its AGS, or ``None``."""
    if not ags:
        return None
    level = {2: "land", 5: "kreis", 8: "gemeinde"}.get(len(ags))
    frame = boundaries(level) if level else None
    if frame is None or ags not in frame.index:
        return None
    return str(frame.at[ags, "name"])

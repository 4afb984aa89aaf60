"""The cache layer: data the pages share, loaded once per process.

``st.cache_resource`` hands every session the same objects (shared, read-only);
``st.cache_data`` would hash and copy them on every call.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

import geodata
import providers


@st.cache_resource(show_spinner=False)
def boundary_set() -> geodata.BoundarySet:
    """The boundaries of the configured build (levels load on first use)."""
    return geodata.BoundarySet()


def boundaries(level: geodata.Level) -> gpd.GeoDataFrame:
    """Boundaries of one level, indexed by AGS (treat as read-only)."""
    return boundary_set().frame(level)


def boundary_metadata() -> geodata.BoundaryMetadata:
    """Source, edition and attribution of the boundaries."""
    return boundary_set().metadata()


@st.cache_resource(show_spinner=False)
def provider_data() -> providers.ProviderData:
    """All providers placed in their areas, with the import's problems (read-only)."""
    return providers.load_providers(gemeinden=boundaries("gemeinde"))


def area_name(ags: str | None) -> str | None:
    """Name of a Land, Kreis or Gemeinde by its AGS, or ``None``."""
    return boundary_set().name(ags)

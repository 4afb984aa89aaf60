"""The cache layer: data the pages share, loaded once per process.

``st.cache_resource`` hands every session the same objects (shared, read-only);
``st.cache_data`` would hash and copy them on every call.
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import streamlit as st

import geodata
import planning
import providers

#: Environment variable naming a programme list (CSV/XLSX); without it, the sample.
PROGRAMME_ENV = "FAMILIENKARTE_PROGRAMME"


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


@st.cache_resource(show_spinner=False)
def gazetteer() -> providers.Gazetteer:
    """Every postcode and Gemeinde, for the place search (built once per process)."""
    kreise = boundaries("kreis")
    names = dict(zip(kreise["ags"], kreise["name"], strict=True))
    return providers.Gazetteer(boundaries("gemeinde"), names)


@st.cache_resource(show_spinner=False)
def provider_index() -> providers.ProviderIndex:
    """All providers in a k-d tree, for "nearest first" (built once per process)."""
    frame = provider_data().frame
    return providers.ProviderIndex(frame["lat"].to_numpy(), frame["lon"].to_numpy())


@st.cache_resource(show_spinner=False)
def spoken_languages() -> list[str]:
    """Every language code some provider speaks, sorted (once per process)."""
    return sorted({code for codes in provider_data().frame["languages"] for code in codes})


@st.cache_resource(show_spinner=False)
def population() -> geodata.Population:
    """Inhabitants per Gemeinde (Destatis, embedded), for the planning page."""
    return geodata.load_population()


@st.cache_resource(show_spinner=False)
def programmes() -> planning.ProgrammeList:
    """Programme layers per Gemeinde: the configured list, else the fictional sample.

    A configured list that cannot be read falls back to the sample, and says so in
    its first problem.
    """
    gemeinden = frozenset(boundaries("gemeinde").index)
    configured = os.environ.get(PROGRAMME_ENV)
    if not configured:
        return planning.load_programmes(None, gemeinden)
    try:
        return planning.load_programmes(Path(configured), gemeinden)
    except (OSError, ValueError) as error:
        sample = planning.load_programmes(None, gemeinden)
        problem = providers.Problem(
            0, f"{Path(configured).name}: {error} Es gilt die Beispielliste."
        )
        return planning.ProgrammeList(sample.entries, (problem,), sample.source, True)

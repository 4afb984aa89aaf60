"""Providers for the map: short marker rows now, popup details when asked for.

A marker needs its place, its types and its name (the tooltip); everything
else only matters once someone opens its popup. So the feature group carries
just the marker rows, and the details of all providers of the area (every
type) go into one content-addressed file that the browser fetches at the first
popup and keeps: a type filter change resends a few bytes per marker, nothing
else. Every text is HTML-escaped here, before it reaches the browser.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import assets
from dashboard.data import provider_data
from providers import SERVICE_TYPES

_TYPE_INDEX = {service.code: index for index, service in enumerate(SERVICE_TYPES)}


@dataclass(frozen=True)
class ProviderMarkers:
    """What ``FK.providers`` draws.

    Attributes
    ----------
    rows
        ``[lat, lon, [type index, ...], escaped name, index in the details file]``.
    details_url
        URL of the area's details file (rows of :func:`detail_rows`).
    """

    rows: list[list]
    details_url: str


def _escape(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    return html.escape(str(value), quote=True)


def detail_rows(frame: pd.DataFrame) -> list[list]:
    """Popup details of providers, in the order of ``frame``.

    Returns
    -------
    list
        ``[[street, postcode, city, phone, website, exact (0/1), languages], ...]``,
        every text HTML-escaped.
    """
    texts = [
        [_escape(value) for value in frame[column].tolist()]
        for column in ("street", "postcode", "city", "phone", "website")
    ]
    exact = [int(bool(value)) for value in frame["location_exact"].tolist()]
    languages = [_escape(", ".join(codes)) for codes in frame["languages"].tolist()]
    return [[*fields] for fields in zip(*texts, exact, languages, strict=True)]


@dataclass(frozen=True)
class _Prepared:
    """Every provider's details and area keys, prepared once per process."""

    labels: pd.Index
    details: list[list]
    land: np.ndarray
    kreis: np.ndarray


@st.cache_resource(show_spinner=False)
def _prepared() -> _Prepared:
    frame = provider_data()
    return _Prepared(
        frame.index,
        detail_rows(frame),
        frame["land_ags"].to_numpy(dtype=object, na_value=None),
        frame["kreis_ags"].to_numpy(dtype=object, na_value=None),
    )


@st.cache_resource(show_spinner=False)
def _area_details(land: str | None, kreis: str | None) -> tuple[np.ndarray, str]:
    """Providers of an area (all types): their positions and the URL of their details."""
    prepared = _prepared()
    inside = np.ones(len(prepared.details), dtype=bool)
    if land:
        inside &= prepared.land == land
    if kreis:
        inside &= prepared.kreis == kreis
    positions = np.flatnonzero(inside)
    rows = [prepared.details[i] for i in positions]
    return positions, assets.publish_json(
        json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    )


def provider_markers(shown: pd.DataFrame, land: str | None, kreis: str | None) -> ProviderMarkers:
    """Marker rows for the shown providers, which lie in the area ``land``/``kreis``."""
    area_positions, url = _area_details(land, kreis)
    positions = np.searchsorted(area_positions, _prepared().labels.get_indexer(shown.index))
    names = shown["name"].map(_escape).tolist()
    types = [
        [_TYPE_INDEX[code] for code in codes if code in _TYPE_INDEX] or [0]
        for codes in shown["service_types"]
    ]
    rows = [
        [round(float(lat), 5), round(float(lon), 5), kinds, name, int(position)]
        for lat, lon, kinds, name, position in zip(
            shown["lat"], shown["lon"], types, names, positions, strict=True
        )
    ]
    return ProviderMarkers(rows, url)

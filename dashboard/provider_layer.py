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
from providers import TYPE_INDEX, provider_mask


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


@st.cache_resource(show_spinner=False)
def _all_details() -> list[list]:
    """Every provider's popup details, escaped once per process."""
    return detail_rows(provider_data().frame)


@st.cache_resource(show_spinner=False)
def _area_details(land: str | None, kreis: str | None) -> tuple[np.ndarray, str]:
    """Providers of an area (all types): their positions and the URL of their details."""
    positions = np.flatnonzero(provider_mask(provider_data().frame, land=land, kreis=kreis))
    details = _all_details()
    rows = [details[i] for i in positions]
    return positions, assets.publish_json(
        json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    )


def provider_markers(shown: pd.DataFrame, land: str | None, kreis: str | None) -> ProviderMarkers:
    """Marker rows for the shown providers, which lie in the area ``land``/``kreis``."""
    area_positions, url = _area_details(land, kreis)
    in_all = provider_data().frame.index.get_indexer(shown.index)
    positions = np.searchsorted(area_positions, in_all)
    names = shown["name"].map(_escape).tolist()
    types = [
        [TYPE_INDEX[code] for code in codes if code in TYPE_INDEX] or [0]
        for codes in shown["service_types"]
    ]
    rows = [
        [round(float(lat), 5), round(float(lon), 5), kinds, name, int(position)]
        for lat, lon, kinds, name, position in zip(
            shown["lat"], shown["lon"], types, names, positions, strict=True
        )
    ]
    return ProviderMarkers(rows, url)

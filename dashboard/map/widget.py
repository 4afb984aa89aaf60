"""The map on the page: our own small Streamlit component, fed with JSON.

The component (``dashboard/map/frontend/karte/index.html``) loads Leaflet and our
runtime (``familienkarte.js``) from the app's own route, builds the map once per
set of *options* (basemap, legend, texts) and swaps the *view* (boundary layer
URLs, extent, legend lines, providers) on every rerun. Arguments are data, not
script: nothing in them is ever run. Every text from data is HTML-escaped
before it goes in, since Leaflet puts tooltips and popups into ``innerHTML``.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

import clock
from dashboard.i18n.texts import group_label, is_rtl, language, t, type_label
from dashboard.map.boundary_layer import View
from dashboard.map.provider_layer import ProviderMarkers
from dashboard.web.assets import map_assets, publish_named
from providers import SERVICE_GROUPS, SERVICE_TYPES

GERMANY_CENTER = (51.16, 10.45)
_COMPONENT = Path(__file__).parent / "frontend" / "karte"
#: Streamlit names a component after the module that declares it.
COMPONENT_NAME = f"{__name__}.karte"
#: Options files are named apart from boundary and provider files.
OPTIONS_PREFIX = "o-"


def _digest(payload: str) -> str:
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Basemap:
    """A background choice: no tiles, or an online tile service with its attribution."""

    key: str
    label_key: str
    url: str | None = None
    attribution: str = ""
    max_zoom: int = 18


def _basemaps() -> dict[str, Basemap]:
    year = clock.this_year()
    return {
        "none": Basemap("none", "basemap_none"),
        "osm": Basemap(
            "osm",
            "basemap_osm",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
            19,
        ),
        "bkg": Basemap(
            "bkg",
            "basemap_bkg",
            # basemap.de puts {y} before {x}.
            "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/"
            "de_basemapde_web_raster_grau/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png",
            f'&copy; <a href="https://basemap.de">basemap.de</a> / GeoBasis-DE / BKG ({year}) '
            "CC BY 4.0",
            18,
        ),
    }


BASEMAPS: dict[str, Basemap] = _basemaps()


def map_options(
    basemap: str,
    attribution: str,
    selectable: bool = False,
    presenting: bool = False,
    legend_types: tuple[str, ...] = (),
) -> dict:
    """What the map is built from: changes only with the basemap (and the language).

    Parameters
    ----------
    basemap
        Key of :data:`BASEMAPS`.
    attribution
        Boundary attribution, e.g. ``© GeoBasis-DE / BKG (2016), verändert``.
    selectable
        Whether a click on a marker reports it to the page (see :func:`show_map`).
    presenting
        A slide: legend, attribution and scale in large type.
    legend_types
        Only these types in the legend (a slide has no room for all); empty: all.
    """
    choice = BASEMAPS.get(basemap, BASEMAPS["none"])
    texts = {
        "legend": t("legend"),
        "phone": t("popup_phone"),
        "website": t("popup_website"),
        "languages": t("popup_languages"),
        "approximate": t("popup_approximate"),
        "loading": t("popup_loading"),
        "detailsError": t("popup_details_error"),
        "boundaryError": t("boundary_error"),
        "tilesError": t("tiles_error"),
        "aggregate": t("map_aggregate"),
        "aggregateLegend": t("legend_aggregate"),
        "email": t("popup_email"),
        "hours": t("popup_hours"),
        "organisation": t("col_organization"),
        "network": t("popup_network"),
        "verified": t("popup_verified"),
        "verifiedProvider": t("verified_by_provider"),
        "verifiedCoordination": t("verified_by_coordination"),
        "stale": t("popup_stale"),
        "nextDates": t("popup_next_dates"),
        "clusterMix": t("map_cluster_mix"),
        "invented": t("popup_invented"),
        "real": t("legend_real"),
        "source": t("popup_source"),
    }
    tiles = None
    if choice.url:
        tiles = {"url": choice.url, "attribution": choice.attribution, "maxZoom": choice.max_zoom}
    return {
        "lang": language(),
        "dir": "rtl" if is_rtl(language()) else "ltr",
        "label": t("map_label"),
        "selectable": selectable,
        "presenting": presenting,
        "center": GERMANY_CENTER,
        "zoom": 6,
        "minZoom": 5,
        "maxZoom": choice.max_zoom,
        "tiles": tiles,
        "attribution": html.escape(attribution),
        "types": [
            {
                "label": html.escape(type_label(s.code)),
                "color": s.color,
                "group": s.group,
                "legend": not legend_types or s.code in legend_types,
            }
            for s in SERVICE_TYPES
        ],
        "texts": {key: html.escape(value) for key, value in texts.items()},
        "groups": [[html.escape(group_label(g.code)), g.code] for g in SERVICE_GROUPS],
    }


def view_args(
    view: View,
    markers: ProviderMarkers,
    selected: tuple[str, int] | None = None,
    reveal: dict | None = None,
    sites: list[tuple[float, float, str]] | None = None,
    place: tuple[float, float, str] | None = None,
    dates: list[tuple[float, float, str]] | None = None,
    candidates: list[tuple[float, float, str]] | None = None,
) -> dict:
    """The view: boundary layers, extent, legend lines and providers.

    ``selected`` is the marker to open (``(Kreis AGS, details index)``, see
    :func:`provider_layer.marker_key`). ``reveal`` asks the map once per ``choice`` to
    scroll ``target`` into view: ``"map"`` (itself) or a CSS class selector of the page.
    ``sites`` are planned sites ``(lat, lon, label)`` of a what-if, drawn apart.
    ``place`` is the place searched from ``(lat, lon, label)``, marked as a pin.
    ``dates`` are Termine at a place of their own ``(lat, lon, label)``, as calendar pins.
    ``candidates`` are providers a network could ask to join ``(lat, lon, label)``.
    """
    return {
        "place": [place[0], place[1], html.escape(place[2])] if place else None,
        "sites": [[lat, lon, html.escape(label)] for lat, lon, label in sites or ()],
        "dates": [[lat, lon, html.escape(label)] for lat, lon, label in dates or ()],
        "candidates": [[lat, lon, html.escape(label)] for lat, lon, label in candidates or ()],
        "reveal": reveal,
        "selected": list(selected) if selected else None,
        "bounds": view.bounds,
        "key": view.key,
        "layers": view.layers,
        "lines": [
            [html.escape(line[0]), *line[1:]]
            for line in [
                *view.lines,
                *([(t("legend_invented"), "", "invented")] * markers.invented),
            ]
        ],
        "providers": markers.script_args(),
        "legend": markers.legend,
    }


@st.cache_resource(show_spinner=False)
def _component():
    return components.declare_component("karte", path=str(_COMPONENT))


def show_map(
    options: dict,
    view: dict,
    height: int,
    key: str = "karte",
    on_change: Callable[[], None] | None = None,
) -> list | None:
    """Draw the map component.

    When the options make markers selectable, a click on one calls ``on_change``
    and the marker (``[Kreis AGS, details index]``) is in ``st.session_state[key]``
    and returned; otherwise the map returns ``None``.
    """
    # The options (texts, types, basemap) rarely change: they go as a cached file,
    # not with every rerun.
    payload = json.dumps(options, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return _component()(
        links=map_assets(),
        options=publish_named(f"{OPTIONS_PREFIX}{_digest(payload)}.json", payload),
        view=view,
        height=height,
        key=key,
        default=None,
        on_change=on_change,
    )

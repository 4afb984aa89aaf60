"""The folium map: a stable base map plus one feature group per view.

The base map (tiles, legend, attribution, runtime set-up) changes only with the
basemap choice, so st_folium keeps it mounted. Everything that depends on the
filters goes into the feature group: URLs of boundary layers, the extent, the
legend's boundary lines, and the provider markers with the URL of their details.
Every text from data is HTML-escaped before it reaches the browser.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date

import folium
from branca.element import MacroElement
from jinja2 import Template

from dashboard.assets import map_assets
from dashboard.layers import View
from dashboard.provider_layer import ProviderMarkers
from dashboard.texts import group_label, t, type_label
from providers import SERVICE_GROUPS, SERVICE_TYPES

GERMANY_CENTER = (51.16, 10.45)


@dataclass(frozen=True)
class Basemap:
    """A background choice: no tiles, or an online tile service with its attribution."""

    key: str
    label_key: str
    url: str | None = None
    attribution: str = ""
    max_zoom: int = 18


def _basemaps() -> dict[str, Basemap]:
    year = date.today().year
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


class _Setup(MacroElement):
    """Panes, type table, texts, legend and the BKG attribution for the runtime."""

    _template = Template(
        """{% macro script(this, kwargs) %}
{%- set map = this._parent.get_name() %}
FK.setup({{ map }}, {{ this.types }}, {{ this.texts }});
FK.legend({{ map }}, {{ this.groups }});
{{ map }}.attributionControl.addAttribution({{ this.attribution }});
L.control.scale({imperial: false}).addTo({{ map }});
{% endmacro %}"""
    )

    def __init__(self, attribution: str) -> None:
        super().__init__()
        self._name = "FamilienkarteSetup"
        types = [
            {"label": html.escape(type_label(s.code)), "color": s.color, "group": s.group}
            for s in SERVICE_TYPES
        ]
        texts = {
            "legend": t("legend"),
            "phone": t("popup_phone"),
            "website": t("popup_website"),
            "languages": t("popup_languages"),
            "approximate": t("popup_approximate"),
            "loading": t("popup_loading"),
            "detailsError": t("popup_details_error"),
            "boundaryError": t("boundary_error"),
            "aggregate": t("map_aggregate"),
            "aggregateLegend": t("legend_aggregate"),
        }
        self.types = _js(types)
        self.texts = _js({key: html.escape(value) for key, value in texts.items()})
        self.groups = _js([[html.escape(group_label(g.code)), g.code] for g in SERVICE_GROUPS])
        self.attribution = _js(html.escape(attribution))


class _Boundaries(MacroElement):
    _template = Template(
        """{% macro script(this, kwargs) %}
{%- set map = this._parent._parent.get_name() %}
FK.fit({{ map }}, {{ this.bounds }}, {{ this.key }});
FK.boundaries({{ map }}, {{ this._parent.get_name() }}, {{ this.specs }});
FK.lines({{ map }}, {{ this.lines }});
{% endmacro %}"""
    )

    def __init__(self, view: View) -> None:
        super().__init__()
        self._name = "FamilienkarteBoundaries"
        self.specs = _js(view.layers)
        self.bounds = _js(view.bounds)
        self.key = _js(view.key)
        self.lines = _js([[html.escape(label), css] for label, css in view.lines])


class _Providers(MacroElement):
    _template = Template(
        """{% macro script(this, kwargs) %}
{%- set map = this._parent._parent.get_name() %}
FK.providers({{ map }}, {{ this._parent.get_name() }}, {{ this.layer }});
{% endmacro %}"""
    )

    def __init__(self, markers: ProviderMarkers) -> None:
        super().__init__()
        self._name = "FamilienkarteProviders"
        self.layer = _js(markers.script_args())


def _js(value: object) -> str:
    """JSON for a script block: ``</`` and ``<!--`` cannot end or confuse it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def base_map(basemap: str, attribution: str) -> folium.Map:
    """The stable part of the map.

    Parameters
    ----------
    basemap
        Key of :data:`BASEMAPS`.
    attribution
        Boundary attribution, e.g. ``© GeoBasis-DE / BKG (2016), verändert``.
    """
    choice = BASEMAPS.get(basemap, BASEMAPS["none"])
    js, css = map_assets()
    fmap = folium.Map(
        location=GERMANY_CENTER,
        zoom_start=6,
        tiles=None,
        control_scale=False,
        min_zoom=5,
        max_zoom=choice.max_zoom,
        zoom_snap=0.25,
    )
    # Only our own copies: folium would otherwise add jQuery, Bootstrap and
    # FontAwesome from CDNs.
    fmap.default_js = js
    fmap.default_css = css
    if choice.url:
        folium.TileLayer(
            tiles=choice.url, attr=choice.attribution, name=t(choice.label_key), max_zoom=18
        ).add_to(fmap)
    _Setup(attribution).add_to(fmap)
    return fmap


def view_group(view: View, markers: ProviderMarkers) -> folium.FeatureGroup:
    """The feature group with the view's boundaries, extent and providers."""
    group = folium.FeatureGroup(name="familienkarte")
    _Boundaries(view).add_to(group)
    _Providers(markers).add_to(group)
    return group

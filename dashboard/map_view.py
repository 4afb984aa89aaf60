"""The folium map: a stable base map plus one feature group per view.

The base map (tiles, legend, attribution, runtime set-up) changes only with the
basemap choice, so st_folium keeps it mounted. Everything that depends on the
filters goes into the feature group: URLs of boundary layers, the extent, and
one compact array of provider rows. Every text from data is HTML-escaped here,
before it reaches the browser.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from dashboard.assets import map_assets
from dashboard.layers import View
from dashboard.texts import group_label, t, type_label
from providers import SERVICE_GROUPS, SERVICE_TYPES, types_in_group

GERMANY_CENTER = (51.16, 10.45)
_TYPE_INDEX = {service.code: index for index, service in enumerate(SERVICE_TYPES)}


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
    """Panes, type table, texts and the BKG attribution for the runtime."""

    _template = Template(
        """{% macro script(this, kwargs) %}
FK.setup({{ this._parent.get_name() }}, {{ this.types }}, {{ this.texts }});
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution }});
L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
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
            "phone": t("popup_phone"),
            "website": t("popup_website"),
            "languages": t("popup_languages"),
            "approximate": t("popup_approximate"),
            "boundaryError": t("boundary_error"),
        }
        self.types = _js(types)
        self.texts = _js({key: html.escape(value) for key, value in texts.items()})
        self.attribution = _js(html.escape(attribution))


class _Legend(MacroElement):
    """A collapsible legend: groups by shape, types by colour, boundary lines."""

    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "fk-legend");
    div.innerHTML = {{ this.content }};
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}"""
    )

    def __init__(self, open_by_default: bool = True) -> None:
        super().__init__()
        self._name = "FamilienkarteLegend"
        parts = [f"<details{' open' if open_by_default else ''}><summary>{t('legend')}</summary>"]
        for group in SERVICE_GROUPS:
            parts.append(f'<div class="fk-group">{html.escape(group_label(group.code))}</div>')
            for service in types_in_group(group.code):
                shape = " fk-diamond" if group.code == "familienmanager" else ""
                parts.append(
                    f'<div><span class="fk-swatch{shape}" style="background:{service.color}">'
                    f"</span>{html.escape(type_label(service.code))}</div>"
                )
        parts.append(
            '<div class="fk-group"></div>'
            '<div><span class="fk-line" style="border-top:2.5px solid #37474f"></span>'
            f"{t('legend_kreis')}</div>"
            '<div><span class="fk-line" style="border-top:1px solid #90a4ae"></span>'
            f"{t('legend_gemeinde')}</div></details>"
        )
        self.content = _js("".join(parts))


class _Boundaries(MacroElement):
    _template = Template(
        """{% macro script(this, kwargs) %}
{%- set map = this._parent._parent.get_name() %}
FK.boundaries({{ map }}, {{ this._parent.get_name() }}, {{ this.specs }});
FK.fit({{ map }}, {{ this.bounds }}, {{ this.key }});
{% endmacro %}"""
    )

    def __init__(self, view: View) -> None:
        super().__init__()
        self._name = "FamilienkarteBoundaries"
        self.specs = _js(view.layers)
        self.bounds = _js(view.bounds)
        self.key = _js(view.key)


class _Providers(MacroElement):
    _template = Template(
        """{% macro script(this, kwargs) %}
FK.providers({{ this._parent.get_name() }}, {{ this.rows }});
{% endmacro %}"""
    )

    def __init__(self, rows: str) -> None:
        super().__init__()
        self._name = "FamilienkarteProviders"
        self.rows = rows


def _js(value: object) -> str:
    """JSON for a script block: ``</`` and ``<!--`` cannot end or confuse it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _escape(value: object) -> str:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _tel_href(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    return digits


def provider_rows(frame: pd.DataFrame) -> str:
    """Compact JSON rows for ``FK.providers``; every text field escaped.

    Parameters
    ----------
    frame
        Providers to show.

    Returns
    -------
    str
        ``[[lat, lon, [type index, ...], name, street, postcode, city, phone,
        tel-href, website, exact (0/1), languages], ...]``
    """
    rows = []
    for row in frame.itertuples(index=False):
        types = [_TYPE_INDEX[code] for code in row.service_types if code in _TYPE_INDEX]
        rows.append(
            [
                round(float(row.lat), 5),
                round(float(row.lon), 5),
                types or [0],
                _escape(row.name),
                _escape(row.street),
                _escape(row.postcode),
                _escape(row.city),
                _escape(row.phone),
                _escape(_tel_href(str(row.phone or ""))),
                _escape(row.website),
                int(bool(row.location_exact)),
                _escape(", ".join(row.languages)),
            ]
        )
    return _js(rows)


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
    _Legend().add_to(fmap)
    return fmap


def view_group(view: View, providers: pd.DataFrame) -> folium.FeatureGroup:
    """The feature group with the view's boundaries, extent and providers."""
    group = folium.FeatureGroup(name="familienkarte")
    _Boundaries(view).add_to(group)
    _Providers(provider_rows(providers)).add_to(group)
    return group


def standalone_html(fmap: folium.Map, group: folium.FeatureGroup) -> str:
    """Render base map and group as one HTML page (benchmarks, offline export)."""
    group.add_to(fmap)
    return fmap.get_root().render()

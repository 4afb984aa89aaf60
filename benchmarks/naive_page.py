"""The naive baseline of the browser benchmark: folium's defaults, as a first version would.

``streamlit run benchmarks/naive_app.py`` with ``FAMILIENKARTE_PROVIDERS`` set.
Every render builds one folium map with the view's Gemeinden as full GeoJSON
and one ``Marker`` with ``Popup`` per provider. folium's default scripts and
styles (Leaflet, jQuery, Bootstrap, Font Awesome) come from the CDN stand-in
of ``naive_app.py``.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from benchmarks.naive_map import naive_map
from geodata import load_boundaries
from providers import SERVICE_TYPES, filter_providers, load_providers


def _local(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """folium's CDN links, pointed at the stand-in (relative to the map's iframe)."""
    return [(name, "../../cdn/" + url.split("://", 1)[1]) for name, url in links]


@st.cache_resource
def _data():
    gemeinden = load_boundaries("gemeinde")
    return gemeinden, load_providers(gemeinden=gemeinden).frame


gemeinden, providers = _data()
land = st.query_params.get("land")
kreis = st.query_params.get("kreis")
types = st.pills(
    "Angebotsarten",
    [service.code for service in SERVICE_TYPES],
    format_func=lambda code: next(s.label_de for s in SERVICE_TYPES if s.code == code),
    selection_mode="multi",
)
shown = filter_providers(providers, types, land, kreis)
area = gemeinden
if kreis:
    area = gemeinden[gemeinden["kreis_ags"] == kreis]
elif land:
    area = gemeinden[gemeinden["land_ags"] == land]
fmap = naive_map(area, shown)
fmap.default_js, fmap.default_css = _local(fmap.default_js), _local(fmap.default_css)
st.title(f"Naive Karte: {len(shown)} Angebote")
st_folium(fmap, height=620, use_container_width=True, returned_objects=[])

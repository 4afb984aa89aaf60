"""The naive map both baselines draw: folium's defaults, as a first version would."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

from dashboard.i18n.texts import type_label


def naive_map(gemeinden: gpd.GeoDataFrame, providers: pd.DataFrame) -> folium.Map:
    """The view's Gemeinden as one full GeoJSON layer, one ``Marker`` + ``Popup`` per provider."""
    fmap = folium.Map(location=[51.16, 10.45], zoom_start=6)
    folium.GeoJson(gemeinden[["ags", "name", "geometry"]], name="Gemeinden").add_to(fmap)
    for row in providers.itertuples():
        content = (
            f"<b>{html.escape(row.name)}</b><br>"
            f"{html.escape(', '.join(type_label(c) for c in row.service_types))}<br>"
            f"{html.escape(row.street)}, {html.escape(row.postcode)} {html.escape(row.city)}<br>"
            f"Tel. {html.escape(row.phone)}<br>"
            f'<a href="{html.escape(row.website)}">{html.escape(row.website)}</a>'
        )
        folium.Marker(
            [row.lat, row.lon], popup=folium.Popup(content, max_width=300), tooltip=row.name
        ).add_to(fmap)
    return fmap

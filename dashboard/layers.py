"""Which boundary layers each view shows, published as cacheable files.

A view sends only what it needs: all Germany shows Länder and Kreise coarsely,
a Land its Kreise, a Kreis its Gemeinden. Each layer file is built once per
process and fetched once per browser; type filters never touch them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from dashboard import assets
from dashboard.data import boundaries
from geodata import boundary_layer_json, simplify_for_display

#: Display tolerances in metres for each zoom range, on top of the embedded 200 m.
TOLERANCE_GERMANY_M = 2000.0
TOLERANCE_LAND_M = 600.0
TOLERANCE_DETAIL_M = 0.0

_WHITE_FILL = {"fillColor": "#ffffff"}


@dataclass(frozen=True)
class View:
    """What the map shows for one area selection.

    Attributes
    ----------
    layers
        Layer specs for ``FK.boundaries``: ``url``, ``style``, ``tooltip``, ``pane``.
    bounds
        ``[[south, west], [north, east]]`` the map fits to.
    key
        Identifies the area, so the map refits only when it changes.
    """

    layers: list[dict] = field(default_factory=list)
    bounds: list[list[float]] = field(default_factory=list)
    key: str = "de"


@st.cache_resource(show_spinner=False)
def layer_url(level: str, parent: str | None, tolerance_m: float, only: str | None = None) -> str:
    """Publish the boundaries of ``level`` within ``parent`` (an AGS prefix); return the URL."""
    frame = boundaries(level)
    if only:
        frame = frame.loc[[only]]
    elif parent:
        frame = frame[frame["ags"].str.startswith(parent)]
    return assets.publish_layer(boundary_layer_json(simplify_for_display(frame, tolerance_m)))


def _bounds(level: str, ags: str | None) -> list[list[float]]:
    frame = boundaries(level)
    if ags:
        frame = frame.loc[[ags]]
    west, south, east, north = frame.total_bounds
    return [[round(south, 4), round(west, 4)], [round(north, 4), round(east, 4)]]


def build_view(
    land: str | None, kreis: str | None, gemeinde: str | None, filled: bool = True
) -> View:
    """Boundary layers and extent for an area selection.

    Parameters
    ----------
    land, kreis, gemeinde
        Selected AGS or ``None`` (the narrowest one given decides).
    filled
        Paint areas white (no basemap) or leave them clear (over tiles).
    """
    fill = {**_WHITE_FILL, "fillOpacity": 1.0 if filled else 0.04}
    area_style = {"color": "#90a4ae", "weight": 0.7, **fill}
    outline = {"fill": False, "interactive": False}
    if kreis:
        land = kreis[:2]
        layers = [
            {
                "url": layer_url("gemeinde", kreis, TOLERANCE_DETAIL_M),
                "style": {**area_style, "weight": 1.0},
                "tooltip": True,
            },
            {
                "url": layer_url("kreis", land, TOLERANCE_LAND_M),
                "style": {"color": "#78909c", "weight": 1.2, "dashArray": "4 3", **outline},
                "tooltip": False,
            },
            {
                "url": layer_url("kreis", None, TOLERANCE_DETAIL_M, only=kreis),
                "style": {"color": "#37474f", "weight": 2.5, **outline},
                "tooltip": False,
                "pane": "fkHighlight",
            },
        ]
        if gemeinde:
            layers.append(
                {
                    "url": layer_url("gemeinde", None, TOLERANCE_DETAIL_M, only=gemeinde),
                    "style": {"color": "#e65100", "weight": 3.0, **outline},
                    "tooltip": False,
                    "pane": "fkHighlight",
                }
            )
            return View(layers, _bounds("gemeinde", gemeinde), f"g{gemeinde}")
        return View(layers, _bounds("kreis", kreis), f"k{kreis}")
    laender = {
        "url": layer_url("land", None, TOLERANCE_LAND_M),
        "style": {"color": "#546e7a", "weight": 1.6, **outline},
        "tooltip": False,
        "pane": "fkHighlight",
    }
    if land:
        kreise = {
            "url": layer_url("kreis", land, TOLERANCE_LAND_M),
            "style": area_style,
            "tooltip": True,
        }
        return View([kreise, laender], _bounds("land", land), f"l{land}")
    kreise = {
        "url": layer_url("kreis", None, TOLERANCE_GERMANY_M),
        "style": {**area_style, "weight": 0.5},
        "tooltip": True,
    }
    laender["url"] = layer_url("land", None, TOLERANCE_GERMANY_M)
    return View([kreise, laender], _bounds("land", None), "de")

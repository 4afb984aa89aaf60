"""Which boundary layers each view shows, published as cacheable files.

A view sends only what it needs: all Germany shows its Kreise coarsely (the
Länder borders come from the same file), a Land its Kreise, a Kreis its
Gemeinden (coarse first, the embedded detail once the user zooms in) and the
borders of the other Kreise of its Land. Each layer file is built once per
process and fetched once per browser; type filters never touch them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
import streamlit as st

from dashboard import assets
from dashboard.data import display_boundaries
from dashboard.texts import t
from geodata.build import DISPLAY_TOLERANCES_M
from geodata.display import DISPLAY_PRECISION, encode_layer, encode_lines

#: The display variants the build writes, by how far the view zooms out.
TOLERANCE_LAND_M, TOLERANCE_GERMANY_M = DISPLAY_TOLERANCES_M["kreis"]
(TOLERANCE_KREIS_M,) = DISPLAY_TOLERANCES_M["gemeinde"]
#: From this zoom on the Kreis view switches to the embedded detail (fetched only then).
DETAIL_ZOOM = 10
#: Coarse variants need no finer coordinates than 1/5000 degree (about 22 m).
COARSE_PRECISION = 5_000

_AREA_LINE = "#90a4ae"
_OUTLINE = "#37474f"
_CONTEXT = {"color": "#78909c", "weight": 1.2, "dashArray": "4 3"}
_HIGHLIGHT = {"color": "#e65100", "weight": 3.0}


@dataclass(frozen=True)
class View:
    """What the map shows for one area selection.

    Attributes
    ----------
    layers
        Layer specs for ``FK.boundaries`` (see ``familienkarte.js``).
    bounds
        ``[[south, west], [north, east]]`` the map fits to.
    key
        Identifies the area, so the map refits only when it changes.
    lines
        Legend entries for the boundary lines: ``(label, CSS border)``.
    """

    layers: list[dict] = field(default_factory=list)
    bounds: list[list[float]] = field(default_factory=list)
    key: str = "de"
    lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Shapes:
    """One level (or display variant) as plain arrays, sorted by AGS."""

    ags: np.ndarray
    names: np.ndarray
    geometries: np.ndarray

    def within(self, parent: str | None) -> slice:
        """Positions of the areas whose AGS starts with ``parent``."""
        if not parent:
            return slice(0, len(self.ags))
        start, end = np.searchsorted(self.ags, [parent, parent + "\uffff"])
        return slice(int(start), int(end))


@st.cache_resource(show_spinner=False)
def _shapes(level: str, tolerance_m: float) -> _Shapes:
    # Arrays, not frame slices: a view's layers are built while its user waits.
    frame = display_boundaries(level, tolerance_m)
    return _Shapes(
        frame["ags"].to_numpy(dtype=object),
        frame["name"].to_numpy(dtype=object),
        frame.geometry.to_numpy(),
    )


@st.cache_resource(show_spinner=False)
def layer_url(
    level: str,
    parent: str | None,
    tolerance_m: float,
    group_prefix: int | None = None,
) -> str:
    """Publish the boundaries of ``level`` within ``parent`` (an AGS prefix); return the URL.

    ``group_prefix`` puts borders between areas of different AGS prefixes into the
    outline (2: Länder borders between Kreise).
    """
    shapes = _shapes(level, tolerance_m)
    rows = shapes.within(parent)
    ags = shapes.ags[rows]
    groups = np.array([key[:group_prefix] for key in ags]) if group_prefix else None
    precision = COARSE_PRECISION if tolerance_m > 0 else DISPLAY_PRECISION
    layer = encode_layer(shapes.geometries[rows], shapes.names[rows].tolist(), precision, groups)
    return assets.publish_json(layer)


@st.cache_resource(show_spinner=False)
def context_url(kreis: str) -> str:
    """Publish the borders of the other Kreise of the Kreis' Land; return the URL."""
    shapes = _shapes("kreis", TOLERANCE_GERMANY_M)
    rows = shapes.within(kreis[:2])
    left_out = shapes.ags[rows] == kreis
    return assets.publish_json(encode_lines(shapes.geometries[rows], left_out, COARSE_PRECISION))


def _bounds(level: str, ags: str | None) -> list[list[float]]:
    shapes = _shapes(level, 0.0)
    geometries = shapes.geometries[shapes.within(ags)]
    west, south, east, north = shapely.total_bounds(geometries)
    return [[round(south, 4), round(west, 4)], [round(north, 4), round(east, 4)]]


def _line(style: dict) -> str:
    dashed = "dashed" if style.get("dashArray") else "solid"
    return f"{max(style['weight'], 1.0):g}px {dashed} {style['color']}"


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
    fill = {"fillColor": "#ffffff", "fillOpacity": 1.0 if filled else 0.04}
    if kreis:
        land = kreis[:2]
        lines = {"color": _AREA_LINE, "weight": 1.0}
        outline = {"color": _OUTLINE, "weight": 2.5}
        gemeinden = {
            "url": layer_url("gemeinde", kreis, TOLERANCE_KREIS_M),
            "detail": {"url": layer_url("gemeinde", kreis, 0.0), "zoom": DETAIL_ZOOM},
            "fill": fill,
            "lines": lines,
            "outline": outline,
            "tooltip": True,
        }
        legend = [
            (t("legend_kreis"), _line(outline)),
            (t("legend_gemeinde"), _line(lines)),
            (t("legend_neighbours"), _line(_CONTEXT)),
        ]
        if gemeinde:
            shapes = _shapes("gemeinde", 0.0)
            position = int(np.searchsorted(shapes.ags, gemeinde)) - shapes.within(kreis).start
            gemeinden["highlight"] = {"index": position, "style": _HIGHLIGHT}
            legend.insert(0, (t("legend_selected"), _line(_HIGHLIGHT)))
        context = {"url": context_url(kreis), "lines": _CONTEXT}
        area = ("gemeinde", gemeinde, f"g{gemeinde}") if gemeinde else ("kreis", kreis, f"k{kreis}")
        return View([context, gemeinden], _bounds(*area[:2]), area[2], legend)
    lines = {"color": _AREA_LINE, "weight": 0.7 if land else 0.5}
    outline = {"color": _OUTLINE if land else "#546e7a", "weight": 2.0 if land else 1.4}
    kreise = {
        "url": layer_url(
            "kreis",
            land,
            TOLERANCE_LAND_M if land else TOLERANCE_GERMANY_M,
            None if land else 2,
        ),
        "fill": fill,
        "lines": lines,
        "outline": outline,
        "tooltip": True,
    }
    legend = [(t("legend_land"), _line(outline)), (t("legend_kreise"), _line(lines))]
    key = f"l{land}" if land else "de"
    return View([kreise], _bounds("land", land), key, legend)

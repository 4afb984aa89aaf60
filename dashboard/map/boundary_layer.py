"""Style, URLs and legend for the boundary layers of a view.

``geodata.boundary_view`` decides what a view shows and encodes it; here the
layers become cacheable files (fetched once per browser, never resent by a type
filter) and get their colours and legend entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geodata
from dashboard import cache
from dashboard.i18n.texts import t
from dashboard.web import assets

#: From this zoom on a Kreis view without an online basemap names its Gemeinden.
LABEL_ZOOM = 11
_AREA_LINE = "#90a4ae"
_OUTLINE = "#37474f"
_CONTEXT = {"color": "#78909c", "weight": 1.2, "dashArray": "4 3"}
_HIGHLIGHT = {"color": "#e65100", "weight": 3.0}
# Line weights by view: thinner when more areas are on screen.
_LINES = {"germany": 0.5, "land": 0.7, "kreis": 1.0}
_OUTLINES = {
    "germany": {"color": "#546e7a", "weight": 1.4},
    "land": {"color": _OUTLINE, "weight": 2.0},
    "kreis": {"color": _OUTLINE, "weight": 2.5},
}


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
        Legend entries for the boundary lines: ``(label, CSS border)``, and for
        programme layers ``(label, CSS background, "hatch")``.
    areas
        AGS of the areas of the last layer, in its order (for a choropleth).
    """

    layers: list[dict] = field(default_factory=list)
    bounds: list[list[float]] = field(default_factory=list)
    key: str = "de"
    lines: list[tuple[str, ...]] = field(default_factory=list)
    areas: tuple[str, ...] = ()


def _line(style: dict) -> str:
    dashed = "dashed" if style.get("dashArray") else "solid"
    return f"{max(style['weight'], 1.0):g}px {dashed} {style['color']}"


def build_view(selected: str | None, filled: bool = True) -> View:
    """Boundary layers, extent and legend lines for an area selection.

    Parameters
    ----------
    selected
        AGS of the narrowest chosen area, or ``None`` for all Germany.
    filled
        Paint areas white (no basemap) or leave them clear (over tiles).
    """
    boundaries = geodata.boundary_view(cache.boundary_set(), selected)
    lines = {"color": _AREA_LINE, "weight": _LINES[boundaries.kind]}
    outline = _OUTLINES[boundaries.kind]
    areas = boundaries.areas
    spec: dict = {
        "url": assets.publish_json(areas.payload),
        "fill": {"fillColor": "#ffffff", "fillOpacity": 1.0 if filled else 0.04},
        "lines": lines,
        "outline": outline,
        "tooltip": True,
    }
    if areas.detail_payload:
        spec["detail"] = {
            "url": assets.publish_json(areas.detail_payload),
            "zoom": areas.detail_zoom,
        }
    if areas.highlight is not None:
        spec["highlight"] = {"index": areas.highlight, "style": _HIGHLIGHT}
    if boundaries.kind == "kreis":
        legend = [
            (t("legend_kreis"), _line(outline)),
            (t("legend_gemeinde"), _line(lines)),
            (t("legend_neighbours"), _line(_CONTEXT)),
        ]
        if areas.highlight is not None:
            legend.insert(0, (t("legend_selected"), _line(_HIGHLIGHT)))
    else:
        legend = [(t("legend_land"), _line(outline)), (t("legend_kreise"), _line(lines))]
    specs = [spec]
    if boundaries.labels and filled:
        # Without an online basemap the map has no place names of its own.
        spec["labels"] = {"url": assets.publish_json(boundaries.labels), "zoom": LABEL_ZOOM}
    if boundaries.context:
        specs.insert(0, {"url": assets.publish_json(boundaries.context), "lines": _CONTEXT})
    (south, west), (north, east) = boundaries.bounds
    return View(specs, [[south, west], [north, east]], boundaries.key, legend, areas.ags)

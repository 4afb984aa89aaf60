"""The map of a :class:`~reports.model.Report` drawn with matplotlib, in the colours
of the web map: white or shaded areas, grey lines, the region's border, programme
hatching and providers as dots. Web Mercator, as on the screen; no tiles."""

from __future__ import annotations

import geopandas as gpd
import matplotlib as mpl
import matplotlib.patches as mpatches
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from reports.model import Hatch, LegendEntry, Report

MERCATOR = "EPSG:3857"
LINE = "#90a4ae"
OUTLINE = "#37474f"
#: matplotlib's hatch pattern per angle of :class:`~reports.model.Hatch`.
_HATCH = {45: "///", -45: "\\\\\\", 0: "---", 90: "|||"}


def hatch_pattern(angle: int) -> str:
    """The matplotlib hatch string for a programme's angle."""
    return _HATCH.get(angle, "///")


def draw_map(ax: Axes, report: Report, scale: float = 1.0) -> None:
    """Draw the report's map into ``ax`` (line widths times ``scale``)."""
    ax.set_axis_off()
    areas = report.areas.to_crs(MERCATOR)
    areas.plot(ax=ax, color=areas["fill"], edgecolor=LINE, linewidth=0.5 * scale)
    for hatch in report.hatches:
        _draw_hatch(ax, hatch, scale)
    if not report.outline.empty:
        report.outline.to_crs(MERCATOR).boundary.plot(ax=ax, color=OUTLINE, linewidth=1.6 * scale)
    if not report.points.empty:
        points = gpd.GeoSeries(
            gpd.points_from_xy(report.points["lon"], report.points["lat"]), crs="EPSG:4326"
        ).to_crs(MERCATOR)
        ax.scatter(
            points.x,
            points.y,
            s=22 * scale**2,
            c=report.points["color"].tolist(),
            edgecolors="white",
            linewidths=0.6 * scale,
            zorder=5,
        )
    west, south, east, north = areas.total_bounds
    pad = (east - west) * 0.02
    ax.set_xlim(west - pad, east + pad)
    ax.set_ylim(south - pad, north + pad)
    ax.set_aspect("equal")


def _draw_hatch(ax: Axes, hatch: Hatch, scale: float) -> None:
    if hatch.geometry.empty:
        return
    shapes = hatch.geometry.to_crs(MERCATOR)
    # Hatch lines take the edge colour; their width comes from the settings.
    with mpl.rc_context({"hatch.linewidth": 1.2 * scale}):
        shapes.plot(
            ax=ax,
            facecolor="none",
            edgecolor=hatch.color,
            hatch=hatch_pattern(hatch.angle),
            linewidth=1.0 * scale,
            zorder=3,
        )


def legend_handles(entries: tuple[LegendEntry, ...], scale: float = 1.0) -> list:
    """matplotlib legend handles for the report's legend entries."""
    handles = []
    for entry in entries:
        if entry.kind == "point":
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=9 * scale,
                    markerfacecolor=entry.color,
                    markeredgecolor="white",
                    label=entry.label,
                )
            )
        elif entry.kind == "hatch":
            handles.append(
                mpatches.Patch(
                    facecolor="white",
                    edgecolor=entry.color,
                    hatch=hatch_pattern(entry.angle),
                    label=entry.label,
                )
            )
        elif entry.kind == "line":
            handles.append(
                Line2D([], [], color=entry.color, linewidth=2 * scale, label=entry.label)
            )
        else:
            handles.append(mpatches.Patch(facecolor=entry.color, edgecolor=LINE, label=entry.label))
    return handles

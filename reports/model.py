"""What an export shows, as plain data: the web layer fills it, the renderers
(:mod:`reports.slide`, :mod:`reports.pdf`) draw it without knowing Streamlit.

Texts are plain (not escaped): each renderer escapes for its own output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import geopandas as gpd
import pandas as pd

from reports.tables import TableSection


@dataclass(frozen=True)
class Kpi:
    """A key figure: a short label and its value, already formatted ("27,2 %")."""

    label: str
    value: str


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: label, value (a count, or a rate such as dates per 10,000)
    and colour (a service type's colour)."""

    label: str
    value: float
    color: str


@dataclass(frozen=True)
class Hatch:
    """A programme layer: its Gemeinden hatched in a colour at an angle (45, -45, 0)."""

    label: str
    color: str
    angle: int
    geometry: gpd.GeoSeries


@dataclass(frozen=True)
class LegendEntry:
    """One line of the map legend."""

    label: str
    color: str
    kind: Literal["point", "area", "hatch", "line"] = "point"
    angle: int = 0


@dataclass(frozen=True)
class WebMap:
    """The interactive map of a report, for a page that needs no server.

    Attributes
    ----------
    scripts, styles
        Contents of Leaflet, its plug-ins and ``familienkarte.js`` / ``.css``, in order.
    options, view
        What ``FK.create`` and ``FK.show`` get (see ``familienkarte.js``).
    files
        Every URL the view fetches, with its JSON text.
    """

    scripts: tuple[str, ...]
    styles: tuple[str, ...]
    options: dict
    view: dict
    files: dict[str, str]


@dataclass(frozen=True)
class Report:
    """One view of the map with its figures, ready to draw.

    Attributes
    ----------
    title, caption
        Headline and one line under it.
    areas
        Boundaries of the view (WGS 84) with a ``fill`` column of hex colours.
    outline
        The region's own border, drawn strong (may be empty).
    points
        Providers: ``lat``, ``lon`` and ``color`` per marker.
    hatches
        Programme layers over the areas.
    legend
        Legend of the map, in order.
    kpis
        Three or four key figures.
    bars, chart_title
        The bar chart (providers per type or per Kreis).
    chart_note
        What the chart leaves out (e.g. the Kreise without a single Termin).
    table
        Rows ``(label, figure)`` for the report's table of providers by type.
    programmes
        Rows ``(programme, Gemeinden)`` for the report's list of programme layers.
    sections
        Further tables for the PDF's second page (e.g. networks per Land).
    notes
        Data notes (sample data, missing figures, what a measure means).
    sources
        One line per source, with attribution (GeoBasis-DE / BKG, Destatis, data owner).
    stand
        "Stand" line: when the data and the export are from.
    filters
        What was chosen when the export was made (region, types, layers, measure).
    labels
        Headings and words of the PDF in the UI language (German where missing).
    lang, direction
        Language code and writing direction (``"rtl"`` for Arabic) of the texts.
    """

    title: str
    caption: str
    areas: gpd.GeoDataFrame
    outline: gpd.GeoSeries
    points: pd.DataFrame
    hatches: tuple[Hatch, ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    bars: tuple[Bar, ...] = ()
    chart_title: str = ""
    chart_note: str = ""
    table: tuple[tuple[str, str], ...] = ()
    programmes: tuple[tuple[str, str], ...] = ()
    sections: tuple[TableSection, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    stand: str = ""
    filters: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    lang: str = "de"
    direction: str = "ltr"

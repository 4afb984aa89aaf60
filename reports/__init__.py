"""Presenting the map: stories (saved sequences of views), and exports that work
offline – a PNG slide or print page (matplotlib), charts (Altair through
vl-convert), a PDF report (WeasyPrint) and a standalone HTML map.

Pure and typed, tested without Streamlit: the web layer fills a
:class:`Report` and a renderer draws it.
"""

from reports import layout
from reports.chart import bar_chart, chart_png, chart_svg
from reports.model import Bar, Hatch, Kpi, LegendEntry, Report, WebMap
from reports.pdf import render_pdf
from reports.slide import PRINT, SLIDE, render_png, slide_chart
from reports.standalone import standalone_html
from reports.story import (
    Story,
    StoryError,
    StoryView,
    Vocabulary,
    read_slide,
    read_story,
    shipped_stories,
    write_story,
)
from reports.tables import TableSection, render_table_pdf

__all__ = [
    "PRINT",
    "SLIDE",
    "Bar",
    "Hatch",
    "Kpi",
    "LegendEntry",
    "Report",
    "Story",
    "StoryError",
    "StoryView",
    "TableSection",
    "Vocabulary",
    "WebMap",
    "bar_chart",
    "chart_png",
    "chart_svg",
    "layout",
    "read_slide",
    "read_story",
    "render_pdf",
    "render_png",
    "render_table_pdf",
    "shipped_stories",
    "slide_chart",
    "standalone_html",
    "write_story",
]

"""Exports of a slide (:class:`reports.StoryView`): PNG (slide and print size), PDF
report and a standalone HTML map – all made on the server, offline, each file
only when its download button is clicked."""

from __future__ import annotations

import re
from collections.abc import Iterator

import streamlit as st

import reports
from dashboard import cache
from dashboard.export.figures import (
    build_report,
    map_view,
    region_name,
    slide_figures,
)
from dashboard.i18n.texts import t
from dashboard.map.widget import map_options, view_args
from dashboard.web import assets


def _slug(view: reports.StoryView) -> str:
    name = view.title or region_name(view.region)
    folded = name.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        folded = folded.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60] or "familienkarte"


def png(view: reports.StoryView, print_size: bool = False) -> bytes:
    """The slide as PNG: 1920 × 1080, or A4 landscape at 300 dpi."""
    report = build_report(view)
    if print_size:
        return reports.render_png(report, reports.PRINT, dpi=300)
    return reports.render_png(report)


def pdf(view: reports.StoryView) -> bytes:
    """The PDF report of the slide's region."""
    return reports.render_pdf(build_report(view))


def _urls(value: object) -> Iterator[str]:
    """Every app file URL in a view argument (nested lists and dicts)."""
    if isinstance(value, str) and value.startswith(assets.URL_PREFIX):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from _urls(item)


def standalone(view: reports.StoryView) -> str:
    """The slide's map as one HTML file that needs no network."""
    figures = slide_figures(view)
    # Markers, not counts: the file has no server to ask for a Kreis' markers later.
    web, markers = map_view(view, figures.shown, counts=False)
    args = view_args(web, markers)
    files: dict[str, str] = {}
    kreise = [group[0] for group in args["providers"]["groups"]]
    for url in set(_urls(args)):
        names = [url.replace("{ags}", ags) for ags in kreise] if "{ags}" in url else [url]
        for name in names:
            path = assets.asset_path(name)
            if path.exists():
                files[name] = path.read_text(encoding="utf-8")
    links = assets.map_assets()
    web_map = reports.WebMap(
        scripts=tuple(assets.asset_path(url).read_text(encoding="utf-8") for url in links["js"]),
        styles=tuple(assets.asset_path(url).read_text(encoding="utf-8") for url in links["css"]),
        options=map_options("none", cache.boundary_metadata().attribution),
        view=args,
        files=files,
    )
    return reports.standalone_html(build_report(view, figures), web_map)


def export_buttons(view: reports.StoryView, container=None) -> None:
    """Download buttons for every export of ``view``; each file is made on click."""
    place = container or st
    slug = _slug(view)
    choices = [
        ("export_png", lambda: png(view), "-folie.png", "image/png", "image", "export_png_help"),
        (
            "export_print",
            lambda: png(view, print_size=True),
            "-druck.png",
            "image/png",
            "print",
            "export_print_help",
        ),
        ("export_pdf", lambda: pdf(view), ".pdf", "application/pdf", "picture_as_pdf", None),
        (
            "export_html",
            lambda: standalone(view).encode("utf-8"),
            ".html",
            "text/html",
            "map",
            "export_html_help",
        ),
    ]
    for column, (label, make, suffix, mime, icon, hint) in zip(
        place.columns(len(choices)), choices, strict=True
    ):
        column.download_button(
            t(label),
            data=make,
            file_name=f"{slug}{suffix}",
            mime=mime,
            icon=f":material/{icon}:",
            on_click="ignore",
            help=t(hint) if hint else None,
        )

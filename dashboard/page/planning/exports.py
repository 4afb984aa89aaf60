"""The Planung page's downloads: the table as CSV for Excel, the figures as GeoJSON and
GeoPackage, and the view as a slide."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard import cache, presentation
from dashboard.export.downloads import export_buttons
from dashboard.export.figures import providers_source
from dashboard.i18n.texts import t
from dashboard.map.choropleth import (
    MEASURES,
)
from dashboard.page.planning.denominator import denominator_label
from dashboard.page.planning.view import KEY, PlanningView, types_label
from geodata import parent_ags, within
from intake import excel_csv
from planning import (
    indicator_geojson,
    indicator_geopackage,
)
from reports import StoryView


def _about(view: PlanningView) -> dict[str, str]:
    """Sources, Stand and parameters written into every export."""
    region, service, measure, n_km = view.region, view.types, view.state.measure, view.n_km
    metadata = cache.boundary_metadata()
    population = cache.population()
    need = cache.need()
    loaded = cache.provider_data()
    chosen = st.session_state.get(KEY.format(name="denominator")) or ""
    return {
        "gebiet": cache.area_name(region) or t("view_germany"),
        "angebotsart": types_label(service),
        "kennzahl": t(MEASURES[measure][1]),
        "entfernungsgrenze_km": str(n_km),
        "nenner": denominator_label(chosen if view.denominator is not None else ""),
        "einwohner": f"{population.source}, Stand {population.stand}; {population.licence}",
        "bedarf": f"{need.source}, Stichtag {need.stand}; {need.licence}",
        "grenzen": f"{metadata.attribution}; {metadata.source}, Stand {metadata.edition}",
        "anbieter": " | ".join(providers_source(loaded, view.providers)),
        "entfernung": t("planning_distance_note"),
    }


def export_section(view: PlanningView) -> None:
    """The table as CSV for Excel, the indicator layer as GeoJSON and GeoPackage."""
    st.header(t("export_title"), anchor=False)
    about = _about(view)
    coverage, access, measures, level = view.coverage, view.access, view.measures, view.level
    region, service, measure, n_km = view.region, view.types, view.state.measure, view.n_km
    table = coverage.table[within(coverage.table.index, region)]
    names = cache.boundaries("gemeinde")["name"]
    kreise = cache.boundaries("kreis")["name"]
    scores = pd.Series(access, index=coverage.table.index).reindex(table.index) * 10_000

    def csv() -> bytes:
        header = [
            "AGS",
            t("col_gemeinde"),
            t("col_kreis"),
            t("kpi_inhabitants"),
            t("measure_count"),
            t("measure_per_10k"),
            t("measure_distance"),
            t("kpi_share", n=n_km),
            t("measure_access"),
        ]
        rows = [
            [
                ags,
                names.get(ags),
                kreise.get(parent_ags(ags, "kreis")),
                _cell(row.inhabitants, 0),
                row.providers,
                _cell(row.per_10k, 2),
                _cell(row.nearest_km, 1),
                "ja" if row.nearest_km > n_km else "nein",
                _cell(scores[ags], 3),
            ]
            for ags, row in table.sort_values("nearest_km", ascending=False).iterrows()
        ]
        return excel_csv(header, rows, [f"{k}: {v}" for k, v in about.items()]).data

    def layer() -> gpd.GeoDataFrame:
        """The indicator layer, made only when a download asks for it."""
        inside = measures[within(measures.index, region)]
        areas = cache.boundaries(level).loc[inside.index, ["name", "geometry"]]
        return areas.join(inside.astype("float64")).rename_axis("ags").reset_index()

    stem = f"planung-{region or 'de'}-{'-'.join(service)}-{measure}-{n_km}km"
    columns = st.columns(3)
    columns[0].download_button(
        t("export_csv"), csv, f"{stem}.csv", "text/csv", icon=":material/table:"
    )
    columns[1].download_button(
        t("export_geojson"),
        lambda: indicator_geojson(layer(), about),
        f"{stem}.geojson",
        "application/geo+json",
        icon=":material/map:",
    )
    columns[2].download_button(
        t("export_gpkg"),
        lambda: indicator_geopackage(layer(), about),
        f"{stem}.gpkg",
        "application/geopackage+sqlite3",
        icon=":material/database:",
    )


def slide_exports(slide: StoryView) -> None:
    """The map with its measure as a slide: presented here, or exported."""
    st.subheader(t("export_view_title"), anchor=False)
    st.caption(t("export_view_help"))
    st.button(
        t("present_view"),
        icon=":material/slideshow:",
        on_click=presentation.start,
        kwargs={"view": slide},
        help=t("present_help"),
    )
    export_buttons(slide)


def _cell(value: object, decimals: int) -> str:
    """A number with a decimal comma for German Excel; empty for no figure."""
    if value is None or pd.isna(value) or value == float("inf"):
        return ""
    return f"{float(value):.{decimals}f}".replace(".", ",")

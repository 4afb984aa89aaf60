"""The page "Planung": where families are under-served, for planners in Kreise and Länder.

A region (Germany, a Land or a Kreis), a service type and a measure give a
choropleth over the cached boundary topology: changing the measure or N sends
new class numbers, never the geometry again. Below: key figures and the
worst-covered Gemeinden. State lives in the URL
(``?kreis=05382&typ=familienhebamme&mass=entfernung&n=10``).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import cache
from dashboard.export.downloads import export_buttons
from dashboard.i18n.language import url_param
from dashboard.i18n.texts import md_literal, number, t, type_label
from dashboard.map import choropleth
from dashboard.map.boundary_layer import build_view
from dashboard.map.choropleth import (
    DEFAULT_N_KM,
    DENOMINATORS,
    MEASURES,
    SCHEMES,
    anchor_frame,
    denominator_series,
    measures_by_area,
    metric_xy,
    shaded_view,
    shading,
)
from dashboard.map.programme_layer import programme_pills, with_programmes
from dashboard.map.provider_layer import provider_markers
from dashboard.map.widget import map_options, show_map, view_args
from dashboard.page import presentation
from dashboard.url_state.filters import PARAM_PROGRAMME
from geodata import area_level, is_within, land_and_kreis, level_of, parent_ags, within
from planning import (
    PROGRAMME_CODES,
    closest_pair,
    gaps,
    gemeinde_coverage,
    indicator_geojson,
    indicator_geopackage,
    read_indicator_table,
    share_beyond,
    spread_to_gemeinden,
    suggest_sites,
    what_if,
)
from providers import SERVICE_TYPES, excel_csv, filter_providers
from reports import StoryView

SITE_COLOR = "#c1272d"
DEFAULT_TYPE = "familienhebamme"
MAP_HEIGHT = 560
WORST_ROWS = 15
#: At most this many planned sites, and Gemeinden for a site search (an exact MCLP).
MAX_SITES = 10
MAX_CANDIDATES = 600
_KEY = "p_{name}"


def _from_url(name: str, allowed, default):
    value = st.query_params.get(name, "")
    return value if value in allowed else default


def _controls() -> tuple[str | None, tuple[str, ...], int]:
    """Region, types and N, first from the URL, then the widgets (measure and classes
    follow with the map, see :func:`_map_section`)."""
    boundary_set = cache.boundary_set()
    if not st.session_state.get(_KEY.format(name="ready")):
        region = st.query_params.get("kreis") or st.query_params.get("land") or ""
        # "" stands for "all": Streamlit shows a None choice as an empty placeholder.
        st.session_state[_KEY.format(name="land")] = (
            parent_ags(region, "land") if region in boundary_set else ""
        )
        st.session_state[_KEY.format(name="kreis")] = (
            region if region in boundary_set and level_of(region) == "kreis" else ""
        )
        codes = [s.code for s in SERVICE_TYPES]
        wanted = [code for code in st.query_params.get_all("typ") if code in codes]
        st.session_state[_KEY.format(name="type")] = wanted or [DEFAULT_TYPE]
        st.session_state[_KEY.format(name="measure")] = _from_url("mass", MEASURES, "entfernung")
        n = st.query_params.get("n", "")
        st.session_state[_KEY.format(name="n")] = (
            int(n) if n.isdigit() and 1 <= int(n) <= 50 else DEFAULT_N_KM
        )
        st.session_state[_KEY.format(name="scheme")] = _from_url("klassen", SCHEMES, "natuerlich")
        st.session_state[_KEY.format(name="programmes")] = [
            code for code in st.query_params.get_all(PARAM_PROGRAMME) if code in PROGRAMME_CODES
        ]
        planned = st.query_params.get("neu", "").split(",")
        st.session_state[_KEY.format(name="sites")] = [
            ags for ags in planned if ags in boundary_set and level_of(ags) == "gemeinde"
        ][:MAX_SITES]
        st.session_state[_KEY.format(name="ready")] = True
    laender = cache.boundaries("land")
    kreise = cache.boundaries("kreis")
    columns = st.columns(3)
    land = columns[0].selectbox(
        t("land"),
        options=["", *laender.sort_values("name").index],
        format_func=lambda a: laender.loc[a, "name"] if a else t("all_laender"),
        key=_KEY.format(name="land"),
        on_change=lambda: st.session_state.update({_KEY.format(name="kreis"): ""}),
    )
    inside = kreise[within(kreise.index, land)] if land else kreise.iloc[0:0]
    kreis = columns[1].selectbox(
        t("kreis"),
        options=["", *inside.sort_values("name").index],
        format_func=lambda a: kreise.loc[a, "name"] if a else t("all_kreise"),
        key=_KEY.format(name="kreis"),
        disabled=not land,
        help=None if land else t("kreis_disabled"),
    )
    chosen = columns[2].multiselect(
        t("planning_type"),
        options=[s.code for s in SERVICE_TYPES],
        format_func=type_label,
        key=_KEY.format(name="type"),
        help=t("planning_types_help"),
    )
    # Several types count together (e.g. Familienhebamme and Frühförderstelle); none: default.
    service = tuple(chosen) or (DEFAULT_TYPE,)
    n_km = st.slider(t("planning_n"), 1, 50, key=_KEY.format(name="n"), format="%d km")
    return kreis or land or None, service, n_km


def _sync_url(region: str | None, service: tuple[str, ...], n_km: int) -> None:
    wanted: dict[str, str | list[str]] = {
        "typ": list(service),
        "mass": st.session_state[_KEY.format(name="measure")],
        "n": str(n_km),
        "klassen": st.session_state[_KEY.format(name="scheme")],
    }
    if st.session_state.get(_KEY.format(name="programmes")):
        wanted[PARAM_PROGRAMME] = list(st.session_state[_KEY.format(name="programmes")])
    if _sites():
        wanted["neu"] = ",".join(_sites())
    if region:
        wanted["kreis" if level_of(region) == "kreis" else "land"] = region
    wanted |= url_param()
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    if current != {k: [v] if isinstance(v, str) else v for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)


def _types_label(service: tuple[str, ...]) -> str:
    return ", ".join(type_label(code) for code in service)


def _map(region, service, measure, n_km, scheme, measures: pd.DataFrame, programmes) -> None:
    view = build_view(region)
    view = shaded_view(view, shading(view, measures, measure, scheme))
    view = with_programmes(view, programmes, region)
    focus = _focus(region)
    if focus is not None:
        (south, west), (north, east) = cache.boundary_set().bounds(focus)
        view = replace(view, bounds=[[south, west], [north, east]], key=f"f{focus}")
    land, kreis = land_and_kreis(region)
    shown = filter_providers(cache.provider_data().frame, service, land=land, kreis=kreis)
    markers = provider_markers(shown, service, land, kreis)
    options = map_options("none", cache.boundary_metadata().attribution)
    names = cache.boundaries("gemeinde")["name"]
    sites = [
        (lat, lon, t("whatif_site", name=names[ags])) for ags, (lat, lon) in _site_points().items()
    ]
    if sites:
        view = replace(view, lines=[*view.lines, (t("whatif_legend"), f"12px solid {SITE_COLOR}")])
    show_map(options, view_args(view, markers, sites=sites), MAP_HEIGHT, key="planung")


def render() -> None:
    """Draw the page (or, with ``?praesentation=1``, a slide of its view)."""
    if presentation.active():
        presentation.render()
        return
    st.title(t("planning_title"), anchor=False)
    st.caption(t("planning_intro"))
    if cache.provider_data().is_sample:
        st.info(t("sample_notice"), icon=":material/science:")
    region, service, n_km = _controls()
    _sync_url(region, service, n_km)
    denominator = _indicator_upload()
    with st.spinner(t("planning_computing")):
        coverage, access, providers = choropleth.coverage(service, n_km, denominator)
    level = area_level(region)
    measures = measures_by_area(service, n_km, denominator, level)
    population = cache.population()
    inhabitants, missing = population.total(region)
    share = share_beyond(coverage, n_km, region)
    in_region = providers[within(providers["gemeinde_ags"], region)]
    kpis = st.columns(3)
    kpis[0].metric(t("kpi_inhabitants"), number(inhabitants))
    kpis[1].metric(t("kpi_providers", type=_types_label(service)), number(len(in_region)))
    kpis[2].metric(
        t("kpi_share", n=n_km), t("no_figure") if share is None else f"{number(share * 100, 1)} %"
    )
    st.caption(
        t(
            "population_source",
            source=population.source,
            stand=pd.Timestamp(population.stand).strftime("%d.%m.%Y"),
            missing=number(missing),
        )
    )
    if in_region.empty:
        _none_in_region(region, service, providers)
    _map_section(region, service, n_km, coverage, access, level, measures)
    _what_if(region, service, n_km, coverage, providers)
    _worst(coverage, region, n_km)


@st.fragment
def _map_section(region, service, n_km, coverage, access, level, measures) -> None:
    """Measure, classes, the map and the downloads. A fragment: changing the measure
    reruns only this part and sends new class numbers, never the geometry again."""
    columns = st.columns([3, 2])
    measure = columns[0].selectbox(
        t("planning_measure"),
        options=list(MEASURES),
        format_func=lambda m: t(MEASURES[m][1]),
        key=_KEY.format(name="measure"),
    )
    scheme = columns[1].radio(
        t("planning_classes"),
        options=list(SCHEMES),
        format_func=lambda s: t(SCHEMES[s][1]),
        key=_KEY.format(name="scheme"),
        horizontal=True,
    )
    programmes = programme_pills(st, _KEY.format(name="programmes"))
    for name, value in (("mass", measure), ("klassen", scheme)):
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    if st.query_params.get_all(PARAM_PROGRAMME) != list(programmes):
        st.query_params[PARAM_PROGRAMME] = list(programmes)
    _map(region, service, measure, n_km, scheme, measures, programmes)
    _exports(coverage, access, region, service, measure, n_km, level, measures)
    _slide_exports(
        StoryView(
            region=region,
            types=service,
            programmes=programmes,
            measure=measure,
            n_km=n_km,
            chart="kreis",
        )
    )


def _worst(coverage, region: str | None, n_km: int) -> None:
    """Gemeinden with a gap first (no provider within N km, or below a chosen level per
    10,000), then the farthest; choosing a row zooms the map to that Gemeinde."""
    minimum = st.number_input(
        t("gap_minimum"), min_value=0.0, value=0.0, step=0.5, key=_KEY.format(name="minimum")
    )
    flags = gaps(coverage, n_km, minimum or None)
    table = coverage.table
    inside = within(table.index, region)
    table, flags = table[inside], flags[inside]
    st.header(t("planning_worst", count=number(int(flags.sum())), n=n_km), anchor=False)
    order = pd.DataFrame({"gap": flags, "km": table["nearest_km"]}).sort_values(
        ["gap", "km"], ascending=False
    )
    worst = table.loc[order.index[:WORST_ROWS]]
    st.session_state[_KEY.format(name="worst_ags")] = list(worst.index)
    names = cache.boundaries("gemeinde")["name"]
    kreise = cache.boundaries("kreis")["name"]
    st.dataframe(
        _lean(
            pd.DataFrame(
                {
                    t("col_gemeinde"): worst.index.map(names),
                    t("col_kreis"): worst.index.map(lambda a: kreise.get(parent_ags(a, "kreis"))),
                    t("gap_column"): [t("gap_yes") if flags[a] else "" for a in worst.index],
                    t("kpi_inhabitants"): worst["inhabitants"],
                    t("measure_distance"): worst["nearest_km"].round(1),
                    t("measure_count"): worst["providers"],
                    t("measure_per_10k"): worst["per_10k"].round(2),
                }
            )
        ),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=_KEY.format(name="worst"),
    )
    st.caption(t("gap_select_hint") + " " + md_literal(t("planning_method")))


def _lean(frame: pd.DataFrame) -> pa.Table:
    """A table without pandas' schema notes: a third fewer bytes with every rerun."""
    return pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)


def _focus(region: str | None) -> str | None:
    """The Gemeinde chosen in the table, if it lies in the region."""
    chosen = st.session_state.get(_KEY.format(name="worst"))
    rows = chosen.selection.rows if chosen is not None else []
    shown = st.session_state.get(_KEY.format(name="worst_ags")) or []
    if rows and rows[0] < len(shown) and is_within(shown[rows[0]], region):
        return shown[rows[0]]
    return None


def _about(region: str | None, service: tuple[str, ...], measure: str, n_km: int) -> dict[str, str]:
    """Sources, Stand and parameters written into every export."""
    metadata = cache.boundary_metadata()
    population = cache.population()
    loaded = cache.provider_data()
    return {
        "gebiet": cache.area_name(region) or t("view_germany"),
        "angebotsart": _types_label(service),
        "kennzahl": t(MEASURES[measure][1]),
        "entfernungsgrenze_km": str(n_km),
        "nenner": t("kpi_inhabitants"),
        "einwohner": f"{population.source}, Stand {population.stand}; {population.licence}",
        "grenzen": f"{metadata.attribution}; {metadata.source}, Stand {metadata.edition}",
        "anbieter": t("sources_providers_sample")
        if loaded.is_sample
        else t("sources_providers_file", path=loaded.source),
        "entfernung": t("planning_distance_note"),
    }


def _exports(coverage, access, region, service, measure, n_km, level, measures) -> None:
    """The table as CSV for Excel, the indicator layer as GeoJSON and GeoPackage."""
    st.header(t("export_title"), anchor=False)
    about = _about(region, service, measure, n_km)
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


def _slide_exports(slide: StoryView) -> None:
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


def _sites() -> list[str]:
    return list(st.session_state.get(_KEY.format(name="sites")) or [])


def _site_points() -> dict[str, tuple[float, float]]:
    """The planned sites: each at its Gemeinde's point."""
    where = anchor_frame()
    return {
        ags: (float(where.at[ags, "lat"]), float(where.at[ags, "lon"]))
        for ags in _sites()
        if ags in where.index
    }


def _take(proposals: list[str]) -> None:
    st.session_state[_KEY.format(name="sites")] = proposals[:MAX_SITES]


def _what_if(region, service, n_km, coverage, providers) -> None:
    """Planned sites and what they change; suggested sites ("Wo fehlt am meisten?")."""
    st.header(t("whatif_title"), anchor=False)
    if region is None:
        st.info(t("whatif_choose_region"), icon=":material/info:")
        return
    gemeinden = cache.boundaries("gemeinde")
    inside = gemeinden[within(gemeinden.index, region)].sort_values("name")
    kreise = cache.boundaries("kreis")["name"]
    planned, suggested = st.columns(2, gap="large")
    with planned:
        st.multiselect(
            t("whatif_sites"),
            options=list(inside.index),
            format_func=lambda a: f"{inside.loc[a, 'name']} ({kreise.get(parent_ags(a, 'kreis'))})",
            key=_KEY.format(name="sites"),
            max_selections=MAX_SITES,
            placeholder=t("whatif_placeholder"),
        )
        points = _site_points()
        if points:
            sites = pd.DataFrame(
                {
                    "lat": [p[0] for p in points.values()],
                    "lon": [p[1] for p in points.values()],
                    "gemeinde_ags": list(points),
                }
            )
            after = gemeinde_coverage(
                anchor_frame(),
                denominator_series(_chosen_denominator()),
                pd.concat([providers[["lat", "lon", "gemeinde_ags"]], sites]),
            )
            change = what_if(coverage, after, n_km, region)
            st.metric(t("whatif_newly", n=n_km), number(change.newly_reached))
            row = st.columns(2)
            row[0].metric(
                t("kpi_share", n=n_km),
                _percent(change.share_after),
                _delta(change.share_before, change.share_after, 100, " %"),
                delta_color="inverse",
            )
            row[1].metric(
                t("measure_per_10k"),
                _plain(change.per_10k_after),
                _delta(change.per_10k_before, change.per_10k_after, 1, ""),
            )
        else:
            st.caption(t("whatif_hint"))
    with suggested:
        st.subheader(t("suggest_title"), anchor=False)
        if len(inside) > MAX_CANDIDATES:
            st.info(t("suggest_too_large", count=number(MAX_CANDIDATES)), icon=":material/info:")
            return
        k = st.slider(t("suggest_k"), 1, MAX_SITES, 3, key=_KEY.format(name="k"))
        key = (region, service, n_km, k, _chosen_denominator())
        if st.button(t("suggest_run"), icon=":material/lightbulb:"):
            with st.spinner(t("suggest_running")):
                st.session_state[_KEY.format(name="proposals")] = (
                    key,
                    _suggest(region, service, n_km, k, _chosen_denominator()),
                )
        found = st.session_state.get(_KEY.format(name="proposals"))
        if found and found[0] == key:
            proposals = found[1]
            if not proposals:
                st.success(t("suggest_none", n=n_km))
                return
            st.dataframe(
                pd.DataFrame(
                    {
                        "#": range(1, len(proposals) + 1),
                        t("col_gemeinde"): [inside.loc[p.candidate, "name"] for p in proposals],
                        t("suggest_added", n=n_km): [round(p.added) for p in proposals],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            st.caption(t("suggest_method"))
            st.button(
                t("suggest_take"),
                on_click=_take,
                args=([p.candidate for p in proposals],),
                icon=":material/add_location:",
            )


@cache.follows_providers
@st.cache_data(show_spinner=False, max_entries=32)
def _suggest(
    region: str, service: tuple[str, ...], n_km: int, k: int, denominator: str | None
) -> list:
    coverage, _, providers = choropleth.coverage(service, n_km, denominator)
    table = coverage.table[within(coverage.table.index, region)]
    points = anchor_frame().loc[table.index]
    xy = metric_xy(points)
    return suggest_sites(
        xy,
        table["inhabitants"].to_numpy(dtype=float, na_value=np.nan),
        xy,
        list(table.index),
        metric_xy(providers),
        n_km,
        k,
    )


def _percent(value: float | None) -> str:
    return t("no_figure") if value is None else f"{number(value * 100, 1)} %"


def _plain(value: float | None) -> str:
    return t("no_figure") if value is None else number(value, 2)


def _delta(before: float | None, after: float | None, scale: float, unit: str) -> str | None:
    if before is None or after is None:
        return None
    change = (after - before) * scale
    # An ASCII sign: Streamlit points the delta's arrow by it.
    return f"{'+' if change >= 0 else '-'}{number(abs(change), 2 if scale == 1 else 1)}{unit}"


def _none_in_region(region: str | None, service: tuple[str, ...], providers: pd.DataFrame) -> None:
    """No provider of the type in the region: say so and name the nearest one outside."""
    message = t("planning_none_in_region", type=_types_label(service))
    points = anchor_frame()
    points = points[within(points.index, region)]
    pair = closest_pair(
        metric_xy(points),
        metric_xy(providers),
    )
    if pair is not None:
        _, found, km = pair
        nearest = providers.iloc[found]
        message += " " + t(
            "planning_nearest_outside",
            name=md_literal(nearest["name"]),
            city=md_literal(nearest["city"]),
            km=number(km, 1),
        )
    st.warning(message, icon=":material/info:")


def _chosen_denominator() -> str | None:
    """Content hash of the uploaded indicator chosen as denominator (``None``: inhabitants)."""
    return st.session_state.get(_KEY.format(name="denominator_key"))


def _indicator_upload() -> str | None:
    """A planner's own figures (CSV/XLSX by AGS); one can be the denominator."""
    chosen = st.session_state.get(_KEY.format(name="indicator"))
    with st.expander(t("indicator_title"), icon=":material/upload_file:", expanded=False):
        upload = st.file_uploader(
            t("indicator_upload"), type=["csv", "xlsx"], key=_KEY.format(name="upload")
        )
        st.caption(t("indicator_help"))
        if upload is not None and (chosen is None or chosen[0] != upload.file_id):
            try:
                table = read_indicator_table(upload.getvalue(), upload.name, cache.boundary_set())
            except ValueError as error:
                st.error(md_literal(error), icon=":material/error:")
                table = None
            chosen = (upload.file_id, upload.name, table) if table is not None else None
            st.session_state[_KEY.format(name="indicator")] = chosen
        table = chosen[2] if chosen else None
        key = None
        if table is not None:
            st.success(
                t("indicator_loaded", rows=number(len(table.values)), problems=len(table.problems))
            )
            st.button(
                t("indicator_remove", name=md_literal(chosen[1])),
                on_click=lambda: st.session_state.update({_KEY.format(name="indicator"): None}),
                icon=":material/delete:",
            )
            if table.problems:
                st.dataframe(
                    pd.DataFrame(
                        {
                            t("problem_row"): [p.row for p in table.problems],
                            t("problem_message"): [p.message for p in table.problems],
                        }
                    ),
                    hide_index=True,
                    width="stretch",
                )
            if table.level != "gemeinde":
                st.caption(t("indicator_kreis_spread"))
            column = st.selectbox(
                t("indicator_denominator"),
                options=["", *table.values.columns],
                format_func=lambda c: c or t("indicator_inhabitants"),
                key=_KEY.format(name="denominator"),
            )
            if column:
                series = table.values[column]
                if table.level == "kreis":
                    series = spread_to_gemeinden(series, cache.population().inhabitants)
                series = series.astype("Float64")
                digest = hashlib.sha1(series.to_json().encode() + column.encode()).hexdigest()
                DENOMINATORS[digest] = series
                key = digest
    st.session_state[_KEY.format(name="denominator_key")] = key
    return key

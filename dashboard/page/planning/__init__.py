"""The page "Planung": where families are under-served, for planners in Kreise and Länder.

A region (Germany, a Land or a Kreis), a service type and a measure give a
choropleth over the cached boundary topology: changing the measure or N sends
new class numbers, never the geometry again. Below: key figures and the
worst-covered Gemeinden. State lives in the URL
(``?kreis=05382&typ=familienhebamme&mass=entfernung&n=10``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import cache, presentation
from dashboard.export.downloads import export_buttons
from dashboard.i18n.texts import md_literal, number, t, type_label
from dashboard.map import choropleth
from dashboard.map.boundary_layer import build_view
from dashboard.map.choropleth import (
    MEASURES,
    SCHEMES,
    Denominator,
    anchor_frame,
    denominator_series,
    measures_by_area,
    metric_xy,
    shaded_view,
    shading,
)
from dashboard.map.programme_layer import programme_pills, with_programmes
from dashboard.map.provider_layer import area_markers
from dashboard.map.widget import map_options, show_map, view_args
from dashboard.page.planning.events import events_per_area
from dashboard.page.planning.networks import networks_section
from dashboard.url_state.planning import (
    DEFAULT_TYPE,
    MAX_SITES,
    N_RANGE,
    PlanningState,
    planning_from_params,
    planning_to_params,
)
from dashboard.url_state.sync import needs_reading, old_keys_in_url, show_old_keys, write_url
from dashboard.widgets.uploads import UploadRefused, anonymous_uploads, read_upload
from geodata import Level, area_level, is_within, parent_ags, within
from intake import excel_csv
from planning import (
    GemeindeCoverage,
    IndicatorTable,
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
from providers import SERVICE_TYPES
from reports import StoryView

SITE_COLOR = "#c1272d"
MAP_HEIGHT = 560
WORST_ROWS = 15
#: At most this many Gemeinden for a site search (an exact MCLP).
MAX_CANDIDATES = 600
_KEY = "p_{name}"


@dataclass(frozen=True)
class PlanningView:
    """What every part of the page draws from, computed once per run: the page's
    choices (``state``, the URL's), the coverage of every Gemeinde in Germany by the
    chosen types with its 2SFCA score per Gemeinde (``access``, in the order of
    ``coverage.table``), those providers in all Germany, the level of the map's areas
    (Kreise, or the Gemeinden of a Kreis) with its ``measures``, and the planner's
    own ``denominator`` that counts per head in place of inhabitants, if any."""

    state: PlanningState
    coverage: GemeindeCoverage
    access: np.ndarray
    providers: pd.DataFrame
    level: Level
    measures: pd.DataFrame
    denominator: Denominator | None = None

    @property
    def region(self) -> str | None:
        return self.state.region

    @property
    def types(self) -> tuple[str, ...]:
        return self.state.types

    @property
    def n_km(self) -> int:
        return self.state.n_km

    def slide(self) -> StoryView:
        """The view as a slide, for the presentation and the exports."""
        return StoryView(
            region=self.region,
            types=self.types,
            programmes=self.state.programmes,
            measure=self.state.measure,
            n_km=self.n_km,
            chart="kreis",
        )


def _set_state(state: PlanningState) -> None:
    """Put a state into the widgets ("" stands for "all": Streamlit shows a ``None``
    choice as an empty placeholder)."""
    st.session_state[_KEY.format(name="land")] = state.land or ""
    st.session_state[_KEY.format(name="kreis")] = state.kreis or ""
    st.session_state[_KEY.format(name="type")] = list(state.types)
    st.session_state[_KEY.format(name="measure")] = state.measure
    st.session_state[_KEY.format(name="n")] = state.n_km
    st.session_state[_KEY.format(name="scheme")] = state.scheme
    st.session_state[_KEY.format(name="programmes")] = list(state.programmes)
    st.session_state[_KEY.format(name="sites")] = list(state.sites)


def _widget_state() -> PlanningState:
    """The state as the widgets hold it."""
    value = st.session_state.get
    return PlanningState(
        region=value(_KEY.format(name="kreis")) or value(_KEY.format(name="land")) or None,
        # Several types count together (e.g. Familienhebamme and Frühförderstelle).
        types=tuple(value(_KEY.format(name="type")) or ()) or (DEFAULT_TYPE,),
        measure=value(_KEY.format(name="measure")),
        n_km=value(_KEY.format(name="n")),
        scheme=value(_KEY.format(name="scheme")),
        programmes=tuple(value(_KEY.format(name="programmes")) or ()),
        sites=tuple(value(_KEY.format(name="sites")) or ()),
    )


def _controls() -> PlanningState:
    """Region, types and N, first from the URL, then the widgets (measure and classes
    follow with the map, see :func:`_map_section`)."""
    if needs_reading(_KEY.format(name="ready")):
        state, _ = planning_from_params(st.query_params.get_all, cache.boundary_set())
        _set_state(state)
        st.session_state[_KEY.format(name="old_keys")] = old_keys_in_url()
    show_old_keys(st.session_state.get(_KEY.format(name="old_keys")))
    laender = cache.boundaries("land")
    kreise = cache.boundaries("kreis")
    bar = st.sidebar
    bar.header(t("planning_choice"), anchor=False)
    land = bar.selectbox(
        t("land"),
        options=["", *laender.sort_values("name").index],
        format_func=lambda a: laender.loc[a, "name"] if a else t("all_laender"),
        key=_KEY.format(name="land"),
        on_change=lambda: st.session_state.update({_KEY.format(name="kreis"): ""}),
    )
    inside = kreise[within(kreise.index, land)] if land else kreise.iloc[0:0]
    bar.selectbox(
        t("kreis"),
        options=["", *inside.sort_values("name").index],
        format_func=lambda a: kreise.loc[a, "name"] if a else t("all_kreise"),
        key=_KEY.format(name="kreis"),
        disabled=not land,
        help=None if land else t("kreis_disabled"),
    )
    bar.multiselect(
        t("planning_type"),
        options=[s.code for s in SERVICE_TYPES],
        format_func=type_label,
        key=_KEY.format(name="type"),
        help=t("planning_types_help"),
    )
    bar.slider(t("planning_n"), *N_RANGE, key=_KEY.format(name="n"), format="%d km")
    return _widget_state()


def _types_label(service: tuple[str, ...]) -> str:
    return ", ".join(type_label(code) for code in service)


def _map(view: PlanningView) -> None:
    state = view.state
    web = build_view(state.region)
    web = shaded_view(web, shading(web, view.measures, state.measure, state.scheme))
    web = with_programmes(web, state.programmes, state.region)
    focus = _focus(state.region)
    if focus is not None:
        (south, west), (north, east) = cache.boundary_set().bounds(focus)
        web = replace(web, bounds=[[south, west], [north, east]], key=f"f{focus}")
    markers = area_markers(state.types, state.land, state.kreis, None)
    options = map_options("none", cache.boundary_metadata().attribution)
    names = cache.boundaries("gemeinde")["name"]
    sites = [
        (lat, lon, t("whatif_site", name=names[ags]))
        for ags, (lat, lon) in _site_points(state.sites).items()
    ]
    if sites:
        web = replace(web, lines=[*web.lines, (t("whatif_legend"), f"12px solid {SITE_COLOR}")])
    show_map(options, view_args(web, markers, sites=sites), MAP_HEIGHT, key="planung")


def render() -> None:
    """Draw the page (or, with ``?praesentation=1``, a slide of its view)."""
    if presentation.active():
        presentation.render()
        return
    # The map leads: the explanation waits behind "?", choices sit in the sidebar.
    head = st.columns([12, 1], vertical_alignment="center")
    head[0].title(t("planning_title"), anchor=False)
    with head[1].popover("", icon=":material/help:", help=t("planning_help")):
        st.markdown(t("planning_intro"))
        st.markdown(t("planning_help_more"))
    if cache.provider_data().is_sample:
        st.caption(f":material/science: {t('sample_notice')}")
    state = _controls()
    write_url(planning_to_params(state))
    denominator = _indicator_upload()
    with st.spinner(t("planning_computing")):
        coverage, access, providers = choropleth.coverage(state.types, state.n_km, denominator)
    level = area_level(state.region)
    view = PlanningView(
        state,
        coverage,
        access,
        providers,
        level,
        measures_by_area(state.types, state.n_km, denominator, level),
        denominator,
    )
    population = cache.population()
    inhabitants, missing = population.total(state.region)
    share = share_beyond(coverage, state.n_km, state.region)
    in_region = providers[within(providers["gemeinde_ags"], state.region)]
    kpis = st.container(key="planning_kpis").columns(3)
    kpis[0].metric(t("kpi_inhabitants"), number(inhabitants))
    kpis[1].metric(t("kpi_providers", type=_types_label(state.types)), number(len(in_region)))
    kpis[2].metric(
        t("kpi_share", n=state.n_km),
        t("no_figure") if share is None else f"{number(share * 100, 1)} %",
    )
    stand = pd.Timestamp(population.stand).strftime("%d.%m.%Y")
    note = t("population_source", source=population.source, stand=stand)
    if missing:
        note += " " + t("population_uninhabited", missing=number(missing))
    if in_region.empty:
        _none_in_region(view)
    _map_section(view)
    st.caption(note)
    _supply_and_need(view)
    _events_per_area(view)
    networks_section(view.region)
    _what_if(view)
    _worst(view)


def _events_per_area(view: PlanningView) -> None:
    """The dates per area, per head of the planner's own figure when one is chosen
    (the inhabitants are no denominator for children's offers: then under 18)."""
    chosen = st.session_state.get(_KEY.format(name="denominator")) or ""
    own = view.denominator is not None and chosen != _UNDER_18
    if own:
        events_per_area(view.region, view.denominator.values, _denominator_label(chosen))
    else:
        events_per_area(view.region)


@st.fragment
def _map_section(view: PlanningView) -> None:
    """Measure, classes, the map and the downloads. A fragment: changing the measure
    reruns only this part and sends new class numbers, never the geometry again."""
    columns = st.columns([3, 3, 2], vertical_alignment="bottom")
    columns[0].selectbox(
        t("planning_measure"),
        options=list(MEASURES),
        format_func=lambda m: t(MEASURES[m][1]),
        key=_KEY.format(name="measure"),
    )
    columns[1].radio(
        t("planning_classes"),
        options=list(SCHEMES),
        format_func=lambda s: t(SCHEMES[s][1]),
        key=_KEY.format(name="scheme"),
        horizontal=True,
    )
    chosen = len(st.session_state.get(_KEY.format(name="programmes")) or ())
    label = t("programmes_short") + (f" ({chosen})" if chosen else "")
    with columns[2].popover(label, icon=":material/layers:", width="stretch"):
        programme_pills(st, _KEY.format(name="programmes"))
    # A fragment's rerun keeps the view of the last full run; its own widgets are new.
    view = replace(view, state=_widget_state())
    write_url(planning_to_params(view.state))
    _map(view)
    _exports(view)
    _slide_exports(view.slide())


def _supply_and_need(view: PlanningView) -> None:
    """Services per 10,000 under 18 next to the Zensus shares, per area of the view:
    where many families speak another language and few services are near, a
    multilingual one is missing."""
    measures = view.measures
    inside = measures[within(measures.index, view.region)]
    if inside.empty:
        return
    names = cache.boundaries(view.level)["name"]
    need = cache.need()
    with st.expander(t("need_title"), icon=":material/groups:"):
        st.caption(
            t(
                "need_intro",
                type=_types_label(view.types),
                source=need.source,
                stand=pd.Timestamp(need.stand).strftime("%d.%m.%Y"),
            )
        )
        per_child = inside["providers"] / inside["unter_18"].astype(float) * 10_000
        table = pd.DataFrame(
            {
                t("col_area"): inside.index.map(names),
                t("measure_count"): inside["providers"],
                t("need_per_10k_under_18"): per_child.round(2),
                t("need_unter_18"): inside["unter_18"].round(),
                f"{t('need_migration')}, %": (inside["anteil_migration"] * 100).round(1),
                f"{t('need_foreign')}, %": (inside["anteil_auslaendisch"] * 100).round(1),
                t("need_household"): inside["haushaltsgroesse"].round(2),
            }
        ).sort_values(f"{t('need_migration')}, %", ascending=False)
        localized = st.column_config.NumberColumn(format="localized")
        st.dataframe(
            _lean(table),
            hide_index=True,
            width="stretch",
            column_config=dict.fromkeys(table.columns[1:], localized),
        )
        st.caption(t("need_layer_hint"))


def _worst(view: PlanningView) -> None:
    """Gemeinden with a gap first (no provider within N km, or below a chosen level per
    10,000), then the farthest; choosing a row zooms the map to that Gemeinde."""
    minimum = st.number_input(
        t("gap_minimum"), min_value=0.0, value=0.0, step=0.5, key=_KEY.format(name="minimum")
    )
    region, n_km = view.region, view.n_km
    flags = gaps(view.coverage, n_km, minimum or None)
    table = view.coverage.table
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


def _about(view: PlanningView) -> dict[str, str]:
    """Sources, Stand and parameters written into every export."""
    region, service, measure, n_km = view.region, view.types, view.state.measure, view.n_km
    metadata = cache.boundary_metadata()
    population = cache.population()
    need = cache.need()
    loaded = cache.provider_data()
    chosen = st.session_state.get(_KEY.format(name="denominator")) or ""
    return {
        "gebiet": cache.area_name(region) or t("view_germany"),
        "angebotsart": _types_label(service),
        "kennzahl": t(MEASURES[measure][1]),
        "entfernungsgrenze_km": str(n_km),
        "nenner": _denominator_label(chosen if view.denominator is not None else ""),
        "einwohner": f"{population.source}, Stand {population.stand}; {population.licence}",
        "bedarf": f"{need.source}, Stichtag {need.stand}; {need.licence}",
        "grenzen": f"{metadata.attribution}; {metadata.source}, Stand {metadata.edition}",
        "anbieter": t("sources_providers_sample")
        if loaded.is_sample
        else t("sources_providers_file", path=loaded.source),
        "entfernung": t("planning_distance_note"),
    }


def _exports(view: PlanningView) -> None:
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


def _site_points(sites: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """The planned sites: each at its Gemeinde's point."""
    where = anchor_frame()
    return {
        ags: (float(where.at[ags, "lat"]), float(where.at[ags, "lon"]))
        for ags in sites
        if ags in where.index
    }


def _take(proposals: list[str]) -> None:
    st.session_state[_KEY.format(name="sites")] = proposals[:MAX_SITES]


def _what_if(view: PlanningView) -> None:
    """Planned sites and what they change; suggested sites ("Wo fehlt am meisten?")."""
    region, service, n_km = view.region, view.types, view.n_km
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
        points = _site_points(tuple(st.session_state.get(_KEY.format(name="sites")) or ()))
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
                denominator_series(view.denominator),
                pd.concat([view.providers[["lat", "lon", "gemeinde_ags"]], sites]),
            )
            change = what_if(view.coverage, after, n_km, region)
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
        denominator = view.denominator.key if view.denominator is not None else None
        key = (region, service, n_km, k, denominator)
        if st.button(t("suggest_run"), icon=":material/lightbulb:"):
            with st.spinner(t("suggest_running")):
                st.session_state[_KEY.format(name="proposals")] = (
                    key,
                    _suggest(region, service, n_km, k, denominator, view.denominator),
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
    region: str,
    service: tuple[str, ...],
    n_km: int,
    k: int,
    denominator: str | None,
    _denominator: Denominator | None,
) -> list:
    # ``denominator`` (its content hash) keys the cache; the figure itself is not hashed.
    coverage, _, providers = choropleth.coverage(service, n_km, _denominator)
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


def _none_in_region(view: PlanningView) -> None:
    """No provider of the type in the region: say so and name the nearest one outside."""
    region, service, providers = view.region, view.types, view.providers
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


def _indicator_upload() -> Denominator | None:
    """A planner's own figures (CSV/XLSX by AGS); one can be the denominator (in the
    sidebar, under the other choices)."""
    with st.sidebar, st.expander(t("indicator_title"), icon=":material/upload_file:"):
        if anonymous_uploads():
            chosen = _uploaded_table()
        else:
            st.caption(t("uploads_off"))
            chosen = None
    return _denominator_choice(chosen)


def _uploaded_table() -> tuple | None:
    """The upload box, what it read (``(file id, name, IndicatorTable)``) and its report."""
    chosen = st.session_state.get(_KEY.format(name="indicator"))
    upload = st.file_uploader(
        t("indicator_upload"), type=["csv", "xlsx"], key=_KEY.format(name="upload")
    )
    st.caption(t("indicator_help"))
    refused = st.session_state.get(_KEY.format(name="refused"))
    if upload is not None and refused is not None and refused[0] == upload.file_id:
        st.error(md_literal(refused[1]), icon=":material/error:")
    elif upload is not None and (chosen is None or chosen[0] != upload.file_id):
        try:
            table = read_upload(
                upload.getvalue(), "kennzahlen", read_indicator_table, upload.name, _known_keys()
            )
        except UploadRefused as error:
            st.session_state[_KEY.format(name="refused")] = (upload.file_id, str(error))
            st.error(md_literal(error), icon=":material/error:")
            table = None
        chosen = (upload.file_id, upload.name, table) if table is not None else None
        st.session_state[_KEY.format(name="indicator")] = chosen
    table = chosen[2] if chosen else None
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
    return chosen if table is not None else None


#: The built-in denominator besides the inhabitants: under 18 (Zensus 2022).
_UNDER_18 = "zensus:unter_18"


def _denominator_choice(chosen: tuple | None) -> Denominator | None:
    """What measures count per head of: inhabitants, those under 18, or an uploaded
    column."""
    columns = list(chosen[2].values.columns) if chosen is not None else []
    key = _KEY.format(name="denominator")
    if st.session_state.get(key) not in ("", _UNDER_18, *columns):
        st.session_state[key] = ""
    column = st.sidebar.selectbox(
        t("indicator_denominator"),
        options=["", _UNDER_18, *columns],
        format_func=_denominator_label,
        key=key,
        help=t("denominator_help"),
    )
    if column == _UNDER_18:
        return _under_18()
    if column and chosen is not None:
        return _denominator(chosen[0], chosen[2], column)
    return None


def _denominator_label(column: str) -> str:
    if not column:
        stand = pd.Timestamp(cache.population().stand).strftime("%d.%m.%Y")
        return t("indicator_inhabitants", stand=stand)
    if column == _UNDER_18:
        return t("denominator_under_18")
    return column


@st.cache_resource(show_spinner=False)
def _under_18() -> Denominator:
    return Denominator.of(cache.need().figures["unter_18"], _UNDER_18)


@st.cache_resource(show_spinner=False)
def _known_keys() -> frozenset[str]:
    """Every Kreis and Gemeinde key: what the worker that reads an upload needs of the
    boundaries (a set travels to it; the boundaries would not)."""
    boundaries = cache.boundary_set()
    return frozenset(
        ags for level in ("kreis", "gemeinde") for ags in boundaries.frame(level).index
    )


def _denominator(file_id: str, table: IndicatorTable, column: str) -> Denominator:
    """The chosen column as a denominator per Gemeinde, made once per file and column
    and kept in the session (and nowhere else)."""
    kept = st.session_state.get(_KEY.format(name="denominator_made"))
    if kept is not None and kept[0] == (file_id, column):
        return kept[1]
    series = table.values[column]
    if table.level == "kreis":
        series = spread_to_gemeinden(series, cache.population().inhabitants)
    made = Denominator.of(series.astype("Float64"), column)
    st.session_state[_KEY.format(name="denominator_made")] = ((file_id, column), made)
    return made

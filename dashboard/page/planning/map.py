"""The Planung page's map: the choropleth of the chosen measure with its controls (a
fragment), and what it says when the region has no provider of the type."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, number, t
from dashboard.map.boundary_layer import build_view
from dashboard.map.choropleth import (
    MEASURES,
    SCHEMES,
    anchor_frame,
    metric_xy,
    shaded_view,
    shading,
)
from dashboard.map.programme_layer import programme_pills, with_programmes
from dashboard.map.provider_layer import area_markers
from dashboard.map.widget import map_options, show_map, view_args
from dashboard.page.planning.controls import widget_state
from dashboard.page.planning.exports import export_section, slide_exports
from dashboard.page.planning.view import (
    KEY,
    MAP_HEIGHT,
    SITE_COLOR,
    PlanningView,
    focus_of,
    types_label,
)
from dashboard.page.planning.whatif import site_points
from dashboard.url_state.planning import (
    planning_to_params,
)
from dashboard.url_state.sync import write_url
from geodata import within
from planning import (
    closest_pair,
)


def _map(view: PlanningView) -> None:
    state = view.state
    web = build_view(state.region)
    web = shaded_view(web, shading(web, view.measures, state.measure, state.scheme))
    web = with_programmes(web, state.programmes, state.region)
    focus = focus_of(state.region)
    if focus is not None:
        (south, west), (north, east) = cache.boundary_set().bounds(focus)
        web = replace(web, bounds=[[south, west], [north, east]], key=f"f{focus}")
    markers = area_markers(state.types, state.land, state.kreis, None, state.real_only)
    options = map_options("none", cache.boundary_metadata().attribution)
    names = cache.boundaries("gemeinde")["name"]
    sites = [
        (lat, lon, t("whatif_site", name=names[ags]))
        for ags, (lat, lon) in site_points(state.sites).items()
    ]
    if sites:
        web = replace(web, lines=[*web.lines, (t("whatif_legend"), f"12px solid {SITE_COLOR}")])
    show_map(options, view_args(web, markers, sites=sites), MAP_HEIGHT, key="planung")


@st.fragment
def map_section(view: PlanningView) -> None:
    """Measure, classes, the map and the downloads. A fragment: changing the measure
    reruns only this part and sends new class numbers, never the geometry again."""
    columns = st.columns([3, 3, 2], vertical_alignment="bottom")
    columns[0].selectbox(
        t("planning_measure"),
        options=list(MEASURES),
        format_func=lambda m: t(MEASURES[m][1]),
        key=KEY.format(name="measure"),
    )
    columns[1].radio(
        t("planning_classes"),
        options=list(SCHEMES),
        format_func=lambda s: t(SCHEMES[s][1]),
        key=KEY.format(name="scheme"),
        horizontal=True,
    )
    chosen = len(st.session_state.get(KEY.format(name="programmes")) or ())
    label = t("programmes_short") + (f" ({chosen})" if chosen else "")
    with columns[2].popover(label, icon=":material/layers:", width="stretch"):
        programme_pills(st, KEY.format(name="programmes"))
    # A fragment's rerun keeps the view of the last full run; its own widgets are new.
    view = replace(view, state=widget_state())
    write_url(planning_to_params(view.state))
    _map(view)
    export_section(view)
    slide_exports(view.slide())


def none_in_region(view: PlanningView) -> None:
    """No provider of the type in the region: say so and name the nearest one outside."""
    region, service, providers = view.region, view.types, view.providers
    message = t("planning_none_in_region", type=types_label(service))
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

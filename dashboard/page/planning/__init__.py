"""The page "Planung": where families are under-served, for planners in Kreise and Länder.

A region (Germany, a Land or a Kreis), a service type and a measure give a
choropleth over the cached boundary topology: changing the measure or N sends
new class numbers, never the geometry again. Below: key figures and the
worst-covered Gemeinden. State lives in the URL
(``?kreis=05382&typ=familienhebamme&mass=entfernung&n=10``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache, presentation
from dashboard.i18n.texts import number, t
from dashboard.map import choropleth
from dashboard.map.choropleth import measures_by_area
from dashboard.page.planning.births import births_section
from dashboard.page.planning.controls import choose_state
from dashboard.page.planning.denominator import indicator_upload
from dashboard.page.planning.map import map_section, none_in_region
from dashboard.page.planning.networks import networks_section
from dashboard.page.planning.supply import events_section, supply_and_need, worst_section
from dashboard.page.planning.view import PlanningView, types_label
from dashboard.page.planning.whatif import what_if_section
from dashboard.url_state.planning import planning_to_params
from dashboard.url_state.sync import write_url
from dashboard.widgets.real_data import freshness_section, sample_notice, situation_section
from geodata import area_level, within
from planning import share_beyond


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
    sample_notice(cache.provider_data().frame, compact=True)
    state = choose_state()
    write_url(planning_to_params(state))
    denominator = indicator_upload()
    with st.spinner(t("planning_computing")):
        coverage, access, providers = choropleth.coverage(
            state.types, state.n_km, denominator, state.real_only
        )
    level = area_level(state.region)
    view = PlanningView(
        state,
        coverage,
        access,
        providers,
        level,
        measures_by_area(state.types, state.n_km, denominator, level, state.real_only),
        denominator,
    )
    population = cache.population()
    inhabitants, missing = population.total(state.region)
    share = share_beyond(coverage, state.n_km, state.region)
    in_region = providers[within(providers["gemeinde_ags"], state.region)]
    kpis = st.container(key="planning_kpis").columns(3)
    kpis[0].metric(t("kpi_inhabitants"), number(inhabitants))
    kpis[1].metric(t("kpi_providers", type=types_label(state.types)), number(len(in_region)))
    kpis[2].metric(
        t("kpi_share", n=state.n_km),
        t("no_figure") if share is None else f"{number(share * 100, 1)} %",
    )
    stand = pd.Timestamp(population.stand).strftime("%d.%m.%Y")
    note = t("population_source", source=population.source, stand=stand)
    if missing:
        note += " " + t("population_uninhabited", missing=number(missing))
    if in_region.empty:
        none_in_region(view)
    map_section(view)
    st.caption(note)
    births_section(view)
    supply_and_need(view)
    events_section(view)
    networks_section(view.region)
    what_if_section(view)
    worst_section(view)
    freshness_section(view.region)
    situation_section(view.region)

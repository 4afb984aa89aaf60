"""The Planung page's choices: region, service types, N and the measure, kept in the
URL and the sidebar's widgets."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import t, type_label
from dashboard.page.planning.view import KEY
from dashboard.url_state.planning import (
    DEFAULT_TYPE,
    N_RANGE,
    PlanningState,
    planning_from_params,
)
from dashboard.url_state.sync import needs_reading, old_keys_in_url, show_old_keys
from dashboard.widgets.real_data import KEY_REAL, real_only_switch
from geodata import within
from providers import SERVICE_TYPES


def _set_state(state: PlanningState) -> None:
    """Put a state into the widgets ("" stands for "all": Streamlit shows a ``None``
    choice as an empty placeholder)."""
    st.session_state[KEY.format(name="land")] = state.land or ""
    st.session_state[KEY.format(name="kreis")] = state.kreis or ""
    st.session_state[KEY.format(name="type")] = list(state.types)
    st.session_state[KEY.format(name="measure")] = state.measure
    st.session_state[KEY.format(name="n")] = state.n_km
    st.session_state[KEY.format(name="scheme")] = state.scheme
    st.session_state[KEY.format(name="programmes")] = list(state.programmes)
    st.session_state[KEY.format(name="sites")] = list(state.sites)
    st.session_state[KEY_REAL.format(page="p")] = state.real_only


def widget_state() -> PlanningState:
    """The state as the widgets hold it."""
    value = st.session_state.get
    return PlanningState(
        region=value(KEY.format(name="kreis")) or value(KEY.format(name="land")) or None,
        # Several types count together (e.g. Familienhebamme and Frühförderstelle).
        types=tuple(value(KEY.format(name="type")) or ()) or (DEFAULT_TYPE,),
        measure=value(KEY.format(name="measure")),
        n_km=value(KEY.format(name="n")),
        scheme=value(KEY.format(name="scheme")),
        programmes=tuple(value(KEY.format(name="programmes")) or ()),
        sites=tuple(value(KEY.format(name="sites")) or ()),
        real_only=bool(value(KEY_REAL.format(page="p"))),
    )


def choose_state() -> PlanningState:
    """Region, types and N, first from the URL, then the widgets (measure and classes
    follow with the map, see :func:`map_section`)."""
    if needs_reading(KEY.format(name="ready")):
        state, _ = planning_from_params(st.query_params.get_all, cache.boundary_set())
        _set_state(state)
        st.session_state[KEY.format(name="old_keys")] = old_keys_in_url()
    show_old_keys(st.session_state.get(KEY.format(name="old_keys")))
    laender = cache.boundaries("land")
    kreise = cache.boundaries("kreis")
    bar = st.sidebar
    bar.header(t("planning_choice"), anchor=False)
    land = bar.selectbox(
        t("land"),
        options=["", *laender.sort_values("name").index],
        format_func=lambda a: laender.loc[a, "name"] if a else t("all_laender"),
        key=KEY.format(name="land"),
        on_change=lambda: st.session_state.update({KEY.format(name="kreis"): ""}),
    )
    inside = kreise[within(kreise.index, land)] if land else kreise.iloc[0:0]
    bar.selectbox(
        t("kreis"),
        options=["", *inside.sort_values("name").index],
        format_func=lambda a: kreise.loc[a, "name"] if a else t("all_kreise"),
        key=KEY.format(name="kreis"),
        disabled=not land,
        help=None if land else t("kreis_disabled"),
    )
    bar.multiselect(
        t("planning_type"),
        options=[s.code for s in SERVICE_TYPES],
        format_func=type_label,
        key=KEY.format(name="type"),
        help=t("planning_types_help"),
    )
    bar.slider(t("planning_n"), *N_RANGE, key=KEY.format(name="n"), format="%d km")
    real_only_switch(bar, "p")
    return widget_state()

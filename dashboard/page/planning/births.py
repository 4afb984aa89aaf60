"""Geburtskliniken on the Planung page: how far people live from the nearest one
(straight line), births per clinic and per Kreis from the G-BA Qualitätsberichte, and
the clinics below a number of births a year the planner chooses."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.export.figures import CLINIC, birth_figures, percent
from dashboard.i18n.texts import md_literal, number, t
from dashboard.page.planning.view import KEY, PlanningView
from geodata import parents, within
from planning import SMALL_CLINIC_BIRTHS, ClinicBirths
from providers import GBA

_KEY_SMALL = KEY.format(name="small_births")


def births_section(view: PlanningView) -> None:
    """The section, shown when the page looks at Geburtskliniken alone."""
    if view.types != (CLINIC,):
        return
    st.header(t("births_title"), anchor=False)
    threshold = int(
        st.columns([1, 2])[0].number_input(
            t("births_threshold"),
            min_value=0,
            max_value=5_000,
            value=SMALL_CLINIC_BIRTHS,
            step=50,
            key=_KEY_SMALL,
            help=t("births_threshold_help"),
        )
    )
    found = birth_figures(view.region, view.n_km, threshold)
    figures, people, children = found.clinics, found.people, found.children
    known = figures.clinics["births"]
    columns = st.columns(4)
    columns[0].metric(t("births_clinics"), number(len(figures.clinics)))
    columns[1].metric(t("births_total"), number(int(known.sum(min_count=0) or 0)))
    columns[2].metric(
        t("births_small", threshold=number(threshold)), number(int(figures.clinics["small"].sum()))
    )
    columns[3].metric(t("births_children_beyond", n=view.n_km), percent(children))
    st.caption(t("births_note", n=view.n_km, people=percent(people), children=percent(children)))
    _per_kreis(view, figures)
    _clinics(figures)
    st.caption(md_literal(GBA.attribution))


def _localized(frame: pd.DataFrame, first: int) -> dict:
    """Numbers as the UI language writes them (1.083, 23,9), from column ``first`` on."""
    localized = st.column_config.NumberColumn(format="localized")
    return dict.fromkeys(frame.columns[first:], localized)


def _per_kreis(view: PlanningView, figures: ClinicBirths) -> None:
    kreise = cache.boundaries("kreis")
    inside = kreise.index[within(kreise.index, view.region)]
    table = figures.by_area().reindex(inside, fill_value=0)
    if len(table) <= 1:
        return
    farthest = view.coverage.table["nearest_km"]
    farthest = farthest.groupby(parents(farthest.index, "kreis")).max()
    frame = pd.DataFrame(
        {
            t("col_kreis"): kreise.loc[table.index, "name"].to_numpy(),
            t("births_col_clinics"): table["clinics"].to_numpy(),
            t("births_col_births"): table["births"].to_numpy(),
            t("births_col_small", threshold=number(figures.threshold)): table["small"].to_numpy(),
            t("births_col_farthest"): farthest.reindex(table.index).round(1).to_numpy(),
        }
    ).sort_values(t("births_col_births"))
    st.subheader(t("births_per_kreis"), anchor=False)
    none = int((table["clinics"] == 0).sum())
    if none:
        st.caption(t("births_kreise_none", count=number(none)))
    st.dataframe(frame, hide_index=True, width="stretch", column_config=_localized(frame, 1))


def _clinics(figures: ClinicBirths) -> None:
    clinics = figures.clinics.sort_values("births", na_position="first")
    names = cache.boundaries("kreis")["name"]
    small = t("births_col_small_mark", threshold=number(figures.threshold))
    frame = pd.DataFrame(
        {
            t("births_col_clinic"): clinics["name"].to_numpy(),
            t("col_city"): clinics["city"].to_numpy(),
            t("col_kreis"): clinics["kreis_ags"].map(names).to_numpy(),
            t("births_col_births_2023"): clinics["births"].to_numpy(),
            small: [t("gap_yes") if flag else "" for flag in clinics["small"]],
        }
    )
    with st.expander(t("births_clinics_list", count=number(len(frame))), expanded=True):
        # The small ones stand out by colour and, for those who do not see it, in words.
        styled = frame.style.apply(
            lambda row: ["background-color: #ffe0b2" if row[small] else "" for _ in row], axis=1
        )
        column = t("births_col_births_2023")
        st.dataframe(
            styled,
            hide_index=True,
            width="stretch",
            column_config={column: st.column_config.NumberColumn(format="localized")},
        )

"""Supply and need on the Planung page: services per 10,000 under 18 beside the Zensus
shares, the worst-covered Gemeinden, and Termine per area."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, number, t
from dashboard.page.planning.denominator import UNDER_18, denominator_label
from dashboard.page.planning.events import events_per_area
from dashboard.page.planning.view import KEY, WORST_ROWS, PlanningView, types_label
from geodata import parent_ags, within
from planning import (
    gaps,
)


def events_section(view: PlanningView) -> None:
    """The dates per area, per head of the planner's own figure when one is chosen
    (the inhabitants are no denominator for children's offers: then under 18)."""
    chosen = st.session_state.get(KEY.format(name="denominator")) or ""
    own = view.denominator is not None and chosen != UNDER_18
    if own:
        events_per_area(view.region, view.denominator.values, denominator_label(chosen))
    else:
        events_per_area(view.region)


def supply_and_need(view: PlanningView) -> None:
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
                type=types_label(view.types),
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


def worst_section(view: PlanningView) -> None:
    """Gemeinden with a gap first (no provider within N km, or below a chosen level per
    10,000), then the farthest; choosing a row zooms the map to that Gemeinde."""
    minimum = st.number_input(
        t("gap_minimum"), min_value=0.0, value=0.0, step=0.5, key=KEY.format(name="minimum")
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
    st.session_state[KEY.format(name="worst_ags")] = list(worst.index)
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
        key=KEY.format(name="worst"),
    )
    st.caption(t("gap_select_hint") + " " + md_literal(t("planning_method")))


def _lean(frame: pd.DataFrame) -> pa.Table:
    """A table without pandas' schema notes: a third fewer bytes with every rerun."""
    return pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)

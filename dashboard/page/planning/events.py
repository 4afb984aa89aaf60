"""Planung: family dates per Kreis (or Land) against those they are for — where the
networks offer many courses and groups, and where none.

Counts the dates of the next four weeks (or of a chosen month), for one life
stage or all, per 10,000 under 18 (Zensus 2022) or per 10,000 of the planner's
own figure (e.g. children under 3 from the Regionalstatistik), for the areas of
the view. The same figure is a slide's chart ``diagramm = "termine"``.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st
from babel.dates import format_skeleton

import clock
from clock import months_ahead
from clock import now as now_in_berlin
from dashboard.export.figures import dates_figure
from dashboard.i18n.texts import language, md_literal, number, stage_label, t
from dashboard.url_state.events import EventsState
from planning import next_days
from providers import LIFE_STAGES

_KEY_STAGE = "p_events_stage"
_KEY_MONTH = "p_events_month"


def _days(month: date | None) -> tuple[date, date]:
    """The next four weeks, or the chosen month from today on (as on "Termine")."""
    if month is None:
        return next_days()
    return EventsState(range="monat", month=month).days(now_in_berlin().date())


def events_per_area(
    region: str | None, denominator: pd.Series | None = None, per: str | None = None
) -> None:
    """The expander: a bar per area and a sentence naming the areas without a date.

    ``denominator`` is the planner's own figure per Gemeinde (``per`` its name); by
    default those under 18 count."""
    title = t("events_per_area_title", per=per or t("events_per_area_under_18"))
    with st.expander(title, icon=":material/event:"):
        st.caption(t("events_per_area_intro"))
        choices = st.columns([3, 2], vertical_alignment="bottom")
        stage = choices[0].pills(
            t("nearby_stages"),
            options=list(LIFE_STAGES),
            format_func=stage_label,
            key=_KEY_STAGE,
        )
        month = choices[1].selectbox(
            t("events_per_area_when"),
            options=[None, *months_ahead(4)],
            format_func=lambda day: (
                t("events_per_area_next", days=clock.FOUR_WEEKS_DAYS)
                if day is None
                else format_skeleton("yMMMM", day, locale=language())
            ),
            key=_KEY_MONTH,
        )
        figure = dates_figure(region, _days(month), stage, denominator)
        shown = figure.ranked
        axis = t("events_per_area_axis", per=per or t("events_per_area_under_18"))
        chart = (
            alt.Chart(shown.reset_index(names="ags"))
            .mark_bar(color="#005a9c")
            .encode(
                x=alt.X("je_10000:Q", title=axis),
                # every Kreis named: a label per bar, none dropped for overlap
                y=alt.Y("name:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False)),
                tooltip=[
                    alt.Tooltip("name:N", title=t("events_per_area_area")),
                    alt.Tooltip("termine:Q", title=t("events_per_area_count")),
                    alt.Tooltip("je_10000:Q", title=axis, format=".1f"),
                ],
            )
            .properties(height=max(160, 22 * len(shown)))
        )
        st.altair_chart(chart, width="stretch")
        none = figure.without
        if none:
            names = ", ".join(md_literal(name) for name in none)
            st.warning(t("events_per_area_none", count=number(len(none)), names=names))
        st.caption(t("events_per_area_source"))

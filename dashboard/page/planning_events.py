"""Planung: family dates per Kreis (or Land) against those under 18 — where the
networks offer many courses and groups for the families they serve, and where none.

Counts the dates of the next four weeks from today (the sample's series run on),
per 10,000 inhabitants under 18 (Zensus 2022), for the areas of the view.
"""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, number, t
from geodata import level_of, parent_ags, within
from providers import dates_per_area, now_in_berlin

#: Days counted from today.
DAYS = 28


def events_per_area(region: str | None) -> None:
    """The expander: a bar per area, a sentence naming the areas without any date."""
    level = "kreis" if region else "land"
    if level_of(region) == "kreis":  # a Kreis: its Land's Kreise make the comparison
        region = parent_ags(region, "land")
    areas = cache.boundaries(level)
    areas = areas[within(areas.index, region)] if region else areas
    today = now_in_berlin().date()
    counts = dates_per_area(cache.event_data(), today, today + timedelta(days=DAYS - 1), level)
    under_18 = cache.need().by_level(level)["unter_18"]
    table = pd.DataFrame(
        {
            "name": areas["name"],
            "termine": counts.reindex(areas.index).fillna(0).astype(int),
            "unter_18": under_18.reindex(areas.index),
        }
    )
    table["je_10000"] = table["termine"] / table["unter_18"] * 10_000
    with st.expander(t("events_per_area_title", days=DAYS), icon=":material/event:"):
        st.caption(t("events_per_area_intro", days=DAYS))
        shown = table.dropna(subset=["je_10000"]).sort_values("je_10000", ascending=False)
        chart = (
            alt.Chart(shown.reset_index(names="ags"))
            .mark_bar(color="#005a9c")
            .encode(
                x=alt.X("je_10000:Q", title=t("events_per_area_axis")),
                # every Kreis named: a label per bar, none dropped for overlap
                y=alt.Y("name:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False)),
                tooltip=[
                    alt.Tooltip("name:N", title=t("events_per_area_area")),
                    alt.Tooltip("termine:Q", title=t("events_per_area_count")),
                    alt.Tooltip("je_10000:Q", title=t("events_per_area_axis"), format=".1f"),
                ],
            )
            .properties(height=max(160, 22 * len(shown)))
        )
        st.altair_chart(chart, width="stretch")
        none = table.loc[table["termine"] == 0, "name"].sort_values()
        if len(none):
            names = ", ".join(md_literal(name) for name in none)
            st.warning(t("events_per_area_none", count=number(len(none)), names=names))
        st.caption(t("events_per_area_source"))

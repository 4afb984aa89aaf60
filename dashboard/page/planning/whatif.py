""" "Was wäre, wenn …?" and "Wo fehlt am meisten?" on the Planung page: imagined sites
and the maximal-covering suggestion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import number, t
from dashboard.map import choropleth
from dashboard.map.choropleth import (
    Denominator,
    anchor_frame,
    denominator_series,
    metric_xy,
)
from dashboard.page.planning.view import KEY, MAX_CANDIDATES, PlanningView
from dashboard.url_state.planning import (
    MAX_SITES,
)
from geodata import parent_ags, within
from planning import (
    gemeinde_coverage,
    suggest_sites,
    what_if,
)


def site_points(sites: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """The planned sites: each at its Gemeinde's point."""
    where = anchor_frame()
    return {
        ags: (float(where.at[ags, "lat"]), float(where.at[ags, "lon"]))
        for ags in sites
        if ags in where.index
    }


def _take(proposals: list[str]) -> None:
    st.session_state[KEY.format(name="sites")] = proposals[:MAX_SITES]


def what_if_section(view: PlanningView) -> None:
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
            key=KEY.format(name="sites"),
            max_selections=MAX_SITES,
            placeholder=t("whatif_placeholder"),
        )
        points = site_points(tuple(st.session_state.get(KEY.format(name="sites")) or ()))
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
        k = st.slider(t("suggest_k"), 1, MAX_SITES, 3, key=KEY.format(name="k"))
        denominator = view.denominator.key if view.denominator is not None else None
        real_only = view.state.real_only
        key = (region, service, n_km, k, denominator, real_only)
        if st.button(t("suggest_run"), icon=":material/lightbulb:"):
            with st.spinner(t("suggest_running")):
                st.session_state[KEY.format(name="proposals")] = (
                    key,
                    _suggest(region, service, n_km, k, denominator, real_only, view.denominator),
                )
        found = st.session_state.get(KEY.format(name="proposals"))
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
    real_only: bool,
    denominator_of: Denominator | None,
) -> list:
    # ``denominator`` (its content hash) keys the cache; the figure itself is not hashed.
    coverage, _, providers = choropleth.coverage(service, n_km, denominator_of, real_only)
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

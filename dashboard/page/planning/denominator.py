"""The denominator of per-head figures on the Planung page: the inhabitants, the Zensus
under-18s, or a planner's own uploaded figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, number, t
from dashboard.map.choropleth import (
    Denominator,
)
from dashboard.page.planning.view import KEY
from dashboard.widgets.uploads import UploadRefused, anonymous_uploads, read_upload
from planning import (
    IndicatorTable,
    read_indicator_table,
    spread_to_gemeinden,
)


def indicator_upload() -> Denominator | None:
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
    chosen = st.session_state.get(KEY.format(name="indicator"))
    upload = st.file_uploader(
        t("indicator_upload"), type=["csv", "xlsx"], key=KEY.format(name="upload")
    )
    st.caption(t("indicator_help"))
    refused = st.session_state.get(KEY.format(name="refused"))
    if upload is not None and refused is not None and refused[0] == upload.file_id:
        st.error(md_literal(refused[1]), icon=":material/error:")
    elif upload is not None and (chosen is None or chosen[0] != upload.file_id):
        try:
            table = read_upload(
                upload.getvalue(), "kennzahlen", read_indicator_table, upload.name, _known_keys()
            )
        except UploadRefused as error:
            st.session_state[KEY.format(name="refused")] = (upload.file_id, str(error))
            st.error(md_literal(error), icon=":material/error:")
            table = None
        chosen = (upload.file_id, upload.name, table) if table is not None else None
        st.session_state[KEY.format(name="indicator")] = chosen
    table = chosen[2] if chosen else None
    if table is not None:
        st.success(
            t("indicator_loaded", rows=number(len(table.values)), problems=len(table.problems))
        )
        st.button(
            t("indicator_remove", name=md_literal(chosen[1])),
            on_click=lambda: st.session_state.update({KEY.format(name="indicator"): None}),
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
UNDER_18 = "zensus:unter_18"


def _denominator_choice(chosen: tuple | None) -> Denominator | None:
    """What measures count per head of: inhabitants, those under 18, or an uploaded
    column."""
    columns = list(chosen[2].values.columns) if chosen is not None else []
    key = KEY.format(name="denominator")
    if st.session_state.get(key) not in ("", UNDER_18, *columns):
        st.session_state[key] = ""
    column = st.sidebar.selectbox(
        t("indicator_denominator"),
        options=["", UNDER_18, *columns],
        format_func=denominator_label,
        key=key,
        help=t("denominator_help"),
    )
    if column == UNDER_18:
        return _under_18()
    if column and chosen is not None:
        return denominator_of(chosen[0], chosen[2], column)
    return None


def denominator_label(column: str) -> str:
    if not column:
        stand = pd.Timestamp(cache.population().stand).strftime("%d.%m.%Y")
        return t("indicator_inhabitants", stand=stand)
    if column == UNDER_18:
        return t("denominator_under_18")
    return column


@st.cache_resource(show_spinner=False)
def _under_18() -> Denominator:
    return Denominator.of(cache.need().figures["unter_18"], UNDER_18)


@st.cache_resource(show_spinner=False)
def _known_keys() -> frozenset[str]:
    """Every Kreis and Gemeinde key: what the worker that reads an upload needs of the
    boundaries (a set travels to it; the boundaries would not)."""
    boundaries = cache.boundary_set()
    return frozenset(
        ags for level in ("kreis", "gemeinde") for ags in boundaries.frame(level).index
    )


def denominator_of(file_id: str, table: IndicatorTable, column: str) -> Denominator:
    """The chosen column as a denominator per Gemeinde, made once per file and column
    and kept in the session (and nowhere else)."""
    kept = st.session_state.get(KEY.format(name="denominator_made"))
    if kept is not None and kept[0] == (file_id, column):
        return kept[1]
    series = table.values[column]
    if table.level == "kreis":
        series = spread_to_gemeinden(series, cache.population().inhabitants)
    made = Denominator.of(series.astype("Float64"), column)
    st.session_state[KEY.format(name="denominator_made")] = ((file_id, column), made)
    return made

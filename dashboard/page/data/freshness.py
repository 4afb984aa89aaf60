"""What is stale per Kreis, the notes of the loaded provider data, the HSDS export and the
audit trail (the newest lines shown, all as a CSV for Excel)."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import number, t
from dashboard.widgets.problem_table import frame_csv, notes_report
from providers import (
    namespace_from,
    stale_mask,
    write_hsds,
)
from store import Editor

#: Lines of the audit trail shown on the page (the download has all).
AUDIT_SHOWN = 1_000


_AUDIT_ACTIONS = {"add": "audit_add", "edit": "audit_edit", "retire": "audit_retire"}


#: The trail's columns and the texts that title them.
_AUDIT_TITLES = {
    "at": "audit_at",
    "user": "audit_user",
    "action": "audit_action",
    "provider_id": "audit_provider",
    "before": "audit_before",
    "after": "audit_after",
}


def freshness_tab() -> None:
    loaded = cache.provider_data()
    notes_report(loaded.problems, "importhinweise.csv")
    frame = loaded.frame
    stale = stale_mask(frame)
    st.metric(t("data_stale_total"), f"{number(int(stale.sum()))} / {number(len(frame))}")
    if not stale.any():
        st.success(t("data_none_stale"), icon=":material/verified:")
        return
    kreise = cache.boundaries("kreis")["name"]
    per_kreis = (
        pd.DataFrame({"kreis": frame["kreis_ags"], "stale": stale})
        .groupby("kreis")["stale"]
        .agg(["sum", "count"])
        .query("sum > 0")
        .sort_values("sum", ascending=False)
    )
    st.dataframe(
        pd.DataFrame(
            {
                t("col_kreis"): per_kreis.index.map(kreise),
                t("data_stale"): per_kreis["sum"].astype(int),
                t("data_all"): per_kreis["count"].astype(int),
            }
        ),
        hide_index=True,
    )
    st.subheader(t("data_worklist"), anchor=False)
    todo = frame[stale].sort_values("last_verified", na_position="first")
    st.dataframe(
        pd.DataFrame(
            {
                t("col_name"): todo["name"],
                t("col_city"): todo["city"],
                t("col_phone"): todo["phone"],
                t("col_verified"): todo["last_verified"],
            }
        ).head(500),
        hide_index=True,
        width="stretch",
    )


def _readable(trail: pd.DataFrame) -> pd.DataFrame:
    """The trail as an editor reads it: titles and actions in the page's language."""
    shown = trail.assign(
        action=trail["action"].map(lambda action: t(_AUDIT_ACTIONS[action])),
        before=trail["before"].map(lambda v: "" if v is None else str(v)),
        after=trail["after"].map(lambda v: "" if v is None else str(v)),
    )
    return shown.rename(columns={column: t(key) for column, key in _AUDIT_TITLES.items()})


@st.cache_data(show_spinner=False, max_entries=8)
def _newest_trail(store_url: str, version: str, name: str, rights: str) -> pd.DataFrame:
    """The newest lines of a store's trail in the account's areas, read once per data
    version (the newest line's number) and account with its rights: the tabs all run
    on every rerun."""
    return cache.store().audit_trail(limit=AUDIT_SHOWN, user=Editor(name))


def audit_tab(user: Editor) -> None:
    st.download_button(
        t("data_hsds_download"),
        data=lambda: write_hsds(
            cache.store().frame(),
            cache.store().events(),
            cache.store().networks(),
            namespace_from(os.environ),
        ),
        file_name="familienkarte-hsds.zip",
        mime="application/zip",
        icon=":material/package_2:",
        on_click="ignore",
        help=t("data_hsds_help"),
    )
    # The page shows the newest lines; the whole trail is read only for the download.
    rights = repr(cache.store().users.rights(user.name))
    trail = _newest_trail(cache.store_url(), cache.store().version(), user.name, rights)
    st.dataframe(_readable(trail), hide_index=True, width="stretch")
    st.download_button(
        t("data_audit_download"),
        data=lambda: frame_csv(_readable(cache.store().audit_trail(user=user))),
        file_name="aenderungsprotokoll.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )

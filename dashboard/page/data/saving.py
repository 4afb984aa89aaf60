"""The editor's wait while a write is under way, and what the write refused."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n.texts import t
from dashboard.widgets.problem_table import problem_table
from intake import Problem
from store import Change


def saving():
    """A spinner with the seconds waited around a store write: another session's lock
    can hold a write up to the lock time-out (``FAMILIENKARTE_SPERRE_S``) before it
    ends with a clear message; the editor sees that something is happening."""
    return st.spinner(t("data_saving"), show_time=True)


def show_refused(change: Change, rows: tuple[int, ...] | None = None) -> None:
    """The rows the store did not write because they lie outside the account's areas,
    by file row (``rows``: the row of each record written; without, the reason names
    the Termin or network)."""
    if not change.refused:
        return
    st.warning(t("data_refused", count=len(change.refused)), icon=":material/block:")
    problem_table(
        [Problem(rows[r.index] if rows else 0, r.reason, "fehler") for r in change.refused]
    )

"""The editor's wait while a write is under way."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n.texts import t


def saving():
    """A spinner with the seconds waited around a store write: another session's lock
    can hold a write up to the lock time-out (``FAMILIENKARTE_SPERRE_S``) before it
    ends with a clear message; the editor sees that something is happening."""
    return st.spinner(t("data_saving"), show_time=True)

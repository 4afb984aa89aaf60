"""The page "Daten" (``/daten``), behind a login: upload with preview, column mapping
and row report before anything is stored; editing, verifying and retiring single
providers; what is stale per Kreis; the audit trail.

The map and the search stay public and read-only; only this page writes, and
every write is one transaction of the store with an audit entry."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, t
from dashboard.page.data.editing import edit_tab
from dashboard.page.data.events import render_events
from dashboard.page.data.freshness import audit_tab, freshness_tab
from dashboard.page.data.login import KEY_USER, login_form, signed_in
from dashboard.page.data.networks import render_networks
from dashboard.page.data.upload import upload_tab
from store import StoreBusy, StoreFull


def render() -> None:
    """Draw the page."""
    st.title(t("data_title"), anchor=False)
    user = signed_in()
    if user is None:
        login_form()
        return
    top = st.columns([4, 1], vertical_alignment="center")
    top[0].caption(
        t("data_signed_in", user=md_literal(user), store=md_literal(cache.store().label))
    )
    if top[1].button(t("data_logout"), icon=":material/logout:"):
        st.session_state[KEY_USER] = None
        st.rerun()
    upload, edit, events, networks, fresh, trail = st.tabs(
        [
            t("data_tab_upload"),
            t("data_tab_edit"),
            t("data_tab_events"),
            t("data_tab_networks"),
            t("data_tab_fresh"),
            t("data_tab_audit"),
        ]
    )
    for tab, draw in (
        (upload, lambda: upload_tab(user)),
        (edit, lambda: edit_tab(user)),
        (events, lambda: render_events(user)),
        (networks, lambda: render_networks(user)),
        (fresh, freshness_tab),
        (trail, audit_tab),
    ):
        with tab:
            try:
                draw()
            except StoreBusy:
                # Another session holds the table: the store waited its lock time-out.
                st.error(t("store_busy"), icon=":material/hourglass_top:")
            except StoreFull:
                st.error(t("store_full"), icon=":material/storage:")

"""The page "Daten" (``/daten``), behind a login: upload with preview, column mapping
and row report before anything is stored; editing, verifying and retiring single
providers; what is stale per Kreis; the audit trail.

The map and the search stay public and read-only; only this page writes, and
every write is one transaction of the store with an audit entry."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, t
from dashboard.page.data.accounts import accounts_tab
from dashboard.page.data.editing import edit_tab
from dashboard.page.data.events import render_events
from dashboard.page.data.freshness import audit_tab, freshness_tab
from dashboard.page.data.login import KEY_USER, identity_provider, login_form, signed_in
from dashboard.page.data.networks import render_networks
from dashboard.page.data.review import review_tab
from dashboard.page.data.scope import scope_label
from dashboard.page.data.upload import upload_tab
from store import NotAllowed, StoreBusy, StoreFull


def render() -> None:
    """Draw the page."""
    st.title(t("data_title"), anchor=False)
    user = signed_in()
    if user is None:
        login_form()
        return
    rights = cache.store().users.rights(user.name)
    if rights is None:  # removed while signed in: nothing more for this session
        st.session_state[KEY_USER] = None
        st.warning(t("data_account_gone"), icon=":material/person_off:")
        login_form()
        return
    top = st.columns([4, 1], vertical_alignment="center")
    top[0].caption(
        t("data_signed_in", user=md_literal(user.name), store=md_literal(cache.store().label))
    )
    if top[1].button(t("data_logout"), icon=":material/logout:"):
        st.session_state[KEY_USER] = None
        if identity_provider() is not None and st.user.is_logged_in:
            st.logout()  # also at the identity provider's cookie, or it signs in again
        st.rerun()
    scope = scope_label(rights, cache.provider_data().frame, cache.networks())
    st.info(t("data_scope", scope=md_literal(scope)), icon=":material/shield_person:")
    # Only what the account may do: the store refuses the rest anyway.
    shown = [
        *([("data_tab_upload", lambda: upload_tab(user, rights))] if rights.may_import else []),
        ("data_tab_edit", lambda: edit_tab(user, rights)),
        ("data_tab_events", lambda: render_events(user, rights)),
        ("data_tab_networks", lambda: render_networks(user, rights)),
        ("data_tab_review", lambda: review_tab(user, rights)),
        ("data_tab_fresh", freshness_tab),
        ("data_tab_audit", lambda: audit_tab(user)),
        *(
            [("data_tab_accounts", lambda: accounts_tab(user, rights))]
            if rights.may_manage_accounts
            else []
        ),
    ]
    for tab, (_, draw) in zip(st.tabs([t(key) for key, _ in shown]), shown, strict=True):
        with tab:
            try:
                draw()
            except StoreBusy:
                # Another session holds the table: the store waited its lock time-out.
                st.error(t("store_busy"), icon=":material/hourglass_top:")
            except StoreFull:
                st.error(t("store_full"), icon=":material/storage:")
            except NotAllowed as refused:
                st.error(md_literal(str(refused)), icon=":material/block:")

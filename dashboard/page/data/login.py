"""Signing in on the Daten page: name and password checked by the store (slowed down after
wrong ones), a session that ends after 30 minutes without a page view."""

from __future__ import annotations

import time

import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, t
from store import Editor

#: A signed-in session ends after this long without a page view.
SESSION_IDLE_S = 30 * 60


KEY_USER = "data_user"


_KEY_SEEN = "data_seen"


def signed_in() -> Editor | None:
    """The editor of this session, or ``None`` (also when the session has expired). The
    store reads the account's rights at each write; the name is all the session keeps."""
    user = st.session_state.get(KEY_USER)
    if user is None:
        return None
    if time.monotonic() - st.session_state.get(_KEY_SEEN, 0) > SESSION_IDLE_S:
        st.session_state[KEY_USER] = None
        st.info(t("data_expired"), icon=":material/timer_off:")
        return None
    st.session_state[_KEY_SEEN] = time.monotonic()
    return Editor(user)


def login_form() -> None:
    st.caption(t("data_login_intro"))
    if problem := cache.users_file_problem():
        # Only the operator can mend the file; the editors stored before still sign in.
        st.warning(t("data_users_file", problem=md_literal(problem)), icon=":material/group_off:")
    with st.form("login"):
        name = st.text_input(t("data_user"), autocomplete="username")
        password = st.text_input(t("data_password"), type="password")
        sent = st.form_submit_button(t("data_login"), icon=":material/login:")
    if not sent:
        return
    answer = cache.store().users.login(name.strip(), password)
    if answer.ok:
        st.session_state[KEY_USER] = name.strip()
        st.session_state[_KEY_SEEN] = time.monotonic()
        st.rerun()
    elif not answer.checked:
        st.error(t("data_login_wait", seconds=answer.wait_s), icon=":material/lock_clock:")
    else:
        st.error(t("data_login_failed"), icon=":material/lock:")

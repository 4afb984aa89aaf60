"""Signing in on the Daten page: name and password checked by the store (slowed down after
wrong ones), a session that ends after 30 minutes without a page view."""

from __future__ import annotations

import time

import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, t
from store import ClaimTable, Editor, NotAllowed, account_name

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


def identity_provider() -> ClaimTable | None:
    """The operator's identity provider as configured in ``.streamlit/secrets.toml``
    (Streamlit's ``[auth]`` and ``[familienkarte_anmeldung]``), or ``None``."""
    try:
        if "auth" not in st.secrets:
            return None
        section = st.secrets.get("familienkarte_anmeldung", {})
    except FileNotFoundError:  # no secrets file at all (Streamlit's error is one)
        return None
    return ClaimTable.from_config(dict(section))


def _signed_in_at_identity_provider(table: ClaimTable) -> bool:
    """Take over a person the identity provider signed in: with the rights its claims
    map to, kept in the store like any account (so every write is checked the same);
    without mapped rights, a clear message and no access."""
    if not st.user.is_logged_in:
        return False
    claims = st.user.to_dict()
    rights, name = table.rights_for(claims), account_name(claims)
    if rights is None or name is None:
        st.error(t("data_oidc_no_rights"), icon=":material/person_off:")
        if st.button(t("data_logout"), icon=":material/logout:", key="data_oidc_logout"):
            st.logout()
        return True
    try:
        cache.store().users.sign_in_from_identity_provider(name, rights)
    except NotAllowed as refused:
        st.error(md_literal(str(refused)), icon=":material/person_off:")
        return True
    st.session_state[KEY_USER] = name
    st.session_state[_KEY_SEEN] = time.monotonic()
    st.rerun()
    return True


def login_form() -> None:
    try:
        table = identity_provider()
    except ValueError as problem:  # a bad table: only the operator can mend it
        st.warning(md_literal(str(problem)), icon=":material/key_off:")
        table = None
    if table is not None:
        if _signed_in_at_identity_provider(table):
            return
        if st.button(t("data_oidc_login"), type="primary", icon=":material/badge:"):
            st.login()
        st.caption(t("data_oidc_help"))
        if not table.passwords:
            return
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

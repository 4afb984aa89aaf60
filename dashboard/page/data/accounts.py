"""The tab "Zugänge" for a Betrieb or Land account: the accounts of its area, and
creating, changing or removing one – only inside its own areas, never with more rights
than its own (the store checks both; this page offers only what it would allow)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, t
from dashboard.page.data.saving import saving
from dashboard.page.data.scope import editable, own_networks, scope_label
from store import Account, Editor, Rights, Role

#: The text key of each role and sign-in way.
ROLE_TEXT = {
    Role.BETRIEB: "role:betrieb",
    Role.LAND: "role:land",
    Role.KREIS: "role:kreis",
    Role.NETZWERK: "role:netzwerk",
    Role.ANBIETER: "role:anbieter",
}
_ORIGIN_TEXT = {"lokal": "origin:lokal", "oidc": "origin:oidc"}
_KEY_ROLE = "data_accounts_role"
_KEY_AREAS = "data_accounts_areas"
_KEY_REMOVE = "data_accounts_remove"


def _area_choices(rights: Rights, role: Role) -> dict[str, str]:
    """Areas an account of ``role`` may be given by ``rights``: key → name."""
    if role in (Role.LAND, Role.KREIS):
        frame = cache.boundaries("land" if role is Role.LAND else "kreis")
        return {
            ags: f"{name} ({ags})"
            for ags, name in zip(frame["ags"], frame["name"], strict=True)
            if rights.everything
            or (ags in rights.areas if role is Role.LAND else rights.covers_kreis(ags))
        }
    networks = cache.networks()
    if role is Role.NETZWERK:
        return {n.id: n.name for n in own_networks(rights, networks)}
    frame = cache.provider_data().frame
    frame = frame[editable(rights, frame, networks)]
    return dict(zip(frame["id"], frame["name"] + " – " + frame["city"], strict=True))


def _visible(rights: Rights, accounts: list[Account]) -> list[Account]:
    """The accounts ``rights`` may see and change (a Land: those of its area)."""
    if rights.everything:
        return accounts
    frame = cache.provider_data().frame.set_index("id")
    networks = {n.id: n.kreis_ags for n in cache.networks()}

    def kreis_of(role: Role, area: str) -> str | None:
        if role is Role.NETZWERK:
            return networks.get(area)
        return frame["kreis_ags"].get(area)

    return [a for a in accounts if rights.may_grant(a.rights, kreis_of)]


def accounts_tab(user: Editor, rights: Rights) -> None:
    """The tab."""
    st.caption(t("accounts_intro"))
    store = cache.store()
    # Filled after the form, so that an account saved in this run is listed.
    listing = st.empty()
    roles = [r for r in Role if rights.everything or (r is not Role.BETRIEB)]
    st.subheader(t("accounts_new"), anchor=False)
    role = st.selectbox(
        t("accounts_role"),
        options=roles,
        format_func=lambda r: t(ROLE_TEXT[r]),
        key=_KEY_ROLE,
    )
    choices = _area_choices(rights, role) if role is not Role.BETRIEB else {}
    with st.form("data_account"):
        name = st.text_input(t("accounts_name"), max_chars=100)
        areas = (
            st.multiselect(
                t("accounts_areas"),
                options=list(choices),
                format_func=choices.get,
                key=_KEY_AREAS,
            )
            if role is not Role.BETRIEB
            else []
        )
        password = st.text_input(t("accounts_password"), type="password")
        sent = st.form_submit_button(t("accounts_save"), type="primary", icon=":material/save:")
    if sent:
        try:
            with saving():
                store.users.grant(
                    name.strip(), Rights(role, tuple(areas)), user, password=password or None
                )
        except ValueError as problem:
            st.error(md_literal(str(problem)), icon=":material/error:")
        else:
            st.success(t("accounts_saved", name=md_literal(name.strip())), icon=":material/check:")
    visible = _visible(rights, store.users.accounts())
    frame, networks = cache.provider_data().frame, cache.networks()
    listing.dataframe(
        pd.DataFrame(
            {
                t("accounts_name"): [a.name for a in visible],
                t("accounts_role"): [t(ROLE_TEXT[a.rights.role]) for a in visible],
                t("accounts_areas"): [scope_label(a.rights, frame, networks) for a in visible],
                t("accounts_origin"): [
                    t(_ORIGIN_TEXT.get(a.origin, "origin:lokal")) for a in visible
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    others = [a.name for a in visible if a.name != user.name]
    if not others:
        return
    st.subheader(t("accounts_remove"), anchor=False)
    gone = st.selectbox(t("accounts_name"), options=others, index=None, key=_KEY_REMOVE)
    if gone and st.button(t("accounts_remove"), icon=":material/person_remove:"):
        with saving():
            store.users.revoke(gone, user)
        st.success(t("accounts_removed", name=md_literal(gone)), icon=":material/check:")

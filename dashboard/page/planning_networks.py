"""Planung: the Netzwerke Frühe Hilfen of a Kreis for their coordinators – which
professions a network holds by sector against those §3 Abs. 2 KKG expects, which
are missing, who in its area could be asked to join, and its member list to take
away (CSV)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, number, t, type_label
from geodata import is_within
from providers import (
    candidates,
    excel_csv,
    members_of,
    now_in_berlin,
    professions,
)

_KEY_NETWORK = "p_network"
#: The text of each sector and role (providers.SECTORS, providers.ROLES).
SECTOR_TEXTS = {
    "gesundheit": "sector_gesundheit",
    "jugendhilfe": "sector_jugendhilfe",
    "beratung": "sector_beratung",
    "bildung": "sector_bildung",
}
ROLE_TEXTS = {
    "mitglied": "role_mitglied",
    "koordination": "role_koordination",
    "familientelefon": "role_familientelefon",
}
#: Candidates listed at most (the rest are counted).
_CANDIDATES = 20


def networks_section(region: str | None) -> None:
    """The expander for the networks of the view's Kreis (or Land)."""
    with st.expander(t("networks_title"), icon=":material/hub:"):
        st.caption(t("networks_intro"))
        here = [n for n in cache.networks() if is_within(n.kreis_ags, region)]
        if not here:
            st.info(t("networks_none"), icon=":material/info:")
            return
        by_id = {n.id: n for n in here}
        chosen = st.selectbox(
            t("networks_choose"),
            options=list(by_id),
            format_func=lambda key: by_id[key].name,
            key=_KEY_NETWORK,
        )
        network = by_id.get(chosen) or here[0]
        today = now_in_berlin().date()
        frame = cache.provider_data().frame
        table = professions(network, frame, today)
        missing = [type_label(code) for code in table.index[table["members"] == 0]]
        if missing:
            st.warning(
                t("networks_missing", types=md_literal(", ".join(missing))),
                icon=":material/warning:",
            )
        else:
            st.success(t("networks_complete"), icon=":material/check_circle:")
        shown = pd.DataFrame(
            {
                t("networks_sector"): [t(SECTOR_TEXTS[sector]) for sector in table["sector"]],
                t("networks_profession"): [type_label(code) for code in table.index],
                t("networks_members"): table["members"].to_numpy(),
            }
        )
        # Every profession in sight, without a scrollbar of its own.
        st.dataframe(shown, hide_index=True, width="stretch", height=35 * (len(shown) + 1) + 3)
        members = members_of(network, frame, today)
        _member_list(network.name, members)
        _candidates(candidates(network, frame, today))


def _member_list(name: str, members: pd.DataFrame) -> None:
    st.markdown(f"**{t('networks_member_count', count=number(len(members)))}**")
    rows = pd.DataFrame(
        {
            t("col_name"): members["name"].to_numpy(),
            t("networks_profession"): [
                ", ".join(type_label(code) for code in codes) for codes in members["service_types"]
            ],
            t("networks_role"): [
                t(ROLE_TEXTS.get(role, "role_mitglied")) for role in members["role"]
            ],
            t("networks_since"): [day.isoformat() if day else "" for day in members["since"]],
            t("col_phone"): members["phone"].to_numpy(),
        }
    )
    st.download_button(
        t("networks_download"),
        # Written only when asked for, not on every run of the page.
        data=lambda: excel_csv(list(rows.columns), rows.itertuples(index=False)).data,
        file_name=f"{name[:60]}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def _candidates(found: pd.DataFrame) -> None:
    if found.empty:
        st.caption(t("networks_no_candidates"))
        return
    st.markdown(f"**{t('networks_candidates', count=number(len(found)))}**")
    listed = found.head(_CANDIDATES)
    st.dataframe(
        pd.DataFrame(
            {
                t("col_name"): listed["name"].to_numpy(),
                t("networks_profession"): [
                    ", ".join(type_label(code) for code in codes)
                    for codes in listed["service_types"]
                ],
                t("col_city"): listed["city"].to_numpy(),
            }
        ),
        hide_index=True,
        width="stretch",
    )

"""Planung: the Netzwerke Frühe Hilfen of a Kreis for their coordinators – which
professions a network holds by sector against those §3 Abs. 2 KKG expects, which
are missing, its members on a map with its area outlined, who in or near its area
could be asked to join, and its member list to print (PDF) or take away (CSV)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

import geodata
import reports
from clock import now as now_in_berlin
from dashboard import cache
from dashboard.export.figures import stand
from dashboard.i18n.event_wording import ROLE_TEXTS
from dashboard.i18n.texts import is_rtl, language, md_literal, number, t, type_label
from dashboard.map.boundary_layer import build_view
from dashboard.map.network_layer import with_network_area
from dashboard.map.provider_layer import provider_markers
from dashboard.map.widget import map_options, show_map, view_args
from intake import excel_csv
from networks import Network, candidates, members_of, professions

_KEY_NETWORK = "p_network"
#: Whether the networks' expander is open (in ``st.session_state``).
KEY_OPEN = "p_networks_open"
_KEY_REACH = "p_network_km"
#: The text of each sector and role (providers.SECTORS, providers.ROLES).
SECTOR_TEXTS = {
    "gesundheit": "sector_gesundheit",
    "jugendhilfe": "sector_jugendhilfe",
    "beratung": "sector_beratung",
    "bildung": "sector_bildung",
}
#: Candidates listed at most (the rest are counted; the map shows all).
_CANDIDATES = 20
_MAP_HEIGHT = 440
#: Degrees per kilometre, generous, to pick the providers worth measuring to an area.
_DEGREES_PER_KM = 1 / 65


def networks_section(region: str | None) -> None:
    """The expander for the networks of the view's Kreis (or Land): filled only while
    it is open, so that a run of the page pays nothing for it (nor the browser for a
    second map) until a coordinator asks."""
    with st.expander(t("networks_title"), icon=":material/hub:", key=KEY_OPEN, on_change="rerun"):
        if not st.session_state.get(KEY_OPEN):
            return
        st.caption(t("networks_intro"))
        here = [n for n in cache.networks() if geodata.is_within(n.kreis_ags, region)]
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
        reach_km = st.slider(
            t("networks_reach"),
            0,
            30,
            5,
            format="%d km",
            key=_KEY_REACH,
            help=t("networks_reach_tip"),
        )
        members = members_of(network, frame, today)
        found = _candidates_near(network, frame, today, reach_km)
        _map(network, members, found)
        shown = pd.DataFrame(
            {
                t("networks_sector"): [t(SECTOR_TEXTS[sector]) for sector in table["sector"]],
                t("networks_profession"): [type_label(code) for code in table.index],
                t("networks_members"): table["members"].to_numpy(),
            }
        )
        # Every profession in sight, without a scrollbar of its own.
        st.dataframe(shown, hide_index=True, width="stretch", height=35 * (len(shown) + 1) + 3)
        _member_list(network, members, table, missing)
        _candidates(found, reach_km)


def _candidates_near(network: Network, frame: pd.DataFrame, today, reach_km: int) -> pd.DataFrame:
    """The candidates in the area and up to ``reach_km`` beyond it; only providers
    near the Kreis are measured."""
    (south, west), (north, east) = cache.boundary_set().bounds(network.kreis_ags)
    margin = reach_km * _DEGREES_PER_KM
    close = frame["lat"].between(south - margin, north + margin) & frame["lon"].between(
        west - margin * 1.6, east + margin * 1.6
    )
    distance = np.full(len(frame), np.inf)
    if close.any():
        distance[close.to_numpy()] = geodata.distance_to_area(
            cache.boundary_set(),
            network.gemeinden or (network.kreis_ags,),
            frame.loc[close, "lat"].to_numpy(),
            frame.loc[close, "lon"].to_numpy(),
        )
    return candidates(network, frame, today, distance, reach_km * 1000)


def _types_text(codes) -> str:
    return ", ".join(type_label(code) for code in codes)


def _map(network: Network, members: pd.DataFrame, found: pd.DataFrame) -> None:
    """Members as markers in their types' colours, the area outlined and tinted, the
    candidates as dashed rings."""
    web = with_network_area(build_view(network.kreis_ags), network, len(found))
    if not found.empty:
        (south, west), (north, east) = web.bounds
        web = replace(
            web,
            bounds=[
                [min(south, found["lat"].min()), min(west, found["lon"].min())],
                [max(north, found["lat"].max()), max(east, found["lon"].max())],
            ],
        )
    # Fitted anew for another network or reach, not for a change elsewhere on the page.
    web = replace(web, key=f"{web.key}-{network.id}-{len(found)}")
    markers = provider_markers(members, (), None, network.kreis_ags, counts=False)
    pins = [
        (lat, lon, t("networks_candidate_pin", name=name, types=_types_text(codes)))
        for lat, lon, name, codes in found[["lat", "lon", "name", "service_types"]].itertuples(
            index=False
        )
    ]
    options = map_options("none", cache.boundary_metadata().attribution)
    show_map(options, view_args(web, markers, candidates=pins), _MAP_HEIGHT, key="netzwerk_karte")


def _member_rows(members: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_name"): members["name"].to_numpy(),
            t("networks_profession"): [_types_text(codes) for codes in members["service_types"]],
            t("networks_role"): [
                t(ROLE_TEXTS.get(role, "role_mitglied")) for role in members["role"]
            ],
            t("networks_since"): [
                day.strftime("%d.%m.%Y") if day else "" for day in members["since"]
            ],
            t("col_city"): members["city"].to_numpy(),
            t("col_phone"): members["phone"].to_numpy(),
        }
    )


def _german(day) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _member_list(
    network: Network, members: pd.DataFrame, table: pd.DataFrame, missing: list[str]
) -> None:
    st.markdown(f"**{t('networks_member_count', count=number(len(members)))}**")
    rows = _member_rows(members)
    files = st.columns(2)
    files[0].download_button(
        t("networks_download_pdf"),
        # Made only when asked for, not on every run of the page.
        data=lambda: _member_pdf(network, rows, table, missing),
        file_name=f"{network.name[:60]}.pdf",
        mime="application/pdf",
        icon=":material/print:",
        on_click="ignore",
        type="primary",
    )
    files[1].download_button(
        t("networks_download"),
        data=lambda: excel_csv(list(rows.columns), rows.itertuples(index=False)).data,
        file_name=f"{network.name[:60]}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def _member_pdf(
    network: Network, rows: pd.DataFrame, table: pd.DataFrame, missing: list[str]
) -> bytes:
    """The member list to print: the network, its area and contacts, what is missing,
    its members, and its professions by sector."""
    area = (
        ", ".join(cache.area_name(g) or g for g in network.gemeinden)
        if network.gemeinden
        else t("data_networks_whole_kreis")
    )
    kreis = cache.area_name(network.kreis_ags) or network.kreis_ags
    lines = [f"{kreis} · {t('data_networks_area')}: {area}"]
    for contact in (network.coordination, network.way_in):
        if contact is not None:
            said = " · ".join(v for v in (contact.phone, contact.hours, contact.email) if v)
            lines.append(f"{contact.label}: {said}" if said else contact.label)
    lines.append(
        t("networks_missing", types=", ".join(missing)) if missing else t("networks_complete")
    )
    members = reports.TableSection(
        t("networks_member_count", count=number(len(rows))),
        tuple(rows.columns),
        tuple(tuple(str(cell) for cell in row) for row in rows.itertuples(index=False)),
        whole=(3, 5),  # since, phone
    )
    held = reports.TableSection(
        t("networks_professions_title"),
        (t("networks_sector"), t("networks_profession"), t("networks_members")),
        tuple(
            (t(SECTOR_TEXTS[sector]), type_label(code), str(count))
            for code, sector, count in table[["sector", "members"]].itertuples()
        ),
        numeric=(2,),
    )
    footer = " · ".join([t("networks_source"), stand()])
    return reports.render_table_pdf(
        network.name,
        tuple(lines),
        (members, held),
        footer,
        language(),
        "rtl" if is_rtl(language()) else "ltr",
        (t("report_page"), t("report_of")),
    )


def _candidates(found: pd.DataFrame, reach_km: int) -> None:
    if found.empty:
        st.caption(t("networks_no_candidates"))
        return
    st.markdown(f"**{t('networks_candidates_near', count=number(len(found)), km=reach_km)}**")
    listed = found.head(_CANDIDATES)
    st.dataframe(
        pd.DataFrame(
            {
                t("col_name"): listed["name"].to_numpy(),
                t("networks_profession"): [_types_text(c) for c in listed["service_types"]],
                t("col_city"): listed["city"].to_numpy(),
                t("networks_where"): [
                    t("networks_inside")
                    if metres == 0
                    else t("networks_outside", km=number(metres / 1000, 1))
                    for metres in listed["distance_m"]
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )

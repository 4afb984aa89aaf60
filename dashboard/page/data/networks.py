"""The Daten page's tab "Netzwerke": the Netzwerke Frühe Hilfen and their members.

Behind the login, like every other change: a coordinator's table (CSV/XLSX, one
row per membership, see :mod:`networks.table`) is read, its rows
reported, previewed and only then stored; all networks go out in the same
layout. A network's area, contacts and members (role, since, until) can be
changed here, a new one begun, an old one taken off the pages. Every change
lands in the audit trail.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

import clock
import geodata
from dashboard import cache
from dashboard.i18n.event_wording import ROLE_TEXTS
from dashboard.i18n.texts import md_literal, number, t
from dashboard.page.data.saving import saving, show_refused
from dashboard.page.data.scope import own_networks
from dashboard.widgets.problem_table import problem_table
from dashboard.widgets.uploads import UploadRefused, max_upload_mb, read_upload
from intake import NotText
from networks import (
    Membership,
    Network,
    WayIn,
    network_csv,
    network_id,
    network_xlsx,
    read_network_table,
)
from store import Editor, Rights

_KEY_FILE = "data_networks_file"
_KEY_CHOICE = "data_networks_choice"
_KEY_KREIS = "data_networks_kreis"
_NEW = "__neu__"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CONTACT_TEXTS = {
    "coordination": "data_networks_coordination",
    "way_in": "data_networks_way_in",
}


def render_networks(user: Editor, rights: Rights) -> None:
    """The tab."""
    _import(user)
    st.divider()
    _look_after(user, rights)


@st.cache_data(show_spinner=False, max_entries=4)
def _read(raw: bytes, suffix: str, version: str) -> tuple[list[Network], list]:
    """The networks of an upload, once per file and data version."""
    frame = cache.provider_data().frame
    networks, report = read_upload(raw, "netzwerke", read_network_table, suffix, frame, quota=False)
    return networks, report.problems


def _names() -> dict[str, str]:
    frame = cache.provider_data().frame
    return dict(zip(frame["id"], frame["name"], strict=True))


def _import(user: Editor) -> None:
    st.subheader(t("data_networks_import"), anchor=False)
    most = max_upload_mb("netzwerke")
    st.caption(t("data_networks_import_help", mb=most))
    stored = cache.store().networks()  # the store's, as edited here
    if stored:
        files = st.columns(2)
        for column, label, write, suffix, mime in (
            (files[0], "data_networks_csv", network_csv, "csv", "text/csv"),
            (files[1], "data_networks_xlsx", network_xlsx, "xlsx", _XLSX),
        ):
            column.download_button(
                t(label, count=number(len(stored))),
                data=lambda write=write: write(stored, _names()),
                file_name=f"netzwerke-fruehe-hilfen.{suffix}",
                mime=mime,
                icon=":material/download:",
                on_click="ignore",
            )
    upload = st.file_uploader(
        t("data_networks_file"), type=["csv", "xlsx"], key=_KEY_FILE, max_upload_size=most
    )
    if upload is None:
        return
    raw = upload.getvalue()
    try:
        networks, problems = _read(raw, Path(upload.name).suffix.lower(), cache.store().version())
    except (UploadRefused, NotText) as error:
        message = str(error) if isinstance(error, UploadRefused) else t("data_binary")
        st.error(md_literal(message), icon=":material/error:")
        return
    problem_table(tuple(problems))
    if not networks:
        st.error(t("data_networks_nothing"), icon=":material/error:")
        return
    members = sum(len(n.memberships) for n in networks)
    st.write(t("data_networks_preview", count=number(len(networks)), members=number(members)))
    st.dataframe(
        pd.DataFrame(
            {
                t("networks_choose"): [n.name for n in networks],
                t("data_networks_kreis"): [cache.area_name(n.kreis_ags) for n in networks],
                t("data_networks_area"): [_area_text(n) for n in networks],
                t("networks_members"): [len(n.memberships) for n in networks],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    if st.button(
        t("data_networks_store", count=number(len(networks))),
        type="primary",
        icon=":material/save:",
    ):
        with saving():
            change = cache.store().save_networks(networks, user)
        st.success(
            t("data_events_stored", added=change.added, updated=change.updated),
            icon=":material/check:",
        )
        show_refused(change)


def _area_text(network: Network) -> str:
    if not network.gemeinden:
        return t("data_networks_whole_kreis")
    return ", ".join(cache.area_name(g) or g for g in network.gemeinden)


def _look_after(user: Editor, rights: Rights) -> None:
    st.subheader(t("data_networks_stored_title"), anchor=False)
    stored = {n.id: n for n in own_networks(rights, cache.store().networks())}
    chosen = st.selectbox(
        t("networks_choose"),
        options=["", *([_NEW] if rights.may_import else []), *stored],
        format_func=lambda key: _label(stored, key),
        key=_KEY_CHOICE,
    )
    if not chosen:
        if not stored:
            st.info(t("data_networks_none"), icon=":material/hub:")
        return
    if chosen == _NEW:
        kreise = cache.boundaries("kreis")
        names = {
            ags: name
            for ags, name in zip(kreise["ags"], kreise["name"], strict=True)
            if rights.covers_kreis(ags)
        }
        kreis = st.selectbox(
            t("data_networks_kreis"),
            options=sorted(names, key=names.get),
            format_func=names.get,
            index=None,
            placeholder=t("data_networks_kreis_hint"),
            key=_KEY_KREIS,
        )
        if kreis is None:
            return
        network = Network("", "", kreis)
    else:
        network = stored[chosen]
    _form(network, user)
    if chosen != _NEW and st.button(t("data_networks_retire"), icon=":material/archive:"):
        with saving():
            cache.store().retire_network(network.id, user)
        st.success(t("data_retired", name=md_literal(network.name)))


def _label(stored: dict[str, Network], key: str) -> str:
    if key == _NEW:
        return t("data_networks_new")
    if key in stored:
        return f"{stored[key].name} · {cache.area_name(stored[key].kreis_ags) or ''}"
    return t("data_networks_choose_hint")


def _form(network: Network, user: Editor) -> None:
    """The network's values and members in one form, saved together."""
    gemeinden = cache.boundaries("gemeinde")
    gemeinden = gemeinden[geodata.within(gemeinden["ags"], network.kreis_ags)]
    gemeinde_names = dict(zip(gemeinden["ags"], gemeinden["name"], strict=True))
    choices = _provider_choices(network)
    with st.form(f"data_network_{network.id or 'neu'}"):
        name = st.text_input(t("data_networks_name"), network.name, max_chars=200)
        area = st.multiselect(
            t("data_networks_area"),
            options=sorted(gemeinde_names, key=gemeinde_names.get),
            default=[g for g in network.gemeinden if g in gemeinde_names],
            format_func=gemeinde_names.get,
            placeholder=t("data_networks_whole_kreis"),
            help=t("data_networks_area_help"),
        )
        key = network.id or network.kreis_ags
        coordination = _contact_fields("coordination", network.coordination, key, hours=False)
        way_in = _contact_fields("way_in", network.way_in, key, hours=True)
        st.markdown(f"**{t('networks_members')}**")
        st.caption(t("data_networks_members_help"))
        edited = st.data_editor(
            _member_rows(network, choices),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "provider": st.column_config.SelectboxColumn(
                    t("data_networks_provider"), options=list(choices.values()), required=True
                ),
                "role": st.column_config.SelectboxColumn(
                    t("networks_role"),
                    options=[t(text) for text in ROLE_TEXTS.values()],
                    required=True,
                    default=t("role_mitglied"),
                ),
                "since": st.column_config.DateColumn(t("networks_since"), format="DD.MM.YYYY"),
                "until": st.column_config.DateColumn(t("data_networks_until"), format="DD.MM.YYYY"),
            },
            key=f"data_network_members_{network.id or network.kreis_ags}",
        )
        verified = st.checkbox(t("data_verified"), help=t("data_verified_help"))
        saved = st.form_submit_button(t("data_save"), type="primary", icon=":material/save:")
    if not saved:
        return
    members, problem = _memberships(edited, choices)
    if not name.strip():
        st.error(t("data_networks_name_needed"))
    elif problem:
        st.error(problem)
    else:
        changed = replace(
            network,
            id=network.id or network_id(network.kreis_ags, name.strip()),
            name=name.strip(),
            gemeinden=tuple(area),
            coordination=coordination,
            way_in=way_in,
            memberships=members,
            source=network.source or t("data_edit_source", user=user),
            last_verified=clock.today() if verified else network.last_verified,
        )
        with saving():
            cache.store().save_networks([changed], user)
        st.success(t("data_saved", name=md_literal(changed.name)), icon=":material/check:")


def _contact_fields(prefix: str, contact: WayIn | None, key: str, hours: bool) -> WayIn | None:
    """Label, phone, (hours,) e-mail of a contact side by side; ``None`` when all empty."""
    contact = contact or WayIn("")
    st.markdown(f"**{t(_CONTACT_TEXTS[prefix])}**")
    cells = st.columns(4 if hours else 3)
    label = cells[0].text_input(t("data_networks_contact"), contact.label, key=f"{prefix}l{key}")
    phone = cells[1].text_input(t("col_phone"), contact.phone, key=f"{prefix}p{key}")
    said = (
        cells[2].text_input(t("popup_hours"), contact.hours, key=f"{prefix}h{key}") if hours else ""
    )
    email = cells[-1].text_input(t("popup_email"), contact.email, key=f"{prefix}e{key}")
    values = [v.strip() for v in (label, phone, said, email)]
    if not any(values):
        return None
    return WayIn(values[0] or t(_CONTACT_TEXTS[prefix]), *values[1:])


def _provider_choices(network: Network) -> dict[str, str]:
    """The providers a member may be, as ``{id: "Name · Ort"}``: those of the network's
    Kreis and its present members (which may lie outside)."""
    frame = cache.provider_data().frame
    members = {m.provider_id for m in network.memberships}
    rows = frame[(frame["kreis_ags"] == network.kreis_ags) | frame["id"].isin(members)]
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for key, name, city in rows[["id", "name", "city"]].itertuples(index=False):
        label = f"{name} · {city}" if city else str(name)
        seen[label] = seen.get(label, 0) + 1
        # two houses of one name in one town are told apart by number
        labels[str(key)] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    return labels


def _member_rows(network: Network, choices: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "provider": [choices.get(m.provider_id, m.provider_id) for m in network.memberships],
            "role": [t(ROLE_TEXTS.get(m.role, "role_mitglied")) for m in network.memberships],
            "since": pd.Series([m.since for m in network.memberships], dtype="object"),
            "until": pd.Series([m.until for m in network.memberships], dtype="object"),
        }
    )


def _memberships(
    edited: pd.DataFrame, choices: dict[str, str]
) -> tuple[tuple[Membership, ...], str | None]:
    """The memberships of the edited table, or a message naming the row that is wrong."""
    ids = {label: key for key, label in choices.items()}
    roles = {t(text): code for code, text in ROLE_TEXTS.items()}
    members: dict[str, Membership] = {}
    for position, row in enumerate(edited.itertuples(index=False), start=1):
        if not isinstance(row.provider, str) or row.provider not in ids:
            continue  # an empty new row
        since, until = _day(row.since), _day(row.until)
        if since and until and until < since:
            return (), t("data_networks_until_before", row=position)
        members[ids[row.provider]] = Membership(
            ids[row.provider], roles.get(row.role, "mitglied"), since, until
        )
    return tuple(members.values()), None


def _day(value: object) -> date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()

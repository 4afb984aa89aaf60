"""The Daten page's tab "Termine": import a calendar or table, look after the dates.

Behind the login, like every other change: an iCalendar file (a network's
calendar export) or a CSV/XLSX table is read, its rows reported, previewed and
only then stored; a stored Termin can be corrected, get a cancelled date
("fällt aus am …"), be marked as checked today, or be taken off the pages.
Every change lands in the audit trail.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, t
from dashboard.page.events import when_in_words
from dashboard.place_search import search
from dashboard.problem_table import problem_table
from providers import (
    Event,
    NotCalendar,
    excerpt,
    fold_name,
    now_in_berlin,
    read_event_table,
    read_ics,
)

#: Largest calendar or table accepted here, in bytes.
MAX_EVENT_FILE_BYTES = 5_000_000
_KEY_FILE = "data_events_file"
_KEY_CHOICE = "data_events_choice"


def render_events(user: str) -> None:
    """The tab."""
    _import(user)
    st.divider()
    _look_after(user)


def _located(events: list[Event]) -> list[Event]:
    """Events neither at a provider nor with a point get the point of the place their
    address names ("Siegburg, Markt 1" → Siegburg), so that "near me" finds them."""
    known = set(cache.provider_data().frame["id"])
    placed = []
    for event in events:
        if event.provider_id not in known and event.lat is None and event.place:
            found = search(event.place).found
            if found is not None:
                event = replace(event, lat=found.lat, lon=found.lon)
        placed.append(event)
    return placed


def _read(name: str, raw: bytes) -> tuple[list[Event], list]:
    suffix = Path(name).suffix.lower()
    if suffix in (".ics", ".ical", ".ifb"):
        try:
            events, report = read_ics(raw, source=excerpt(name, 80))
        except NotCalendar as error:
            return [], [str(error)]
        return _located(events), report.problems
    frame = cache.provider_data().frame
    names = {fold_name(name): key for key, name in zip(frame["id"], frame["name"], strict=True)}
    events, report, _ = read_event_table(raw, suffix, now_in_berlin().date(), names)
    return _located(events), report.problems


def _import(user: str) -> None:
    st.subheader(t("data_events_import"), anchor=False)
    st.caption(t("data_events_import_help", mb=MAX_EVENT_FILE_BYTES // 1_000_000))
    upload = st.file_uploader(t("data_events_file"), type=["ics", "csv", "xlsx"], key=_KEY_FILE)
    if upload is None:
        return
    raw = upload.getvalue()
    if len(raw) > MAX_EVENT_FILE_BYTES:
        st.error(t("data_events_too_big", mb=MAX_EVENT_FILE_BYTES // 1_000_000))
        return
    events, problems = _read(upload.name, raw)
    if problems and isinstance(problems[0], str):
        st.error(problems[0], icon=":material/error:")
        return
    if problems:
        problem_table(tuple(problems))
    st.write(t("data_events_preview", count=len(events)))
    if events:
        st.dataframe(_table(events), hide_index=True, width="stretch")
        if st.button(
            t("data_events_store", count=len(events)), type="primary", icon=":material/save:"
        ):
            change = cache.store().save_events(events, user)
            st.success(
                t("data_events_stored", added=change.added, updated=change.updated),
                icon=":material/check:",
            )


def _table(events: list[Event]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("data_events_col_title"): [e.title for e in events],
            t("data_events_col_when"): [
                when_in_words(e, pd.Timestamp(e.start), pd.Timestamp(e.start + e.duration))
                for e in events
            ],
            t("data_events_col_where"): [e.place or e.provider_id for e in events],
        }
    )


def _look_after(user: str) -> None:
    st.subheader(t("data_events_stored_title"), anchor=False)
    data = cache.event_data()
    if not data.events:
        st.info(t("data_events_none"), icon=":material/event_busy:")
        return
    labels = {
        e.id: f"{e.title} · {e.place or data.table.iloc[i]['provider_name'] or ''}"
        for i, e in enumerate(data.events)
    }
    chosen = st.selectbox(
        t("data_events_choose"),
        options=["", *labels],
        format_func=lambda key: labels.get(key, "") or t("data_events_choose_hint"),
        key=_KEY_CHOICE,
    )
    if not chosen:
        return
    event = next(e for e in data.events if e.id == chosen)
    st.caption(
        md_literal(
            when_in_words(
                event, pd.Timestamp(event.start), pd.Timestamp(event.start + event.duration)
            )
        )
    )
    with st.form("data_event_edit"):
        title = st.text_input(t("data_events_col_title"), event.title, max_chars=200)
        description = st.text_area(t("data_events_description"), event.description)
        cost = st.text_input(t("data_events_cost"), event.cost)
        phone = st.text_input(t("col_phone"), event.phone)
        how = st.text_input(t("data_events_registration_how"), event.registration_how)
        falls_out = st.date_input(t("data_events_falls_out"), value=None, format="DD.MM.YYYY")
        verified = st.checkbox(t("data_verified"), help=t("data_verified_help"))
        saved = st.form_submit_button(t("data_save"), type="primary", icon=":material/save:")
    if saved:
        if not title.strip():
            st.error(t("data_events_title_needed"))
            return
        changed = replace(
            event,
            title=title.strip(),
            description=description.strip(),
            cost=cost.strip(),
            phone=phone.strip(),
            registration_how=how.strip(),
            cancelled_dates=tuple(
                sorted({*event.cancelled_dates, *([falls_out] if falls_out else [])})
            ),
            last_verified=date.today() if verified else event.last_verified,
        )
        cache.store().save_events([changed], user)
        st.success(t("data_saved", name=md_literal(changed.title)), icon=":material/check:")
    if st.button(t("data_events_retire"), icon=":material/archive:"):
        cache.store().retire_event(event.id, user)
        st.success(t("data_retired", name=md_literal(event.title)))

"""The Daten page's tab "Termine": import a calendar or table, look after the dates.

Behind the login, like every other change: an iCalendar file (a network's
calendar export) or a CSV/XLSX table is read (a table's columns recognised by
name and changeable in a mapping table), its rows reported, previewed and only
then stored; a stored Termin can be corrected, get a cancelled date
("fällt aus am …"), be marked as checked today, or be taken off the pages.
Every change lands in the audit trail.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

import clock
from clock import BERLIN
from clock import now as now_in_berlin
from dashboard import cache
from dashboard.i18n.event_wording import AUDIENCE_TEXT, KIND_TEXT, when_in_words
from dashboard.i18n.texts import language_name, md_literal, t
from dashboard.page.data.saving import saving, show_refused
from dashboard.page.data.scope import own_events
from dashboard.widgets.mapping_table import edit_mapping
from dashboard.widgets.place_search import search
from dashboard.widgets.problem_table import problem_table
from dashboard.widgets.uploads import UploadRefused, max_upload_mb, read_upload
from events import (
    AUDIENCES,
    EVENT_FIELDS,
    EVENT_KINDS,
    RHYTHMS,
    Event,
    column_fields,
    next_starts,
    read_event_table,
    read_ics,
    rhythm_of,
    rule_problem,
    series_rule,
)
from intake import NotText, excerpt, fold_name, table_rows
from store import Editor, Rights

#: Languages offered for a Termin besides its own (the app's six and those families ask for).
LANGUAGE_CODES = ("de", "en", "ar", "tr", "uk", "ru", "fa", "pl", "ro", "bg", "ku", "ti", "so")
_KEY_FILE = "data_events_file"
_KEY_CHOICE = "data_events_choice"
_KEY_MAPPING = "data_events_mapping"
_CALENDAR_SUFFIXES = (".ics", ".ical", ".ifb")
_RHYTHM_TEXT = {
    "once": "data_events_once",
    "weekly": "data_events_weekly",
    "biweekly": "data_events_biweekly",
    "monthly": "data_events_monthly",
    "custom": "data_events_custom",
}
# What each field of a table is called in the mapping table (named whole for the catalogue).
_FIELD_TEXT = {
    "title": "data_events_col_title",
    "date": "event_field_date",
    "begin": "data_events_begin",
    "end": "data_events_end",
    "weekday": "event_field_weekday",
    "rhythm": "event_field_rhythm",
    "until": "event_field_until",
    "place": "event_field_place",
    "provider": "event_field_provider",
    "kind": "events_kinds",
    "audience": "event_field_audience",
    "languages": "col_languages",
    "life_stages": "event_field_stages",
    "cost": "event_field_cost",
    "registration": "event_field_registration",
    "registration_how": "data_events_registration_how",
    "phone": "col_phone",
    "email": "event_field_email",
    "description": "data_events_description",
    "cancelled": "event_field_cancelled",
    "last_verified": "col_verified",
}


def render_events(user: Editor, rights: Rights) -> None:
    """The tab."""
    _import(user)
    st.divider()
    _look_after(user, rights)


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


@st.cache_data(show_spinner=False, max_entries=4)
def _read(
    name: str, raw: bytes, columns: dict[str, str] | None, today: date
) -> tuple[list[Event], list]:
    """The Termine of an upload, once per file, mapping and day: a rerun of the page
    (another tab, a widget) does not read and place them again."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix in _CALENDAR_SUFFIXES:
            events, report = read_upload(raw, "termine", read_ics, excerpt(name, 80), quota=False)
        else:
            frame = cache.provider_data().frame
            names = {fold_name(n): key for key, n in zip(frame["id"], frame["name"], strict=True)}
            events, report, _ = read_upload(
                raw, "termine", read_event_table, suffix, today, names, columns, quota=False
            )
    except (UploadRefused, NotText) as error:
        return [], [str(error) if isinstance(error, UploadRefused) else t("data_binary")]
    return _located(events), report.problems


@st.cache_data(show_spinner=False, max_entries=4)
def _table(raw: bytes, suffix: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a table, once per file: each change of the mapping reruns."""
    return read_upload(raw, "termine", table_rows, suffix, quota=False)


def _field_label(field: str) -> str:
    return t(_FIELD_TEXT[field]) if field else "–"


def _mapping(header: list[str], rows: list[dict[str, str]]) -> dict[str, str]:
    """Which field each column holds: recognised by name, changeable by hand (open
    when the title or the date was not found)."""
    found = column_fields(header)
    complete = "title" in found.values() and bool({"date", "weekday"} & set(found.values()))
    with st.expander(t("data_mapping"), expanded=not complete, icon=":material/table_edit:"):
        st.caption(t("data_events_mapping_help"))
        edited = edit_mapping(
            header,
            rows,
            [found.get(h, "") for h in header],
            ["", *EVENT_FIELDS],
            _field_label,
            _KEY_MAPPING,
            t("data_events_field_help"),
        )
    return {
        str(column): str(field or "")
        for column, field in zip(edited[t("data_column")], edited[t("data_field")], strict=True)
    }


def _import(user: Editor) -> None:
    st.subheader(t("data_events_import"), anchor=False)
    most = max_upload_mb("termine")
    st.caption(t("data_events_import_help", mb=most))
    upload = st.file_uploader(
        t("data_events_file"), type=["ics", "csv", "xlsx"], key=_KEY_FILE, max_upload_size=most
    )
    if upload is None:
        return
    raw = upload.getvalue()
    columns = None
    if Path(upload.name).suffix.lower() not in _CALENDAR_SUFFIXES:
        try:
            header, rows = _table(raw, Path(upload.name).suffix.lower())
        except (UploadRefused, NotText) as error:
            message = str(error) if isinstance(error, UploadRefused) else t("data_binary")
            st.error(md_literal(message), icon=":material/error:")
            return
        columns = _mapping(header, rows) if header else None
    events, problems = _read(upload.name, raw, columns, now_in_berlin().date())
    if problems and isinstance(problems[0], str):
        st.error(problems[0], icon=":material/error:")
        return
    if problems:
        problem_table(tuple(problems))
    st.write(t("data_events_preview", count=len(events)))
    if events:
        st.dataframe(_preview(events), hide_index=True, width="stretch")
        if st.button(
            t("data_events_store", count=len(events)), type="primary", icon=":material/save:"
        ):
            with saving():
                change = cache.store().save_events(events, user)
            st.success(
                t("data_events_stored", added=change.added, updated=change.updated),
                icon=":material/check:",
            )
            show_refused(change)


def _preview(events: list[Event]) -> pd.DataFrame:
    starts = next_starts(events, now_in_berlin().date())  # all at once, not one by one
    return pd.DataFrame(
        {
            t("data_events_col_title"): [e.title for e in events],
            t("data_events_col_when"): [
                _when(e, start) for e, start in zip(events, starts, strict=True)
            ],
            t("data_events_col_where"): [e.place or e.provider_id for e in events],
        }
    )


def _when(event: Event, start: pd.Timestamp | None) -> str:
    """When the event is, in words, with its next date ``start`` (a series that has
    ended: its first)."""
    start = pd.Timestamp(event.start) if start is None else start
    return when_in_words(event, start, start + event.duration)


def _look_after(user: Editor, rights: Rights) -> None:
    st.subheader(t("data_events_stored_title"), anchor=False)
    data = cache.event_data()
    mine = own_events(rights, data.events, data.table["kreis_ags"].tolist(), cache.networks())
    if not mine:
        st.info(t("data_events_none"), icon=":material/event_busy:")
        return
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for position, event in enumerate(data.events):
        if event.id not in mine:
            continue
        where = event.place or data.table.iloc[position]["provider_name"] or ""
        label = f"{event.title} · {where}"
        seen[label] = seen.get(label, 0) + 1
        # two series of one title at one house are told apart by number
        labels[event.id] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    chosen = st.selectbox(
        t("data_events_choose"),
        options=["", *labels],
        format_func=lambda key: labels.get(key, "") or t("data_events_choose_hint"),
        key=_KEY_CHOICE,
    )
    if not chosen:
        return
    event = next(e for e in data.events if e.id == chosen)
    st.caption(md_literal(_when(event, next_starts([event], now_in_berlin().date())[0])))
    with st.form("data_event_edit"):
        title = st.text_input(t("data_events_col_title"), event.title, max_chars=200)
        description = st.text_area(t("data_events_description"), event.description)
        local = event.start.astimezone(BERLIN)
        times = st.columns(2)
        begins = times[0].time_input(t("data_events_begin"), local.time(), step=300)
        ends = times[1].time_input(t("data_events_end"), (local + event.duration).time(), step=300)
        rhythm_now, until_now = rhythm_of(event)
        series = st.columns(3)
        first_day = series[0].date_input(t("data_events_first"), local.date(), format="DD.MM.YYYY")
        rhythm = series[1].selectbox(
            t("data_events_rhythm"),
            options=list(RHYTHMS),
            index=RHYTHMS.index(rhythm_now),
            format_func=lambda code: t(_RHYTHM_TEXT[code]),
        )
        until = series[2].date_input(t("data_events_until"), until_now, format="DD.MM.YYYY")
        own_rule = st.text_input(
            t("data_events_rule"), event.rrule, max_chars=300, help=t("data_events_rule_help")
        )
        audience = st.segmented_control(
            t("events_audience"),
            options=list(AUDIENCES),
            default=event.audience,
            format_func=lambda code: t(AUDIENCE_TEXT[code]),
        )
        kinds = ["", *EVENT_KINDS]
        kind = st.selectbox(
            t("events_kinds"),
            options=kinds,
            index=kinds.index(event.kind) if event.kind in kinds else 0,
            format_func=lambda code: t(KIND_TEXT[code]) if code else "–",
        )
        spoken = st.multiselect(
            t("events_language"),
            options=sorted({*LANGUAGE_CODES, *event.languages}, key=language_name),
            default=list(event.languages),
            format_func=language_name,
        )
        cost = st.text_input(t("data_events_cost"), event.cost)
        phone = st.text_input(t("col_phone"), event.phone)
        how = st.text_input(t("data_events_registration_how"), event.registration_how)
        falls_out = st.date_input(t("data_events_falls_out"), value=None, format="DD.MM.YYYY")
        verified = st.checkbox(t("data_verified"), help=t("data_verified_help"))
        saved = st.form_submit_button(t("data_save"), type="primary", icon=":material/save:")
    if saved:
        moved = first_day - local.date()
        start, end = event.start + moved, event.end + moved if event.end else None
        if not event.all_day:
            start = datetime.combine(first_day, begins, BERLIN)
            end = datetime.combine(first_day, ends, BERLIN)
        rule = own_rule.strip() if rhythm == "custom" else series_rule(first_day, rhythm, until)
        problem = rule_problem(rule, start)
        if not title.strip():
            st.error(t("data_events_title_needed"))
        elif end is not None and end <= start:
            st.error(t("data_events_end_before"))
        elif problem:
            st.error(problem)
        else:
            changed = replace(
                event,
                title=title.strip(),
                start=start,
                end=end,
                rrule=rule,
                audience=audience or event.audience,
                kind=kind,
                languages=tuple(spoken),
                description=description.strip(),
                cost=cost.strip(),
                phone=phone.strip(),
                registration_how=how.strip(),
                cancelled_dates=tuple(sorted({*event.cancelled_dates, *filter(None, [falls_out])})),
                last_verified=clock.today() if verified else event.last_verified,
            )
            with saving():
                cache.store().save_events([changed], user)
            st.success(t("data_saved", name=md_literal(changed.title)), icon=":material/check:")
    if st.button(t("data_events_retire"), icon=":material/archive:"):
        with saving():
            cache.store().retire_event(event.id, user)
        st.success(t("data_retired", name=md_literal(event.title)))

"""The page "Termine" at ``/termine``: courses, groups and meetings, by day or month.

A family picks a range (this week, the next four weeks, a month), for whom,
kinds of offer, a language, life stage, free and without registration, and may
search near a postcode or place (the same search as "In meiner Nähe"). Each
date is a card saying in words when it is ("jeden Dienstag, 9:30–11:00 Uhr,
nächster Termin 8. Dezember"), where and how far, for whom, what it costs and
how to register, with a phone link and "In den Kalender". The selection is a
calendar file to download and a subscription address for a phone's calendar.
Every choice is in the URL.
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import streamlit as st
from babel.dates import format_skeleton, get_day_names

from clock import months_ahead
from clock import now as now_in_berlin
from dashboard import cache
from dashboard.i18n.event_wording import (
    AUDIENCE_TEXT,
    KIND_TEXT,
    long_day,
    short_day,
    time_of_day,
    when_in_words,
)
from dashboard.i18n.texts import (
    language,
    language_name,
    md_literal,
    number,
    phone_link,
    stage_label,
    t,
)
from dashboard.url_state.events import (
    FLAGS,
    RANGES,
    VIEWS,
    EventsState,
    events_from_params,
    events_to_params,
)
from dashboard.url_state.sync import needs_reading, write_url
from dashboard.widgets.place_search import search, show_answer
from events import AUDIENCES, EVENT_KINDS, Event, EventFilter, select_dates, write_ics
from intake import excerpt
from places import RADII_KM
from providers import LIFE_STAGES

#: Dates listed at first and added by "Weitere Termine" (the month view shows all).
PAGE = 20
_KEY = "e_{}"
_KEY_READY = "e_from_url"
_KEY_LISTED = "e_listed"  # (the wishes, how many dates are listed)
#: Subscription address of the app (served by ``dashboard.web.server``).
SUBSCRIPTION_PATH = "/termine.ics"
# The text of each choice, named whole so that the catalogue sees them used.
_RANGE_TEXT = {
    "woche": "events_range_woche",
    "4wochen": "events_range_4wochen",
    "monat": "events_range_monat",
}
_VIEW_TEXT = {"liste": "events_view_liste", "monat": "events_view_monat"}
_FLAG_TEXT = {"kostenlos": "flag_free", "ohneanmeldung": "events_no_registration_needed"}


def _key(name: str) -> str:
    return _KEY.format(name)


def _languages() -> list[str]:
    return sorted({code for event in cache.event_data().events for code in event.languages})


def _init_from_url(today: date) -> None:
    if not needs_reading(_KEY_READY):
        return
    state, _ = events_from_params(st.query_params.get_all, _languages(), today)
    months = months_ahead(12, today)
    st.session_state[_key("range")] = state.range
    st.session_state[_key("month")] = state.month if state.month in months else months[0]
    st.session_state[_key("audience")] = state.audience or "alle"
    st.session_state[_key("kinds")] = list(state.kinds)
    st.session_state[_key("stages")] = list(state.stages)
    st.session_state[_key("language")] = state.language
    for flag in FLAGS:
        st.session_state[_key(flag)] = flag in state.flags
    st.session_state[_key("query")] = state.query
    st.session_state[_key("radius")] = state.radius_km
    st.session_state[_key("view")] = state.view


def _state() -> EventsState:
    s = st.session_state
    audience = s.get(_key("audience")) or "familien"
    return EventsState(
        range=s.get(_key("range")) or "4wochen",
        month=s.get(_key("month")),
        audience=None if audience == "alle" else audience,
        kinds=tuple(s.get(_key("kinds")) or ()),
        stages=tuple(s.get(_key("stages")) or ()),
        language=s.get(_key("language")),
        flags=frozenset(flag for flag in FLAGS if s.get(_key(flag))),
        query=(s.get(_key("query")) or "").strip(),
        radius_km=s.get(_key("radius")) or 10,
        view=s.get(_key("view")) or "liste",
    )


def _controls(today: date) -> None:
    """Range, place and view in one bar; the other wishes folded away."""
    with st.container(horizontal=True, vertical_alignment="bottom", key="events_bar"):
        st.segmented_control(
            t("events_range"),
            options=list(RANGES),
            format_func=lambda code: t(_RANGE_TEXT[code]),
            key=_key("range"),
        )
        if st.session_state.get(_key("range")) == "monat":
            st.selectbox(
                t("events_month"),
                options=months_ahead(12, today),
                format_func=lambda day: format_skeleton("yMMMM", day, locale=language()),
                key=_key("month"),
                width=190,
            )
        st.segmented_control(
            t("events_view"),
            options=list(VIEWS),
            format_func=lambda code: t(_VIEW_TEXT[code]),
            key=_key("view"),
        )
    with st.container(horizontal=True, vertical_alignment="bottom", key="events_near"):
        st.text_input(
            t("events_near"),
            key=_key("query"),
            placeholder=t("nearby_placeholder"),
            max_chars=500,
            type="search",
        )
        st.selectbox(
            t("nearby_radius"),
            options=list(RADII_KM),
            format_func=lambda km: f"{km} km",
            key=_key("radius"),
            width=105,
        )
    chosen = sum(
        bool(st.session_state.get(_key(name))) for name in ("kinds", "stages", "language", *FLAGS)
    )
    label = t("nearby_filters_chosen", count=chosen) if chosen else t("nearby_filters")
    with st.expander(label):
        st.segmented_control(
            t("events_audience"),
            options=[*AUDIENCES, "alle"],
            format_func=lambda code: t(AUDIENCE_TEXT[code]),
            key=_key("audience"),
        )
        st.pills(
            t("events_kinds"),
            options=list(EVENT_KINDS),
            format_func=lambda code: t(KIND_TEXT[code]),
            selection_mode="multi",
            key=_key("kinds"),
        )
        st.pills(
            t("nearby_stages"),
            options=list(LIFE_STAGES),
            format_func=stage_label,
            selection_mode="multi",
            key=_key("stages"),
        )
        spoken = sorted(_languages(), key=language_name)
        st.selectbox(
            t("events_language"),
            options=[None, *spoken],
            format_func=lambda code: (
                t("nearby_any_language") if code is None else language_name(code)
            ),
            key=_key("language"),
        )
        columns = st.columns(len(FLAGS))
        for column, flag in zip(columns, FLAGS, strict=True):
            column.checkbox(t(_FLAG_TEXT[flag]), key=_key(flag))


def _card(event: Event, row: pd.Series, position: int) -> None:
    """One date as one element (title, when, where, for whom, cost, registration,
    contact, "In den Kalender"): a change of the wishes sends each card once."""
    info = cache.event_data().table.iloc[int(row["event"])]
    title = f"**{md_literal(event.title)}**"
    if row["cancelled"]:
        title += f" · :red[**{t('events_cancelled')}**]"
    lines = [title, f":gray[{md_literal(when_in_words(event, row['start'], row['end'], False))}]"]
    where = [str(info["provider_name"] or ""), event.place]
    where_text = " – ".join(part for part in where if part)
    if where_text:
        if np.isfinite(row["distance_m"]):
            km = number(row["distance_m"] / 1000, 1)
            where_text += f" · {t('nearby_distance', km=km)}"
        lines.append(f":material/location_on: {md_literal(where_text)}")
    audience = t(AUDIENCE_TEXT.get(event.audience, "events_audience_familien"))
    stages = ", ".join(stage_label(code) for code in event.life_stages)
    lines.append(t("events_for", who=md_literal(audience + (f": {stages}" if stages else ""))))
    if event.languages:
        names = ", ".join(language_name(code) for code in event.languages)
        lines.append(f"{t('popup_languages')}: {md_literal(names)}")
    if event.cost:
        lines.append(t("events_cost", cost=md_literal(event.cost)))
    lines.append(_registration(event))
    if event.phone:
        lines.append(phone_link(event.phone))
    if event.email:
        lines.append(f"{t('popup_email')}: [{md_literal(event.email)}](mailto:{event.email})")
    if event.description:
        lines.append(md_literal(excerpt(event.description, 300)))
    if info["stale"]:
        lines.append(f":orange[{t('popup_stale')}]")
    # the app's own calendar address: a phone opens it in its calendar
    one = f"{SUBSCRIPTION_PATH}?{urlencode({'termin': event.id})}"
    lines.append(f":material/event: [{t('events_to_calendar')}]({one})")
    with st.container(border=True, key=f"event_{position}"):
        st.markdown("  \n".join(line for line in lines if line))


def _registration(event: Event) -> str:
    if event.registration is False:
        return t("events_no_registration_needed")
    if event.registration is None:
        return ""
    text = t("events_registration_needed")
    if event.registration_how:
        text += f": {md_literal(event.registration_how)}"
    if event.registration_until:
        text += f" ({t('events_until', date=short_day(event.registration_until))})"
    return text


def _listing(dates: pd.DataFrame, wishes: str) -> None:
    """The dates by day, a page at a time (a new choice of wishes starts again)."""
    listed = st.session_state.get(_KEY_LISTED)
    if listed is None or listed[0] != wishes:  # no wishes at all are wishes too
        st.session_state[_KEY_LISTED] = (wishes, PAGE)
    count = st.session_state[_KEY_LISTED][1]
    events = cache.event_data().events
    shown = dates.head(count)
    for day, group in shown.groupby(shown["start"].dt.date, sort=True):
        st.markdown(f"#### {md_literal(long_day(day))}")
        for position, row in group.iterrows():
            _card(events[int(row["event"])], row, int(position))
    if len(dates) > count:
        st.button(
            t("events_more_button", count=min(PAGE, len(dates) - count), rest=len(dates) - count),
            on_click=lambda: st.session_state.update({_KEY_LISTED: (wishes, count + PAGE)}),
            icon=":material/expand_more:",
        )


def _month_view(dates: pd.DataFrame, first: date, last: date) -> None:
    """Rows Monday to Sunday with the calendar week, each day its titles (escaped)."""
    events = cache.event_data().events
    names = get_day_names("abbreviated", locale=language())
    by_day: dict[date, list[str]] = {}
    for row in dates.itertuples(index=False):
        event = events[int(row.event)]
        label = f"{time_of_day(row.start)} {event.title}" if not event.all_day else event.title
        css = ' class="fk-cancelled"' if row.cancelled else ""
        by_day.setdefault(row.start.date(), []).append(f"<li{css}>{html.escape(label)}</li>")
    start = first - timedelta(days=first.weekday())
    head = "".join(f"<th scope='col'>{html.escape(names[d])}</th>" for d in range(7))
    rows = []
    day = start
    while day <= last:
        cells = [f"<th scope='row'>{t('events_week')} {day.isocalendar().week}</th>"]
        for _ in range(7):
            items = by_day.get(day, [])
            shown = "".join(items[:3])
            rest = len(items) - 3
            more = f"<li>{html.escape(t('events_more', count=rest))}</li>" if rest > 0 else ""
            muted = " class='fk-out'" if not first <= day <= last else ""
            cells.append(
                f"<td{muted}><span class='fk-day'>{day.day}</span><ul>{shown}{more}</ul></td>"
            )
            day += timedelta(days=1)
        rows.append(f"<tr>{''.join(cells)}</tr>")
    st.html(
        "<style>.fk-month{width:100%;border-collapse:collapse;table-layout:fixed;font-size:.8rem;"
        "line-height:1.25}.fk-month th,.fk-month td{border:1px solid #ccc;vertical-align:top;"
        "padding:4px}.fk-month td{height:6.5em;overflow:hidden}"
        ".fk-month ul{margin:0;padding-left:1em}.fk-month li{font-size:.8rem;margin:0}"
        ".fk-month col.fk-week{width:3.2em}"
        ".fk-month .fk-out{background:#f4f4f4;color:#767676}.fk-day{font-weight:700}"
        ".fk-cancelled{text-decoration:line-through;color:#a00}"
        ".fk-month th[scope=row]{font-weight:400;color:#555}</style>"
        f"<table class='fk-month'><colgroup><col class='fk-week'></colgroup>"
        f"<thead><tr><th></th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def subscription_address(state: EventsState, kreis: str | None) -> str:
    """The calendar address of a selection: its wishes and Kreis, not its dates (a
    subscription always looks ahead from the day the phone asks)."""
    params = {
        key: value
        for key, value in events_to_params(state).items()
        if key not in ("zeitraum", "monat", "ansicht", "q", "umkreis")
    }
    if kreis:
        params["kreis"] = kreis
    pairs = [
        (key, value)
        for key, values in params.items()
        for value in ([values] if isinstance(values, str) else values)
    ]
    return SUBSCRIPTION_PATH + (f"?{urlencode(pairs)}" if pairs else "")


def _downloads(dates: pd.DataFrame, state: EventsState, kreis: str | None) -> None:
    events = cache.event_data().events
    chosen = [events[i] for i in dict.fromkeys(dates["event"].tolist())]
    columns = st.columns(2, vertical_alignment="center")
    columns[0].download_button(
        t("events_download", count=len(chosen)),
        data=lambda: write_ics(chosen),
        file_name="familienkarte-termine.ics",
        mime="text/calendar",
        icon=":material/calendar_month:",
        disabled=not chosen,
        on_click="ignore",
    )
    address = subscription_address(state, kreis)
    columns[1].markdown(f":material/sync: [{t('events_subscribe')}]({address})")
    columns[1].caption(t("events_subscribe_help"))


def render() -> None:
    """Draw the page."""
    now = now_in_berlin()
    today = now.date()
    _init_from_url(today)
    st.title(t("events_title"), anchor=False)
    st.caption(t("events_intro"))
    data = cache.event_data()
    if data.is_sample:
        st.info(t("events_sample"), icon=":material/science:")
    _controls(today)
    state = _state()
    write_url(events_to_params(state))
    first, last = state.days(today)
    near = kreis = None
    if state.query:
        place = show_answer(search(state.query), "e", _use)
        if place is None:
            return
        near = (place.lat, place.lon, state.radius_km * 1000)
        kreis = place.kreise[0] if place.kreise else None
    wish = EventFilter(
        first,
        last,
        audience=state.audience,
        kinds=state.kinds,
        stages=state.stages,
        language=state.language,
        free="kostenlos" in state.flags,
        no_registration="ohneanmeldung" in state.flags,
        near=near,
    )
    dates = select_dates(data, wish, now)
    st.subheader(
        t("events_count", count=len(dates), first=short_day(first), last=short_day(last)),
        anchor=False,
    )
    if dates.empty:
        st.warning(t("events_none"), icon=":material/event_busy:")
    elif state.view == "monat":
        grid_first = (state.month or today.replace(day=1)) if state.range == "monat" else first
        _month_view(dates, grid_first, last)
    else:
        _listing(dates, urlencode(events_to_params(state), doseq=True))
    _downloads(dates, state, kreis)


def _use(text: str) -> None:
    st.session_state[_key("query")] = text

"""The map page at ``/``: filters in the sidebar, map, key figures and the list."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from clock import now as now_in_berlin
from dashboard import cache, navigation, presentation
from dashboard.cache import follows_providers
from dashboard.export.downloads import export_buttons
from dashboard.export.figures import providers_source
from dashboard.i18n.event_wording import moment_label
from dashboard.i18n.language import url_param
from dashboard.i18n.texts import (
    group_label,
    language,
    language_name,
    md_literal,
    t,
    type_label,
)
from dashboard.map.boundary_layer import build_view
from dashboard.map.event_layer import (
    hosts_this_week,
    legend_line,
    own_place_dates,
    week_dates,
)
from dashboard.map.programme_layer import programme_list, programme_picker, with_programmes
from dashboard.map.provider_layer import area_markers, provider_markers
from dashboard.map.widget import BASEMAPS, map_options, show_map, view_args
from dashboard.url_state.filters import (
    Filters,
    area_options,
    filters_from_params,
    filters_to_params,
    place_query_from_params,
    place_query_to_params,
)
from dashboard.url_state.params import real_only_from_params, real_only_to_params
from dashboard.url_state.sync import (
    needs_reading,
    old_keys_in_url,
    read_again,
    show_old_keys,
    write_url,
)
from dashboard.widgets.place_search import choice_key, place_label, search, show_answer
from dashboard.widgets.real_data import KEY_REAL, real_only_switch, sample_notice
from geodata import BoundaryMetadata, Level
from places import Place
from providers import (
    GBA,
    GBA_NOTICES,
    SERVICE_GROUPS,
    ProviderData,
    attributions,
    filter_providers,
    stale_mask,
    to_excel_csv,
    types_in_group,
)
from reports import StoryView

MAP_HEIGHT = 620
#: Rows per page of the list.
TABLE_PAGE_ROWS = 25
_KEY_TYPES = "f_types_{group}"
_KEY_LAND = "f_land"
_KEY_KREIS = "f_kreis"
_KEY_GEMEINDE = "f_gemeinde"
_KEY_PROGRAMMES = "f_programmes"
_KEY_BASEMAP = "f_basemap"
_KEY_READY = "f_from_url"
_KEY_IGNORED = "f_ignored"
_KEY_OLD_KEYS = "f_old_keys"
_KEY_ENCODING = "f_encoding"
_KEY_PAGE = "f_page"
_KEY_SEARCH = "f_search"
_KEY_EVENTS = "f_events"
#: ``?termine=woche``: only providers with a family date in the next seven days.
_PARAM_EVENTS = "termine"
_KEY_REAL = KEY_REAL.format(page="f")
_KEY_PLACE = "f_place"
#: Half the height of the view around a place found, in degrees of latitude (about 6 km).
_PLACE_SPAN = 0.055
#: At most this many unknown URL values are repeated back to the user.
_MAX_ECHOED = 5
_ENCODINGS = {"utf-8-sig": "encoding_utf8", "cp1252": "encoding_cp1252"}


def _set_filters(filters: Filters) -> None:
    for group in SERVICE_GROUPS:
        codes = {s.code for s in types_in_group(group.code)}
        st.session_state[_KEY_TYPES.format(group=group.code)] = [
            code for code in filters.types if code in codes
        ]
    st.session_state[_KEY_LAND] = filters.land
    st.session_state[_KEY_KREIS] = filters.kreis
    st.session_state[_KEY_GEMEINDE] = filters.gemeinde
    st.session_state[_KEY_PROGRAMMES] = list(filters.programmes)


def _widget_filters() -> Filters:
    """The filters as the widgets hold them (a widget just changed may disagree)."""
    types: list[str] = []
    for group in SERVICE_GROUPS:
        types.extend(st.session_state.get(_KEY_TYPES.format(group=group.code)) or [])
    return Filters(
        tuple(types),
        st.session_state.get(_KEY_LAND),
        st.session_state.get(_KEY_KREIS),
        st.session_state.get(_KEY_GEMEINDE),
        tuple(st.session_state.get(_KEY_PROGRAMMES) or ()),
    )


def _init_from_url() -> None:
    """Once per session, and again when the URL was set from outside: the URL decides
    the view."""
    if not needs_reading(_KEY_READY):
        return
    filters, ignored = filters_from_params(st.query_params.get_all, cache.boundary_set())
    _set_filters(filters)
    st.session_state[_KEY_SEARCH] = place_query_from_params(st.query_params.get_all)
    st.session_state[_KEY_EVENTS] = st.query_params.get(_PARAM_EVENTS) == "woche"
    st.session_state[_KEY_REAL] = real_only_from_params(st.query_params.get_all)
    st.session_state[_KEY_PLACE] = None
    found = search(st.session_state[_KEY_SEARCH]).found
    if found is not None:
        _mark(found, keep_area=filters.kreis in found.kreise)
    st.session_state[_KEY_IGNORED] = ignored
    st.session_state[_KEY_OLD_KEYS] = old_keys_in_url()


def _on_land_change() -> None:
    current = _widget_filters()
    _set_filters(current.with_land(current.land))


def _on_kreis_change() -> None:
    current = _widget_filters()
    _set_filters(current.with_kreis(current.kreis))


def _on_gemeinde_change() -> None:
    current = _widget_filters()
    _set_filters(current.with_gemeinde(current.gemeinde))


def _mark(place: Place | None, keep_area: bool = False) -> None:
    """Mark a place found and show its Kreis, where each provider is a marker."""
    st.session_state[_KEY_PLACE] = place
    if place is not None and place.kreise and not keep_area:
        current = _widget_filters()
        _set_filters(
            Filters(
                current.types, kreis=place.kreise[0], programmes=current.programmes
            ).normalized()
        )


def _on_search() -> None:
    _mark(search(st.session_state.get(_KEY_SEARCH, "")).found)


def _use(text: str) -> None:
    st.session_state[_KEY_SEARCH] = text
    _on_search()


def _on_choice() -> None:
    result = search(st.session_state.get(_KEY_SEARCH, ""))
    chosen = st.session_state.get(choice_key("m", result))
    _mark(result.places[chosen] if chosen is not None else None)


def _search_box() -> Place | None:
    """A place search above the map: a hit shows its Kreis, zoomed to the place and
    marked, with the way to the list of "In meiner Nähe"."""
    with st.container(key="map_search"):
        query = st.text_input(
            t("map_search"),
            key=_KEY_SEARCH,
            placeholder=t("nearby_placeholder"),
            max_chars=500,
            on_change=_on_search,
            icon=":material/search:",
            type="search",
            autocomplete="postal-code",  # the browser may offer the family's own postcode
            width=560,
        )
        if query.strip():
            show_answer(search(query), "m", _use, _on_choice)
        place = st.session_state.get(_KEY_PLACE)
        if place is not None:
            with st.container(horizontal=True, vertical_alignment="center"):
                st.caption(t("map_search_marked", place=md_literal(place_label(place))))
                if st.button(t("map_search_list"), icon=":material/list:", key="map_to_list"):
                    read_again()
                    st.switch_page(
                        navigation.page("naehe"),
                        query_params={"q": query.strip()} | url_param(),
                    )
    return place


def _reset() -> None:
    _set_filters(Filters(programmes=_widget_filters().programmes))


def _sidebar() -> str:
    """Draw the filters; return the basemap choice."""
    sidebar = st.sidebar
    sidebar.header(t("filters"), anchor=False)
    for group in SERVICE_GROUPS:
        sidebar.pills(
            group_label(group.code),
            options=[s.code for s in types_in_group(group.code)],
            format_func=type_label,
            selection_mode="multi",
            key=_KEY_TYPES.format(group=group.code),
        )
    sidebar.caption(t("types_help"))
    sidebar.toggle(t("map_events_week"), key=_KEY_EVENTS, help=t("map_events_week_help"))
    real_only_switch(sidebar, "f")

    laender = cache.boundaries("land")
    kreise = cache.boundaries("kreis")
    gemeinden = cache.boundaries("gemeinde")
    land = st.session_state.get(_KEY_LAND)
    sidebar.selectbox(
        t("land"),
        options=[None, *_choices("land", None)],
        format_func=lambda ags: t("all_laender") if ags is None else laender.at[ags, "name"],
        key=_KEY_LAND,
        on_change=_on_land_change,
        placeholder=t("all_laender"),
    )
    # Only the Kreise of the chosen Land: every rerun sends the options again.
    sidebar.selectbox(
        t("kreis"),
        options=[None, *(_choices("kreis", land) if land else [])],
        format_func=lambda ags: (
            t("all_kreise")
            if ags is None
            else _kreis_label(kreise.at[ags, "name"], kreise.at[ags, "bez"])
        ),
        key=_KEY_KREIS,
        on_change=_on_kreis_change,
        placeholder=t("all_kreise"),
        disabled=not land,
        help=None if land else t("kreis_disabled"),
    )
    kreis = st.session_state.get(_KEY_KREIS)
    sidebar.selectbox(
        t("gemeinde"),
        options=[None, *(_choices("gemeinde", kreis) if kreis else [])],
        format_func=lambda ags: t("all_gemeinden") if ags is None else gemeinden.at[ags, "name"],
        key=_KEY_GEMEINDE,
        on_change=_on_gemeinde_change,
        placeholder=t("all_gemeinden"),
        disabled=not kreis,
        help=None if kreis else t("gemeinde_disabled"),
    )
    sidebar.button(t("reset"), on_click=_reset, icon=":material/restart_alt:")

    sidebar.divider()
    programme_picker(sidebar, _KEY_PROGRAMMES)
    sidebar.divider()
    basemap = sidebar.radio(
        t("basemap"),
        options=list(BASEMAPS),
        format_func=lambda key: t(BASEMAPS[key].label_key),
        key=_KEY_BASEMAP,
    )
    if basemap != "none":
        sidebar.caption(t("basemap_privacy"))
    return basemap


@st.cache_resource(show_spinner=False)
def _choices(level: Level, region: str | None) -> list[str]:
    """The areas of ``level`` in ``region`` by name (read-only; once per process)."""
    return area_options(cache.boundaries(level), region)


def _kreis_label(name: str, bez: str) -> str:
    return f"{name} ({bez})" if bez in ("Kreisfreie Stadt", "Stadtkreis") else name


@follows_providers
@st.cache_resource(show_spinner=False, max_entries=512)
def _table(labels: tuple, language: str, today: date) -> pd.DataFrame:
    """The list's rows of the providers ``labels`` (read-only), once per page of the
    list, language, day and data version: visitors page through the same lists."""
    frame = cache.provider_data().frame.loc[list(labels)]
    kreise = cache.boundaries("kreis")
    gemeinden = cache.boundaries("gemeinde")
    return pd.DataFrame(
        {
            t("col_name"): frame["name"],
            t("col_real"): frame["is_sample"].map(
                {True: t("col_invented"), False: t("col_is_real")}
            ),
            t("col_types"): frame["service_types"].map(
                lambda codes: ", ".join(type_label(code) for code in codes)
            ),
            t("col_street"): frame["street"],
            t("col_postcode"): frame["postcode"],
            t("col_city"): frame["city"],
            t("col_gemeinde"): frame["gemeinde_ags"].map(gemeinden["name"]),
            t("col_kreis"): frame["kreis_ags"].map(kreise["name"]),
            t("col_phone"): frame["phone"],
            t("popup_email"): frame["email"],
            t("col_website"): frame["website"].replace("", None),
            t("col_languages"): frame["languages"].map(
                lambda codes: ", ".join(language_name(code) for code in codes)
            ),
            t("popup_hours"): frame["opening_hours"],
            t("col_exact"): frame["location_exact"].map(
                {True: t("exact_yes"), False: t("exact_no")}
            ),
            t("col_verified"): frame["last_verified"],
            t("col_stale"): stale_mask(frame, today).map({True: t("popup_stale"), False: ""}),
            t("popup_source"): frame["source"].where(~frame["is_sample"].astype(bool), ""),
        }
    ).reset_index(drop=True)


def _table_page(shown: pd.DataFrame) -> None:
    """One page of the list: the browser gets the rows it shows, not all of them."""
    pages = max(1, math.ceil(len(shown) / TABLE_PAGE_ROWS))
    if st.session_state.get(_KEY_PAGE, 1) > pages:
        st.session_state[_KEY_PAGE] = 1  # the filter changed: back to the first page
    page = 1
    if pages > 1:
        page = int(
            st.number_input(
                t("table_page", pages=pages), min_value=1, max_value=pages, step=1, key=_KEY_PAGE
            )
        )
    first = (page - 1) * TABLE_PAGE_ROWS
    rows = shown.iloc[first : first + TABLE_PAGE_ROWS]
    st.dataframe(
        _table(tuple(rows.index), language(), now_in_berlin().date()),
        hide_index=True,
        width="stretch",
        column_config={
            t("col_website"): st.column_config.LinkColumn(t("col_website")),
            t("col_verified"): st.column_config.DateColumn(t("col_verified"), format="DD.MM.YYYY"),
        },
    )
    if len(shown):
        st.caption(
            t("table_rows", first=first + 1, last=first + len(rows), total=f"{len(shown):n}")
        )


def _current_slide(filters: Filters) -> StoryView:
    """The view of the page as a slide (for the presentation and the exports)."""
    return StoryView(
        region=filters.kreis or filters.land,
        types=filters.types,
        programmes=filters.programmes,
    )


def render() -> None:
    """Draw the page (or, with ``?praesentation=1``, its view as a slide)."""
    if presentation.active():
        presentation.render()
        return
    with st.spinner(t("loading_map")):
        loaded = cache.provider_data()
        metadata = cache.boundary_metadata()
        _init_from_url()
    all_providers = loaded.frame
    basemap = _sidebar()
    filters = _widget_filters().normalized()
    query = st.session_state.get(_KEY_SEARCH) or ""
    this_week = bool(st.session_state.get(_KEY_EVENTS))
    real_only = bool(st.session_state.get(_KEY_REAL))
    write_url(
        filters_to_params(filters)
        | place_query_to_params(query)
        | ({_PARAM_EVENTS: "woche"} if this_week else {})
        | real_only_to_params(real_only)
    )
    presentation.story_panel(st.sidebar, _current_slide(filters))
    shown = filter_providers(
        all_providers, filters.types, filters.land, filters.kreis, filters.gemeinde, real_only
    )
    coming = week_dates() if this_week else None
    if coming is not None:
        shown = shown[hosts_this_week(all_providers, shown, coming)]

    area = cache.area_name(filters.area) or t("view_germany")
    st.title(f"{t('app_title')} · {md_literal(area)}", anchor=False)
    st.caption(t("tagline"))
    if loaded.unavailable:
        # Plain words for visitors; the reason (database, error) is in the operator's log.
        if loaded.stored_at is None:
            st.warning(t("store_unavailable_sample"), icon=":material/cloud_off:")
        else:
            when = moment_label(loaded.stored_at)
            st.warning(t("store_unavailable", when=when), icon=":material/cloud_off:")
    if loaded.failed_source is not None:
        st.warning(
            t("providers_failed", path=md_literal(loaded.failed_source.name)),
            icon=":material/error:",
        )
    sample_notice(all_providers)
    show_old_keys(st.session_state.get(_KEY_OLD_KEYS))
    ignored = st.session_state.get(_KEY_IGNORED)
    if ignored:
        shown_values = ", ".join(md_literal(value) for value in ignored[:_MAX_ECHOED])
        more = len(ignored) - _MAX_ECHOED
        st.warning(
            t(
                "unknown_param",
                values=shown_values + (t("and_more", count=more) if more > 0 else ""),
            )
        )

    place = _search_box()
    view = build_view(filters.area, filled=basemap == "none")
    view = with_programmes(view, filters.programmes, filters.kreis or filters.land)
    here = None
    if place is not None:
        here = (place.lat, place.lon, place_label(place))
        if filters.kreis in place.kreise and not filters.gemeinde:
            lat, lon, span = place.lat, place.lon, _PLACE_SPAN
            box = [[lat - span, lon - span * 1.6], [lat + span, lon + span * 1.6]]
            view = replace(view, bounds=box, key=f"p{lat},{lon}")
    dates = own_place_dates(filters.area, coming) if coming is not None else []
    if coming is not None:
        view = replace(view, lines=[*view.lines, legend_line(len(dates))])
    if coming is None:
        markers = area_markers(
            filters.types, filters.land, filters.kreis, filters.gemeinde, real_only
        )
    else:
        markers = provider_markers(
            shown, filters.types, filters.land, filters.kreis, real_only=real_only
        )
    show_map(
        map_options(basemap, metadata.attribution),
        view_args(view, markers, place=here, dates=dates),
        MAP_HEIGHT,
    )
    if shown.empty:
        st.warning(t("empty_real" if real_only else "empty"), icon=":material/search_off:")

    # Below the map: on a phone the map comes right after the title.
    metrics = st.columns(3)
    fm = shown["service_types"].map(lambda codes: "familienmanager" in codes)
    metrics[0].metric(t("count_providers"), f"{len(shown):n}")
    metrics[1].metric(t("count_familienmanager"), f"{int(fm.sum()):n}")
    metrics[2].metric(t("count_gemeinden"), f"{shown['gemeinde_ags'].nunique():n}")

    st.header(t("table_title"), anchor=False)
    _table_page(shown)
    _download(shown, metadata)
    st.header(t("export_view_title"), anchor=False)
    st.caption(t("export_view_help"))
    export_buttons(_current_slide(filters))
    _sources(metadata, loaded)


def _download(shown: pd.DataFrame, metadata: BoundaryMetadata) -> None:
    columns = st.columns([2, 3], vertical_alignment="bottom")
    encoding = columns[0].selectbox(
        t("download_encoding"),
        options=list(_ENCODINGS),
        format_func=lambda key: t(_ENCODINGS[key]),
        key=_KEY_ENCODING,
    )
    # Each open source the exported rows come from is named (their rows carry it too).
    attribution = "; ".join(
        (t("export_attribution", attribution=metadata.attribution), *attributions(shown["source"]))
    )

    def export() -> bytes:
        # Built on click only: a render sends no file.
        return to_excel_csv(shown, attribution, encoding).data

    columns[1].download_button(
        t("download"),
        data=export,
        file_name="familienkarte.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    if encoding != "utf-8-sig":
        # An explicit choice of an older encoding: say first what it would lose.
        lossy = to_excel_csv(shown, attribution, encoding).lossy_rows
        if lossy:
            lines = ", ".join(str(row) for row in lossy[:10]) + (" …" if len(lossy) > 10 else "")
            st.warning(
                t("download_lossy_one", lines=lines)
                if len(lossy) == 1
                else t("download_lossy", count=len(lossy), lines=lines),
                icon=":material/warning:",
            )


def _sources(metadata: BoundaryMetadata, loaded: ProviderData) -> None:
    st.divider()
    st.caption(f"**{t('sources_title')}**")
    st.caption(
        t(
            "sources_boundaries",
            attribution=metadata.attribution,
            source=metadata.source,
            edition=metadata.edition,
            licence=metadata.licence,
        )
    )
    for line in providers_source(loaded):
        st.caption(md_literal(line))
    if GBA.source in set(loaded.frame["source"]):
        st.caption(md_literal(" ".join(GBA_NOTICES)))
    listed = programme_list()
    if listed.is_sample:
        st.caption(t("sources_programmes_sample"))
    else:
        st.caption(t("sources_programmes_file", path=md_literal(listed.source)))
    st.caption(t("sources_places"))

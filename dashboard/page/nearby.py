"""The page "In meiner Nähe": help near a postcode or place, nearest first.

A family types a postcode or the name of their town, picks a radius and, if
they like, the kinds of help they look for. The page lists the nearest
providers by straight-line distance, across Kreis and Land borders, as cards
with everything needed to get in touch, and shows the same selection on the
map. State lives in the URL (``?q=53721&umkreis=10&typ=kita``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import (
    language_name,
    md_literal,
    number,
    phone_link,
    stage_label,
    t,
    type_description,
    type_label,
)
from dashboard.map.boundary_layer import build_view
from dashboard.map.locate import location_button, read_position
from dashboard.map.provider_layer import marker_key, marker_position, provider_markers
from dashboard.map.widget import map_options, show_map, view_args
from dashboard.url_state.nearby import (
    DEFAULT_RADIUS_KM,
    NearbyState,
    nearby_from_params,
    nearby_to_params,
)
from dashboard.url_state.nearby import FLAGS as URL_FLAGS
from dashboard.url_state.params import real_only_from_params, real_only_to_params
from dashboard.url_state.sync import needs_reading, write_url
from dashboard.widgets.card_facts import YES_FACTS, card_facts, card_markdown
from dashboard.widgets.first_call import first_calls
from dashboard.widgets.place_search import at_street, place_label, search, show_answer
from dashboard.widgets.real_data import KEY_REAL, real_only_switch, sample_notice
from geodata import parent_ags
from networks import Network
from places import RADII_KM, Place
from providers import (
    LIFE_STAGES,
    SERVICE_TYPES,
    attributions,
    family_mask,
    provider_mask,
)

#: At most this many providers are listed.
MAX_RESULTS = 50
MAP_HEIGHT = 460
#: Yes/no wishes: URL parameter → (session key, provider field, text key); the fields and
#: their words are the cards' own (:data:`YES_FACTS`).
FLAGS = {
    param: (key, field, label)
    for param, key, (field, label) in zip(
        URL_FLAGS,
        ("n_free", "n_no_application", "n_barrier_free"),
        YES_FACTS.items(),
        strict=True,
    )
}
_KEY_QUERY = "n_query"
_KEY_RADIUS = "n_radius"
_KEY_TYPES = "n_types"
_KEY_LANGUAGE = "n_language"
_KEY_STAGES = "n_stages"
_KEY_REAL = KEY_REAL.format(page="n")
_KEY_READY = "n_from_url"
_KEY_SELECTED = "n_selected"
#: (number of the choice, whether it came from the map): what to bring into view once.
_KEY_SCROLL = "n_scroll"
_KEY_MAP = "n_map"
_KEY_LOCATE = "n_locate"
_KEY_LOCATION = "n_location"
_KEY_LOCATION_PROBLEM = "n_location_problem"


def _init_from_url() -> None:
    """Once per session, and again when the URL was set from outside."""
    if not needs_reading(_KEY_READY):
        return
    state, _ = nearby_from_params(st.query_params.get_all, cache.spoken_languages())
    st.session_state[_KEY_QUERY] = state.query
    st.session_state[_KEY_RADIUS] = state.radius_km
    st.session_state[_KEY_TYPES] = list(state.types)
    st.session_state[_KEY_LANGUAGE] = state.language
    st.session_state[_KEY_STAGES] = list(state.stages)
    for param, (key, _, _) in FLAGS.items():
        st.session_state[key] = param in state.flags
    st.session_state[_KEY_REAL] = real_only_from_params(st.query_params.get_all)


def _widget_state(query: str, radius: int, types: list[str]) -> NearbyState:
    """The search as the widgets hold it."""
    return NearbyState(
        query=query,
        radius_km=radius,
        types=tuple(types),
        language=st.session_state.get(_KEY_LANGUAGE),
        stages=tuple(st.session_state.get(_KEY_STAGES) or ()),
        flags=frozenset(p for p, (key, _, _) in FLAGS.items() if st.session_state.get(key)),
    )


def _use(query: str) -> None:
    st.session_state[_KEY_QUERY] = query


def _on_query_change() -> None:
    st.session_state[_KEY_LOCATION] = None
    st.session_state[_KEY_SELECTED] = None


def _on_locate() -> None:
    """The browser answered "Meinen Standort verwenden": search from there."""
    answer = read_position(st.session_state.get(_KEY_LOCATE))
    if answer is None:
        return
    place = None
    if answer.error is None and answer.lat is not None and answer.lon is not None:
        place = cache.gazetteer().locate(answer.lat, answer.lon, "")
    problem = None
    if place is None:
        problem = "nearby_location_failed" if answer.error else "nearby_location_outside"
    st.session_state[_KEY_LOCATION_PROBLEM] = problem
    st.session_state[_KEY_LOCATION] = place
    st.session_state[_KEY_SELECTED] = None
    if place is not None:
        st.session_state[_KEY_QUERY] = ""


def _km(metres: float) -> str:
    return number(metres / 1000, 1)


def _chosen(position: int, from_map: bool) -> None:
    choice, _ = st.session_state.get(_KEY_SCROLL) or (0, False)
    st.session_state[_KEY_SELECTED] = position
    st.session_state[_KEY_SCROLL] = (choice + 1, from_map)


def _select(position: int) -> None:
    _chosen(position, from_map=False)


def _on_map_click() -> None:
    position = marker_position(st.session_state.get(_KEY_MAP))
    if position is not None:
        _chosen(position, from_map=True)


def _card(row: pd.Series, position: int, metres: float, selected: bool) -> None:
    facts = card_facts(row, cache.coming_dates().get(position, []), metres)
    with st.container(border=True, key=f"card_{position}"):
        st.markdown(f"**{md_literal(facts.name)}**")
        # An invented (sample) entry says so before anything else about it.
        invented = f":orange-badge[{t('popup_invented')}] " if facts.invented else ""
        st.caption(f"{invented}{md_literal(facts.kinds)} · {facts.distance}  \n{facts.explained}")
        st.markdown("  \n".join(card_markdown(facts)))
        if selected:
            st.markdown(f":material/location_on: **{t('nearby_selected')}**")
        else:
            st.button(
                t("nearby_show_on_map"),
                key=f"show_{position}",
                icon=":material/location_on:",
                on_click=_select,
                args=(position,),
            )


def _first_contact(place: Place) -> None:
    """Above the list: where a family of this Kreis calls first — of each Kreis when the
    postcode spans several and no Gemeinde has been chosen."""
    calls = first_calls(place)
    with st.container(border=True, key="first_call"):
        st.markdown(f"## :material/call: {t('way_in_title')}")
        if len(calls) > 1:
            st.write(t("way_in_several", postcode=place.postcode, count=len(calls)))
        for call in calls:
            if not call.found:
                st.write(t("way_in_none"))
                return
            if len(calls) > 1:
                named = md_literal(call.kreis_name or call.kreis)
                st.markdown(f"**{t('way_in_for_kreis', kreis=named)}**")
            for together in call.ways:
                _way_in(list(together))
            if call.contact is None:
                continue
            row = call.contact
            if call.elsewhere_m is not None:
                named = md_literal(call.kreis_name or place.kreis or t("way_in_your_kreis"))
                st.write(t("way_in_elsewhere", kreis=named, km=_km(call.elsewhere_m)))
            line = f"**{md_literal(row['name'])}**"
            if row["phone"]:
                line += f" · {phone_link(row['phone'])}"
            st.markdown(line)
        st.caption(t("way_in_what_happens"))


def _way_in(networks: list[Network]) -> None:
    """The way in of networks (one, or several that share it): their names, the
    contact's name and number, when it answers."""
    way = networks[0].way_in
    line = " · ".join(f"**{md_literal(network.name)}**" for network in networks)
    if way.phone:
        line += f" · {phone_link(way.phone, md_literal(way.label))}"
    if way.hours:
        line += f" · {t('way_in_hours', hours=md_literal(way.hours))}"
    st.markdown(line)


def _map(place: Place, shown: pd.DataFrame, types: tuple[str, ...], radius_km: int) -> None:
    """The place's Kreis with the listed providers, fitted to them and the place."""
    kreis = parent_ags(place.ags, "kreis") if place.ags else None
    lats = [place.lat, *shown["lat"]]
    lons = [place.lon, *shown["lon"]]
    pad = 0.01 if len(shown) else radius_km / 111
    bounds = [[min(lats) - pad, min(lons) - pad * 1.5], [max(lats) + pad, max(lons) + pad * 1.5]]
    key = f"n{place.lat},{place.lon},{radius_km}"  # refit when the search changes
    view = replace(build_view(kreis), bounds=bounds, key=key)
    here = (place.lat, place.lon, place_label(place))
    markers = provider_markers(shown, types, None, kreis, counts=False)
    selected = st.session_state.get(_KEY_SELECTED)
    shown_positions = cache.provider_data().frame.index.get_indexer(shown.index)
    listed = selected in set(shown_positions.tolist())
    chosen = marker_key(selected) if listed else None
    metadata = cache.boundary_metadata()
    options = map_options("none", metadata.attribution, selectable=True)
    with st.container(key="nearby_map"):
        st.html('<span id="karte"></span>')  # where "Zur Karte" leads on a phone
        show_map(
            options,
            view_args(view, markers, chosen, _reveal(selected if listed else None), place=here),
            MAP_HEIGHT,
            key=_KEY_MAP,
            on_change=_on_map_click,
        )


def _filters() -> list[str]:
    """What the family looks for, folded away: on a phone the results come right after
    the search box. Returns the chosen types; the other wishes stay in session state."""
    chosen = sum(
        bool(st.session_state.get(key))
        for key in (
            _KEY_TYPES,
            _KEY_LANGUAGE,
            _KEY_STAGES,
            _KEY_REAL,
            *(k for k, _, _ in FLAGS.values()),
        )
    )
    label = t("nearby_filters_chosen", count=chosen) if chosen else t("nearby_filters")
    with st.expander(label):
        types = st.pills(
            t("nearby_types"),
            options=[service.code for service in SERVICE_TYPES],
            format_func=type_label,
            selection_mode="multi",
            key=_KEY_TYPES,
        )
        st.pills(
            t("nearby_stages"),
            options=list(LIFE_STAGES),
            format_func=stage_label,
            selection_mode="multi",
            key=_KEY_STAGES,
        )
        spoken = sorted(cache.spoken_languages(), key=language_name)
        st.selectbox(
            t("nearby_language"),
            options=[None, *spoken],
            format_func=lambda code: (
                t("nearby_any_language") if code is None else language_name(code)
            ),
            key=_KEY_LANGUAGE,
        )
        columns = st.columns(len(FLAGS))
        for column, (key, _, label) in zip(columns, FLAGS.values(), strict=True):
            column.checkbox(t(label), key=key)
        real_only_switch(st, "n", explained=False)
    return list(types)


def _wishes(frame: pd.DataFrame, types: list[str]) -> np.ndarray | None:
    """One flag per provider: fits the chosen types and wishes (``None``: no wish at all)."""
    state = st.session_state
    flags = {field: bool(state.get(key)) for key, field, _ in FLAGS.values()}
    language, stages = state.get(_KEY_LANGUAGE), state.get(_KEY_STAGES) or []
    real_only = bool(state.get(_KEY_REAL))
    if not (types or language or stages or real_only or any(flags.values())):
        return None
    mask = family_mask(frame, language, stages, **flags)
    if types or real_only:
        mask &= provider_mask(frame, types, real_only=real_only)
    return mask


def _search_bar() -> tuple[str, int]:
    """Search box and radius side by side (also on a phone), the location button below."""
    with st.container(horizontal=True, vertical_alignment="bottom", key="nearby_search"):
        query = st.text_input(
            t("nearby_query"),
            key=_KEY_QUERY,
            placeholder=t("nearby_placeholder"),
            max_chars=500,  # a longer paste is cut; past 100 the search says so
            on_change=_on_query_change,
        )
        radius = st.selectbox(
            t("nearby_radius"),
            options=list(RADII_KM),
            format_func=lambda km: f"{km} km",
            key=_KEY_RADIUS,
            width=105,
        )
    location_button(_KEY_LOCATE, _on_locate)
    return query.strip(), radius or DEFAULT_RADIUS_KM


def _place(query: str) -> Place | None:
    """The place searched from: the browser's location, or what the query names (asking
    back when it names several, with suggestions when it names none)."""
    problem = st.session_state.get(_KEY_LOCATION_PROBLEM)
    if problem:
        st.warning(t(problem), icon=":material/location_off:")
        st.session_state[_KEY_LOCATION_PROBLEM] = None
    if st.session_state.get(_KEY_LOCATION) is not None:
        return st.session_state[_KEY_LOCATION]
    if not query:
        st.info(t("nearby_start"), icon=":material/search:")
        return None
    result = search(query)
    if result.street and result.found is not None:
        located = at_street(result.found, result.street)
        if located is not None:  # the street is used after all: no note says otherwise
            notes = tuple(n for n in result.notes if n.code != "street_unused")
            result = replace(result, places=(located,), notes=notes)
    place = show_answer(result, "n", _use)
    if place is not None and place.kind == "postcode" and len(place.gemeinden) > 1:
        _spanned_gemeinden(place)
    return place


def _spanned_gemeinden(place: Place) -> None:
    """A postcode over several Gemeinden: offer each, to search from the family's own."""
    gazetteer = cache.gazetteer()
    names = {ags: gemeinde.name for ags in place.gemeinden if (gemeinde := gazetteer.gemeinde(ags))}
    st.write(t("search_spans", postcode=place.postcode))
    with st.container(horizontal=True, key="n_spans"):
        for ags, name in names.items():
            st.button(
                name,
                key=f"n_span_{ags}",
                on_click=_use,
                args=(f"{place.postcode} {name}",),
                icon=":material/home_pin:",
            )


def _origin(place: Place) -> str:
    if place.kind == "location":
        return t("nearby_from_location")
    if place.kind == "address":
        return t("nearby_from_address", address=md_literal(place.name))
    if place.kind == "postcode":
        return t("nearby_from_postcode", postcode=place.postcode)
    if place.kind == "ortsteil":
        name, gemeinde = md_literal(place.name), md_literal(place.within)
        return t("nearby_from_ortsteil", name=name, gemeinde=gemeinde)
    return t("nearby_from_gemeinde", name=md_literal(place.name))


def _highlight(position: int) -> None:
    """Mark the chosen card: a border and words, not colour alone."""
    st.html(f"<style>.st-key-card_{position}{{border:3px solid #c1272d !important;}}</style>")


def _reveal(position: int | None) -> dict | None:
    """What the map brings into view once per choice: after a tap on the map the card,
    after a card the map itself (on a phone the map lies below the list)."""
    choice, from_map = st.session_state.get(_KEY_SCROLL) or (0, False)
    if position is None or not choice:
        return None
    return {"choice": choice, "target": f".st-key-card_{position}" if from_map else "map"}


def _types_explained() -> None:
    with st.expander(t("types_explained"), icon=":material/help:"):
        for service in SERVICE_TYPES:
            st.markdown(f"**{type_label(service.code)}** – {type_description(service.code)}")


def render() -> None:
    """Draw the page."""
    _init_from_url()
    st.title(t("nearby_title"), anchor=False)
    # On a phone the results' own caption says "Luftlinie"; this line makes way there.
    with st.container(key="nearby_intro"):
        st.caption(t("nearby_intro"))
    query, radius = _search_bar()
    types = _filters()
    write_url(
        nearby_to_params(_widget_state(query, radius, list(types)))
        | real_only_to_params(bool(st.session_state.get(_KEY_REAL)))
    )
    place = _place(query)
    if place is None:
        _types_explained()
        st.caption(t("sources_places"))
        return
    frame = cache.provider_data().frame
    _first_contact(place)
    mask = _wishes(frame, types)
    nearby = cache.provider_index().nearest(place.lat, place.lon, radius * 1000, MAX_RESULTS, mask)
    shown = frame.iloc[nearby.positions]
    st.header(
        t("nearby_results", count=len(shown), radius=radius, place=md_literal(place_label(place))),
        anchor=False,
    )
    # Side by side on a wide screen; on a phone the list comes first, then the map,
    # which a link in the line above the list reaches at once (shown only there).
    with st.container(key="nearby_origin"):
        st.caption(f"{_origin(place)} [{t('nearby_to_map')} ↓](#karte)")
    listing, chart = st.columns([5, 4], gap="medium")
    with chart:
        _map(place, shown, tuple(types), radius)
    with listing:
        if shown.empty:
            bigger = [km for km in RADII_KM if km > radius]
            hint = t("nearby_bigger", radius=bigger[0]) if bigger else ""
            st.warning(t("nearby_none", radius=radius) + hint, icon=":material/search_off:")
        selected = st.session_state.get(_KEY_SELECTED)
        for position, metres in zip(nearby.positions, nearby.distances_m, strict=True):
            _card(frame.iloc[position], int(position), metres, position == selected)
        # Below the cards: on a phone the first result comes right after the search.
        sample_notice(shown, cards=True)
        if selected in set(nearby.positions.tolist()):
            _highlight(int(selected))
        for line in attributions(frame["source"].iloc[nearby.positions]):
            st.caption(md_literal(line))
    _types_explained()
    st.caption(t("sources_places"))

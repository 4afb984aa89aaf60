"""The place search as the map and "In meiner Nähe" show it.

Both pages ask :meth:`providers.Gazetteer.search` and answer alike: a sentence
for input that cannot be searched (saying what to type instead), what the search
made of the input (an unknown Ortsteil, a postcode that contradicts the place, a
street not used), a choice when a name is shared — nothing is shown as found
before the family has chosen — and suggestions when nothing fits.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, t
from intake import excerpt
from places import Note, Place, PlaceSearch
from providers import Forgetful, Geocoder, GeocoderSettings, locate_near

#: Characters of a typed value repeated back in a sentence.
_ECHO = 60
#: The sentence of each code a search answers with (see ``providers.Note``).
SENTENCES = {
    "too_long": "search_too_long",
    "nothing": "search_nothing",
    "script": "search_script",
    "digits": "search_digits",
    "foreign_postcode": "search_foreign_postcode",
    "street_unused": "search_street_unused",
    "ortsteil_unknown": "search_ortsteil_unknown",
    "postcode_mismatch": "search_postcode_mismatch",
    "place_unknown": "search_place_unknown",
    "postcode_unknown": "search_postcode_unknown",
}


def search(query: str) -> PlaceSearch:
    """What the query names (a few milliseconds: no spinner needed)."""
    return cache.gazetteer().search(query)


def place_label(place: Place) -> str:
    """A place as a choice lists it, told apart from namesakes by postcode and Kreis."""
    if place.kind == "location":
        return f"{t('nearby_my_location')} ({place.kreis})"
    if place.kind in ("postcode", "address"):
        return f"{place.name}, {place.kreis}" if place.kreis else place.name
    # a kreisfreie Stadt is its own Kreis: "Köln (50667)", not "Köln (50667, Köln)"
    town = place.within or place.name
    where = place.postcode if place.kreis in ("", town) else f"{place.postcode}, {place.kreis}"
    if place.kind == "ortsteil":
        return f"{place.name}, {place.within} ({where})"
    return f"{place.name} ({where})"


def note_text(note: Note, markdown: bool = True) -> str:
    """The sentence of a note or problem, its values shown as typed (never as markup):
    Markdown-literal, or plain text for a page that escapes it itself."""
    literal = md_literal if markdown else str
    values = {key: literal(excerpt(value, _ECHO)) for key, value in note.values.items()}
    return t(SENTENCES[note.code], **values)


def _typed(place: Place) -> str:
    """What to search for when a suggestion is taken."""
    if place.kind == "postcode":
        return place.postcode
    if place.kind == "ortsteil":
        return f"{place.within} {place.name}"
    return place.name


def show_answer(
    result: PlaceSearch,
    key: str,
    use: Callable[[str], None],
    on_choice: Callable[[], None] | None = None,
) -> Place | None:
    """Say what the search found and ask back where needed; return the place searched
    from, or ``None`` until there is one.

    Parameters
    ----------
    result
        The search.
    key
        Prefix of the widget keys of this answer.
    use
        Called with a suggestion's text when the family takes it.
    on_choice
        Called when the family chooses among places of one name (the chosen index
        is then in ``st.session_state[choice_key(key, result)]``).
    """
    if result.problem is not None:
        st.warning(note_text(result.problem), icon=":material/edit:")
    elif not result.places and result.query.strip():
        query = md_literal(excerpt(result.query.strip(), _ECHO))
        st.warning(t("nearby_not_found", query=query), icon=":material/search_off:")
    for note in result.notes:
        st.info(note_text(note), icon=":material/info:")
    if result.suggestions:
        st.write(t("nearby_suggestions"))
        for index, suggestion in enumerate(result.suggestions):
            st.button(
                place_label(suggestion),
                key=f"{key}_suggestion_{index}",
                on_click=use,
                args=(_typed(suggestion),),
            )
    if len(result.places) > 1:
        chosen = st.radio(
            t("nearby_which"),
            options=range(len(result.places)),
            format_func=lambda i: place_label(result.places[i]),
            index=None,
            key=choice_key(key, result),
            on_change=on_choice,
        )
        if chosen is None:
            st.caption(t("search_choose"))
            return None
        return result.places[chosen]
    return result.found


def choice_key(key: str, result: PlaceSearch) -> str:
    """The session key of the choice among a query's places (one per query, so that an
    old choice never picks from a new list)."""
    return f"{key}_choice_{result.query}"


@st.cache_resource(show_spinner=False)
def _geocoder() -> Geocoder | None:
    """The operator's geocoder for typed addresses (one per process, for its rate
    limit), or ``None``; it keeps no family's address."""
    settings = GeocoderSettings.from_environ()
    return Geocoder(settings, Forgetful()) if settings else None


def at_street(place: Place, street: str) -> Place | None:
    """The place moved to the typed street when a geocoder is configured and finds it
    near the place; ``None`` otherwise."""
    geocoder = _geocoder()
    if geocoder is None or place.kind not in ("postcode", "gemeinde", "ortsteil"):
        return None
    city = place.within or (place.name if place.kind != "postcode" else "")
    with st.spinner(t("nearby_searching")):
        hit = locate_near(geocoder, street, place.postcode, city, (place.lat, place.lon))
    if hit is None or hit.lat is None or hit.lon is None:
        return None
    return Place(
        f"{street}, {place.postcode}",
        place.kreis,
        hit.lat,
        hit.lon,
        "address",
        place.ags,
        place.postcode,
        place.gemeinden,
    )

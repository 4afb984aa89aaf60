"""The pages' one link to ``st.query_params``: write a state back, and know when the
URL was changed from outside so that a page reads it again.

A page reads its URL once per session and then owns its widget keys; when another
part of the app sets a new URL for it (the presentation's "Beenden" leaves the map
on the slide's view), it calls :func:`read_again` instead of reaching into the
page's session keys.
"""

from __future__ import annotations

import streamlit as st

from dashboard.cache import area_name
from dashboard.i18n.language import url_param
from dashboard.i18n.texts import md_literal, t
from dashboard.url_state.params import Params, key_changes, params_equal

#: Counts the URLs set from outside in this session; a page remembers which it read.
_KEY_GENERATION = "url_generation"


def write_url(wanted: Params) -> None:
    """Make the URL say ``wanted`` (and the chosen language); untouched when it does."""
    wanted = wanted | url_param()
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    if not params_equal(current, wanted):
        st.query_params.from_dict(wanted)


def set_url(wanted: Params) -> None:
    """Replace the URL with ``wanted`` and have every page read it again."""
    st.query_params.from_dict(wanted | url_param())
    read_again()


def read_again() -> None:
    """The URL changed from outside: each page reads it again on its next run."""
    st.session_state[_KEY_GENERATION] = st.session_state.get(_KEY_GENERATION, 0) + 1


def needs_reading(page_key: str) -> bool:
    """Whether the page owning ``page_key`` has not read the current URL yet; marks it
    read (call once per run, before the page's widgets)."""
    generation = st.session_state.get(_KEY_GENERATION, 0)
    if st.session_state.get(page_key) == generation:
        return False
    st.session_state[page_key] = generation
    return True


def old_keys_in_url() -> list[str]:
    """Notes on old area keys in the URL (a bookmark of an earlier Gebietsstand),
    to be kept by the page that read it and shown as :func:`show_old_keys`."""
    return [
        f"{change.note()}: {area_name(change.new)}" if change.new else change.note()
        for change in key_changes(st.query_params.get_all)
    ]


def show_old_keys(notes: list[str] | None) -> None:
    """Say that a link's old keys were read as today's (or could not be)."""
    if notes:
        shown = "; ".join(md_literal(note) for note in notes)
        st.info(t("old_keys_converted", notes=shown), icon=":material/update:")

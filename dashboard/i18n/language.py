"""The UI language of a session: chosen, kept in the URL, declared to the browser.

The language comes from ``?lang=`` (kept in the URL once given or chosen), else
the browser's preferences, else German. The page's ``lang`` and ``dir``
attributes follow it, so screen readers pronounce the text right and Arabic
runs right to left.
"""

from __future__ import annotations

import json

import streamlit as st
from babel import Locale, UnknownLocaleError, negotiate_locale

from dashboard.i18n.texts import LANGUAGES, SOURCE_LANGUAGE, is_rtl, native_name, t, use_language
from dashboard.web.assets import page_css_url

PARAM = "lang"
#: The language a user asked for (URL or switch); absent while the browser decides.
_KEY_CHOSEN = "ui_language"
_KEY_SWITCH = "ui_language_switch"


def _preferences(accept_language: str) -> list[str]:
    """Language tags of an ``Accept-Language`` header, most wanted first."""
    weighted = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        if tag and tag != "*" and weight > 0:
            weighted.append((-weight, position, tag.strip()))
    return [tag for *_, tag in sorted(weighted)]


def negotiate(accept_language: str | None, browser_locale: str | None) -> str:
    """The UI language that best fits the browser (German when none fits).

    ``accept_language`` is the request header (all preferences, weighted);
    ``browser_locale`` is ``navigator.language``, used when the header says nothing.
    """
    wanted = _preferences(accept_language or "") or ([browser_locale] if browser_locale else [])
    found = negotiate_locale(wanted, LANGUAGES, sep="-")
    if found is None:
        # "en-GB" where only "en" is offered: babel's match needs the bare language.
        for tag in wanted:
            try:
                bare = Locale.parse(tag, sep="-").language
            except (ValueError, UnknownLocaleError):
                continue
            if bare in LANGUAGES:
                return bare
    return found or SOURCE_LANGUAGE


def use_session_language() -> str:
    """Decide this run's language (URL, then choice, then browser) and use it."""
    requested = st.query_params.get(PARAM)
    if requested in LANGUAGES:
        st.session_state[_KEY_CHOSEN] = requested
    chosen = st.session_state.get(_KEY_CHOSEN)
    if chosen is None:
        chosen = negotiate(st.context.headers.get("Accept-Language"), st.context.locale)
    use_language(chosen)
    return chosen


def url_param() -> dict[str, str]:
    """``{"lang": code}`` once the user asked for a language, for the pages' URLs."""
    chosen = st.session_state.get(_KEY_CHOSEN)
    return {PARAM: chosen} if chosen else {}


def _on_switch() -> None:
    chosen = st.session_state[_KEY_SWITCH]
    st.session_state[_KEY_CHOSEN] = chosen
    st.query_params[PARAM] = chosen


def language_switch(current: str) -> None:
    """The language menu, each language named in itself, at the top of every page."""
    st.session_state[_KEY_SWITCH] = current
    with st.container(horizontal=True, horizontal_alignment="right", key="language_switch"):
        st.selectbox(
            t("language"),
            options=LANGUAGES,
            format_func=native_name,
            key=_KEY_SWITCH,
            on_change=_on_switch,
            width=190,
            label_visibility="collapsed",
        )
        _declare(current)


def _declare(language: str) -> None:
    """Set ``<html lang dir>`` of the page (Streamlit's own page says ``lang="en"``) and
    link the page's styles once (a cached file, not resent with every rerun)."""
    attributes = json.dumps(
        {"lang": language, "dir": "rtl" if is_rtl(language) else "ltr", "css": page_css_url()}
    )
    st.html(
        "<script>(function(a){var r=document.documentElement;r.lang=a.lang;r.dir=a.dir;"
        "var l=document.getElementById('fk-page-css');if(!l){l=document.createElement('link');"
        "l.id='fk-page-css';l.rel='stylesheet';document.head.appendChild(l);}"
        f"if(l.getAttribute('href')!==a.css)l.setAttribute('href',a.css);}})({attributes});"
        "</script>",
        width=1,
        unsafe_allow_javascript=True,
    )

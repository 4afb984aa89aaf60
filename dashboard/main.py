"""The Streamlit script of Familienkarte: language, page set-up and navigation (``app.py``)."""

from pathlib import Path

import streamlit as st

from dashboard import cache, navigation
from dashboard.i18n.language import language_switch, use_session_language
from dashboard.i18n.texts import t
from dashboard.page import data as data_page
from dashboard.page import entry as entry_page
from dashboard.page import events as events_page
from dashboard.page import map as map_page
from dashboard.page import nearby as nearby_page
from dashboard.page import planning as planning_page

cache.new_run()
language = use_session_language()
st.set_page_config(
    page_title=t("app_title"),
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)
pages = st.navigation(
    navigation.register(
        [
            st.Page(map_page.render, title=t("page_title"), default=True),
            st.Page(nearby_page.render, title=t("nearby_page"), url_path="naehe"),
            st.Page(events_page.render, title=t("events_page"), url_path="termine"),
            st.Page(planning_page.render, title=t("planning_page"), url_path="planung"),
            st.Page(data_page.render, title=t("data_page"), url_path="daten"),
            # the providers' own page, opened only from their private link
            st.Page(
                entry_page.render, title=t("entry_page"), url_path="eintrag", visibility="hidden"
            ),
        ]
    ),
    position="top",
)
language_switch(language)
pages.run()

"""The Streamlit script of Familienkarte: language, page set-up and navigation (``app.py``)."""

from pathlib import Path

import streamlit as st

from dashboard import page_data, page_map, page_nearby, page_planning
from dashboard.language import language_switch, use_session_language
from dashboard.texts import t

language = use_session_language()
st.set_page_config(
    page_title=t("app_title"),
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)
pages = st.navigation(
    [
        st.Page(page_map.render, title=t("page_title"), default=True),
        st.Page(page_nearby.render, title=t("nearby_page"), url_path="naehe"),
        st.Page(page_planning.render, title=t("planning_page"), url_path="planung"),
        st.Page(page_data.render, title=t("data_page"), url_path="daten"),
    ],
    position="top",
)
language_switch(language)
pages.run()

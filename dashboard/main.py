"""The Streamlit script of Familienkarte: page set-up and navigation (started by ``app.py``)."""

from pathlib import Path

import streamlit as st

from dashboard import page_map, page_nearby
from dashboard.texts import t

st.set_page_config(
    page_title=t("app_title"),
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)
st.navigation(
    [
        st.Page(page_map.render, title=t("page_title"), default=True),
        st.Page(page_nearby.render, title=t("nearby_page"), url_path="naehe"),
    ],
    position="top",
).run()

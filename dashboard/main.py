"""The Streamlit script of Familienkarte: page set-up and navigation (started by ``app.py``)."""

from pathlib import Path

import streamlit as st

from dashboard import page_map
from dashboard.texts import t

st.set_page_config(
    page_title=t("app_title"),
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)
st.navigation(
    [st.Page(page_map.render, title=t("page_title"), default=True)], position="hidden"
).run()

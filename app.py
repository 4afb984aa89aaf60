"""Familienkarte: ``uv run streamlit run app.py``.

The ASGI app: the Streamlit pages of ``dashboard/main.py`` plus one route that
serves the map's own files (Leaflet, our script, boundary layers, provider
details) with long-lived cache headers. ``streamlit run`` finds ``app`` here.
"""

import streamlit as st

from dashboard.web.server import file_routes

app = st.App("dashboard/main.py", routes=file_routes())

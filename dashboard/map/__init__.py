"""The map: our own Streamlit component (``widget``) with its browser side in
``frontend/`` (``karte/index.html``, ``familienkarte.js``, ``familienkarte.css``, the
location button ``standort/``), and the layers it is fed (boundaries, providers,
programmes, choropleth)."""

"""The Streamlit web app: pages, widgets, map building, caching, UI texts.

The only package that imports streamlit, folium and streamlit_folium.
"""

"""The Streamlit web app: pages, widgets, map building, caching, UI texts.

The only package that imports streamlit (the benchmarks' naive baseline alone uses
folium and streamlit-folium; the app's map is its own small component).
"""

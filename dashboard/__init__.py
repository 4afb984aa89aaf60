"""The Streamlit web app. The only package that imports streamlit (the benchmarks'
naive baseline alone uses folium and streamlit-folium; the app's map is its own
small component).

Rooms: ``page/`` (one module per page), ``url_state/`` (what each page keeps in its
link), ``map/`` (the map component and its layers), ``export/`` (slide figures and
downloads), ``i18n/`` (texts and languages); at the top the shared cache layer
(``cache``), the map's files (``assets``), their route (``server``), the figure of
family dates per area that the Planung page and the slides share (``event_figures``)
and the script (``main``).
"""

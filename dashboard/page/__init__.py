"""One module per page, each with a ``render()`` that owns its session keys: the map
(``map``), "In meiner Nähe" (``nearby``), Planung (``planning``), Daten (``data``)
and the presentation a page turns into (``presentation``).

Not named ``pages``: Streamlit treats a ``pages/`` folder beside the main script
(``dashboard/main.py``) as an old-style multipage app on the first run.
"""

"""What each page keeps in its URL, so a copied link reproduces the view.

One small, frozen state class per page with pure rules: read from query
parameters (unknown values are left out and named), written back as parameters
(only what differs from the defaults, so links stay short):

- :mod:`~dashboard.url_state.filters` – the map (``?typ=…&land=…&kreis=…&programm=…``)
- :mod:`~dashboard.url_state.nearby` – "In meiner Nähe" (``?q=53721&umkreis=10``)
- :mod:`~dashboard.url_state.planning` – Planung (``?kreis=…&mass=…&n=…&neu=…``)
- :mod:`~dashboard.url_state.slide` – presentation (``?praesentation=1&geschichte=…``)

:mod:`~dashboard.url_state.sync` is the one place that touches ``st.query_params``
on the pages' behalf.
"""

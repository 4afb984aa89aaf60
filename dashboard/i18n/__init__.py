"""Languages: the German catalogue and ``t()`` (``texts``), the per-session language
and ``lang``/``dir`` (``language``), and the gettext catalogues (``locale/``,
maintained with ``python -m dashboard.i18n.catalogues``)."""

"""Lean family pages: server-rendered HTML for phones, slow networks and search engines
(``/hilfe/<gemeinde>``, ``/anbieter/<id>``, sitemaps). See :mod:`dashboard.lean.routes`."""

from dashboard.lean.routes import lean_routes

__all__ = ["lean_routes"]

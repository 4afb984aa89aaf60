"""The app's own HTTP routes: the map's files, cached for a year; the calendar feed;
the readiness check.

Streamlit's component file server answers with a bare ``Cache-Control: public``,
so a browser fetches boundary layers again on every visit. Our files are named
by their content (or version), so they can be cached as immutable.
"""

from __future__ import annotations

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.web import assets
from dashboard.web.calendar_feed import calendar_feed
from dashboard.web.health import ready

#: A year: the longest lifetime browsers honour.
CACHE_CONTROL = "public, max-age=31536000, immutable"
_TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json"}


async def _file(request: Request) -> Response:
    path = assets.served_file(request.path_params["name"])
    if path is None or path.suffix not in _TYPES:
        return Response("Nicht gefunden", status_code=404, media_type="text/plain")
    data = await anyio.Path(path).read_bytes()
    headers = {"Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff"}
    return Response(data, media_type=_TYPES[path.suffix], headers=headers)


def file_routes() -> list[BaseRoute]:
    """The routes for ``st.App(routes=...)``: ``/fk/<file>``, the Termine
    subscription ``/termine.ics`` and the readiness check ``/bereit``."""
    return [
        Route(f"/{assets.ROUTE}/{{name:path}}", _file, methods=["GET", "HEAD"]),
        Route("/termine.ics", calendar_feed, methods=["GET", "HEAD"]),
        Route("/bereit", ready, methods=["GET", "HEAD"]),
    ]

"""The app's own HTTP routes: the map's files, cached for a year; the calendar feed;
the readiness check.

Streamlit's component file server answers with a bare ``Cache-Control: public``,
so a browser fetches boundary layers again on every visit. Our files are named
by their content (or version), so they can be cached as immutable.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.lean import lean_routes
from dashboard.web import assets
from dashboard.web.calendar_feed import calendar_feed
from dashboard.web.health import ready
from dashboard.web.hsds_api import hsds_routes

#: A year: the longest lifetime browsers honour.
CACHE_CONTROL = "public, max-age=31536000, immutable"
_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".png": "image/png",
}


async def _file(request: Request) -> Response:
    path = assets.served_file(request.path_params["name"])
    if path is None or path.suffix not in _TYPES:
        return Response("Nicht gefunden", status_code=404, media_type="text/plain")
    data = await anyio.Path(path).read_bytes()
    headers = {"Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff"}
    return Response(data, media_type=_TYPES[path.suffix], headers=headers)


#: What the app's own answers (files, calendar, readiness – no pages) send even without
#: nginx in front: they are never a page, never framed, never sniffed into another type.
OWN_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'",
}


def _with_own_headers(endpoint: Callable[[Request], Awaitable[Response]]):
    async def answer(request: Request) -> Response:
        response = await endpoint(request)
        for name, value in OWN_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return answer


def file_routes() -> list[BaseRoute]:
    """The routes for ``st.App(routes=...)``: ``/fk/<file>``, the Termine
    subscription ``/termine.ics``, the readiness check ``/bereit``, the read-only
    HSDS API ``/hsds/…`` and the lean family pages (``/hilfe…``, ``/anbieter/…``,
    sitemaps, ``robots.txt``)."""
    return [
        Route(f"/{assets.ROUTE}/{{name:path}}", _with_own_headers(_file), methods=["GET", "HEAD"]),
        Route("/termine.ics", _with_own_headers(calendar_feed), methods=["GET", "HEAD"]),
        Route("/bereit", _with_own_headers(ready), methods=["GET", "HEAD"]),
        *(
            Route(route.path, _with_own_headers(route.endpoint), methods=route.methods)
            for route in hsds_routes()
        ),
        *lean_routes(),
    ]

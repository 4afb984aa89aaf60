"""The naive baseline's server: the page ``naive_page.py`` plus a stand-in for the CDNs.

folium's defaults load Leaflet, jQuery, Bootstrap and Font Awesome from CDNs,
which this machine cannot reach. This route serves the very same files (kept
by PyPI ``folium-offline``) under ``/cdn/<host>/<path>``, with a CDN's
year-long cache header, so the baseline pays what it would pay online.
"""

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashboard.web.assets import _offline_folium_resource

_TYPES = {".js": "text/javascript", ".css": "text/css"}


async def _cdn(request: Request) -> Response:
    path = "/" + request.path_params["path"]
    kind = _TYPES.get(path[path.rfind(".") :])
    try:
        text = _offline_folium_resource(path)
    except RuntimeError:
        kind = None
    if kind is None:
        return Response(status_code=404)
    headers = {"Cache-Control": "public, max-age=31536000"}
    return Response(text, media_type=kind, headers=headers)


app = st.App("naive_page.py", routes=[Route("/cdn/{host}/{path:path}", _cdn)])

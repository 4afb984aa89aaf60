"""The read-only HSDS 3.0 API beside the app: ``/hsds/services``, ``/hsds/services/{id}``,
``/hsds/organizations``, ``/hsds/taxonomies``, ``/hsds/taxonomy_terms`` (each also by
id), ``/hsds`` (about) and ``/hsds/openapi.json`` (the official description with this
API's title, server and licence).

Public data only: the active providers as families see them (no retired entries, no
editor's notes), invented sample entries marked by their ``alert``. Any site may read
it (CORS); answers are cached per data version (ETag, 304).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache as once

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashboard import cache
from providers import HSDS_VERSION, HsdsCatalogue, HsdsRequestError, openapi_description

PREFIX = "/hsds"
#: A client asks again after this many seconds at the earliest.
MAX_AGE_S = 300
#: Longer query strings are refused (the app's pages bound theirs alike).
MAX_QUERY = 1000
_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": "ETag",
}


@once
def openapi_text() -> bytes:
    """The official HSDS 3.0 OpenAPI description, filled in for this API."""
    return json.dumps(openapi_description(PREFIX), ensure_ascii=False, indent=1).encode()


def answer(path: str, params: dict[str, str]) -> tuple[int, dict]:
    """Status and JSON body for a path below ``/hsds`` (``/services/…``)."""
    catalogue: HsdsCatalogue = cache.hsds_catalogue()
    parts = [part for part in path.split("/") if part]
    try:
        if not parts:
            return 200, catalogue.about
        pages = {
            "services": catalogue.services_page,
            "organizations": catalogue.organizations_page,
            "taxonomies": catalogue.taxonomies_page,
            "taxonomy_terms": catalogue.terms_page,
        }
        if len(parts) == 1 and parts[0] in pages:
            return 200, pages[parts[0]](params)
        if len(parts) == 2 and parts[0] in pages:
            key = parts[1]
            found = {
                "services": lambda: catalogue.service(key),
                "organizations": lambda: catalogue.organization(key, params),
                "taxonomies": lambda: catalogue.taxonomy(key),
                "taxonomy_terms": lambda: catalogue.term(key),
            }[parts[0]]()
            if found.body is None:
                return 404, {"error": f"no {parts[0].rstrip('s')} with id {key[:40]}"}
            return 200, found.body
    except HsdsRequestError as error:
        return 400, {"error": str(error)}
    return 404, {"error": "unknown path; see /hsds/openapi.json"}


async def hsds_route(request: Request) -> Response:
    """The routes' handler."""
    if request.method == "OPTIONS":
        return Response(status_code=204, headers=_HEADERS)
    path = request.path_params.get("rest", "")
    if path.strip("/") == "openapi.json":
        body = await anyio.to_thread.run_sync(openapi_text)
        return _json(200, body, f'"openapi-{HSDS_VERSION}"', request)
    if len(request.url.query) > MAX_QUERY:
        return _json(400, b'{"error": "query string too long"}', None, request)
    params = {key: request.query_params[key] for key in request.query_params}
    version = await anyio.to_thread.run_sync(cache.data_version)
    tag = hashlib.sha256(f"{version}|{path}|{request.url.query}".encode()).hexdigest()[:32]
    if request.headers.get("if-none-match") == f'"{tag}"':
        return Response(status_code=304, headers=_HEADERS | {"ETag": f'"{tag}"'})
    status, body = await anyio.to_thread.run_sync(answer, path, params)
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _json(status, text, f'"{tag}"' if status == 200 else None, request)


def _json(status: int, body: bytes, tag: str | None, request: Request) -> Response:
    headers = dict(_HEADERS)
    if tag:
        headers |= {"ETag": tag, "Cache-Control": f"public, max-age={MAX_AGE_S}"}
    if request.method == "HEAD":
        body = b""
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def hsds_routes() -> list[Route]:
    methods = ["GET", "HEAD", "OPTIONS"]
    return [
        Route(PREFIX, hsds_route, methods=methods),
        Route(PREFIX + "/{rest:path}", hsds_route, methods=methods),
    ]

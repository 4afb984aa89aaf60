"""The lean family pages as the app's own routes: server-rendered HTML (Jinja2), no
Streamlit bundle, readable without JavaScript.

``/hilfe`` (start, place search as a form), ``/hilfe/<gemeinde>``,
``/hilfe/<gemeinde>/<typ>``, ``/anbieter/<id>``, ``/sitemap.xml`` (+ one per Land),
``/robots.txt``. Language by ``?lang=`` (German without). Answers carry an ETag from
the data version, the day (Termine move on) and the templates, and are compressed
when the browser accepts it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import threading
from collections import OrderedDict
from functools import cache as once
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import anyio
from jinja2 import Environment, FileSystemLoader, select_autoescape
from shapely.geometry import mapping
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

import clock
from dashboard import cache
from dashboard.i18n.texts import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    is_rtl,
    native_name,
    t,
    type_label,
    use_language,
)
from dashboard.lean import content, jsonld, sitemap
from dashboard.web import assets

#: A browser or proxy asks again after this many seconds at the earliest.
MAX_AGE_S = 300
#: Longer query strings are refused (the HSDS API and the app's pages bound theirs alike).
MAX_QUERY = 1000
#: ``FAMILIENKARTE_INDEXIEREN=nein`` (a staging server): no search engine may list a page.
INDEX_ENV = "FAMILIENKARTE_INDEXIEREN"
#: The public address (``https://familienkarte.example``) for canonical links and the
#: sitemaps; without it, the address the request came to.
ADDRESS_ENV = "FAMILIENKARTE_ADRESSE"
_HERE = Path(__file__).parent
#: Pages rendered lately, by their ETag (which names the data version, the day, the
#: templates and the address): a page many families open is rendered once.
_RENDERED: OrderedDict[str, tuple[int, str]] = OrderedDict()
_RENDERED_MAX = 512
_RENDERED_LOCK = threading.Lock()
#: The larger cities offered on the start page before anything is typed.
CITIES = ("11000000", "02000000", "09162000", "05315000", "06412000", "05111000", "05911000")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; "
        "object-src 'none'"
    ),
}


@once
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["t"] = t
    return environment


@once
def _css() -> str:
    return (_HERE / "static" / "lean.css").read_text(encoding="utf-8").replace("\n", "")


@once
def _files() -> dict[str, str]:
    """Names below ``/fk/`` of the map script, Leaflet and the icon (made once)."""
    folder = assets.asset_dir()
    names = [Path(url).name for url in assets.map_assets()["js"] + assets.map_assets()["css"]]
    leaflet_js = next(n for n in names if n.startswith("leaflet-") and n.endswith(".js"))
    leaflet_css = next(n for n in names if n.startswith("leaflet-") and n.endswith(".css"))
    return {
        "map": assets.hashed_copy(_HERE / "static" / "lean-map.js", folder),
        "leaflet": leaflet_js,
        "leaflet_css": leaflet_css,
        "favicon": assets.hashed_copy(_HERE.parent / "static" / "favicon.png", folder),
    }


@once
def _code_version() -> str:
    """Changes with the templates and styles, so a new release is never a stale 304."""
    digest = hashlib.sha256()
    for path in sorted([*(_HERE / "templates").iterdir(), *(_HERE / "static").iterdir()]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def indexing() -> bool:
    """Whether search engines may list the pages (``FAMILIENKARTE_INDEXIEREN``)."""
    return os.environ.get(INDEX_ENV, "ja").strip().lower() not in ("nein", "no", "0", "aus")


def _base(request: Request) -> str:
    configured = os.environ.get(ADDRESS_ENV, "").strip().rstrip("/")
    return configured or f"{request.url.scheme}://{request.url.netloc}"


def _language(request: Request) -> str:
    wanted = request.query_params.get("lang", "")
    return wanted if wanted in LANGUAGES else SOURCE_LANGUAGE


def _suffix(language: str, first: str = "?") -> str:
    return "" if language == SOURCE_LANGUAGE else f"{first}lang={language}"


@lru_cache(maxsize=2048)
def _outline(ags: str) -> dict | None:
    """The Gemeinde's outline, simplified for a small map (a few kB)."""
    gemeinden = cache.boundaries("gemeinde")
    if ags not in gemeinden.index:
        return None
    shape = gemeinden.loc[ags, "geometry"].simplify(0.0015, preserve_topology=True)
    text = json.dumps(mapping(shape))
    return json.loads(text, parse_float=lambda value: round(float(value), 4))


def _map_data(cards, lat: float, lon: float, ags: str, language: str) -> str:
    files = _files()
    data = {
        "lat": lat,
        "lon": lon,
        "outline": _outline(ags),
        "points": [
            [
                round(c.lat, 5),
                round(c.lon, 5),
                c.url + _suffix(language),
                c.facts.invented,
                c.facts.name,
            ]
            for c in cards
        ],
        "leaflet": f"/{assets.ROUTE}/{files['leaflet']}",
        "css": f"/{assets.ROUTE}/{files['leaflet_css']}",
        "attribution": cache.boundary_metadata().attribution,
    }
    return jsonld.script_text(data)


def _frame(request: Request, language: str, path: str, **values) -> dict:
    """What every page's template needs."""
    base = _base(request)
    canonical = base + path + _suffix(language)
    alternates = [(code, base + path + _suffix(code)) for code in LANGUAGES]
    alternates.append(("x-default", base + path))
    query = dict(request.query_params)
    languages = []
    for code in LANGUAGES:
        query["lang"] = code
        if code == SOURCE_LANGUAGE:
            query.pop("lang")
        languages.append(
            (code, native_name(code), path + (f"?{urlencode(query)}" if query else ""))
        )
    values.setdefault("noindex")
    values["noindex"] = values["noindex"] or not indexing()
    return {
        "lang": language,
        "dir": "rtl" if is_rtl(language) else "ltr",
        "canonical": None if values["noindex"] else canonical,
        "alternates": alternates,
        "languages": languages,
        "q": _suffix(language),
        "amp_lang": _suffix(language, "&"),
        "css": _css(),
        "favicon": _files()["favicon"],
        "map_script": _files()["map"],
        "event_days": content.EVENT_DAYS,
        "event_radius": content.EVENT_RADIUS_KM,
        **values,
    }


def _render(template: str, context: dict) -> str:
    return _environment().get_template(template).render(context)


def _start_page(request: Request, language: str) -> tuple[int, str] | str:
    """The start page, or the address to go to (a string) when the search found one."""
    query = request.query_params.get("ort", "").strip()
    answer = content.search_answer(query) if query else None
    if answer is not None and answer.go_to:
        return answer.go_to + _suffix(language)
    cities = [
        (content.gemeinde_url(ags), cache.area_name(ags) or ags)
        for ags in CITIES
        if ags in content.slugs()
    ]
    context = _frame(
        request,
        language,
        "/hilfe",
        title=t("lean_start_title"),
        description=t("lean_start_description"),
        query=query,
        answer=answer,
        cities=cities,
        noindex=bool(query),
    )
    return (200, _render("start.html", context))


def _missing(request: Request, language: str, choices=(), message: str = "") -> tuple[int, str]:
    context = _frame(
        request,
        language,
        request.url.path,
        title=t("lean_not_found_title") + " – " + t("app_title"),
        description=t("lean_not_found_text"),
        heading=t("lean_choose_heading") if choices else t("lean_not_found_title"),
        message=message or t("lean_not_found_text"),
        choices=choices,
        noindex=True,
    )
    return (200 if choices else 404, _render("missing.html", context))


def _gemeinde(request: Request, language: str, ags: str, code: str) -> tuple[int, str]:
    page = content.gemeinde_page(ags, code)
    path = content.gemeinde_url(ags, code)
    where = f"{page.name} ({page.kreis})" if page.kreis and page.kreis != page.name else page.name
    if code:
        kind = type_label(code)
        title = t("lean_title_type", type=kind, place=where)
        description = t("lean_description_type", type=kind, place=where)
        heading = t("lean_heading_type", type=kind, place=page.name)
    else:
        title = t("lean_title_gemeinde", place=where)
        description = t("lean_description_gemeinde", place=where)
        heading = t("lean_heading_gemeinde", place=page.name)
    base = _base(request)
    invented = page.all_invented or (bool(code) and not page.cards)
    context = _frame(
        request,
        language,
        path,
        title=f"{title} – {t('app_title')}",
        description=description,
        heading=heading,
        page=page,
        radius=content.TYPE_RADIUS_KM,
        gemeinde_href=content.gemeinde_url(ags),
        noindex=invented,
        jsonld=jsonld.script_text(jsonld.gemeinde_graph(page, base, title, base + path)),
        map=_map_data(page.cards, page.lat, page.lon, ags, language),
    )
    return (200, _render("gemeinde.html", context))


def _provider(request: Request, language: str, provider_id: str) -> tuple[int, str]:
    page = content.provider_page(provider_id)
    if page is None:
        return _missing(request, language, message=t("lean_provider_missing"))
    facts = page.card.facts
    where = page.gemeinde or page.card.row["city"] or ""
    title = t("lean_title_provider", name=facts.name, kinds=facts.kinds, place=where)
    base = _base(request)
    context = _frame(
        request,
        language,
        page.card.url,
        title=f"{title} – {t('app_title')}",
        description=t("lean_description_provider", name=facts.name, kinds=facts.kinds, place=where),
        page=page,
        noindex=facts.invented,
        jsonld=jsonld.script_text(jsonld.provider_graph(page.card, page.dates, base)),
        map=_map_data(
            [page.card], page.card.lat, page.card.lon, page.card.row["gemeinde_ags"], language
        ),
    )
    return (200, _render("provider.html", context))


def _page(request: Request) -> tuple[int, str] | str:
    """Status and HTML of a page, or the address to send the visitor on to (a string)."""
    # one question to the store for the data version per page, as a script run asks
    cache.new_run()
    language = _language(request)
    use_language(language)
    path = request.url.path
    parts = [part for part in path.split("/") if part]
    if parts[0] == "anbieter":
        return _provider(request, language, request.path_params["rest"])
    if len(parts) == 1:
        return _start_page(request, language)
    slug, code = parts[1], parts[2] if len(parts) > 2 else ""
    if len(parts) > 3 or (code and code not in content.TYPE_CODES):
        return _missing(request, language)
    if slug != slug.lower():
        return "/".join(["", "hilfe", slug.lower(), *([code] if code else [])]) + _suffix(language)
    found = content.find_gemeinde(slug)
    if found.ags is None:
        choices = [
            (content.gemeinde_url(ags, code), content.namesake_label(ags)) for ags in found.choices
        ]
        return _missing(request, language, choices, t("lean_choose", name=slug))
    if found.moved:
        return content.gemeinde_url(found.ags, code) + _suffix(language)
    return _gemeinde(request, language, found.ags, code)


def _tag(request: Request) -> str:
    version = cache.data_version()
    # everything a page depends on: the data, the day (Termine), the templates, the
    # address (canonical links) and whether search engines may list it
    key = (
        f"{version}|{clock.today()}|{_code_version()}|{_base(request)}|{indexing()}|"
        f"{request.url.path}|{request.url.query}"
    )
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _answer(body: str, status: int, request: Request, media: str, tag: str | None) -> Response:
    headers = dict(HEADERS)
    if tag:
        headers |= {"ETag": tag, "Cache-Control": f"public, max-age={MAX_AGE_S}"}
    if not indexing():
        headers["X-Robots-Tag"] = "noindex"
    data = body.encode("utf-8")
    headers["Vary"] = "Accept-Encoding"
    if "gzip" in request.headers.get("accept-encoding", "") and len(data) > 1024:
        data = gzip.compress(data, compresslevel=6, mtime=0)
        headers["Content-Encoding"] = "gzip"
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(data))
        data = b""
    return Response(data, status_code=status, media_type=media, headers=headers)


async def page_route(request: Request) -> Response:
    """``/hilfe…`` and ``/anbieter/…``."""
    if len(request.url.query) > MAX_QUERY:
        return _answer(t("lean_query_too_long"), 400, request, "text/plain", None)
    tag = await anyio.to_thread.run_sync(_tag, request)
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=HEADERS | {"ETag": tag})
    with _RENDERED_LOCK:
        kept = _RENDERED.get(tag)
    if kept is not None:
        return _answer(kept[1], kept[0], request, "text/html; charset=utf-8", tag)
    result = await anyio.to_thread.run_sync(_page, request)
    if isinstance(result, str):
        status = 303 if request.query_params.get("ort") else 301
        return RedirectResponse(result, status_code=status, headers=HEADERS)
    status, html = result
    if status == 200:
        with _RENDERED_LOCK:
            _RENDERED[tag] = (status, html)
            while len(_RENDERED) > _RENDERED_MAX:
                _RENDERED.popitem(last=False)
    return _answer(
        html, status, request, "text/html; charset=utf-8", tag if status == 200 else None
    )


def _sitemap(request: Request) -> tuple[int, str]:
    paths = sitemap.paths_by_land(cache.data_version())
    base = _base(request)
    name = request.path_params.get("name")
    if name is None:
        return 200, sitemap.sitemap_index(base, sitemap.part_names(paths))
    text = sitemap.sitemap_part(base, paths, name)
    return (404, "") if text is None else (200, text)


async def sitemap_route(request: Request) -> Response:
    """``/sitemap.xml`` and ``/sitemap-<land>.xml``."""
    if not indexing():
        return Response("Nicht gefunden", 404, media_type="text/plain", headers=HEADERS)
    status, text = await anyio.to_thread.run_sync(_sitemap, request)
    tag = await anyio.to_thread.run_sync(_tag, request)
    return _answer(text, status, request, "application/xml", tag if status == 200 else None)


async def robots_route(request: Request) -> Response:
    """``/robots.txt``."""
    return _answer(sitemap.robots(_base(request), indexing()), 200, request, "text/plain", None)


def lean_routes() -> list[Route]:
    methods = ["GET", "HEAD"]
    return [
        Route("/hilfe", page_route, methods=methods),
        Route("/hilfe/{rest:path}", page_route, methods=methods),
        Route("/anbieter/{rest:path}", page_route, methods=methods),
        Route("/sitemap.xml", sitemap_route, methods=methods),
        Route("/sitemap-{name}.xml", sitemap_route, methods=methods),
        Route("/robots.txt", robots_route, methods=methods),
    ]

"""The map's own files: Leaflet, our runtime, boundary layers and provider details.

Privacy and offline use: the map must not load anything from a CDN. Leaflet
comes from the installed PyPI package ``folium-offline`` (which keeps the
files folium would fetch), the map's own JS/CSS from ``dashboard/map/frontend``, and
boundary layers and provider details are written as JSON files named by their
content. All of them live in one cache folder, served by the app's own route
(:mod:`dashboard.web.server`, ``/fk/<file>``) with long-lived cache headers: a name
never changes its content, so a browser fetches each file once.

Paths handed to the map are relative to its iframe
(``/component/dashboard.map.widget.karte/index.html``). Nothing happens at
import: the folder is made when the first file is written.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import os
import re
import threading
from functools import cache
from pathlib import Path

LEAFLET_VERSION = "1.9.3"
MARKERCLUSTER_VERSION = "1.1.0"
_CLUSTER = f"/leaflet.markercluster/{MARKERCLUSTER_VERSION}"
# folium-offline keys its files by the URL folium would load; we match the path only.
# In load order: Leaflet first, then its plugin.
_LEAFLET_SOURCES = {
    f"leaflet-{LEAFLET_VERSION}.js": f"/leaflet@{LEAFLET_VERSION}/dist/leaflet.js",
    f"leaflet-{LEAFLET_VERSION}.css": f"/leaflet@{LEAFLET_VERSION}/dist/leaflet.css",
    f"markercluster-{MARKERCLUSTER_VERSION}.js": f"{_CLUSTER}/leaflet.markercluster.js",
    f"markercluster-{MARKERCLUSTER_VERSION}.css": f"{_CLUSTER}/MarkerCluster.css",
}
_OWN_STATIC = Path(__file__).parents[1] / "static"
_MAP_FRONTEND = Path(__file__).parents[1] / "map" / "frontend"
#: The app's route for these files (see ``app.py``).
ROUTE = "fk"
#: The files' URL as the map's iframe sees it.
URL_PREFIX = f"../../{ROUTE}/"
_SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?")


def asset_dir() -> Path:
    """Folder the app serves its web assets from (``$FAMILIENKARTE_CACHE`` or ~/.cache)."""
    base = os.environ.get("FAMILIENKARTE_CACHE") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return _made(root / "familienkarte" / "web")


@cache
def _made(folder: Path) -> Path:
    (folder / "b").mkdir(parents=True, exist_ok=True)
    return folder


def served_file(name: str) -> Path | None:
    """The file behind ``/fk/<name>``, or ``None`` for a name that is not one of ours."""
    if not _SAFE_NAME.fullmatch(name) or ".." in name:
        return None
    path = asset_dir() / name
    return path if path.is_file() else None


def _offline_folium_resource(path: str) -> str:
    """Read one file that folium-offline keeps, without importing its 7 MB modules."""
    spec = importlib.util.find_spec("offlinefolium")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Paket folium-offline fehlt: bitte `uv sync` ausführen.")
    source = Path(next(iter(spec.submodule_search_locations))) / "elements.py"
    text = source.read_text(encoding="utf-8")
    found = re.search(r"_res\['[^']*" + re.escape(path) + r"'\] = ", text)
    if found is None:
        raise RuntimeError(f"folium-offline enthält {path} nicht")
    start = found.end()
    end = text.find("\n_res[", start)
    return ast.literal_eval(text[start : end if end >= 0 else len(text)].strip())


def _write_if_changed(path: Path, content: str | bytes) -> None:
    """Write atomically: a reader (another app process, a browser) never sees half a file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def hashed_copy(source: Path, folder: Path) -> str:
    """Copy our own file under a content-hashed name, so browsers never use a stale one."""
    data = source.read_bytes()
    name = f"{source.stem}-{hashlib.sha1(data).hexdigest()[:10]}{source.suffix}"
    if not (folder / name).exists():
        _write_if_changed(folder / name, data)
    return name


@cache
def map_assets() -> dict[str, list[str]]:
    """Make sure all map assets exist; return their URLs: ``{"js": [...], "css": [...]}``."""
    folder = asset_dir()
    for name, url in _LEAFLET_SOURCES.items():
        if not (folder / name).exists():
            _write_if_changed(folder / name, _offline_folium_resource(url))
    own_js = hashed_copy(_MAP_FRONTEND / "familienkarte.js", folder)
    own_css = hashed_copy(_MAP_FRONTEND / "familienkarte.css", folder)
    files = [*_LEAFLET_SOURCES, own_js, own_css]
    return {
        kind: [URL_PREFIX + name for name in files if name.endswith(f".{kind}")]
        for kind in ("js", "css")
    }


@cache
def page_css_url() -> str:
    """URL of the page's own styles (``static/page.css``), relative to the page.

    Linked once into the page instead of sent with every rerun: a file the browser
    keeps costs nothing on the next change of a filter, measure or language.
    """
    return f"{ROUTE}/" + hashed_copy(_OWN_STATIC / "page.css", asset_dir())


def publish_json(payload: str) -> str:
    """Store a JSON file for the map under its content hash; return its URL."""
    digest = hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]
    return publish_named(f"{digest}.json", payload)


def publish_named(name: str, payload: str) -> str:
    """Store a JSON file under a name that stands for its content (a version in it)."""
    path = asset_dir() / "b" / name
    if not path.exists():
        _write_if_changed(path, payload)
    return file_url(name)


def file_url(name: str) -> str:
    """URL of a published file (``name`` may hold a ``{ags}`` placeholder)."""
    return f"{URL_PREFIX}b/{name}"


def asset_path(url: str) -> Path:
    """The file behind a URL from :func:`publish_json` or :func:`map_assets`."""
    return asset_dir() / url.removeprefix(URL_PREFIX)

"""Serve Leaflet, our map runtime and boundary layers from the app itself.

Privacy and offline use: the map must not load anything from a CDN. Leaflet
comes from the installed PyPI package ``folium-offline`` (which keeps the
files folium would fetch), our own JS/CSS from ``dashboard/static``, and
boundary layers and provider details are written as content-addressed JSON
files. All of them live in one cache folder that Streamlit serves as the files
of a (never rendered) component, at ``/component/<name>/<file>`` with
``Cache-Control: public``. Nothing happens at import: the folder is made and
registered with the first map that needs it.

Paths handed to the map are relative to the st_folium iframe
(``/component/streamlit_folium.st_folium/index.html``), so they also work
under ``server.baseUrlPath``.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import os
import re
import shutil
from functools import cache
from pathlib import Path

import streamlit.components.v1 as components
from streamlit.runtime.scriptrunner import get_script_run_ctx

LEAFLET_VERSION = "1.9.3"
# folium-offline keys its files by the URL folium would load; we match the path only.
_LEAFLET_SOURCES = {
    f"leaflet-{LEAFLET_VERSION}.js": f"/leaflet@{LEAFLET_VERSION}/dist/leaflet.js",
    f"leaflet-{LEAFLET_VERSION}.css": f"/leaflet@{LEAFLET_VERSION}/dist/leaflet.css",
}
_OWN_STATIC = Path(__file__).parent / "static"
_COMPONENT_NAME = "web"


#: Streamlit names a component after the module that declares it.
URL_PREFIX = f"../{__name__}.{_COMPONENT_NAME}/"


def asset_dir() -> Path:
    """Folder the app serves its web assets from (``$FAMILIENKARTE_CACHE`` or ~/.cache).

    Made and registered with Streamlit's file server on first use.
    """
    base = os.environ.get("FAMILIENKARTE_CACHE") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return _served(root / "familienkarte" / "web")


_registered: set[Path] = set()


def _served(folder: Path) -> Path:
    if folder not in _registered:
        (folder / "b").mkdir(parents=True, exist_ok=True)
        # Streamlit registers a component only from inside a script run.
        if get_script_run_ctx(suppress_warning=True) is not None:
            component = components.declare_component(_COMPONENT_NAME, path=str(folder))
            assert URL_PREFIX == f"../{component.name}/", component.name
            _registered.add(folder)
    return folder


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


def _write_if_changed(path: Path, content: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != content:
        temporary = path.with_suffix(path.suffix + ".tmp")
        temporary.write_text(content, encoding="utf-8")
        temporary.replace(path)


def _hashed_copy(source: Path, folder: Path) -> str:
    """Copy our own file under a content-hashed name, so browsers never use a stale one."""
    digest = hashlib.sha1(source.read_bytes()).hexdigest()[:10]
    name = f"{source.stem}-{digest}{source.suffix}"
    if not (folder / name).exists():
        shutil.copyfile(source, folder / name)
    return name


@cache
def map_assets() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Make sure all map assets exist; return folium-style ``default_js``/``default_css``."""
    folder = asset_dir()
    for name, url in _LEAFLET_SOURCES.items():
        if not (folder / name).exists():
            _write_if_changed(folder / name, _offline_folium_resource(url))
    own_js = _hashed_copy(_OWN_STATIC / "familienkarte.js", folder)
    own_css = _hashed_copy(_OWN_STATIC / "familienkarte.css", folder)
    js = [
        ("leaflet", URL_PREFIX + f"leaflet-{LEAFLET_VERSION}.js"),
        ("familienkarte", URL_PREFIX + own_js),
    ]
    css = [
        ("leaflet_css", URL_PREFIX + f"leaflet-{LEAFLET_VERSION}.css"),
        ("familienkarte_css", URL_PREFIX + own_css),
    ]
    return js, css


def publish_json(payload: str) -> str:
    """Store a JSON file for the map under its content hash; return its URL."""
    digest = hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]
    path = asset_dir() / "b" / f"{digest}.json"
    if not path.exists():
        _write_if_changed(path, payload)
    return f"{URL_PREFIX}b/{digest}.json"


def asset_path(url: str) -> Path:
    """The file behind a URL from :func:`publish_json` or :func:`map_assets`."""
    return asset_dir() / url.removeprefix(URL_PREFIX)

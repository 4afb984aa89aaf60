"""Map payload and build time: Familienkarte against the naive folium way, same run.

``uv run python -m benchmarks.map_payload``

For three views (all Germany, Land NRW, Kreis 01058) it builds
- naive: the view's Gemeinden as one full GeoJSON layer plus one folium
  ``Marker`` with ``Popup`` per provider, rendered to HTML;
- ours: the map component's arguments as the app builds them (options and
  view, JSON), plus the boundary layer files the view fetches on a first visit.
It prints bytes and build times (best of several runs, cold = layer caches
cleared) and their ratios, the bytes a type-filter change sends (the view's
arguments), and the bytes of the Kreis details file the first popup fetches (not
in "ours": the naive page carries its popups, ours loads them on demand).
The headline figures are the browser benchmark's (``benchmarks.browser_payload``).
"""

from __future__ import annotations

import gc
import json
import logging
import os
import tempfile
import time

import geopandas as gpd

import geodata
from benchmarks.naive_map import naive_map
from dashboard import cache
from dashboard.map import boundary_layer, provider_layer
from dashboard.map.widget import map_options, view_args
from dashboard.web import assets
from providers import filter_providers

VIEWS = {
    "Deutschland": (None, None),
    "Land NRW (05)": ("05", None),
    "Kreis 01058": ("01", "01058"),
}
RUNS = 9


def naive_html(gemeinden: gpd.GeoDataFrame, providers: gpd.GeoDataFrame) -> str:
    return naive_map(gemeinden, providers).get_root().render()


def ours(land, kreis, providers, attribution) -> tuple[str, str, list[str], list[str], str]:
    """The map's arguments (options and view as JSON), the view's part of them, URLs of
    layer files (first visit and zoomed in) and of one Kreis' popup details."""
    view = boundary_layer.build_view(kreis or land)
    markers = provider_layer.provider_markers(providers, (), land, kreis)
    view_json = json.dumps(view_args(view, markers), ensure_ascii=False)
    page = json.dumps(map_options("none", attribution), ensure_ascii=False) + view_json
    on_demand = [spec["detail"]["url"] for spec in view.layers if "detail" in spec]
    kreis_details = markers.details_url.replace("{ags}", kreis or "05382")
    return page, view_json, [spec["url"] for spec in view.layers], on_demand, kreis_details


def best(function, runs: int = RUNS) -> tuple[float, object]:
    """Best time of several runs; like ``timeit``, without garbage collection pauses."""
    times, result = [], None
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return min(times), result


def main() -> None:
    os.environ.setdefault("FAMILIENKARTE_CACHE", tempfile.mkdtemp(prefix="fk-bench-"))
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    gemeinden = cache.boundaries("gemeinde")
    all_providers = cache.provider_data().frame
    # Loaded once per process, like the app does at start: not part of a view's build.
    for variant in geodata.DISPLAY_VARIANTS:
        cache.boundary_set().arrays(variant.level, variant)
    cache.boundary_set().arrays("gemeinde")
    provider_layer._details()
    attribution = cache.boundary_metadata().attribution
    print(
        f"{'Ansicht':16} {'naiv B':>11} {'unser B':>9} {'×':>6} {'naiv s':>8} "
        f"{'kalt s':>8} {'×':>6} {'warm s':>8} {'×':>6} {'Typwechsel B':>13} "
        f"{'Zoom B':>8} {'Popup B':>8}"
    )
    for label, (land, kreis) in VIEWS.items():
        shown = filter_providers(all_providers, land=land, kreis=kreis)
        subset = gemeinden
        if kreis:
            subset = gemeinden[gemeinden["kreis_ags"] == kreis]
        elif land:
            subset = gemeinden[gemeinden["land_ags"] == land]
        naive_time, naive_page = best(lambda s=subset, p=shown: naive_html(s, p), runs=RUNS)

        def cold(land=land, kreis=kreis, shown=shown):
            geodata.clear_view_cache()
            return ours(land, kreis, shown, attribution)

        cold_time, (page, group_script, urls, on_demand, details) = best(cold)
        warm_time, _ = best(
            lambda land=land, kreis=kreis, shown=shown: ours(land, kreis, shown, attribution)
        )
        files = sum(assets.asset_path(url).stat().st_size for url in urls)
        zoom_bytes = sum(assets.asset_path(url).stat().st_size for url in on_demand)
        details_bytes = assets.asset_path(details).stat().st_size
        our_bytes = len(page.encode()) + files
        naive_bytes = len(naive_page.encode())
        print(
            f"{label:16} {naive_bytes:11,} {our_bytes:9,} {naive_bytes / our_bytes:6.1f} "
            f"{naive_time:8.3f} {cold_time:8.3f} {naive_time / cold_time:6.1f} "
            f"{warm_time:8.3f} {naive_time / warm_time:6.1f} {len(group_script.encode()):13,} "
            f"{zoom_bytes:8,} {details_bytes:8,}"
        )
    print("\nB = Bytes der Karte (Argumente + Grenzdateien beim ersten Besuch), s = Bauzeit.")
    print("Typwechsel: nur die Ansicht wird neu gesendet, Grenzdateien bleiben im Cache.")
    print(f"Zoom: Detailgrenzen, erst ab Zoom {geodata.DETAIL_ZOOM} geladen.")
    print("Popup: Details der Angebote eines Kreises, beim ersten Popup dort geladen")
    print("(die naive Seite enthält sie).")
    print("Kalt: ohne die Caches der Ansicht; Grenzen, Anzeigevarianten und Anbieter sind geladen.")


if __name__ == "__main__":
    main()

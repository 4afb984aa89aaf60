"""Everything the map needs for one area selection, from one call.

:func:`boundary_view` takes the narrowest selected area and returns the encoded
boundary layers of that view, its extent, the highlight and the name, so the
web layer only adds style, URLs and legend. Which level each view shows:

* all Germany: its Kreise, coarsely (:data:`GERMANY_KREISE`), with the Länder
  borders in the outline of the same layer;
* a Land: its Kreise (:data:`LAND_KREISE`);
* a Kreis or one of its Gemeinden: the Kreis' Gemeinden, coarse
  (:data:`KREIS_GEMEINDEN`) first and at full detail from :data:`DETAIL_ZOOM`
  on, and the borders of the other Kreise of its Land as context; a chosen
  Gemeinde is highlighted.

Encoded layers are kept per process: a view's files are built once and are the
same bytes every time, so the browser can cache them by content.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from geodata.ags import Level, level_of, parent_ags
from geodata.boundaries import BoundarySet, Bounds
from geodata.display import DISPLAY_PRECISION, encode_layer, encode_lines
from geodata.fileformat import GERMANY_KREISE, KREIS_GEMEINDEN, LAND_KREISE, DisplayVariant

ViewKind = Literal["germany", "land", "kreis"]

#: From this zoom on the Kreis view switches to the full detail (fetched only then).
DETAIL_ZOOM = 10
#: Display variants need no finer coordinates than 1/5000 degree (about 22 m).
COARSE_PRECISION = 5_000


@dataclass(frozen=True)
class AreaLayer:
    """The areas of a view as one encoded layer (format: :mod:`geodata.display`).

    Attributes
    ----------
    payload
        The layer the view starts with.
    detail_payload
        The same areas at full detail, for zoom :attr:`detail_zoom` and closer.
    detail_zoom
        Zoom level from which :attr:`detail_payload` replaces :attr:`payload`.
    highlight
        Index of the chosen area in both payloads, if one is chosen.
    ags
        AGS of the areas in payload order: what per-area values line up with.
    """

    payload: str
    detail_payload: str | None = None
    detail_zoom: int | None = None
    highlight: int | None = None
    ags: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoundaryView:
    """Boundaries, extent and names of one view.

    Attributes
    ----------
    kind
        ``"germany"``, ``"land"`` or ``"kreis"`` (also for a chosen Gemeinde).
    key
        Identifies the selection (``de``, ``l05``, ``k05382``, ``g05382060``), so
        the map refits only when it changes.
    selected
        The narrowest chosen AGS, or ``None`` for all Germany.
    name
        Name of the chosen area, ``None`` for all Germany.
    bounds
        ``((south, west), (north, east))`` the map fits to.
    areas
        The areas the view shows.
    context
        Lines only: the borders of the other Kreise of the Land (Kreis view).
    labels
        Kreis view: ``[[lat, lon, escaped name], ...]`` of its Gemeinden (JSON), for
        place names on a map without an online basemap.
    """

    kind: ViewKind
    key: str
    selected: str | None
    name: str | None
    bounds: Bounds
    areas: AreaLayer
    context: str | None = None
    labels: str | None = None


def boundary_view(boundaries: BoundarySet, selected: str | None) -> BoundaryView:
    """The boundary layers and extent of the view of an area.

    Parameters
    ----------
    boundaries
        The loaded boundaries.
    selected
        AGS of the narrowest chosen area (Land, Kreis or Gemeinde), or ``None``
        for all Germany.

    Returns
    -------
    BoundaryView
        What the map draws; layers are encoded once per process.

    Raises
    ------
    ValueError
        If ``selected`` is not an area of ``boundaries``.
    """
    if selected is not None and selected not in boundaries:
        raise ValueError(f"unbekanntes Gebiet {selected!r}")
    level = level_of(selected)
    bounds = boundaries.bounds(selected)
    name = boundaries.name(selected)
    if level is None:
        areas = AreaLayer(
            _areas(boundaries, "kreis", GERMANY_KREISE, None, "land"),
            ags=_keys(boundaries, "kreis", None),
        )
        return BoundaryView("germany", "de", None, None, bounds, areas)
    if level == "land":
        areas = AreaLayer(
            _areas(boundaries, "kreis", LAND_KREISE, selected),
            ags=_keys(boundaries, "kreis", selected),
        )
        return BoundaryView("land", f"l{selected}", selected, name, bounds, areas)
    assert selected is not None
    kreis = parent_ags(selected, "kreis")
    highlight = None
    if level == "gemeinde":
        shown = boundaries.arrays("gemeinde")
        highlight = int(np.flatnonzero(shown.ags[shown.within(kreis)] == selected)[0])
    areas = AreaLayer(
        _areas(boundaries, "gemeinde", KREIS_GEMEINDEN, kreis),
        _areas(boundaries, "gemeinde", None, kreis),
        DETAIL_ZOOM,
        highlight,
        _keys(boundaries, "gemeinde", kreis),
    )
    key = f"g{selected}" if level == "gemeinde" else f"k{selected}"
    return BoundaryView(
        "kreis",
        key,
        selected,
        name,
        bounds,
        areas,
        _other_kreise(boundaries, kreis),
        _labels(boundaries, kreis),
    )


def _keys(boundaries: BoundarySet, level: Level, region: str | None) -> tuple[str, ...]:
    arrays = boundaries.arrays(level)
    return tuple(str(key) for key in arrays.ags[arrays.within(region)])


@lru_cache(maxsize=1024)
def _areas(
    boundaries: BoundarySet,
    level: Level,
    variant: DisplayVariant | None,
    region: str | None,
    group_level: Level | None = None,
) -> str:
    """The areas of ``level`` within ``region``; borders between ``group_level``
    areas join the outline (Länder borders between Kreise)."""
    arrays = boundaries.arrays(level, variant)
    rows = arrays.within(region)
    ags = arrays.ags[rows]
    groups = np.array([parent_ags(key, group_level) for key in ags]) if group_level else None
    precision = COARSE_PRECISION if variant else DISPLAY_PRECISION
    return encode_layer(arrays.geometries[rows], arrays.names[rows].tolist(), precision, groups)


@lru_cache(maxsize=512)
def _other_kreise(boundaries: BoundarySet, kreis: str) -> str:
    """Borders of the other Kreise of the Land of ``kreis``, none along ``kreis`` itself."""
    arrays = boundaries.arrays("kreis", GERMANY_KREISE)
    rows = arrays.within(parent_ags(kreis, "land"))
    left_out = arrays.ags[rows] == kreis
    return encode_lines(arrays.geometries[rows], left_out, COARSE_PRECISION)


@lru_cache(maxsize=512)
def _labels(boundaries: BoundarySet, kreis: str) -> str:
    """Names of the Gemeinden of ``kreis`` at a point inside each, HTML-escaped."""
    anchors = boundaries.anchors("gemeinde")
    names = boundaries.arrays("gemeinde").names
    rows = np.flatnonzero(np.char.startswith(anchors.ags.astype(str), kreis))
    labels = [
        [float(anchors.lat[i]), float(anchors.lon[i]), html.escape(str(names[i]))] for i in rows
    ]
    return json.dumps(labels, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=256)
def gemeinde_layer(boundaries: BoundarySet, ags: tuple[str, ...]) -> str:
    """Chosen Gemeinden as one encoded layer (coarse, :data:`KREIS_GEMEINDEN`), in the
    order of ``ags``: an overlay such as the Gemeinden of a programme.

    Raises
    ------
    KeyError
        If an AGS is no Gemeinde of ``boundaries``.
    """
    arrays = boundaries.arrays("gemeinde", KREIS_GEMEINDEN)
    position = {str(key): i for i, key in enumerate(arrays.ags)}
    rows = np.array([position[key] for key in ags], dtype=np.int64)
    return encode_layer(arrays.geometries[rows], arrays.names[rows].tolist(), COARSE_PRECISION)


def clear_view_cache() -> None:
    """Forget every encoded layer (for measurements of a cold start)."""
    _areas.cache_clear()
    _other_kreise.cache_clear()
    _labels.cache_clear()
    gemeinde_layer.cache_clear()

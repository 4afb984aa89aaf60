"""Coverage measures per area as a choropleth: shared by the planning page, the
presentation and the exports, so that all three show the same classes and colours.

Coverage is computed for all Germany once per type set, N and denominator
(cached per process); a view takes its areas' values, classes them with
``mapclassify`` and colours them with :data:`PALETTE`.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, replace

import mapclassify
import numpy as np
import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import number, t
from dashboard.map.boundary_layer import View
from geodata import to_metric
from planning import area_measures, gemeinde_coverage, two_step_fca
from providers import filter_providers

#: Measures: URL value → (column of :func:`planning.area_measures`, text key, decimals).
MEASURES = {
    "anzahl": ("providers", "measure_count", 0),
    "je10000": ("per_10k", "measure_per_10k", 2),
    "entfernung": ("nearest_km", "measure_distance", 1),
    "anteil": ("share_beyond", "measure_share", 1),
    "2sfca": ("access", "measure_access", 2),
    # need (Zensus 2022), shown like the measures of supply
    "unter18": ("unter_18", "need_unter_18", 0),
    "migration": ("anteil_migration", "need_migration", 1),
    "auslaender": ("anteil_auslaendisch", "need_foreign", 1),
    "haushalt": ("haushaltsgroesse", "need_household", 2),
}
#: Measures that are shares (0–1), shown in per cent.
PERCENT_MEASURES = frozenset({"anteil", "migration", "auslaender"})
#: Measures that describe need, not supply: the same for every type and N.
NEED_MEASURES = frozenset({"unter18", "migration", "auslaender", "haushalt"})
#: Classifications: URL value → (mapclassify scheme, text key).
SCHEMES = {
    "natuerlich": ("NaturalBreaks", "classes_natuerlich"),
    "quantile": ("Quantiles", "classes_quantile"),
}
#: ColorBrewer YlGnBu, five classes: sequential and safe for colour-blind readers.
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
MISSING = "#bdbdbd"
DEFAULT_N_KM = 10


@dataclass(frozen=True, eq=False)
class Denominator:
    """A planner's own figure per Gemeinde that measures count per head of, in place of
    the inhabitants ("je 10.000 Kinder unter 3").

    It lives in the planner's session; the cached measures are keyed by ``key`` (a
    hash of the content) and keep only what they computed from ``values``, so an
    upload is freed with its session.
    """

    key: str
    values: pd.Series

    @classmethod
    def of(cls, values: pd.Series, name: str) -> Denominator:
        """A denominator keyed by its name and content."""
        digest = hashlib.sha1(values.to_json().encode() + name.encode()).hexdigest()
        return cls(digest, values)


def denominator_series(denominator: Denominator | None) -> pd.Series:
    """The uploaded figure, or the inhabitants."""
    return denominator.values if denominator is not None else cache.population().inhabitants


def metric_xy(frame: pd.DataFrame) -> np.ndarray:
    """Points of a frame with ``lat``/``lon`` in metres."""
    return to_metric(frame["lat"].to_numpy(), frame["lon"].to_numpy())


@st.cache_resource(show_spinner=False)
def anchor_frame() -> pd.DataFrame:
    """Each Gemeinde's point (where distances are measured from), indexed by AGS."""
    anchors = cache.boundary_set().anchors("gemeinde")
    return pd.DataFrame({"lat": anchors.lat, "lon": anchors.lon}, index=pd.Index(anchors.ags))


def coverage(
    service: tuple[str, ...],
    n_km: int,
    denominator: Denominator | None = None,
    real_only: bool = False,
):
    """Coverage of one type for all Germany, and its 2SFCA scores (per type, N and
    denominator: inhabitants, or a planner's own figure; real providers only with
    ``real_only``)."""
    key = denominator.key if denominator is not None else None
    return _coverage(service, n_km, key, real_only, denominator)


@cache.follows_providers
@st.cache_resource(show_spinner=False, max_entries=64)
def _coverage(
    service: tuple[str, ...],
    n_km: int,
    key: str | None,
    real_only: bool,
    _denominator: Denominator | None,
):
    # The leading underscore keeps the figure out of Streamlit's cache key: ``key``
    # names it, and the entry keeps no reference to the upload.
    frame = cache.provider_data().frame
    providers = filter_providers(frame, service, real_only=real_only)
    points = anchor_frame()
    found = gemeinde_coverage(points, denominator_series(_denominator), providers)
    access = two_step_fca(
        metric_xy(points),
        found.table["inhabitants"].to_numpy(dtype=float, na_value=np.nan),
        metric_xy(providers),
        np.ones(len(providers)),
        n_km * 1000,
    )
    return found, access, providers


def measures_by_area(
    service: tuple[str, ...],
    n_km: int,
    denominator: Denominator | None,
    level: str,
    real_only: bool = False,
) -> pd.DataFrame:
    """The measures per area of a view's level (once per type, N, denominator, level)."""
    key = denominator.key if denominator is not None else None
    return _measures_by_area(service, n_km, key, level, real_only, denominator)


@cache.follows_providers
@st.cache_resource(show_spinner=False, max_entries=64)
def _measures_by_area(
    service: tuple[str, ...],
    n_km: int,
    key: str | None,
    level: str,
    real_only: bool,
    _denominator: Denominator | None,
) -> pd.DataFrame:
    found, access, _ = coverage(service, n_km, _denominator, real_only)
    measures = area_measures(found, access, n_km, level)
    return measures.join(cache.need().by_level(level).drop(columns="einwohner_2022"))


def format_value(value: object, decimals: int, measure: str) -> str:
    """A measure's value as the legend, tooltips and tables show it."""
    if value is None or pd.isna(value):
        return t("no_figure")
    if measure in PERCENT_MEASURES:
        return f"{number(float(value) * 100, decimals)} %"
    if measure == "entfernung":
        return f"{number(float(value), decimals)} km"
    return number(float(value), decimals)


def _span(low: float, high: float, decimals: int, measure: str) -> str:
    """A class's limits for the legend; one value when both round alike."""
    first, last = format_value(low, decimals, measure), format_value(high, decimals, measure)
    return last if first == last else f"{first} – {last}"


def classify(values: pd.Series, scheme: str) -> tuple[np.ndarray, list[float]]:
    """Class per value (−1: no figure) and the classes' upper limits."""
    key = tuple(None if pd.isna(v) else float(v) for v in values)
    classes, limits = _classes(key, scheme)
    return np.array(classes, dtype=int), list(limits)


@functools.lru_cache(maxsize=256)
def _classes(
    values: tuple[float | None, ...], scheme: str
) -> tuple[tuple[int, ...], tuple[float, ...]]:
    # Once per set of figures: the web map, the slide and each export of one view
    # class the same values, and natural breaks cost tens of milliseconds.
    known = pd.Series([v for v in values if v is not None], dtype=float)
    present = np.array([v is not None for v in values], dtype=bool)
    classes = np.full(len(values), -1)
    if known.empty:
        return tuple(classes.tolist()), ()
    k = min(len(PALETTE), known.nunique())
    if k < 2:
        classes[present] = 0
        return tuple(classes.tolist()), (float(known.max()),)
    found = mapclassify.classify(known.to_numpy(), SCHEMES[scheme][0], k=k)
    classes[present] = found.yb
    return tuple(classes.tolist()), tuple(float(b) for b in found.bins)


@dataclass(frozen=True)
class Shading:
    """A measure's classes for the areas of a view.

    Attributes
    ----------
    ags
        The view's areas, in layer order.
    classes
        Class per area (index into :data:`PALETTE`), −1 for no figure.
    values
        The value per area as text.
    legend
        ``(label, colour)`` per class, then "keine Angabe".
    """

    ags: tuple[str, ...]
    classes: tuple[int, ...]
    values: tuple[str, ...]
    legend: tuple[tuple[str, str], ...]

    def colors(self) -> list[str]:
        """Fill colour per area."""
        return [PALETTE[c] if c >= 0 else MISSING for c in self.classes]


def shading(view: View, measures: pd.DataFrame, measure: str, scheme: str) -> Shading:
    """Class the view's areas by a measure (``measures`` from :func:`measures_by_area`)."""
    column, _, decimals = MEASURES[measure]
    values = measures[column].reindex(list(view.areas))
    classes, limits = classify(values, scheme)
    lower = [values.min(), *limits[:-1]]
    legend = [
        (_span(low, high, decimals, measure), color)
        for low, high, color in zip(lower, limits, PALETTE, strict=False)
    ]
    legend.append((t("no_figure"), MISSING))
    return Shading(
        view.areas,
        tuple(int(c) for c in classes),
        tuple(format_value(v, decimals, measure) for v in values),
        tuple(legend),
    )


def shaded_view(view: View, shades: Shading) -> View:
    """The view with its area layer coloured and the classes in the legend."""
    spec = {
        **view.layers[-1],
        "choropleth": {
            "classes": list(shades.classes),
            "palette": list(PALETTE),
            "missing": MISSING,
            "values": list(shades.values),
        },
    }
    lines = [(label, f"12px solid {color}") for label, color in shades.legend]
    return replace(view, layers=[*view.layers[:-1], spec], lines=lines)

"""Providers for the map: markers or counts per Kreis, and popup details when asked for.

What the browser receives depends on what the view can show, not on how many
providers exist:

* a view with few providers (any Kreis view, and Germany or a Land with at most
  :data:`AGGREGATE_ABOVE` of any type) gets its markers, grouped by Kreis;
* a Germany or Land view with more gets counts, drawn as proportional symbols:
  all Germany one per Land, and one per Kreis from :data:`KREIS_COUNTS_ZOOM` on;
  a Land one per Kreis. Clicking a symbol zooms to its area, and from
  :data:`POINTS_ZOOM` on the browser fetches the markers of the Kreise in sight,
  one file per Kreis and type filter, made once per process.

A marker row carries its place, types, name and its index in the popup details
of its Kreis: one file per Kreis (every type), fetched at the first popup there.
The list and the key figures on the page always count every provider. Every
text is HTML-escaped here, before it reaches the browser.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import streamlit as st

from clock import now as now_in_berlin
from dashboard import cache
from dashboard.cache import boundary_set, follows_providers, provider_data
from dashboard.web import assets
from geodata import Level
from intake import excerpt
from providers import TYPE_INDEX, VERIFIERS, counts_by_area, filter_providers

#: Germany and Land views show counts above this many providers in the area (all types).
AGGREGATE_ABOVE = 1_500
#: From this zoom on all Germany shows counts per Kreis instead of per Land.
KREIS_COUNTS_ZOOM = 7
#: From this zoom on an aggregated view fetches the markers of the Kreise in sight.
POINTS_ZOOM = 9
_AREA = "{ags}"


@dataclass(frozen=True)
class ProviderMarkers:
    """What ``FK.providers`` draws.

    Attributes
    ----------
    groups
        Markers sent with the view: ``[[kreis AGS, [marker row, ...]], ...]`` with
        marker rows ``[lat, lon, [type index, ...], escaped name, details index]``,
        with a sixth element ``1`` for an invented (sample) provider.
    aggregates
        Counts instead, by level: ``[{"zoom": from zoom, "areas": URL, "rows":
        [[AGS, count], ...]}, ...]``. The areas file of a level holds, per AGS, where
        its symbol goes, its escaped name and its box (:func:`_areas_url`): it never
        changes, so a filter change sends only the counts. The Kreis level's rows
        also say which marker files to fetch.
    points_url
        For aggregates: URL of a Kreis' marker rows, with ``{ags}`` for its AGS.
    details_url
        URL of a Kreis' popup details, with ``{ags}`` for its AGS.
    legend
        ``[[type index, count], ...]``: the marker colours on the map (a provider's
        first type) and how many; the legend lists only these.
    invented
        Whether any of them is an invented (sample) provider: the legend then tells
        real and invented markers apart.
    """

    groups: list = field(default_factory=list)
    aggregates: list = field(default_factory=list)
    points_url: str | None = None
    details_url: str = ""
    legend: list = field(default_factory=list)
    invented: bool = False

    def script_args(self) -> dict:
        """The argument of ``FK.providers`` (see ``familienkarte.js``)."""
        return {
            "groups": self.groups,
            "aggregates": self.aggregates,
            "points": self.points_url,
            "details": self.details_url,
            "zoom": POINTS_ZOOM,
        }


def _escape(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    return html.escape(str(value), quote=True)


def detail_rows(
    frame: pd.DataFrame,
    coming: dict[int, list[list[str]]] | None = None,
    networks: dict[str, list[str]] | None = None,
) -> list[list]:
    """Popup details of providers, in the order of ``frame``.

    Returns
    -------
    list
        ``[[street, postcode, city, phone, website, exact (0/1), languages (codes),
        e-mail, opening hours, last verified (ISO date), description, organisation,
        next dates, networks, source, checked by], ...]`` (``networks``: the names of the networks a
        provider's id is a member of; ``source``: where a real provider's entry comes
        from, with licence and Stand – empty for invented ones; ``checked by``: ``anbieter``,
        ``koordination`` or empty), every
        text HTML-escaped. Language codes and dates are put into words by the browser,
        in the page's language, so one file serves every language.
    """
    texts = [
        [_escape(value) for value in frame[column].tolist()]
        for column in ("street", "postcode", "city", "phone", "website")
    ]
    exact = [int(bool(value)) for value in frame["location_exact"].tolist()]
    languages = [_escape(", ".join(codes)) for codes in frame["languages"].tolist()]
    more = [
        [_escape(value) for value in frame[column].tolist()]
        for column in ("email", "opening_hours")
    ]
    verified = [
        value.isoformat() if hasattr(value, "isoformat") and value == value else ""
        for value in frame["last_verified"].tolist()
    ]
    descriptions = [_escape(excerpt(value, 300)) for value in frame["description"].tolist()]
    # Who runs it, unless that is the name again (a Jugendamt runs itself).
    organisations = [
        "" if organisation == name else _escape(organisation)
        for organisation, name in zip(frame["organization"], frame["name"], strict=True)
    ]
    dates = [(coming or {}).get(position, []) for position in range(len(frame))]
    member_of = [_escape("; ".join((networks or {}).get(key, []))) for key in frame["id"].tolist()]
    sources = [
        "" if invented else _escape(source)
        for source, invented in zip(frame["source"], _invented(frame), strict=True)
    ]
    return [
        [*fields]
        for fields in zip(
            *texts,
            exact,
            languages,
            *more,
            verified,
            descriptions,
            organisations,
            dates,
            member_of,
            sources,
            _verifiers(frame),
            strict=True,
        )
    ]


def _verifiers(frame: pd.DataFrame) -> list[str]:
    """Who last checked each provider (a frame of an older snapshot may not say)."""
    if "verified_by" not in frame:
        return [""] * len(frame)
    return [value if value in VERIFIERS else "" for value in frame["verified_by"].tolist()]


def _invented(frame: pd.DataFrame) -> list[bool]:
    """Which providers are fictional sample entries."""
    if "is_sample" not in frame:
        return [False] * len(frame)
    return [bool(value) for value in frame["is_sample"].tolist()]


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write_per_kreis(prefix: str, kreise: pd.Series, rows: list) -> str:
    """Write one JSON file of ``rows`` per Kreis; return the URL with ``{ags}``."""
    for ags, positions in kreise.groupby(kreise, sort=False).groups.items():
        assets.publish_named(f"{prefix}-{ags}.json", _json([rows[i] for i in positions]))
    return assets.file_url(f"{prefix}-{_AREA}.json")


def _details() -> tuple[str, np.ndarray]:
    """Every provider's popup details, one file per Kreis; the URL template and each
    provider's index in its Kreis' file (once per day and data version)."""
    return _details_on(now_in_berlin().date())


def _coming() -> dict[int, list[list[str]]]:
    """Each provider's next two dates for the popup: escaped title, ISO start."""
    return {
        position: [[_escape(title), start.isoformat()] for title, start in dates]
        for position, dates in cache.coming_dates().items()
    }


def _member_of(today) -> dict[str, list[str]]:
    """The names of the networks each provider id is a member of on ``today``."""
    names: dict[str, list[str]] = {}
    for network in cache.networks():
        for membership in network.members(today):
            names.setdefault(membership.provider_id, []).append(network.name)
    return names


@follows_providers
@st.cache_resource(show_spinner=False, max_entries=2)
def _details_on(today) -> tuple[str, np.ndarray]:
    frame = provider_data().frame
    rows = detail_rows(frame, _coming(), _member_of(today))
    version = hashlib.sha1(_json(rows).encode("utf-8")).hexdigest()[:12]
    kreise = frame["kreis_ags"].reset_index(drop=True)
    url = _write_per_kreis(f"d{version}", kreise, rows)
    return url, kreise.groupby(kreise, sort=False).cumcount().to_numpy()


def _kinds(codes, wanted: tuple[str, ...]) -> list[int]:
    """A provider's type indexes, the filtered types first: the first is its marker's
    colour, so a Kita filter shows a Familienzentrum with a Kita as a Kita."""
    first = [TYPE_INDEX[code] for code in codes if code in wanted and code in TYPE_INDEX]
    rest = [TYPE_INDEX[code] for code in codes if code not in wanted and code in TYPE_INDEX]
    return first + rest or [0]


def _marker_rows(shown: pd.DataFrame, wanted: tuple[str, ...] = ()) -> list[list]:
    _, index = _details()
    in_all = provider_data().frame.index.get_indexer(shown.index)
    names = shown["name"].map(_escape).tolist()
    types = [_kinds(codes, wanted) for codes in shown["service_types"]]
    # An invented provider's marker says so (drawn apart from real ones); a real one's
    # row stays as short as before.
    return [
        [round(float(lat), 5), round(float(lon), 5), kinds, name, int(index[i])]
        + ([1] if invented else [])
        for lat, lon, kinds, name, i, invented in zip(
            shown["lat"], shown["lon"], types, names, in_all, _invented(shown), strict=True
        )
    ]


def _grouped(shown: pd.DataFrame, wanted: tuple[str, ...] = ()) -> list:
    rows = _marker_rows(shown, wanted)
    kreise = shown["kreis_ags"].reset_index(drop=True)
    return [
        [ags, [rows[i] for i in positions]]
        for ags, positions in kreise.groupby(kreise, sort=True).groups.items()
    ]


@follows_providers
@st.cache_resource(show_spinner=False)
def _points_url(types: tuple[str, ...], real_only: bool = False) -> str:
    """Marker rows of the providers of ``types``, one file per Kreis (once per filter)."""
    shown = filter_providers(provider_data().frame, types, real_only=real_only)
    details_url, _ = _details()
    rows = _marker_rows(shown, types)
    wanted = f"{details_url}|{','.join(types)}|{int(real_only)}"
    key = hashlib.sha1(wanted.encode()).hexdigest()[:12]
    return _write_per_kreis(f"p{key}", shown["kreis_ags"].reset_index(drop=True), rows)


@st.cache_resource(show_spinner=False)
def _areas_url(level: Level) -> str:
    """``{AGS: [lat, lon, escaped name, [south, west, north, east]]}`` of a level, as a file."""
    anchors = boundary_set().anchors(level)
    names = boundary_set().frame(level)["name"]
    areas = {
        ags: [float(lat), float(lon), _escape(names[ags]), bounds.tolist()]
        for ags, lat, lon, bounds in zip(
            anchors.ags, anchors.lat, anchors.lon, anchors.bounds, strict=True
        )
    }
    return assets.publish_json(_json(areas))


def _counts(shown: pd.DataFrame, level: Level, zoom: int) -> dict:
    """Symbols of one level from ``zoom`` on: ``[AGS, count]`` per area with providers."""
    counts = counts_by_area(shown, level)
    rows = [[ags, int(count)] for ags, count in zip(counts.index, counts.to_numpy(), strict=True)]
    return {"zoom": zoom, "areas": _areas_url(level), "rows": rows}


def provider_markers(
    shown: pd.DataFrame,
    types: tuple[str, ...],
    land: str | None,
    kreis: str | None,
    counts: bool = True,
    real_only: bool = False,
) -> ProviderMarkers:
    """What the map draws of the shown providers (of ``types``, in the view of an area,
    real ones only with ``real_only``).

    ``counts=False`` always sends markers (a short list, such as search results).
    """
    details_url, _ = _details()
    # Decided by all providers of the area, not only the shown types: a type filter
    # does not flip the map between counts and markers.
    in_area = len(filter_providers(provider_data().frame, land=land)) if kreis is None else 0
    if counts and in_area > AGGREGATE_ABOVE:
        levels = [_counts(shown, "kreis", 0)]
        if land is None:
            levels = [_counts(shown, "land", 0), _counts(shown, "kreis", KREIS_COUNTS_ZOOM)]
        return ProviderMarkers(
            aggregates=levels,
            points_url=_points_url(types, real_only),
            details_url=details_url,
            legend=_legend(shown, types),
            invented=any(_invented(shown)),
        )
    return ProviderMarkers(
        groups=_grouped(shown, types),
        details_url=details_url,
        legend=_legend(shown, types),
        invented=any(_invented(shown)),
    )


def area_markers(
    types: tuple[str, ...],
    land: str | None,
    kreis: str | None,
    gemeinde: str | None,
    real_only: bool = False,
) -> ProviderMarkers:
    """:func:`provider_markers` of every provider of ``types`` in an area (treat as
    read-only). Made once per view, day and data version: most visitors look at the
    same few hundred views, and a map run no longer builds its markers."""
    provider_data()  # a changed store clears the followers first
    return _area_markers(types, land, kreis, gemeinde, real_only, now_in_berlin().date())


@follows_providers
@st.cache_resource(show_spinner=False, max_entries=1024)
def _area_markers(
    types: tuple[str, ...],
    land: str | None,
    kreis: str | None,
    gemeinde: str | None,
    real_only: bool,
    today,
) -> ProviderMarkers:
    shown = filter_providers(provider_data().frame, types, land, kreis, gemeinde, real_only)
    return provider_markers(shown, types, land, kreis, real_only=real_only)


def drawn_as(shown: pd.DataFrame, wanted: tuple[str, ...]) -> pd.Series:
    """The type (index in ``SERVICE_TYPES``) each provider's marker is drawn as: its
    colour and its line in the legend, on the map and in the exports alike."""
    return shown["service_types"].map(lambda codes: _kinds(codes, wanted)[0])


def _legend(shown: pd.DataFrame, wanted: tuple[str, ...]) -> list[list[int]]:
    counts = drawn_as(shown, wanted).value_counts()
    return [[int(index), int(count)] for index, count in sorted(counts.items())]


def marker_key(position: int) -> tuple[str, int]:
    """How the map names the marker of the provider at ``position`` (in all providers)."""
    _, index = _details()
    return str(provider_data().frame["kreis_ags"].iat[position]), int(index[position])


def marker_position(key: object) -> int | None:
    """The provider a map marker stands for (``[Kreis AGS, index]`` from the browser),
    or ``None`` for anything else."""
    if not (isinstance(key, list | tuple) and len(key) == 2 and isinstance(key[1], int)):
        return None
    _, index = _details()
    kreise = provider_data().frame["kreis_ags"].to_numpy()
    found = np.flatnonzero((kreise == str(key[0])) & (index == key[1]))
    return int(found[0]) if len(found) else None

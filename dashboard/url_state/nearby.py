"""The URL of "In meiner Nähe": what a family searched for and what they wish
(``?q=53721&umkreis=10&typ=kita&sprache=tr&phase=0-1&kostenlos=1``)."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from dashboard.url_state.params import GetAll, Params, known_values, last, whole_number
from intake import excerpt
from places import MAX_QUERY, RADII_KM
from providers import LIFE_STAGES, TYPE_INDEX

DEFAULT_RADIUS_KM = 10
#: Yes/no wishes, as URL parameters (``kostenlos=1``).
FLAGS = ("kostenlos", "ohneantrag", "barrierefrei")


@dataclass(frozen=True)
class NearbyState:
    """A family's search.

    Attributes
    ----------
    query
        Postcode or place as typed ("" before the first search).
    radius_km
        One of :data:`providers.RADII_KM`.
    types, stages
        Service types and life stages wished for (empty: any).
    language
        A language spoken by the provider (ISO code), or ``None``.
    flags
        The yes/no wishes that are set, as URL parameters of :data:`FLAGS`.
    """

    query: str = ""
    radius_km: int = DEFAULT_RADIUS_KM
    types: tuple[str, ...] = ()
    language: str | None = None
    stages: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()


def nearby_from_params(get_all: GetAll, languages: Container[str]) -> tuple[NearbyState, list[str]]:
    """Read a search from query parameters; collect what was not understood.

    ``languages`` are the languages some provider speaks: a link may name only those.
    """
    ignored: list[str] = []
    radius_text = last(get_all, "umkreis")
    radius = whole_number(radius_text, min(RADII_KM), max(RADII_KM))
    if radius_text and radius not in RADII_KM:
        ignored.append(f"umkreis={excerpt(radius_text)}")
    language = last(get_all, "sprache")
    if language and language not in languages:
        ignored.append(f"sprache={excerpt(language)}")
    state = NearbyState(
        query=excerpt(last(get_all, "q"), MAX_QUERY),
        radius_km=radius if radius in RADII_KM else DEFAULT_RADIUS_KM,
        types=known_values(get_all, "typ", TYPE_INDEX, ignored),
        language=language if language in languages else None,
        stages=known_values(get_all, "phase", LIFE_STAGES, ignored),
        flags=frozenset(name for name in FLAGS if last(get_all, name) == "1"),
    )
    return state, ignored


def nearby_to_params(state: NearbyState) -> Params:
    """Query parameters of a search; only what is set, so links stay short."""
    params: Params = {}
    if state.query:
        params["q"] = state.query
    if state.radius_km != DEFAULT_RADIUS_KM:
        params["umkreis"] = str(state.radius_km)
    if state.types:
        params["typ"] = list(state.types)
    if state.language:
        params["sprache"] = state.language
    if state.stages:
        params["phase"] = list(state.stages)
    for name in FLAGS:
        if name in state.flags:
            params[name] = "1"
    return params

"""The Planung page's URL: region, service types, measure, N, classes, programme
layers and planned sites
(``?kreis=05382&typ=familienhebamme&mass=anteil&n=10&klassen=quantile&neu=05382060``).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from dashboard.map.choropleth import DEFAULT_N_KM, MEASURES, SCHEMES
from dashboard.url_state.params import (
    GetAll,
    Params,
    current_area,
    known_values,
    last,
    real_only_from_params,
    real_only_to_params,
    whole_number,
)
from geodata import land_and_kreis, level_of
from intake import excerpt
from planning import PROGRAMME_CODES
from providers import TYPE_INDEX

#: The type a planner sees first: the Frühe Hilfen's own profession.
DEFAULT_TYPE = "familienhebamme"
DEFAULT_MEASURE = "entfernung"
DEFAULT_SCHEME = "natuerlich"
#: N, the distance limit, in km.
N_RANGE = (1, 50)
#: At most this many planned sites (each one a Gemeinde).
MAX_SITES = 10


@dataclass(frozen=True)
class PlanningState:
    """What the Planung page shows: a ``region`` (AGS of a Land or Kreis, ``None``
    for all Germany), the service ``types`` counted together (never empty), a
    ``measure`` and classification ``scheme`` (codes of
    :data:`~dashboard.map.choropleth.MEASURES` and ``SCHEMES``), N (``n_km``, 1–50),
    the ``programmes`` drawn over the map, the planned ``sites`` ("Was wäre, wenn
    …?"; Gemeinde keys, at most :data:`MAX_SITES`) and whether only real providers
    count (``real_only``, "nur echte Daten")."""

    region: str | None = None
    types: tuple[str, ...] = (DEFAULT_TYPE,)
    measure: str = DEFAULT_MEASURE
    n_km: int = DEFAULT_N_KM
    scheme: str = DEFAULT_SCHEME
    programmes: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    real_only: bool = False

    @property
    def land(self) -> str | None:
        """The Land of the region (``None``: all Germany)."""
        return land_and_kreis(self.region)[0]

    @property
    def kreis(self) -> str | None:
        """The Kreis, when the region is one."""
        return land_and_kreis(self.region)[1]


def planning_from_params(
    get_all: GetAll, known_areas: Container[str]
) -> tuple[PlanningState, list[str]]:
    """Read the page's state from query parameters, as
    :func:`~dashboard.url_state.filters.filters_from_params` reads the map's: valid
    values, defaults where one was missing or unknown, and the ``name=value`` pairs
    that were left out (cut short)."""
    ignored: list[str] = []

    def one(name: str, allowed: Container[str], default: str) -> str:
        value = last(get_all, name)
        if value and value not in allowed:
            ignored.append(f"{name}={excerpt(value)}")
        return value if value in allowed else default

    region = None
    for name, level in (("kreis", "kreis"), ("land", "land")):
        value = current_area(last(get_all, name), known_areas)
        if value and (level_of(value) != level or value not in known_areas):
            ignored.append(f"{name}={excerpt(value)}")
        elif value and region is None:
            region = value
    types = known_values(get_all, "typ", TYPE_INDEX, ignored) or (DEFAULT_TYPE,)
    n_text = last(get_all, "n")
    n_km = whole_number(n_text, *N_RANGE)
    if n_text and n_km is None:
        ignored.append(f"n={excerpt(n_text)}")
    planned = [
        current_area(ags, known_areas)
        for ags in last(get_all, "neu").split(",")[: MAX_SITES * 2]
        if ags
    ]
    sites = tuple(
        dict.fromkeys(a for a in planned if level_of(a) == "gemeinde" and a in known_areas)
    )
    ignored += [f"neu={excerpt(a)}" for a in planned if a not in sites]
    state = PlanningState(
        region=region,
        types=types,
        measure=one("mass", MEASURES, DEFAULT_MEASURE),
        n_km=n_km or DEFAULT_N_KM,
        scheme=one("klassen", SCHEMES, DEFAULT_SCHEME),
        programmes=known_values(get_all, "programm", PROGRAMME_CODES, ignored),
        sites=sites[:MAX_SITES],
        real_only=real_only_from_params(get_all),
    )
    return state, ignored


def planning_to_params(state: PlanningState) -> Params:
    """Query parameters of the page's state (the region as ``kreis`` or ``land``)."""
    params: Params = {
        "typ": list(state.types),
        "mass": state.measure,
        "n": str(state.n_km),
        "klassen": state.scheme,
    }
    if state.programmes:
        params["programm"] = list(state.programmes)
    if state.sites:
        params["neu"] = ",".join(state.sites)
    if state.region:
        params["kreis" if level_of(state.region) == "kreis" else "land"] = state.region
    return params | real_only_to_params(state.real_only)

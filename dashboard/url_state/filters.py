"""Filter state, its cascade rules and its form in the URL
(``?typ=…&land=…&kreis=…&programm=…``).

Pure functions: the page reads the URL into a :class:`Filters`, lets widgets
change it through the cascade rules (``with_land`` …) and writes it back, so a
copied link reproduces the view.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.url_state.params import GetAll, Params, current_area, known_values, last
from geodata import AGS_LENGTH, Level, is_within, parent_ags, within
from intake import excerpt
from places import MAX_QUERY
from planning import PROGRAMME_CODES
from providers import TYPE_INDEX

PARAM_TYPE = "typ"
PARAM_LAND = "land"
PARAM_KREIS = "kreis"
PARAM_GEMEINDE = "gemeinde"
PARAM_PROGRAMME = "programm"
#: The place searched on the map (``?ort=53721``): kept apart from the filters, which
#: it sets once when found.
PARAM_PLACE = "ort"
_AREA_PARAMS: tuple[tuple[str, Level], ...] = (
    (PARAM_LAND, "land"),
    (PARAM_KREIS, "kreis"),
    (PARAM_GEMEINDE, "gemeinde"),
)


@dataclass(frozen=True)
class Filters:
    """Selected service types (empty: all), the chosen Land, Kreis and Gemeinde, and
    the programme layers shown over the boundaries (empty: none)."""

    types: tuple[str, ...] = ()
    land: str | None = None
    kreis: str | None = None
    gemeinde: str | None = None
    programmes: tuple[str, ...] = ()

    @property
    def area(self) -> str | None:
        """The narrowest chosen area, or ``None`` for all Germany."""
        return self.gemeinde or self.kreis or self.land

    def normalized(self) -> Filters:
        """Parents follow from children: a Gemeinde implies its Kreis and Land."""
        kreis = parent_ags(self.gemeinde, "kreis") if self.gemeinde else self.kreis
        land = parent_ags(kreis, "land") if kreis else self.land
        types = tuple(sorted(set(self.types), key=lambda code: TYPE_INDEX.get(code, 99)))
        programmes = tuple(code for code in PROGRAMME_CODES if code in self.programmes)
        return Filters(types, land, kreis, self.gemeinde, programmes)

    def with_land(self, land: str | None) -> Filters:
        """Choose a Land: a Kreis and Gemeinde outside it are dropped."""
        kreis = self.kreis if land and is_within(self.kreis, land) else None
        gemeinde = self.gemeinde if kreis and is_within(self.gemeinde, kreis) else None
        return replace(self, land=land, kreis=kreis, gemeinde=gemeinde)

    def with_kreis(self, kreis: str | None) -> Filters:
        """Choose a Kreis: its Land follows, a Gemeinde outside it is dropped."""
        land = parent_ags(kreis, "land") if kreis else self.land
        gemeinde = self.gemeinde if kreis and is_within(self.gemeinde, kreis) else None
        return replace(self, land=land, kreis=kreis, gemeinde=gemeinde)

    def with_gemeinde(self, gemeinde: str | None) -> Filters:
        """Choose a Gemeinde: its Kreis and Land follow; none keeps the Kreis."""
        if not gemeinde:
            return replace(self, gemeinde=None)
        return replace(self, gemeinde=gemeinde).normalized()


def area_options(areas: pd.DataFrame, region: str | None) -> list[str]:
    """AGS of the areas (a frame indexed by AGS, with ``name``) inside ``region``, by name."""
    inside = within(areas.index, region)
    return areas.loc[inside, "name"].sort_values(kind="stable").index.tolist()


def filters_from_params(get_all: GetAll, known_areas: Container[str]) -> tuple[Filters, list[str]]:
    """Read filters from query parameters; collect what was not understood.

    Parameters
    ----------
    get_all
        Returns every value of a parameter (``st.query_params.get_all``).
    known_areas
        Answers ``ags in known_areas`` for the AGS of every Land, Kreis and Gemeinde.

    Returns
    -------
    filters : Filters
        Valid, normalised filters.
    ignored : list of str
        ``name=value`` pairs that were unknown and left out; long values are cut.
    """
    ignored: list[str] = []
    types = known_values(get_all, PARAM_TYPE, TYPE_INDEX, ignored)
    areas: dict[str, str | None] = {}
    for name, level in _AREA_PARAMS:
        value = current_area(last(get_all, name), known_areas)
        if value and (len(value) != AGS_LENGTH[level] or value not in known_areas):
            ignored.append(f"{name}={excerpt(value)}")
            value = ""
        areas[name] = value or None
    programmes = known_values(get_all, PARAM_PROGRAMME, PROGRAMME_CODES, ignored)
    filters = Filters(
        types,
        areas[PARAM_LAND],
        areas[PARAM_KREIS],
        areas[PARAM_GEMEINDE],
        programmes,
    )
    return filters.normalized(), ignored


def filters_to_params(filters: Filters) -> Params:
    """Query parameters for filters; only what is set, so default links stay short."""
    params: Params = {}
    if filters.types:
        params[PARAM_TYPE] = list(filters.types)
    for name, level in _AREA_PARAMS:
        value = getattr(filters, level)
        if value:
            params[name] = value
    if filters.programmes:
        params[PARAM_PROGRAMME] = list(filters.programmes)
    return params


def place_query_from_params(get_all: GetAll) -> str:
    """The place searched on the map, as the link gives it (cut to a search's length)."""
    return excerpt(last(get_all, PARAM_PLACE), MAX_QUERY)


def place_query_to_params(query: str) -> Params:
    """Query parameters of the map's place search (none when empty)."""
    return {PARAM_PLACE: query} if query.strip() else {}

"""Filter state and its form in the URL (``?typ=…&land=…&kreis=…&gemeinde=…``).

Pure functions: the page reads the URL into a :class:`Filters`, lets widgets
change it and writes it back, so a copied link reproduces the view.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from providers import TYPE_INDEX

PARAM_TYPE = "typ"
PARAM_LAND = "land"
PARAM_KREIS = "kreis"
PARAM_GEMEINDE = "gemeinde"


@dataclass(frozen=True)
class Filters:
    """Selected service types (empty: all) and the narrowest selected area."""

    types: tuple[str, ...] = ()
    land: str | None = None
    kreis: str | None = None
    gemeinde: str | None = None

    def normalized(self) -> Filters:
        """Parents follow from children: a Gemeinde implies its Kreis and Land."""
        kreis = self.gemeinde[:5] if self.gemeinde else self.kreis
        land = kreis[:2] if kreis else self.land
        types = tuple(sorted(set(self.types), key=lambda code: TYPE_INDEX.get(code, 99)))
        return Filters(types, land, kreis, self.gemeinde)


def filters_from_params(
    get_all: Callable[[str], Sequence[str]], known_areas: Collection[str]
) -> tuple[Filters, list[str]]:
    """Read filters from query parameters; collect what was not understood.

    Parameters
    ----------
    get_all
        Returns every value of a parameter (``st.query_params.get_all``).
    known_areas
        AGS of all Länder, Kreise and Gemeinden.

    Returns
    -------
    filters : Filters
        Valid, normalised filters.
    ignored : list of str
        ``name=value`` pairs that were unknown and left out.
    """
    ignored: list[str] = []
    types = []
    for value in get_all(PARAM_TYPE):
        if value in TYPE_INDEX:
            types.append(value)
        else:
            ignored.append(f"{PARAM_TYPE}={value}")
    areas: dict[str, str | None] = {}
    for name, length in ((PARAM_LAND, 2), (PARAM_KREIS, 5), (PARAM_GEMEINDE, 8)):
        values = get_all(name)
        value = values[-1].strip() if values else ""
        if value and (len(value) != length or value not in known_areas):
            ignored.append(f"{name}={value}")
            value = ""
        areas[name] = value or None
    filters = Filters(tuple(types), areas[PARAM_LAND], areas[PARAM_KREIS], areas[PARAM_GEMEINDE])
    return filters.normalized(), ignored


def filters_to_params(filters: Filters) -> dict[str, list[str] | str]:
    """Query parameters for filters; only what is set, so default links stay short."""
    params: dict[str, list[str] | str] = {}
    if filters.types:
        params[PARAM_TYPE] = list(filters.types)
    for name, value in (
        (PARAM_LAND, filters.land),
        (PARAM_KREIS, filters.kreis),
        (PARAM_GEMEINDE, filters.gemeinde),
    ):
        if value:
            params[name] = value
    return params


def params_equal(current: Mapping[str, Sequence[str]], wanted: Mapping[str, object]) -> bool:
    """Whether two parameter sets name the same values (order of ``typ`` matters not)."""

    def normal(params: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
        return {
            key: tuple(sorted([value] if isinstance(value, str) else list(value)))  # type: ignore[arg-type]
            for key, value in params.items()
            if value
        }

    return normal(current) == normal(wanted)

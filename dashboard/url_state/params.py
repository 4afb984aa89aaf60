"""Query parameters as plain data: the types the state classes read and write, and
the small rules they share."""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence

from geodata import KeyChange, load_keys
from intake import excerpt

#: Every value of one parameter (``st.query_params.get_all``).
GetAll = Callable[[str], Sequence[str]]
#: Parameters to write: one value, or several (``typ=a&typ=b``).
Params = dict[str, str | list[str]]
#: At most this many values of a repeated parameter are looked at; a longer list is
#: not a link anyone made by hand.
MAX_VALUES = 50


#: "nur echte Daten" (``?echt=1``): the same switch on the map, In meiner Nähe and Planung.
PARAM_REAL = "echt"


def real_only_from_params(get_all: GetAll) -> bool:
    """Whether the link asks for real providers only."""
    return last(get_all, PARAM_REAL) in ("1", "ja", "true")


def real_only_to_params(real_only: bool) -> Params:
    """The switch as a parameter (none when off, so default links stay short)."""
    return {PARAM_REAL: "1"} if real_only else {}


def last(get_all: GetAll, name: str) -> str:
    """The last value of a parameter, stripped ("" when absent)."""
    values = get_all(name)
    return values[-1].strip() if values else ""


def known_values(
    get_all: GetAll, name: str, allowed: Container[str], ignored: list[str]
) -> tuple[str, ...]:
    """The values of a repeated parameter that are ``allowed``, each once, in order;
    the others are added to ``ignored`` as ``name=value`` (cut short)."""
    found: list[str] = []
    for value in list(get_all(name))[:MAX_VALUES]:
        if value in allowed:
            if value not in found:
                found.append(value)
        else:
            ignored.append(f"{name}={excerpt(value)}")
    return tuple(found)


def whole_number(text: str, low: int, high: int) -> int | None:
    """``text`` as a whole number from ``low`` to ``high``, else ``None`` (also for
    ``"1e5"``, ``"-3"``, ``"٣"`` or a hundred digits)."""
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        return None
    value = int(text)
    return value if low <= value <= high else None


def params_equal(current: Mapping[str, Sequence[str]], wanted: Mapping[str, object]) -> bool:
    """Whether two parameter sets name the same values (order of ``typ`` matters not)."""

    def normal(params: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
        return {
            key: tuple(sorted([value] if isinstance(value, str) else list(value)))  # type: ignore[arg-type]
            for key, value in params.items()
            if value
        }

    return normal(current) == normal(wanted)


#: Parameters that name an area by its AGS.
AREA_PARAMS = ("gemeinde", "kreis", "land")


def current_area(value: str, known_areas: Container[str]) -> str:
    """An area key from a link under today's Gebietsstand: itself if known, its
    successor if it is an old key that went whole into one, else ``value`` (which the
    caller then finds unknown)."""
    found, _ = load_keys().resolve(value, known_areas)
    return found or value


def key_changes(get_all: GetAll) -> list[KeyChange]:
    """Old keys among a link's area parameters (a bookmark of an earlier Gebietsstand)."""
    keys = load_keys()
    changes = (keys.change(last(get_all, name)) for name in AREA_PARAMS)
    return [change for change in changes if change is not None]

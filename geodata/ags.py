"""The Amtlicher Gemeindeschlüssel (AGS): one rule for levels and parents.

An AGS is a string of digits whose length tells its level: 2 for a Land, 5 for
a Kreis (Land, Regierungsbezirk, Kreis), 8 for a Gemeinde. Every area's key
starts with the keys of the areas it lies in, so a parent is a prefix and "all
areas within X" is "all keys starting with X". Everything in the project that
reads a level or a parent from a key goes through here.
"""

from __future__ import annotations

import re
from typing import Literal

Level = Literal["land", "kreis", "gemeinde"]

#: The levels we keep, from the top down.
LEVELS: tuple[Level, ...] = ("land", "kreis", "gemeinde")
#: Number of digits of an AGS of each level.
AGS_LENGTH: dict[Level, int] = {"land": 2, "kreis": 5, "gemeinde": 8}
_LEVEL_OF_LENGTH: dict[int, Level] = {length: level for level, length in AGS_LENGTH.items()}
_DIGITS = re.compile(r"\d+")


def level_of(ags: str | None) -> Level | None:
    """The level of an AGS by its length, or ``None`` for anything else.

    >>> level_of("05382"), level_of("05382060"), level_of("5382")
    ('kreis', 'gemeinde', None)
    """
    if not ags or not _DIGITS.fullmatch(ags):
        return None
    return _LEVEL_OF_LENGTH.get(len(ags))


def is_valid_ags(value: object, level: Level | None = None) -> bool:
    """Whether ``value`` is an AGS (of ``level``, if given): digits of a known length."""
    if not isinstance(value, str):
        return False
    found = level_of(value)
    return found is not None and (level is None or found == level)


def parent_ags(ags: str, level: Level) -> str:
    """The key of the ``level`` area that contains ``ags``.

    Raises
    ------
    ValueError
        If ``ags`` is no AGS or not below ``level``.
    """
    own = level_of(ags)
    if own is None or AGS_LENGTH[own] < AGS_LENGTH[level]:
        raise ValueError(f"{ags!r} ist kein AGS unterhalb der Ebene {level}")
    return ags[: AGS_LENGTH[level]]


def children_prefix(ags: str | None) -> str:
    """The prefix every key inside the area ``ags`` starts with (``""``: all Germany)."""
    return ags or ""


def is_within(ags: str | None, region: str | None) -> bool:
    """Whether the area ``ags`` lies in ``region`` (``None``: all Germany; an area in itself)."""
    if not region:
        return True
    return bool(ags) and str(ags).startswith(children_prefix(region))


def normalize_ags(value: object, level: Level) -> str | None:
    """An AGS of ``level`` from what a spreadsheet made of it, or ``None``.

    Excel stores keys as numbers: it drops the leading zero (``5382060`` for
    Siegburg's ``05382060``) and may add ``.0``.
    """
    text = str(value).strip().removesuffix(".0") if value is not None else ""
    if not _DIGITS.fullmatch(text) or len(text) > AGS_LENGTH[level]:
        return None
    if len(text) < AGS_LENGTH[level] - 1:
        return None  # more than the one leading zero missing: not this level's key
    return text.zfill(AGS_LENGTH[level])

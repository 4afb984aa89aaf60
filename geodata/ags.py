"""The Amtlicher Gemeindeschlüssel (AGS): one rule for levels and parents.

An AGS is a string of digits whose length tells its level: 2 for a Land, 5 for
a Kreis (Land, Regierungsbezirk, Kreis), 8 for a Gemeinde. Every area's key
starts with the keys of the areas it lies in, so a parent is a prefix and "all
areas within X" is "all keys starting with X". Everything in the project that
reads a level or a parent from a key goes through here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

Level = Literal["land", "kreis", "gemeinde"]

#: The levels we keep, from the top down.
LEVELS: tuple[Level, ...] = ("land", "kreis", "gemeinde")
#: Number of digits of an AGS of each level.
AGS_LENGTH: dict[Level, int] = {"land": 2, "kreis": 5, "gemeinde": 8}
_LEVEL_OF_LENGTH: dict[int, Level] = {length: level for level, length in AGS_LENGTH.items()}
_DIGITS = re.compile(r"\d+")
#: A Regierungsbezirk is the Land's two digits and one more; we keep no level for it.
_REGIERUNGSBEZIRK_LENGTH = 3


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


def child_level(level: Level | None) -> Level:
    """The level right below ``level`` (``None``, all Germany: the Länder).

    Raises
    ------
    ValueError
        For the Gemeinde, the lowest level we keep.
    """
    if level is None:
        return LEVELS[0]
    below = LEVELS.index(level) + 1
    if below >= len(LEVELS):
        raise ValueError("unter der Gemeinde gibt es keine Ebene")
    return LEVELS[below]


def area_level(region: str | None) -> Level:
    """The level of the areas a map of ``region`` shows: the Gemeinden of a Kreis
    (or of a Gemeinde's Kreis), else the Kreise (of a Land, or of all Germany,
    where 16 Länder would say too little)."""
    level = level_of(region)
    if level is None or level == "land":
        return "kreis"
    return "gemeinde"


def land_and_kreis(region: str | None) -> tuple[str | None, str | None]:
    """The Land and the Kreis a region lies in or is (``None`` where there is none:
    all Germany has neither, a Land no Kreis).

    >>> land_and_kreis("05382060"), land_and_kreis("05"), land_and_kreis(None)
    (('05', '05382'), ('05', None), (None, None))
    """
    level = level_of(region)
    if region is None or level is None:
        return None, None
    kreis = parent_ags(region, "kreis") if level != "land" else None
    return parent_ags(region, "land"), kreis


def children_prefix(ags: str | None) -> str:
    """The prefix every key inside the area ``ags`` starts with (``""``: all Germany)."""
    return ags or ""


def is_within(ags: str | None, region: str | None) -> bool:
    """Whether the area ``ags`` lies in ``region`` (``None``: all Germany; an area in itself)."""
    if not region:
        return True
    return bool(ags) and str(ags).startswith(children_prefix(region))


def within(keys: Iterable[str] | pd.Index | pd.Series, region: str | None) -> np.ndarray:
    """Vectorised :func:`is_within`: a boolean mask of the ``keys`` that lie in
    ``region`` (``None``: all Germany, every key)."""
    index = keys if isinstance(keys, pd.Index | pd.Series) else pd.Index(list(keys), dtype=object)
    if not region:
        return np.ones(len(index), dtype=bool)
    return np.asarray(index.astype(str).str.startswith(children_prefix(region)), dtype=bool)


def parents(keys: pd.Index | pd.Series, level: Level) -> pd.Index | pd.Series:
    """Vectorised :func:`parent_ags`: the key of the ``level`` area each key lies in
    (keys that are shorter stay as they are)."""
    return keys.astype(str).str[: AGS_LENGTH[level]]


def regierungsbezirke(keys: pd.Index | pd.Series) -> pd.Index | pd.Series:
    """The Regierungsbezirk of each key: its first three digits (Land and the digit
    after it; Länder without Regierungsbezirke have a 0 there)."""
    return keys.astype(str).str[:_REGIERUNGSBEZIRK_LENGTH]


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

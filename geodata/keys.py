"""Old keys to today's: the Gebietsstand key table.

Gemeinden merge, Kreise join others (Eisenach joined the Wartburgkreis in 2021),
and a whole Kreis can get new keys. People keep files, bookmarks and stories with
the keys of the year they made them. The build (:mod:`geodata.gebietsstand`)
writes which old keys went where; everything that reads a key from a user asks
this table: a key that went whole into one successor is converted (with a note),
a key whose area went to several successors cannot be, and says so.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from geodata.load import boundaries_dir

KEYS_FILE = "schluessel.parquet"


@dataclass(frozen=True)
class KeyChange:
    """What became of one old key.

    Attributes
    ----------
    old
        The key as given.
    successors
        Today's keys its area went to, largest part first.
    year
        Year of the change (when the successor got its present shape), if known.
    shares
        Share of the old area each successor got (same order).
    """

    old: str
    successors: tuple[str, ...]
    year: int | None
    shares: tuple[float, ...] = ()

    @property
    def split(self) -> bool:
        """Whether the old area went to several successors (no single new key)."""
        return len(self.successors) > 1

    @property
    def new(self) -> str | None:
        """Today's key, or ``None`` for a split."""
        return None if self.split else self.successors[0]

    @property
    def reform(self) -> str:
        """``"Gebietsreform 2021"`` (or without the year where it is unknown)."""
        return f"Gebietsreform {self.year}" if self.year else "Gebietsreform"

    def note(self) -> str:
        """A line for a row report: ``"05334036 → 05334002 (Gebietsreform 2021)"``."""
        if self.split:
            return (
                f"{self.old} wurde aufgeteilt ({self.reform}) auf {', '.join(self.successors)}: "
                "bitte die Zahlen nach heutigem Gebietsstand angeben"
            )
        return f"{self.old} → {self.new} ({self.reform})"


class KeyTable:
    """Lookups in the key table (old key → today's keys)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        """``frame`` as the build writes it: ``old``, ``new``, ``share``, ``year``."""
        self._changes: dict[str, KeyChange] = {}
        ordered = frame.sort_values(["old", "share"], ascending=[True, False])
        for old, group in ordered.groupby("old", sort=False):
            years = group["year"].dropna()
            self._changes[str(old)] = KeyChange(
                str(old),
                tuple(str(new) for new in group["new"]),
                int(years.max()) if len(years) else None,
                tuple(float(share) for share in group["share"]),
            )

    def __len__(self) -> int:
        return len(self._changes)

    def change(self, ags: str | None) -> KeyChange | None:
        """What became of ``ags``; ``None`` for a current (or unknown) key."""
        return self._changes.get(ags) if ags else None

    def current(self, ags: str) -> str | None:
        """Today's key for ``ags``: itself if it did not change, ``None`` after a split."""
        change = self._changes.get(ags)
        return ags if change is None else change.new

    def resolve(
        self, ags: str | None, known: Container[str]
    ) -> tuple[str | None, KeyChange | None]:
        """A key as given by a user, for a lookup among today's ``known`` keys.

        Returns ``(ags, None)`` for a known key, ``(successor, change)`` for an old
        key that went whole into one, ``(None, change)`` for a split one, and
        ``(None, None)`` for a key that never was.
        """
        if ags is None or ags in known:
            return ags, None
        change = self.change(ags)
        return (change.new if change else None), change


@lru_cache(maxsize=4)
def _load(path: Path) -> KeyTable:
    if not path.exists():
        return KeyTable(pd.DataFrame(columns=["old", "new", "share", "year"]))
    return KeyTable(pd.read_parquet(path))


def load_keys(directory: str | Path | None = None) -> KeyTable:
    """The key table of the boundary build (empty if the build has none)."""
    return _load(Path(directory or boundaries_dir()) / KEYS_FILE)


def successor(key: str) -> tuple[str, str] | None:
    """Today's key of an old region key of the embedded build, with the note for the
    reader ("16056 → 16063 (Gebietsreform 2021)"); ``None`` for a current, unknown or
    split key."""
    change = load_keys().change(key)
    return (change.new, change.note()) if change is not None and change.new else None

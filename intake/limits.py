"""What a file may hold, per purpose: one table for every way a file comes in.

A purpose is what the file is for (a provider list, a Termine table …), not who
sends it: an editor's upload, the command line and an anonymous visitor's upload
of the same kind of file meet the same limits. The README's table "Grenzen für
Dateien" is made from :data:`LIMITS` (a test keeps the two in step).
"""

from __future__ import annotations

import dataclasses
from typing import Literal

Purpose = Literal[
    "anbieter", "hsds", "osm", "termine", "netzwerke", "kennzahlen", "programme", "geschichte"
]

_MB = 1_000_000


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one file may hold, and what reading it may cost.

    ``file_bytes`` counts the file as it arrives; ``unpacked_bytes`` and
    ``member_bytes`` what a zip (XLSX, ODS, an HSDS package) unpacks to, all
    members and one; ``ratio`` the unpacked size over the file's; ``rows``,
    ``columns`` and ``cell_chars`` apply while a table is read; ``seconds`` and
    ``memory_bytes`` bound the worker process that reads it.
    """

    label: str
    file_bytes: int
    unpacked_bytes: int
    member_bytes: int
    ratio: float
    members: int
    rows: int
    columns: int
    cell_chars: int
    seconds: float = 30.0
    memory_bytes: int = 768 * 1024 * 1024


#: A planner's figures: 11,000 Gemeinden or 400 Kreise, a few MB.
_TABLE = Limits(
    label="Kennzahlen (Planung)",
    file_bytes=20 * _MB,
    unpacked_bytes=40 * _MB,
    member_bytes=30 * _MB,
    ratio=100,
    members=100,
    rows=50_000,
    columns=200,
    cell_chars=1_000,
)

_PROVIDER_FILE = dataclasses.replace(
    _TABLE,
    label="Anbieterliste (CSV, XLSX, ODS, GeoJSON)",
    file_bytes=100 * _MB,
    unpacked_bytes=200 * _MB,
    member_bytes=200 * _MB,
    rows=100_000,
    cell_chars=2_000,
    seconds=300.0,
    memory_bytes=2048 * 1024 * 1024,
)

#: A Kreis's Termine for a year, a network's calendar export, its member table.
_EDITORS_TABLE = dataclasses.replace(
    _TABLE,
    label="Termine (CSV, XLSX, ICS)",
    file_bytes=5 * _MB,
    unpacked_bytes=20 * _MB,
    member_bytes=20 * _MB,
    rows=20_000,
)

LIMITS: dict[Purpose, Limits] = {
    # A national list of 60,000 Kitas takes about a quarter of it.
    "anbieter": _PROVIDER_FILE,
    "hsds": dataclasses.replace(_PROVIDER_FILE, label="HSDS-Paket (Zip oder Ordner)"),
    # A Land's extract from Geofabrik (Nordrhein-Westfalen: about 750 MB), read as a
    # stream from disk; the node index takes 16 bytes per node.
    "osm": dataclasses.replace(
        _PROVIDER_FILE,
        label="OpenStreetMap-Auszug (.osm.pbf, Kommandozeile)",
        file_bytes=1_500 * _MB,
        unpacked_bytes=1_500 * _MB,
        member_bytes=1_500 * _MB,
        seconds=3_600.0,
        memory_bytes=6 * 1024 * 1024 * 1024,
    ),
    "termine": _EDITORS_TABLE,
    "netzwerke": dataclasses.replace(_EDITORS_TABLE, label="Netzwerke (CSV, XLSX)"),
    "kennzahlen": _TABLE,
    "programme": dataclasses.replace(_TABLE, label="Programmliste (Karte)", file_bytes=10 * _MB),
    # A story is a short TOML text: a few dozen slides.
    "geschichte": dataclasses.replace(
        _TABLE,
        label="Geschichte (TOML, Präsentation)",
        file_bytes=100_000,
        unpacked_bytes=100_000,
        member_bytes=100_000,
        rows=1_000,
        seconds=10.0,
    ),
}


def limits_table() -> list[tuple[str, str, str, str, str]]:
    """The limits as the README shows them: purpose, file, unpacked, rows, seconds."""

    def size(value: int) -> str:
        return f"{value // 1000} kB" if value < _MB else f"{value // _MB} MB"

    return [
        (
            limits.label,
            size(limits.file_bytes),
            size(limits.unpacked_bytes),
            f"{limits.rows:,}".replace(",", "."),
            f"{limits.seconds:g} s",
        )
        for limits in LIMITS.values()
    ]

"""Coordinates in the systems German files use, to WGS84.

Open-data lists of German cities and Länder carry coordinates in ETRS89/UTM
(zone 32 for most of Germany, 33 for the east, sometimes with the zone number
written before the easting: ``32 365 432``) or in the older Gauß-Krüger zones
2–5 (the zone is the first digit of the easting: ``2 5xx xxx`` … ``5 4xx xxx``).
A file says which only sometimes (the GeoJSON ``crs`` member of the 2008
specification, a column name). :func:`detect_crs` tells the systems apart by the
values' ranges, and — where UTM 32 and 33 overlap — by how well the points fit
the postcodes the rows name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

WGS84 = "EPSG:4326"
UTM32 = "EPSG:25832"
UTM33 = "EPSG:25833"
#: Gauß-Krüger zone (first digit of the easting) → EPSG code (DHDN / 3-degree GK).
GAUSS_KRUEGER = {2: "EPSG:31466", 3: "EPSG:31467", 4: "EPSG:31468", 5: "EPSG:31469"}
#: How each system is named in a note.
CRS_LABELS = {
    WGS84: "WGS84 (Länge/Breite)",
    UTM32: "ETRS89/UTM Zone 32N (EPSG:25832)",
    UTM33: "ETRS89/UTM Zone 33N (EPSG:25833)",
    **{code: f"Gauß-Krüger Zone {zone} (EPSG:{code[5:]})" for zone, code in GAUSS_KRUEGER.items()},
}
# Northings of Germany (47.2°–55.1° N) in UTM and Gauß-Krüger metres.
_NORTHING = (5_200_000.0, 6_150_000.0)
# Eastings of Germany inside one zone's 500 km false easting, with a margin.
_EASTING = (150_000.0, 950_000.0)
_URN = re.compile(r"(?:urn:ogc:def:crs:)?EPSG:{1,2}(?:[\d.]*:)?(\d{4,5})$", re.IGNORECASE)


class UnknownCrs(ValueError):
    """A coordinate system that is not understood; the message says which."""


def parse_crs(text: str) -> str:
    """``EPSG:25832`` from what files and people write: ``EPSG:25832``, ``25832``,
    ``urn:ogc:def:crs:EPSG::25832``, ``urn:ogc:def:crs:OGC:1.3:CRS84``.

    Raises
    ------
    UnknownCrs
        For text that names no coordinate system pyproj knows.
    """
    cleaned = text.strip()
    if cleaned.upper().endswith("CRS84"):
        return WGS84
    found = _URN.search(cleaned)
    code = f"EPSG:{found.group(1)}" if found else cleaned
    if code.isdigit():
        code = f"EPSG:{code}"
    try:
        CRS.from_user_input(code)
    except CRSError:
        raise UnknownCrs(f"Koordinatensystem „{text[:40]}“ ist unbekannt.") from None
    return code.upper()


@lru_cache(maxsize=16)
def _transformer(crs: str) -> Transformer:
    return Transformer.from_crs(crs, WGS84, always_xy=True)


def to_wgs84(x: float, y: float, crs: str) -> tuple[float, float]:
    """``(lat, lon)`` of an easting/northing (or lon/lat) pair in ``crs``.

    A UTM easting with its zone written in front (``32365432``) is understood.
    """
    if crs in (UTM32, UTM33) and x >= 1_000_000:
        x -= int(x // 1_000_000) * 1_000_000
    lon, lat = _transformer(crs).transform(x, y)
    return lat, lon


def looks_projected(x: float, y: float) -> bool:
    """Whether a pair is metres rather than degrees."""
    return abs(x) > 180 or abs(y) > 90


@dataclass(frozen=True)
class Detected:
    """The system a file's coordinates are in, and whether it was assumed.

    Attributes
    ----------
    crs
        ``EPSG:…``.
    assumed
        ``True`` when read from the values' ranges (a note says so).
    swapped
        The file has northing where easting belongs (``x``/``y`` the other way).
    """

    crs: str
    assumed: bool = True
    swapped: bool = False

    def note(self) -> str:
        """The file-level note on the conversion."""
        how = "nach dem Wertebereich angenommen" if self.assumed else "laut Datei"
        swapped = "; Rechts- und Hochwert waren vertauscht" if self.swapped else ""
        return (
            f"Koordinaten in {CRS_LABELS.get(self.crs, self.crs)} ({how}{swapped}) nach WGS84 "
            "umgerechnet."
        )


def _zone_of(easting: float) -> str | None:
    """The system an easting alone tells (GK by its first digit, UTM by its prefix)."""
    if 32_000_000 <= easting < 33_000_000:
        return UTM32
    if 33_000_000 <= easting < 34_000_000:
        return UTM33
    if 1_000_000 <= easting < 10_000_000:
        return GAUSS_KRUEGER.get(int(easting // 1_000_000))
    return None


def detect_crs(
    pairs: Sequence[tuple[float, float]],
    postcode_points: Iterable[tuple[float, float] | None] = (),
) -> Detected | None:
    """The projected system of ``(x, y)`` pairs, from their ranges.

    Parameters
    ----------
    pairs
        Eastings and northings of some rows (a sample is enough).
    postcode_points
        ``(lat, lon)`` of the postcode each pair's row names (``None`` where it names
        none): decides between UTM 32 and 33, whose ranges overlap in Germany.

    Returns
    -------
    Detected or None
        ``None`` when the values are degrees, or metres of no system we know.
    """
    usable = [(x, y) for x, y in pairs if math.isfinite(x) and math.isfinite(y)]
    if not usable or not any(looks_projected(x, y) for x, y in usable):
        return None
    swapped = False
    if all(_NORTHING[0] <= x <= _NORTHING[1] and y < _NORTHING[0] for x, y in usable):
        usable = [(y, x) for x, y in usable]
        swapped = True
    zones = {_zone_of(x) for x, _ in usable}
    if len(zones) == 1 and None not in zones:
        (zone,) = zones
        return Detected(zone, swapped=swapped)  # type: ignore[arg-type]
    if all(
        _EASTING[0] <= x <= _EASTING[1] and _NORTHING[0] <= y <= _NORTHING[1] for x, y in usable
    ):
        return Detected(_utm_zone(usable, list(postcode_points)), swapped=swapped)
    return None


def _utm_zone(pairs: list[tuple[float, float]], postcodes: list) -> str:
    """UTM 32 or 33: the zone that puts the points nearer their postcodes (32 without)."""
    distance = {UTM32: 0.0, UTM33: 0.0}
    compared = 0
    for (x, y), centre in zip(pairs, postcodes, strict=False):
        if centre is None:
            continue
        compared += 1
        for zone in distance:
            lat, lon = to_wgs84(x, y, zone)
            distance[zone] += _km(lat, lon, *centre)
    if not compared:
        return UTM32
    return min(distance, key=lambda zone: distance[zone])


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance along the surface (haversine), good enough to compare."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Kilometres between two ``(lat, lon)`` points."""
    return _km(*a, *b)

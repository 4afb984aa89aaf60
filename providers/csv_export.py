"""Exports of provider data as CSV for Excel (written by :func:`intake.excel_csv`);
the importer reads the provider export back unchanged."""

from __future__ import annotations

import pandas as pd

from intake.csv_out import CsvFile, Encoding, excel_csv
from providers.model import LIFE_STAGES, PROVIDER_COLUMNS
from providers.query import stale_mask
from providers.taxonomy import service_type

#: Header of the German Excel export: the provider columns people edit; the
#: importer reads these names back.
EXPORT_HEADER = tuple(c for c in PROVIDER_COLUMNS if c not in ("organization", "description"))


def _yes_no(value: object) -> str:
    if value is None or value is pd.NA or value != value:  # not stated
        return ""
    return "ja" if value else "nein"


def _decimal_comma(value: float) -> str:
    # The shortest form that reads back to the same float: export → import is exact.
    return repr(float(value)).replace(".", ",")


#: The flag of a record not verified for 12 months, in exports and on the map.
STALE_NOTE = "Angaben älter als 12 Monate"


def to_excel_csv(
    providers: pd.DataFrame, attribution: str | None = None, encoding: Encoding = "utf-8-sig"
) -> CsvFile:
    """Export providers as a CSV that German Excel opens correctly.

    Semicolon-separated, UTF-8 with BOM (or Windows-1252 on request, with the
    rows that lost characters named), decimal comma, dates as TT.MM.JJJJ,
    service types as German labels separated by ``;``, and a last column
    ``aktualitaet`` flagging records not verified for 12 months. The importer
    reads the file back.

    Parameters
    ----------
    providers
        A provider frame as from :func:`providers.load_providers`.
    attribution
        Optional source note, written as a last line starting with ``#``.
    encoding
        See :func:`excel_csv`.
    """
    formats = {
        "service_types": lambda codes: "; ".join(service_type(c).label_de for c in codes),
        "lat": _decimal_comma,
        "lon": _decimal_comma,
        "languages": "; ".join,
        "last_verified": lambda d: d.strftime("%d.%m.%Y") if pd.notna(d) and d else "",
        "location_exact": lambda exact: "ja" if exact else "nein (PLZ-Mittelpunkt)",
        "life_stages": lambda codes: "; ".join(LIFE_STAGES[c] for c in codes),
        "free_of_charge": _yes_no,
        "no_application": _yes_no,
        "barrier_free": _yes_no,
    }
    stale = stale_mask(providers).tolist() if len(providers) else []
    rows = (
        [
            *(
                formats[column](value) if column in formats else value
                for column, value in zip(EXPORT_HEADER, row, strict=True)
            ),
            STALE_NOTE if old else "",
        ]
        for row, old in zip(
            providers[list(EXPORT_HEADER)].itertuples(index=False), stale, strict=True
        )
    )
    notes = [attribution] if attribution else []
    return excel_csv([*EXPORT_HEADER, "aktualitaet"], rows, notes, encoding)

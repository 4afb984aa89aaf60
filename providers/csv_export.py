"""Exports of provider data: CSV that spreadsheet programs open safely.

Every CSV the app writes goes through :func:`excel_csv`: semicolons, a
UTF-8 byte order mark (current Excel then reads umlauts, Polish, Turkish,
Arabic and emoji correctly), and every cell that a spreadsheet would run as a
formula turned into plain text (OWASP, CSV injection). The importer reads the
provider export back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from providers.fields import neutralize_formula
from providers.model import LIFE_STAGES, PROVIDER_COLUMNS
from providers.query import stale_mask
from providers.taxonomy import service_type

#: Header of the German Excel export: the provider columns people edit; the
#: importer reads these names back.
EXPORT_HEADER = tuple(c for c in PROVIDER_COLUMNS if c not in ("organization", "description"))

Encoding = Literal["utf-8-sig", "cp1252"]


@dataclass(frozen=True)
class CsvFile:
    """A CSV file's bytes, and which rows lost characters to the chosen encoding.

    Attributes
    ----------
    data
        The file's content.
    encoding
        ``"utf-8-sig"`` (UTF-8 with byte order mark) or ``"cp1252"``.
    lossy_rows
        Line numbers (header: line 1) whose characters the encoding lacks; they
        were written as ``?``. Always empty for UTF-8.
    """

    data: bytes
    encoding: Encoding
    lossy_rows: tuple[int, ...] = ()


def excel_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    notes: Sequence[str] = (),
    encoding: Encoding = "utf-8-sig",
) -> CsvFile:
    """Write a semicolon-separated CSV for Excel, safe against formula injection.

    Parameters
    ----------
    header
        Column names.
    rows
        Cells; ``None`` is written empty, everything else as ``str``.
    notes
        Lines written after the table, each starting with ``#`` (sources,
        attribution).
    encoding
        UTF-8 with byte order mark (default), or Windows-1252 for old programs.
    """
    lines = (
        [neutralize_formula("" if cell is None else str(cell)) for cell in cells]
        for cells in [header, *rows, *([f"# {note}"] for note in notes)]
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if encoding == "utf-8-sig":
        writer.writerows(lines)
        return CsvFile(buffer.getvalue().encode("utf-8-sig"), encoding)
    data, lossy = [], []
    for number, cells in enumerate(lines, start=1):
        writer.writerow(cells)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        encoded = text.encode(encoding, errors="replace")
        if encoded.decode(encoding) != text:
            lossy.append(number)
        data.append(encoded)
    return CsvFile(b"".join(data), encoding, tuple(lossy))


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

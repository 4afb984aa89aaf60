"""CSV that spreadsheet programs open safely.

Every CSV the app writes goes through :func:`excel_csv`: semicolons, a
UTF-8 byte order mark (current Excel then reads umlauts, Polish, Turkish,
Arabic and emoji correctly), and every cell that a spreadsheet would run as a
formula turned into plain text (OWASP, CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from intake.fields import neutralize_formula

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

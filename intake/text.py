"""Bytes from outside as text: the encoding guessed as Excel and LibreOffice write,
the first sheet of a workbook as CSV text, and one CSV dialect for every table.

Every reader of a table (providers, Termine, Netzwerke, a planner's figures, a
programme list) takes its text and its delimiter from here, so a file that one
upload reads is read the same way by every other.
"""

from __future__ import annotations

import csv
import io
import re

from intake.limits import LIMITS, Purpose
from intake.problems import ProblemLog

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# Longest first: UTF-32's little-endian mark starts with UTF-16's.
_BOMS = {
    b"\xff\xfe\x00\x00": "utf-32-le",
    b"\x00\x00\xfe\xff": "utf-32-be",
    b"\xff\xfe": "utf-16-le",
    b"\xfe\xff": "utf-16-be",
}
# Control bytes a text file may hold a few of (tab, line feed and carriage return excluded).
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32)])


class NotText(ValueError):
    """The file's bytes are no text (a binary file saved as .csv or .json)."""


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM (Excel's "Unicode
    text" is UTF-16), else Windows-1252 as Excel writes it.

    Raises
    ------
    NotText
        For bytes that are no text: more than a few control bytes (NUL and the
        like) outside UTF-16. A few stray ones stay in the text, for the
        reader to remove and report.
    """
    for bom, encoding in _BOMS.items():
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise NotText(str(error)) from error
    controls = len(raw) - len(raw.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(raw) // 100):
        raise NotText(f"{controls} Steuerbytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def physical_lines(text: str) -> list[str]:
    """The file's lines with their line breaks (``\\r\\n``, ``\\n`` or a lone ``\\r``)."""
    return _LINE.findall(text)


def csv_delimiter(header_line: str) -> str:
    """The delimiter of a CSV file, read off its header line: the most frequent of
    ``;`` (German Excel), ``,`` and tab; ``,`` for a line with none of them."""
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".ods")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # PLZ 53721, not 53721.0
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def spreadsheet_text(raw: bytes) -> str:
    """The first sheet of an XLSX/XLS/ODS workbook as semicolon CSV text (read with
    ``python-calamine``), so it goes through the same checks as a CSV file.

    Raises
    ------
    NotText
        When the bytes are no workbook calamine can read.
    """
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook: one message
        raise NotText(str(error)) from None
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def table_text(raw: bytes, suffix: str) -> str:
    """A table file's text: a workbook's first sheet as semicolon CSV, else the decoded
    bytes (see :func:`decode`).

    Raises
    ------
    NotText
        For binary content or a workbook calamine cannot read.
    """
    return spreadsheet_text(raw) if suffix.lower() in SPREADSHEET_SUFFIXES else decode(raw)


def table_rows(raw: bytes, suffix: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV/XLSX table (the first line is the header); an empty
    file gives no header."""
    text = table_text(raw, suffix)
    lines = text.splitlines()
    if not lines:
        return [], []
    delimiter = csv_delimiter(lines[0])
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    header = list(rows[0].keys()) if rows else next(csv.reader([lines[0]], delimiter=delimiter))
    return [h for h in header if h], rows


def cut_rows(rows: list[dict[str, str]], purpose: Purpose, report: ProblemLog) -> list:
    """At most the rows the limits of ``purpose`` allow; a note (on the first line not
    read) says when a table had more."""
    most = LIMITS[purpose].rows
    if len(rows) <= most:
        return rows
    report.note(
        most + 2, f"Mehr als {most:,} Zeilen: der Rest wird nicht gelesen.".replace(",", ".")
    )
    return rows[:most]

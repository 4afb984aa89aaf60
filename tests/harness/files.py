"""Files that tests and benchmarks both need: a compressed bomb, the table of what
families type into the place search, and temporary folders outside pytest."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path

#: What families type, and what the search must find (``tests/providers/data``).
PLACE_QUERIES = Path(__file__).parents[2] / "tests" / "providers" / "data" / "place_queries.csv"
ROW = b'<row><c t="inlineStr"><is><t>05382060;1</t></is></c></row>\n'


def bomb_rows(unpacked_mb: int) -> int:
    """How many sheet rows :func:`bomb` of ``unpacked_mb`` holds."""
    return unpacked_mb * (1_000_000 // len(ROW))


#: A bomb of six million rows (as the one that took the app 30 s and 2.66 GB).
SIX_MILLION_ROWS_MB = 355


def bomb(unpacked_mb: int) -> bytes:
    """An XLSX-shaped zip whose one sheet repeats a row until ``unpacked_mb`` MB:
    it compresses several hundred to one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = ROW * (1_000_000 // len(ROW))
            for _ in range(unpacked_mb):
                sheet.write(chunk)
    return buffer.getvalue()


def place_queries() -> list[dict[str, str]]:
    """The rows of :data:`PLACE_QUERIES` (``eingabe``, ``erwartet`` …)."""
    with PLACE_QUERIES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


class TempFolders:
    """``tmp_path_factory`` for :func:`start_app` outside pytest."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="fk-upload-load-"))

    def mktemp(self, name: str) -> Path:
        path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.root))
        return path

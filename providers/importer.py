"""Import provider files that people make: CSV from Excel or LibreOffice, or GeoJSON.

Nothing a file holds raises: every fault becomes a :class:`Problem` with the
line it stands on and a German sentence that says how to fix it, and every
valid row still loads. The steps live in their own modules: reading records
(:mod:`providers.readers`), mapping column names (:mod:`providers.columns`),
parsing fields (:mod:`providers.fields`) and checking rows (:mod:`providers.rows`).
"""

from __future__ import annotations

from pathlib import Path

from providers.hsds import PackageError, read_hsds
from providers.mapping import ColumnMapping
from providers.model import providers_frame
from providers.problems import ImportResult, ProblemLog
from providers.readers import (
    SPREADSHEET_SUFFIXES,
    NotText,
    decode,
    is_geojson,
    is_own_export,
    read_csv,
    read_geojson,
    spreadsheet_text,
)
from providers.rows import RowChecker
from providers.untrusted import PROVIDER_LIMITS, FileRefused, check_file

#: Files larger than this are refused rather than read into memory (100 MB: a national
#: list of 60,000 Kitas takes about a quarter of it).
MAX_FILE_BYTES = 100_000_000
_UNREADABLE_WORKBOOK = "Die Datei ist keine lesbare Excel- oder ODS-Arbeitsmappe."


def import_providers(
    path: str | Path, mapping: ColumnMapping | None = None, source: str | None = None
) -> ImportResult:
    """Read a provider file and report what is wrong with it.

    Parameters
    ----------
    path
        A CSV file (comma or semicolon, UTF-8 or Windows-1252, decimal point or
        comma, ISO or German dates), an XLSX/ODS workbook, an Open Referral HSDS 3
        data package (zip or folder) or a GeoJSON FeatureCollection, with the
        columns ``name, service_types, street, postcode, city, lat, lon, phone,
        email, website, languages, last_verified`` (optional: ``id,
        organization, description, source``). Service types are separated by
        ``;`` and may be codes or German labels.
    mapping
        How the file's columns become fields (default: suggested from their names,
        see :mod:`providers.mapping`).
    source
        The rows' source label (default: ``Import <file name>``); a file's own
        source column is kept beside it, never in its place.

    Returns
    -------
    ImportResult
        The valid rows, their line numbers and the problems. Whatever the file
        holds, nothing raises.
    """
    file = Path(path)
    report = ProblemLog()
    if file.is_dir() or file.suffix.lower() == ".zip":
        return _package(file, report, mapping)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            report.error(
                1,
                f"Die Datei ist zu groß ({size / 1e6:.1f} MB, höchstens "
                f"{MAX_FILE_BYTES / 1e6:.0f} MB erlaubt).",
            )
            return ImportResult.failed(report)
        raw = file.read_bytes()
    except OSError as error:
        report.error(1, f"Die Datei kann nicht gelesen werden ({error.strerror}).")
        return ImportResult.failed(report)
    spreadsheet = file.suffix.lower() in SPREADSHEET_SUFFIXES
    try:
        # A workbook is a zip: what it unpacks to is checked before calamine reads it.
        check_file(raw, PROVIDER_LIMITS)
    except FileRefused as refused:
        unreadable = spreadsheet and refused.code == "damaged"
        report.error(1, _UNREADABLE_WORKBOOK if unreadable else str(refused))
        return ImportResult.failed(report)
    try:
        text = spreadsheet_text(raw) if spreadsheet else decode(raw)
    except NotText:
        message = (
            _UNREADABLE_WORKBOOK
            if spreadsheet
            else "Die Datei ist keine Textdatei (sie enthält Binärdaten). Bitte als CSV "
            "(UTF-8, Komma oder Semikolon), XLSX oder GeoJSON speichern."
        )
        report.error(1, message)
        return ImportResult.failed(report)
    if not text.strip():
        report.error(1, "Die Datei ist leer. Bitte eine CSV- oder GeoJSON-Datei mit Kopfzeile.")
        return ImportResult.failed(report)
    checker = RowChecker(source or f"Import {file.name}", report, is_own_export(text))
    read = read_geojson if is_geojson(text, file.suffix) else read_csv
    for number, (row, values, point) in enumerate(read(text, report, mapping), start=1):
        if number > PROVIDER_LIMITS.rows:
            report.note(
                row,
                f"Mehr als {PROVIDER_LIMITS.rows:,} Einträge: der Rest wird nicht gelesen.".replace(
                    ",", "."
                ),
            )
            break
        checker.check(row, values, point)
    return ImportResult(
        providers_frame(checker.providers), tuple(report.problems), tuple(checker.rows)
    )


def _package(source: Path, report: ProblemLog, mapping: ColumnMapping | None) -> ImportResult:
    """An Open Referral HSDS data package (zip or folder), see :mod:`providers.hsds`."""

    try:
        if source.is_file() and source.stat().st_size > MAX_FILE_BYTES:
            raise PackageError(f"Das Paket ist größer als {MAX_FILE_BYTES / 1e6:.0f} MB.")
        return read_hsds(source, mapping)
    except PackageError as error:
        report.error(1, str(error))
    except OSError as error:
        report.error(1, f"Das Paket kann nicht gelesen werden ({error.strerror}).")
    return ImportResult.failed(report)

"""Import provider files that people make: CSV from Excel or LibreOffice, or GeoJSON.

Nothing a file holds raises: every fault becomes a :class:`Problem` with the
line it stands on and a German sentence that says how to fix it, and every
valid row still loads. The steps live in their own modules: reading records
(:mod:`providers.readers`), mapping column names (:mod:`providers.columns`),
parsing fields (:mod:`intake.fields`) and checking rows (:mod:`providers.rows`).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from intake.gate import read_path
from intake.guard import FileRefused, check_file
from intake.limits import LIMITS
from intake.problems import ProblemLog
from intake.text import SPREADSHEET_SUFFIXES, NotText, table_text
from providers.hsds import PackageError, read_hsds
from providers.mapping import ColumnMapping
from providers.model import providers_frame
from providers.readers import is_geojson, is_own_export, read_csv, read_geojson
from providers.result import ImportResult
from providers.rows import RowChecker

_UNREADABLE_WORKBOOK = "Die Datei ist keine lesbare Excel- oder ODS-Arbeitsmappe."


def import_providers(
    path: str | Path, mapping: ColumnMapping | None = None, source: str | None = None
) -> ImportResult:
    """Read a provider file of the operator's (the sample, ``FAMILIENKARTE_PROVIDERS``)
    in this process and report what is wrong with it; files from anyone else go
    through :func:`intake.read_guarded` with :func:`read_provider_file`.

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
    purpose = "hsds" if file.is_dir() or file.suffix.lower() == ".zip" else "anbieter"
    try:
        raw, name = read_path(file, purpose)
    except FileRefused as refused:
        message = str(refused)
        if refused.code == "too_large" and file.is_file():  # the editor sees how far over
            size, limit = file.stat().st_size, LIMITS[purpose].file_bytes
            message = (
                f"Die Datei ist zu groß ({size / 1e6:.1f} MB, höchstens "
                f"{limit / 1e6:.0f} MB erlaubt)."
            )
        report.error(1, message)
        return ImportResult.failed(report)
    except OSError as error:
        report.error(1, f"Die Datei kann nicht gelesen werden ({error.strerror}).")
        return ImportResult.failed(report)
    return read_provider_file(raw, name, mapping, source)


def read_provider_file(
    raw: bytes, name: str, mapping: ColumnMapping | None = None, source: str | None = None
) -> ImportResult:
    """The reader of a provider file's bytes (``name`` tells the kind by its ending);
    see :func:`import_providers`. Nothing raises: every fault is a problem."""
    report = ProblemLog()
    suffix = PurePosixPath(name).suffix.lower()
    is_package = suffix == ".zip"
    spreadsheet = suffix in SPREADSHEET_SUFFIXES
    try:
        # A workbook is a zip: what it unpacks to is checked before calamine reads it.
        check_file(raw, LIMITS["hsds" if is_package else "anbieter"])
    except FileRefused as refused:
        unreadable = spreadsheet and refused.code == "damaged"
        report.error(1, _UNREADABLE_WORKBOOK if unreadable else str(refused))
        return ImportResult.failed(report)
    if is_package:
        try:
            return read_hsds(raw, mapping)
        except PackageError as error:
            report.error(1, str(error))
            return ImportResult.failed(report)
    try:
        text = table_text(raw, suffix)
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
    checker = RowChecker(source or f"Import {name}", report, is_own_export(text))
    read = read_geojson if is_geojson(text, suffix) else read_csv
    most = LIMITS["anbieter"].rows
    for number, (row, values, point) in enumerate(read(text, report, mapping), start=1):
        if number > most:
            report.note(
                row, f"Mehr als {most:,} Einträge: der Rest wird nicht gelesen.".replace(",", ".")
            )
            break
        checker.check(row, values, point)
    return ImportResult(
        providers_frame(checker.providers), tuple(report.problems), tuple(checker.rows)
    )

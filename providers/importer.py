"""Import provider files that people make: CSV from Excel or LibreOffice, or GeoJSON.

Nothing a file holds raises: every fault becomes a :class:`Problem` with the
line it stands on and a German sentence that says how to fix it, and every
valid row still loads. The steps live in their own modules: reading records
(:mod:`providers.readers`), mapping column names (:mod:`providers.columns`),
parsing fields (:mod:`providers.fields`) and checking rows (:mod:`providers.rows`).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from providers.model import providers_frame
from providers.problems import Problem, Report
from providers.readers import decode, is_geojson, read_csv, read_geojson
from providers.rows import RowChecker

#: Files larger than this are refused rather than read into memory.
MAX_FILE_BYTES = 20 * 1024 * 1024


def import_providers(path: str | Path) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read a provider file and report what is wrong with it.

    Parameters
    ----------
    path
        A CSV file (comma or semicolon, UTF-8 or Windows-1252, decimal point or
        comma, ISO or German dates) or a GeoJSON FeatureCollection, with the
        columns ``name, service_types, street, postcode, city, lat, lon, phone,
        email, website, languages, last_verified`` (optional: ``id,
        organization, description, source``). Service types are separated by
        ``;`` and may be codes or German labels.

    Returns
    -------
    providers : GeoDataFrame
        The valid rows, EPSG:4326 points.
    problems : list of Problem
        Rows not loaded (``fehler``) and changes made while loading (``hinweis``).
    """
    file = Path(path)
    report = Report()
    checker = RowChecker(f"Import {file.name}", report)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            report.error(
                1, f"Die Datei ist zu groß ({size / 1e6:.0f} MB, höchstens 20 MB erlaubt)."
            )
            return providers_frame([]), report.problems
        raw = file.read_bytes()
    except OSError as error:
        report.error(1, f"Die Datei kann nicht gelesen werden ({error.strerror}).")
        return providers_frame([]), report.problems
    text = decode(raw)
    if not text.strip():
        report.error(1, "Die Datei ist leer. Bitte eine CSV- oder GeoJSON-Datei mit Kopfzeile.")
        return providers_frame([]), report.problems
    read = read_geojson if is_geojson(text, file.suffix) else read_csv
    for row, values, point in read(text, report):
        checker.check(row, values, point)
    return providers_frame(checker.providers), report.problems

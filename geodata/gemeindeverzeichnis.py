"""The Gemeindeverzeichnis of the Statistisches Bundesamt (Destatis GV-ISys).

The yearly extract "Gemeinden in Deutschland nach Fläche, Bevölkerung und
Postleitzahl" (``31122023_Auszug_GV.xlsx``) lists every Gemeinde of a
Gebietsstand with its key, area and inhabitants. Only the rows of Satzart 60 are
Gemeinden; the key is split over the columns Land, RB, Kreis, VB, Gem.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

#: Satzart of a Gemeinde row (the others are Land, RB, Kreis, Verband).
_GEMEINDE = "60"
#: Textkennzeichen of uninhabited gemeindefreie Gebiete (forests, lakes, sea areas).
UNINHABITED = "66"
#: Textkennzeichen of inhabited gemeindefreie Gebiete.
UNINCORPORATED = "65"
_SHEET = re.compile(r"Gemeinden(\d{2})(\d{2})(\d{4})$")
_COLUMNS = {
    0: "satzart",
    1: "textkennzeichen",
    2: "land",
    3: "rb",
    4: "kreis",
    5: "vb",
    6: "gem",
    7: "name",
    8: "flaeche_km2",
    9: "einwohner",
    13: "plz",
    14: "lon",
    15: "lat",
}


class GemeindeverzeichnisError(ValueError):
    """The file is not a Destatis Gemeindeverzeichnis extract."""


def read_gemeindeverzeichnis(path: Path) -> tuple[pd.DataFrame, str]:
    """Read the Gemeinde rows of a GV-ISys extract.

    Parameters
    ----------
    path
        ``<TTMMJJJJ>_Auszug_GV.xlsx`` as published by Destatis.

    Returns
    -------
    tuple
        A frame indexed by the 8-digit AGS with ``ars`` (12 digits), ``name``,
        ``textkennzeichen``, ``flaeche_km2``, ``einwohner`` (``<NA>`` where the
        extract has none), ``plz``, ``lon``, ``lat`` (``NaN`` without a centre), and
        the Stand as an ISO date read from the sheet's name.

    Raises
    ------
    GemeindeverzeichnisError
        If no sheet named ``…Gemeinden<TTMMJJJJ>`` with Gemeinde rows is found.
    """
    workbook = CalamineWorkbook.from_path(str(path))
    matches = [(name, _SHEET.search(name)) for name in workbook.sheet_names]
    found = [(name, match) for name, match in matches if match]
    if not found:
        raise GemeindeverzeichnisError(f"{path.name}: kein Blatt 'Gemeinden<TTMMJJJJ>'")
    sheet, match = found[0]
    day, month, year = match.groups()
    rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    gemeinden = [row for row in rows if str(row[0]).strip() == _GEMEINDE]
    if not gemeinden:
        raise GemeindeverzeichnisError(f"{path.name}: keine Gemeindezeilen (Satzart 60)")
    frame = pd.DataFrame(
        [[row[i] for i in _COLUMNS] for row in gemeinden], columns=list(_COLUMNS.values())
    )
    text = {c: frame[c].astype(str).str.strip() for c in ("land", "rb", "kreis", "vb", "gem")}
    frame["ags"] = text["land"] + text["rb"] + text["kreis"] + text["gem"]
    frame["ars"] = text["land"] + text["rb"] + text["kreis"] + text["vb"] + text["gem"]
    frame["textkennzeichen"] = frame["textkennzeichen"].astype(str).str.strip()
    frame["name"] = frame["name"].astype(str).str.strip()
    frame["plz"] = frame["plz"].astype(str).str.strip().str.zfill(5)
    frame["flaeche_km2"] = pd.to_numeric(frame["flaeche_km2"], errors="coerce")
    frame["einwohner"] = pd.to_numeric(frame["einwohner"], errors="coerce").astype("Int64")
    for column in ("lon", "lat"):
        numbers = pd.to_numeric(
            frame[column].astype(str).str.replace(",", "."), errors="coerce"
        ).astype(float)
        frame[column] = numbers.where(numbers != 0)
    columns = ["ars", "name", "textkennzeichen", "flaeche_km2", "einwohner", "plz", "lon", "lat"]
    table = frame.set_index("ags")[columns]
    if table.index.duplicated().any():
        raise GemeindeverzeichnisError(f"{path.name}: doppelte Gemeindeschlüssel")
    return table, f"{year}-{month}-{day}"

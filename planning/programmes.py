"""Family programmes a Gemeinde takes part in: certified Familienmanager, the Audit
familiengerechte Kommune, a Lokales Bündnis für Familie.

A programme list is a table (CSV as Excel writes it, or XLSX) with one row per
Gemeinde and programme::

    ags;programm;jahr;hinweis
    05382060;Familienmanager;2021;Rezertifizierung 2024
    05382060;Audit familiengerechte Kommune;2019;
    05314000;buendnis;;

``programm`` takes a code (``familienmanager``, ``audit``, ``buendnis``) or the
German name; ``jahr`` (since when) and ``hinweis`` are optional; a ``gemeinde``
column with the name may stand beside them for people reading the file. Lines
starting with ``#`` before the header are comments (e.g. "fiktive
Beispieldaten"). As with the provider import, every fault becomes a row-level
problem and the valid rows are used: an unknown or malformed AGS, an unknown
programme, a year that is no year, and a repeated Gemeinde + programme (the
first row counts).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import clock
from geodata import KeyTable, load_keys, normalize_ags, within
from intake import LIMITS, FileRefused, Problem, clean_text, excerpt, fold_name
from planning.indicators import TableRefused, read_table, row_limit_problem

#: Longest note kept.
MAX_NOTE = 300
#: The fictional sample shipped with the app (see ``python -m planning.programme_sample``).
SAMPLE_PROGRAMMES = Path(__file__).parent / "data" / "programme_sample.csv"
FIRST_YEAR = 1990


@dataclass(frozen=True)
class Programme:
    """A programme and how maps draw it.

    Attributes
    ----------
    code
        Key in files, URLs and stories.
    label_de
        German name (the UI translates it through its catalogues).
    color
        Colour of its hatching and outline, the same on the web map and in exports.
    angle
        Angle of the hatch lines in degrees (45, -45 or 0), so that programmes
        drawn over one Gemeinde stay apart.
    """

    code: str
    label_de: str
    color: str
    angle: int


PROGRAMMES: tuple[Programme, ...] = (
    Programme("familienmanager", "Familienmanager (zertifiziert)", "#ad1457", 45),
    Programme("audit", "Audit familiengerechte Kommune", "#1565c0", -45),
    Programme("buendnis", "Lokales Bündnis für Familie", "#2e7d32", 0),
)
PROGRAMME_CODES: tuple[str, ...] = tuple(p.code for p in PROGRAMMES)
_COLUMNS = {
    "ags": {"ags", "gemeindeschluessel", "amtlichergemeindeschluessel", "schluessel", "gkz"},
    "programme": {"programm", "programme", "program", "programmname"},
    "year": {"jahr", "year", "seit", "zertifiziertseit", "since"},
    "note": {"hinweis", "anmerkung", "bemerkung", "note", "notiz"},
}


def _fold(text: object) -> str:
    # Column names and programme names alike: "Lokales Bündnis" → "lokalesbuendnis".
    return fold_name(str(text)).replace("_", "")


def programme(code: str) -> Programme:
    """The programme with ``code``.

    Raises
    ------
    KeyError
        For a code that is no programme.
    """
    for candidate in PROGRAMMES:
        if candidate.code == code:
            return candidate
    raise KeyError(code)


def resolve_programme(text: object) -> str | None:
    """The code of a programme named by code or German name ("Lokales Bündnis"), or None."""
    folded = _fold(text)
    if not folded:
        return None
    for keyword, code in (
        ("familienmanager", "familienmanager"),
        ("audit", "audit"),
        ("buendnis", "buendnis"),
    ):
        if keyword in folded:
            return code
    return None


@dataclass(frozen=True)
class ProgrammeList:
    """Programmes per Gemeinde, read from a list.

    Attributes
    ----------
    entries
        One row per Gemeinde and programme: ``ags``, ``programme`` (code), ``year``
        (Int64, may be missing), ``note`` (text, may be empty), in file order.
    problems
        Row-level report (line numbers as in the file).
    source
        The file's name.
    is_sample
        Whether this is the fictional sample.
    """

    entries: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    source: str = ""
    is_sample: bool = False

    def gemeinden(self, code: str, region: str | None = None) -> pd.DataFrame:
        """The entries of one programme, within ``region`` (an AGS prefix) if given."""
        rows = self.entries[self.entries["programme"] == code]
        if region:
            rows = rows[within(rows["ags"], region)]
        return rows

    def count(self, code: str, region: str | None = None) -> int:
        """How many Gemeinden of ``region`` take part in a programme."""
        return len(self.gemeinden(code, region))


def empty_entries() -> pd.DataFrame:
    """A programme table without rows, with the columns of :attr:`ProgrammeList.entries`."""
    return pd.DataFrame(
        {
            "ags": pd.Series(dtype=str),
            "programme": pd.Series(dtype=str),
            "year": pd.Series(dtype="Int64"),
            "note": pd.Series(dtype=str),
        }
    )


def _column(table: pd.DataFrame, role: str) -> str | None:
    names = _COLUMNS[role]
    return next((c for c in table.columns if _fold(c) in names), None)


def read_programme_list(
    data: bytes,
    filename: str,
    gemeinden: Container[str],
    is_sample: bool = False,
    keys: KeyTable | None = None,
) -> ProgrammeList:
    """Read a programme list; see the module's description.

    Parameters
    ----------
    data, filename
        The file (the name tells XLSX from CSV).
    gemeinden
        Answers ``ags in gemeinden`` for every Gemeinde of the boundaries.
    is_sample
        Marks the list as the fictional sample.
    keys
        Old keys to today's (default: the boundaries' key table); an old key's
        programme counts for its successor, with a note.

    Raises
    ------
    ValueError
        With a German message when the file cannot be a programme list at all (too
        large, not a table, no AGS or programme column). Faults of single rows go
        into :attr:`ProgrammeList.problems` instead.
    """
    limit = LIMITS["programme"].file_bytes
    if len(data) > limit:
        raise ValueError(f"Die Datei ist größer als {limit // 1_000_000} MB.")
    is_xlsx = filename.lower().endswith((".xlsx", ".xls"))
    if not is_xlsx and b"\x00" in data[:4096]:
        raise ValueError("Die Datei ist keine lesbare Tabelle (Binärdaten statt Text).")
    try:
        table = read_table(data, filename, LIMITS["programme"])
    except (TableRefused, FileRefused):
        raise
    except Exception as error:  # noqa: BLE001 - any unreadable file gets one message
        raise ValueError(f"Die Datei ist keine lesbare Tabelle ({type(error).__name__}).") from None
    columns = {role: _column(table, role) for role in _COLUMNS}
    if columns["ags"] is None or columns["programme"] is None:
        raise ValueError(
            "Die Programmliste braucht die Spalten „ags“ (8-stelliger Gemeindeschlüssel) und "
            "„programm“ (Familienmanager, Audit oder Bündnis); „jahr“ und „hinweis“ sind "
            "freiwillig."
        )
    header_line = int(table.attrs.get("header_line", 1))
    rows: list[dict] = []
    seen: set[tuple[str, str]] = set()
    problems: list[Problem] = row_limit_problem(table, LIMITS["programme"])
    this_year = clock.this_year()
    keys = keys if keys is not None else load_keys()
    for offset, record in enumerate(table.to_dict("records")):
        line = header_line + 1 + offset
        raw_ags = record[columns["ags"]]
        raw_programme = record[columns["programme"]]
        if all(_blank(value) for value in record.values()):
            continue
        ags, change = keys.resolve(normalize_ags(raw_ags, "gemeinde"), gemeinden)
        if change is not None:
            note = change.note() + ("" if change.new is None else ": für die heutige Gemeinde")
            problems.append(Problem(line, note, "fehler" if change.new is None else "hinweis"))
        if ags is None and change is not None:
            continue
        if ags is None or ags not in gemeinden:
            shown = excerpt(clean_text(raw_ags).text, 20)
            problems.append(Problem(line, f"AGS „{shown}“: keine bekannte Gemeinde (8 Ziffern)"))
            continue
        code = resolve_programme(raw_programme)
        if code is None:
            shown = excerpt(clean_text(raw_programme).text, 40)
            problems.append(
                Problem(
                    line,
                    f"Programm „{shown}“ unbekannt: erwartet werden Familienmanager, Audit "
                    "familiengerechte Kommune oder Lokales Bündnis für Familie",
                )
            )
            continue
        if (ags, code) in seen:
            problems.append(
                Problem(line, f"{ags} steht mit diesem Programm schon weiter oben; die erste gilt")
            )
            continue
        year = _year(record.get(columns["year"]) if columns["year"] else None)
        if year is False or (isinstance(year, int) and not FIRST_YEAR <= year <= this_year + 1):
            value = excerpt(str(record[columns["year"]]), 20)
            problems.append(
                Problem(line, f"Jahr „{value}“ ist kein Jahr zwischen {FIRST_YEAR} und {this_year}")
            )
            continue
        note = clean_text(record.get(columns["note"]) if columns["note"] else "")
        if note.shortened or len(note.text) > MAX_NOTE:
            problems.append(
                Problem(line, f"Hinweis auf {MAX_NOTE} Zeichen gekürzt", severity="hinweis")
            )
        seen.add((ags, code))
        rows.append(
            {
                "ags": ags,
                "programme": code,
                "year": year,
                "note": "" if _blank(note.text) else note.text[:MAX_NOTE],
            }
        )
    entries = pd.DataFrame(rows) if rows else empty_entries()
    entries["year"] = entries["year"].astype("Int64")
    return ProgrammeList(entries, tuple(problems), Path(filename).name, is_sample)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or not str(value).strip()


def _year(value: object) -> int | None | bool:
    """The year in a cell, ``None`` for an empty one, ``False`` for one that is no year."""
    if _blank(value):
        return None
    text = str(value).strip().removesuffix(".0")
    return int(text) if text.isdigit() else False


def load_programmes(path: Path | None, gemeinden: Container[str]) -> ProgrammeList:
    """The programme list at ``path``, or the fictional sample when ``path`` is None."""
    source = path or SAMPLE_PROGRAMMES
    return read_programme_list(source.read_bytes(), source.name, gemeinden, path is None)

"""A planner's own figures per Gemeinde or Kreis: "Geburten 2024", "Kinder unter 3" …

A table (CSV as Excel writes it, or XLSX) with a key column of 8-digit Gemeinde
or 5-digit Kreis AGS and one or more number columns. Excel's quirks are undone:
the leading zero it drops from the key comes back, German numbers ("1.234,5")
are read, and a BOM or Windows-1252 text is understood. Rows with an unknown or
repeated key, or text where a number belongs, go into a row-level report; the
valid rows are used. Keys of an older Gebietsstand are converted to today's
(:mod:`geodata.keys`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Container
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geodata import KeyChange, KeyTable, Level, load_keys, normalize_ags, parents
from intake import (
    LIMITS,
    FileRefused,
    Limits,
    Problem,
    check_file,
    csv_delimiter,
    decode,
    parse_number,
)

_KEY_NAMES = {"ags", "gemeindeschluessel", "kreisschluessel", "schluessel", "regionalschluessel"}


@dataclass(frozen=True)
class IndicatorTable:
    """Figures per area, read from a planner's file.

    Attributes
    ----------
    values
        Indexed by AGS (all of one level), one float column per indicator; a
        cell that was empty is ``NaN``.
    level
        ``"gemeinde"`` or ``"kreis"``.
    problems
        Row-level report (row numbers as in the file: the header is row 1).
    """

    values: pd.DataFrame
    level: Level
    problems: list[Problem] = field(default_factory=list)


class TableRefused(ValueError):
    """A table over the limits as a whole (too many columns); the message is German."""


def read_table(data: bytes, filename: str, limits: Limits = LIMITS["kennzahlen"]) -> pd.DataFrame:
    """A spreadsheet as text cells: XLSX/ODS through calamine, else CSV as Excel writes it
    (``;`` or ``,``, UTF-8 with BOM or Windows-1252). Lines starting with ``#`` before
    the header are skipped; ``attrs["header_line"]`` says on which line the header stands.

    At most ``limits.rows`` rows are read (``attrs["cut"]`` says the file has more)
    and cells are cut to ``limits.cell_chars``.

    Raises
    ------
    ValueError
        For more than ``limits.columns`` columns.
    FileRefused
        For a workbook over the limits: checked before calamine opens it, also where
        the file did not come through :func:`intake.read_guarded` (an operator's list).
    """
    if filename.lower().endswith((".xlsx", ".xls", ".ods")):
        check_file(data, limits)
        table = pd.read_excel(
            io.BytesIO(data), engine="calamine", dtype=object, nrows=limits.rows + 1
        )
        table.attrs["header_line"] = 1
        return _bounded(table, limits)
    text = decode(data)
    lines = text.splitlines(keepends=True)
    # Comment lines before the header: a note such as "fiktive Beispieldaten".
    comments = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    first = lines[comments] if comments < len(lines) else ""
    if first.count(";") + first.count(",") >= limits.columns:
        raise TableRefused(f"Die Tabelle hat mehr als {limits.columns} Spalten.")
    separator = csv_delimiter(first)
    # Header and one row more than allowed: enough to know the file is longer.
    kept = lines[comments : comments + limits.rows + 2]
    table = pd.read_csv(io.StringIO("".join(kept)), sep=separator, dtype=str, keep_default_na=False)
    table.attrs["header_line"] = comments + 1
    # German Excel writes semicolons and decimal commas: there 1.234 groups thousands.
    table.attrs["decimal"] = "," if separator == ";" else None
    return _bounded(table, limits)


def _bounded(table: pd.DataFrame, limits: Limits) -> pd.DataFrame:
    if table.shape[1] > limits.columns:
        raise TableRefused(f"Die Tabelle hat mehr als {limits.columns} Spalten.")
    cut = len(table) > limits.rows
    attrs = dict(table.attrs)
    table = table.iloc[: limits.rows].map(
        lambda v: v[: limits.cell_chars] if isinstance(v, str) else v
    )
    table.attrs = attrs | {"cut": cut}
    return table


def row_limit_problem(table: pd.DataFrame, limits: Limits = LIMITS["kennzahlen"]) -> list[Problem]:
    """The note that a table was read only in part (none when it was read whole)."""
    if not table.attrs.get("cut"):
        return []
    line = table.attrs.get("header_line", 1) + limits.rows + 1
    message = f"Die Datei hat mehr als {limits.rows:,} Zeilen; gelesen wurden die ersten.".replace(
        ",", "."
    )
    return [Problem(line, message)]


def read_indicator_table(
    data: bytes, filename: str, known: Container[str], keys: KeyTable | None = None
) -> IndicatorTable:
    """Read a planner's figures; see the module's description.

    Parameters
    ----------
    data, filename
        The uploaded file (the name tells XLSX from CSV).
    known
        Answers ``ags in known`` for every Gemeinde and Kreis of the boundaries.
    keys
        Old keys to today's (default: the boundaries' key table). A row with an old
        key counts for its successor (added to it, with a note); a split key is
        refused with a note.

    Raises
    ------
    ValueError
        With a German message when the file cannot be a table of figures at all.
    """
    limit = LIMITS["kennzahlen"].file_bytes
    if len(data) > limit:
        raise ValueError(f"Die Datei ist größer als {limit // 1_000_000} MB.")
    try:
        table = read_table(data, filename)
    except (TableRefused, FileRefused):
        raise
    except Exception as error:  # noqa: BLE001 - any unreadable file gets one message
        raise ValueError(f"Die Datei ist keine lesbare Tabelle ({type(error).__name__}).") from None
    if table.shape[1] < 2 or table.empty:
        raise ValueError("Die Tabelle braucht eine Schlüsselspalte (AGS) und eine Zahlenspalte.")
    folded = [re.sub(r"[^a-z]", "", str(c).lower().replace("ü", "ue")) for c in table.columns]
    key = next((c for c, f in zip(table.columns, folded, strict=True) if f in _KEY_NAMES), None)
    key = key if key is not None else table.columns[0]
    figures = [c for c in table.columns if c != key]
    digits = table[key].map(lambda v: str(v).strip().removesuffix(".0"))
    level: Level = "kreis" if digits.str.len().median() <= 5 else "gemeinde"
    rows: dict[str, list[float]] = {}
    problems: list[Problem] = row_limit_problem(table)
    lines = zip(table[key], table[figures].itertuples(index=False), strict=True)
    keys = keys if keys is not None else load_keys()
    merged: set[str] = set()
    for number, (raw, cells) in enumerate(lines, start=2):
        ags, change = keys.resolve(normalize_ags(raw, level), known)
        if change is not None:
            severity = "fehler" if change.new is None else "hinweis"
            problems.append(Problem(number, _conversion_note(change), severity))
            if change.new is None:
                continue
            merged.add(ags)
        if ags is None or ags not in known:
            message = f"Schlüssel „{str(raw)[:20]}“: kein bekannter {_NAME[level]}"
            problems.append(Problem(number, message))
            continue
        values, bad = _figures(figures, cells, table.attrs.get("decimal"))
        if bad:
            problems.append(Problem(number, "; ".join(bad)))
        elif ags in rows and ags in merged:
            # an old Gemeinde's figures belong to its successor's
            rows[ags] = [float(np.nansum([a, b])) for a, b in zip(rows[ags], values, strict=True)]
        elif ags in rows:
            problems.append(Problem(number, f"Schlüssel {ags} kommt doppelt vor; die erste gilt"))
        else:
            rows[ags] = values
    values = pd.DataFrame.from_dict(rows, orient="index", columns=[str(c) for c in figures])
    values.index.name = "ags"
    return IndicatorTable(values.sort_index(), level, problems)


def _figures(columns: list, cells: tuple, decimal: str | None) -> tuple[list[float], list[str]]:
    """The numbers of one row (empty: NaN), and what is not a number."""
    values, bad = [], []
    for column, cell in zip(columns, cells, strict=True):
        empty = cell is None or str(cell).strip() in ("", "nan")
        amount = None if empty else parse_number(cell, decimal)
        if amount is None and not empty:
            bad.append(f"{column}: „{str(cell)[:20]}“ ist keine Zahl")
        values.append(float("nan") if amount is None else amount)
    return values, bad


def _conversion_note(change: KeyChange) -> str:
    if change.new is None:
        return change.note()
    return f"{change.note()}: Zahlen zu {change.new} gezählt"


_NAME = {"gemeinde": "Gemeindeschlüssel (8 Stellen)", "kreis": "Kreisschlüssel (5 Stellen)"}


def spread_to_gemeinden(per_kreis: pd.Series, inhabitants: pd.Series) -> pd.Series:
    """A Kreis figure shared out to its Gemeinden in proportion to their inhabitants.

    So that a figure known only per Kreis ("Geburten 2024" from the
    Regionalstatistik) can weigh Gemeinden; Gemeinden without an inhabitant figure,
    and Kreise without the figure, stay missing. Sums per Kreis stay as given.
    """
    people = inhabitants.astype("Float64")
    kreis = pd.Series(parents(inhabitants.index, "kreis"), index=inhabitants.index)
    totals = people.groupby(kreis).sum(min_count=1)
    share = people / kreis.map(totals).astype("Float64")
    return (share * kreis.map(per_kreis).astype("Float64")).astype("Float64")

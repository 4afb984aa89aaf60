"""One way to read a table's text and its numbers, whichever upload or import it is:
a planner's figures, a provider list, a Termine table and a coordinate read a number
alike, and every CSV the app writes is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from intake import csv_delimiter, decode, excel_csv, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # German, as German Excel writes it
        ("1.234,5", 1234.5),
        ("1234,5", 1234.5),
        ("12.345.678", 12345678.0),
        (" -7,25 ", -7.25),
        # English
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("1234.5", 1234.5),
        ("5e1", 50.0),
        # people and spreadsheets
        ("12 %", 12.0),
        ("12,5%", 12.5),
        ("1 234", 1234.0),
        ("1\u00a0234,5", 1234.5),
        # a coordinate keeps its lone dot or comma as the decimal sign
        ("50.800", 50.8),
        ("50,8", 50.8),
        ("7", 7.0),
        (3.5, 3.5),
        # no numbers
        ("abc", None),
        ("", None),
        ("1,2,3", None),
        ("1.234,5.6", None),
        ("%", None),
    ],
)
def test_one_number_parser_reads_german_and_english_forms(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"), [("1.234", 1234.0), ("1.234,5", 1234.5), ("1234,5", 1234.5), ("7", 7.0)]
)
def test_in_a_german_table_of_figures_a_lone_dot_groups_thousands(text, value):
    assert parse_number(text, decimal=",") == value


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("ags;name;wert", ";"),
        ("ags,name,wert", ","),
        ("ags\tname\twert", "\t"),
        ("Name;Ort, Straße;PLZ", ";"),
        ("nur_eine_spalte", ","),
    ],
)
def test_one_csv_dialect_for_every_table(header, delimiter):
    assert csv_delimiter(header) == delimiter


def test_text_is_decoded_as_excel_writes_it():
    assert decode("Straße;Köln".encode("cp1252")) == "Straße;Köln"
    assert decode("\ufeffStraße".encode()) == "Straße"
    assert decode("Straße".encode("utf-16")) == "Straße"


def test_every_cell_that_a_spreadsheet_would_run_is_written_as_text():
    written = excel_csv(["Name", "Wert"], [['=HYPERLINK("x")', "+1"], ["@SUM(A1)", "-2"]])
    rows = list(csv.reader(io.StringIO(written.data.decode("utf-8-sig")), delimiter=";"))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)

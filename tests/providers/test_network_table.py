"""Netzwerke as a coordinator's spreadsheet: read, reported by line, written back."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd

from networks.model import Membership, Network, WayIn
from networks.table import (
    NETWORK_COLUMNS,
    network_csv,
    network_xlsx,
    read_network_table,
)

PROVIDERS = pd.DataFrame(
    {
        "id": ["ja", "heb", "kita-a", "kita-b", "bonn"],
        "name": ["Jugendamt Siegburg", "Hebamme Nord", "Kita Sonne", "Kita Sonne", "=HYPERLINK()"],
        "kreis_ags": ["05382", "05382", "05382", "05378", "05314"],
    }
)


def _csv(*lines: str) -> bytes:
    return "\n".join(lines).encode("utf-8")


def test_a_sheet_with_the_networks_values_in_its_first_row_gives_whole_networks():
    raw = _csv(
        "Netzwerk;Kreis;Gemeinden;Familientelefon;Telefon;Sprechzeiten;Mitglied;Rolle;seit;bis",
        "Netzwerk Nord;5382;5382060, 05382068;Familientelefon;02241 1;Mo–Fr 9–12 Uhr;"
        "Jugendamt Siegburg;Koordination;01.01.2020;",
        "Netzwerk Nord;;;;;;Hebamme Nord;betreibt Familientelefon;;",
        "Netzwerk Nord;;;;;;Kita Sonne;Mitglied;2021-03-01;03.12.2026",
        "Netzwerk ohne Mitglieder;05382;;;;;;;;",
    )
    networks, report = read_network_table(raw, ".csv", PROVIDERS)
    assert report.problems == []
    north, empty = networks
    assert north.kreis_ags == "05382"
    assert north.gemeinden == ("05382060", "05382068")  # Excel's lost zeros restored
    assert north.way_in == WayIn("Familientelefon", "02241 1", "Mo–Fr 9–12 Uhr")
    assert north.memberships == (
        Membership("ja", "koordination", date(2020, 1, 1)),
        Membership("heb", "familientelefon"),
        # of two houses named alike, the one in the network's Kreis
        Membership("kita-a", "mitglied", date(2021, 3, 1), date(2026, 12, 3)),
    )
    assert empty.memberships == () and empty.name == "Netzwerk ohne Mitglieder"


def test_rows_that_cannot_be_read_are_named_by_line_and_the_rest_loads():
    raw = _csv(
        "Netzwerk;Kreis;Anbieter;Rolle;seit;bis",
        "Netzwerk Nord;05382;Jugendamt Siegburg;Koordination;;",
        "Netzwerk Nord;;Niemand bekannt;;;",
        "Netzwerk Nord;;Hebamme Nord;Chefin;;",
        "Netzwerk Nord;;Hebamme Nord;;gestern;",
        "Netzwerk Nord;;Hebamme Nord;;01.02.2026;01.01.2026",
        ";;Hebamme Nord;;;",
        "Netzwerk Irgendwo;;;;;",
        "Netzwerk Weit;05382;Kita Sonne;;;",
    )
    networks, report = read_network_table(raw, ".csv", PROVIDERS)
    assert [n.name for n in networks] == ["Netzwerk Nord", "Netzwerk Weit"]
    assert [m.provider_id for m in networks[0].memberships] == ["ja"]
    assert networks[1].memberships[0].provider_id == "kita-a"
    lines = {problem.row: problem.message for problem in report.problems}
    assert "unbekannt" in lines[3]
    assert "Chefin" in lines[4] and "Koordination" in lines[4]
    assert "kein Datum" in lines[5] and "gestern" in lines[5]
    assert "vor" in lines[6]
    assert "kein Netzwerk" in lines[7]
    assert "Gebiet fehlt" in lines[8]


def test_a_sheet_without_a_network_column_says_which_columns_it_has():
    networks, report = read_network_table(_csv("Name;Ort", "A;B"), ".csv", PROVIDERS)
    assert networks == []
    assert "Netzwerk" in report.problems[0].message and "Name, Ort" in report.problems[0].message


def test_gemeinden_outside_the_kreis_are_refused():
    raw = _csv("Netzwerk;Kreis;Gemeinden", "Netzwerk Nord;05382;05314000")
    networks, report = read_network_table(raw, ".csv", PROVIDERS)
    assert networks == [] and "05314000" in report.problems[0].message


def _network() -> Network:
    return Network(
        "n1",
        "=Netzwerk „Süd“ <b>",
        "05382",
        ("05382060",),
        coordination=WayIn("Koordination Jugendamt", "02241 2", "", "k@example.org"),
        way_in=WayIn("Familientelefon", "02241 1", "Mo–Fr 9–12 Uhr"),
        memberships=(
            Membership("ja", "koordination", date(2020, 1, 1)),
            Membership("bonn", "mitglied", None, date(2026, 1, 31)),
        ),
        source="Eigene Liste",
        last_verified=date(2026, 10, 1),
    )


def test_the_export_reads_back_to_the_same_networks_as_csv_and_xlsx():
    names = dict(zip(PROVIDERS["id"], PROVIDERS["name"], strict=True))
    for suffix, data in (
        (".csv", network_csv([_network()], names)),
        (".xlsx", network_xlsx([_network()], names)),
    ):
        networks, report = read_network_table(data, suffix, PROVIDERS)
        assert report.problems == [], suffix
        assert networks == [_network()], suffix


def test_no_cell_of_the_workbook_is_a_formula_and_keys_keep_their_zero():
    names = dict(zip(PROVIDERS["id"], PROVIDERS["name"], strict=True))
    sheet = openpyxl.load_workbook(io.BytesIO(network_xlsx([_network()], names))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    header = [cell.value for cell in next(sheet.iter_rows())]
    assert header == list(NETWORK_COLUMNS.values())
    assert sheet.cell(2, header.index("Kreis (AGS)") + 1).value == "05382"

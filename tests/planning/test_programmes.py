"""Programme lists (Familienmanager, Audit, Bündnis per Gemeinde): bad rows get a
row-level report, valid rows are used; the shipped sample is flagged and clean."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from geodata import BoundarySet
from intake import LIMITS
from planning import PROGRAMME_CODES, load_programmes, read_indicator_table, read_programme_list


@pytest.fixture(scope="module")
def gemeinden() -> frozenset[str]:
    return frozenset(BoundarySet().frame("gemeinde").index)


def test_bad_rows_are_reported_and_valid_rows_used(gemeinden):
    text = (
        "# Liste des Programmbüros\n"
        "AGS;Programm;Jahr;Hinweis\n"
        "5382060;Familienmanager;2021;Rezertifizierung 2024\n"  # Excel dropped the 0
        "05382060;Audit familiengerechte Kommune;2019;\n"
        "99999999;Familienmanager;2020;\n"  # no Gemeinde
        "05382060;familienmanager;2022;\n"  # repeated: the first counts
        "05314000;Elterngeld;;\n"  # no programme of ours
        "05314000;Lokales Bündnis für Familie;zwanzig;\n"  # no year
        "05314000;buendnis;;<script>alert(1)</script>\n"
        ";;;\n"  # empty line: skipped silently
    )
    listed = read_programme_list(text.encode("cp1252"), "liste.csv", gemeinden)
    assert listed.entries[["ags", "programme"]].values.tolist() == [
        ["05382060", "familienmanager"],
        ["05382060", "audit"],
        ["05314000", "buendnis"],
    ]
    assert listed.entries["year"].tolist()[:2] == [2021, 2019]
    assert pd.isna(listed.entries["year"].iloc[2])
    # Stored as given (escaping is the output's job).
    assert listed.entries["note"].iloc[2] == "<script>alert(1)</script>"
    rows = {p.row: p.message for p in listed.problems}
    assert sorted(rows) == [5, 6, 7, 8]  # line numbers as in the file, comment included
    assert "99999999" in rows[5] and "keine bekannte Gemeinde" in rows[5]
    assert "schon weiter oben" in rows[6]
    assert "Elterngeld" in rows[7] and "unbekannt" in rows[7]
    assert "zwanzig" in rows[8]
    assert listed.count("familienmanager", "05382") == 1
    assert listed.count("buendnis", "05") == 1 and listed.count("buendnis", "01") == 0


def test_an_xlsx_list_reads_like_the_csv(gemeinden):
    frame = pd.DataFrame({"Gemeindeschlüssel": ["05382060"], "Programm": ["Audit"], "seit": [2018]})
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    listed = read_programme_list(buffer.getvalue(), "liste.xlsx", gemeinden)
    assert listed.entries[["ags", "programme"]].values.tolist() == [["05382060", "audit"]]
    assert listed.entries["year"].tolist() == [2018]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name;ort\nA;B\n", "braucht die Spalten"),
        (b"\x00\x01\x02\xff" * 100, "keine lesbare Tabelle"),
        (b"", "keine lesbare Tabelle"),
    ],
)
def test_a_file_that_is_no_programme_list_gets_one_clear_message(gemeinden, content, message):
    with pytest.raises(ValueError, match=message):
        read_programme_list(content, "liste.csv", gemeinden)


def test_the_shipped_sample_is_flagged_complete_and_clean(gemeinden):
    sample = load_programmes(None, gemeinden)
    assert sample.is_sample
    assert sample.problems == ()
    assert set(sample.entries["programme"]) == set(PROGRAMME_CODES)
    assert sample.count("familienmanager", "05") > 0  # NRW's certified Familienmanager


def test_a_list_longer_than_the_limit_is_read_up_to_it_and_says_so(gemeinden):
    first = sorted(gemeinden)[0]
    text = "ags;programm\n" + f"{first};audit\n" * (LIMITS["kennzahlen"].rows + 10)
    listed = read_programme_list(text.encode(), "lang.csv", gemeinden)
    cut = [p for p in listed.problems if "mehr als 50.000 Zeilen" in p.message]
    assert len(cut) == 1 and cut[0].row == LIMITS["kennzahlen"].rows + 2
    # Read up to the limit: the first row counts, the rest are doubles of it.
    assert len(listed.entries) == 1
    assert len(listed.problems) == LIMITS["kennzahlen"].rows  # 49,999 doubles and the note


def test_a_table_of_too_many_columns_is_refused_whole(gemeinden):
    header = ";".join(["ags", "programm", *(f"x{i}" for i in range(300))])
    with pytest.raises(ValueError, match="mehr als 200 Spalten"):
        read_programme_list(f"{header}\n".encode(), "breit.csv", gemeinden)
    with pytest.raises(ValueError, match="mehr als 200 Spalten"):
        read_indicator_table(f"{header}\n".encode(), "breit.csv", gemeinden)


def test_long_cells_are_cut_while_reading(gemeinden):
    first = sorted(gemeinden)[0]
    text = f"ags;programm;jahr;hinweis\n{first};audit;2020;{'x' * 100_000}\n"
    listed = read_programme_list(text.encode(), "lang.csv", gemeinden)
    assert all(
        len(str(value)) <= LIMITS["kennzahlen"].cell_chars for value in listed.entries.iloc[0]
    )


def test_keys_of_an_earlier_gebietsstand_are_converted_with_a_note(gemeinden):
    """Kinder unter 3 by the keys of 2020: Eisenach (2021 into the Wartburgkreis) counts for
    today's Eisenach, merged Gemeinden add up, and a split one is refused."""
    csv = (
        b"AGS;Kinder unter 3\n"
        b"16056000;1200\n"  # Eisenach, kreisfrei until 2021
        b"01059101;40\n01059141;60\n"  # Tastrup and Maasbüll, since 2023 Hürup
        b"01059126;100\n"  # Hürup itself
        b"16064073;30\n"  # Anrode, shared out to two Gemeinden in 2023
    )
    table = read_indicator_table(csv, "kinder.csv", gemeinden)
    values = table.values["Kinder unter 3"].to_dict()
    assert values == {"16063105": 1200.0, "01059126": 200.0}
    notes = {p.row: (p.message, p.severity) for p in table.problems}
    assert notes[2] == (
        "16056000 → 16063105 (Gebietsreform 2021): Zahlen zu 16063105 gezählt",
        "hinweis",
    )
    assert notes[6][1] == "fehler" and "aufgeteilt" in notes[6][0]
    assert "bitte die Zahlen nach heutigem Gebietsstand" in notes[6][0]


def test_an_old_kreis_key_counts_for_today_s_kreis(gemeinden):
    known = gemeinden | {"16063"}
    table = read_indicator_table(b"AGS;Geburten\n16056;300\n16063;900\n", "x.csv", known)
    assert table.values["Geburten"].to_dict() == {"16063": 1200.0}
    assert table.problems[0].message.startswith("16056 → 16063 (Gebietsreform 2021)")


def test_a_programme_of_an_old_gemeinde_counts_for_its_successor(gemeinden):
    listed = read_programme_list(
        b"ags;programm;jahr\n16056000;buendnis;2015\n16064073;audit;2019\n",
        "programme.csv",
        gemeinden,
    )
    assert listed.entries[["ags", "programme"]].values.tolist() == [["16063105", "buendnis"]]
    messages = [p.message for p in listed.problems]
    assert messages[0] == "16056000 → 16063105 (Gebietsreform 2021): für die heutige Gemeinde"
    assert "aufgeteilt" in messages[1]


def test_an_operators_programme_workbook_is_checked_before_calamine_opens_it(tmp_path):
    """FAMILIENKARTE_PROGRAMME does not come through the upload gate: the reader checks
    a workbook itself."""
    from intake import FileRefused
    from planning import load_programmes
    from tests.harness.files import bomb

    path = tmp_path / "programme.xlsx"
    path.write_bytes(bomb(300))
    with pytest.raises(FileRefused):
        load_programmes(path, {"05382060"})

"""Termine from a spreadsheet: columns by name, weekly rows as series, rows reported."""

from __future__ import annotations

from datetime import date, time

from events import read_event_table
from events.model import day_bounds, expand
from intake import fold_name

TODAY = date(2026, 12, 4)


def _read(text: str, suffix: str = ".csv", providers=None):
    return read_event_table(text.encode("utf-8"), suffix, TODAY, providers)


def test_a_network_table_becomes_series_and_single_dates():
    events, report, columns = _read(
        "Titel;Wochentag;Beginn;Ende;Rhythmus;ab;bis;Ort;Kosten;Anmeldung;fällt aus\n"
        "Elterncafé;Dienstag;9:30;11:00 Uhr;wöchentlich;1.12.2026;;Familienzentrum;kostenlos;"
        "nein;22.12.2026, 29.12.2026\n"
        "Krabbelgruppe;Do;10.00;11.30;14-täglich;;30.6.2027;Gemeindehaus;;;\n"
        "Netzwerktreffen;Mi;14:00;16:30;monatlich;2.12.2026;;Kreishaus;;ja;\n"
        "Familienfest;;;;;13.6.2027;;Stadtpark;;;\n"
    )
    assert report.problems == [] and set(columns.values()) >= {"title", "weekday", "begin"}
    cafe, krabbel, netz, fest = events
    assert cafe.rrule == "FREQ=WEEKLY;BYDAY=TU" and cafe.start.date() == date(2026, 12, 1)
    assert cafe.start.time() == time(9, 30) and cafe.end.time() == time(11, 0)
    assert cafe.cancelled_dates == (date(2026, 12, 22), date(2026, 12, 29))
    assert cafe.free and cafe.registration is False
    # no date: from the first Thursday on or after today, every other week, until June
    assert krabbel.start.date() == date(2026, 12, 10)
    assert krabbel.rrule == "FREQ=WEEKLY;BYDAY=TH;INTERVAL=2;UNTIL=20270630T235959Z"
    assert netz.rrule == "FREQ=MONTHLY;BYDAY=1WE" and netz.registration is True
    assert fest.all_day and fest.rrule == ""
    dates = expand(events, *day_bounds(date(2026, 12, 1), date(2026, 12, 31)))
    cafe_dates = dates[dates["event"] == 0]
    assert len(cafe_dates) == 5 and cafe_dates["cancelled"].sum() == 2


def test_bad_rows_are_named_and_the_others_load():
    events, report, _ = _read(
        "Titel,Datum,Beginn,Ende\n"
        "Babymassage,8.12.2026,10:00,11:00\n"
        "Kaputt,31.13.2026,10:00,11:00\n"
        ",8.12.2026,10:00,11:00\n"
        "Umgedreht,8.12.2026,11:00,10:00\n"
        "Zeit,8.12.2026,25 Uhr,\n"
    )
    assert [e.title for e in events] == ["Babymassage"]
    lines = [problem.row for problem in report.problems]
    assert lines == [3, 4, 5, 6]
    assert "kein Datum" in report.problems[0].message
    assert "Ende liegt nicht nach dem Beginn" in report.problems[2].message


def test_a_table_without_title_or_date_says_which_column_is_missing():
    events, report, _ = _read("Name des Raums;Uhrzeit\nA;10:00\n")
    assert events == [] and any("„Datum“" in p.message for p in report.problems)


def test_columns_assigned_by_hand_read_a_table_whose_names_say_nothing():
    text = "Spalte A;Spalte B;Spalte C;Notiz\nElterncafé;8.12.2026;9:30;egal\n"
    _, report, _ = _read(text)
    assert any("„Titel“" in p.message for p in report.problems)
    chosen = {"Spalte A": "title", "Spalte B": "date", "Spalte C": "begin", "Notiz": ""}
    events, report, fields = read_event_table(text.encode(), ".csv", TODAY, None, chosen)
    assert report.problems == [] and fields == {k: v for k, v in chosen.items() if v}
    (cafe,) = events
    assert (cafe.title, cafe.start.date(), cafe.start.time()) == (
        "Elterncafé",
        date(2026, 12, 8),
        time(9, 30),
    )
    twice = {"Spalte A": "title", "Spalte B": "date", "Notiz": "title"}
    events, report, _ = read_event_table(text.encode(), ".csv", TODAY, None, twice)
    assert (
        events == []
        and "„Notiz“ und „Spalte A“ sind beide als „Titel“" in report.problems[0].message
    )


def test_the_same_row_read_twice_has_the_same_id_so_it_updates():
    text = "Titel;Datum;Beginn\nElterncafé;8.12.2026;9:30\n"
    assert _read(text)[0][0].id == _read(text)[0][0].id


def test_a_provider_named_in_the_table_is_matched_by_name():
    events, _, _ = _read(
        "Titel;Datum;Anbieter\nSprechstunde;8.12.2026;Muster-Familienzentrum Kleeblatt\n",
        providers={fold_name("Muster-Familienzentrum Kleeblatt"): "muster-0042"},
    )
    assert events[0].provider_id == "muster-0042"


def test_a_table_longer_than_its_limit_is_read_in_part_and_says_so(monkeypatch):
    import dataclasses
    from datetime import date

    from intake import LIMITS

    monkeypatch.setitem(LIMITS, "termine", dataclasses.replace(LIMITS["termine"], rows=3))
    lines = ["Titel;Datum;Beginn;Ende"] + [
        f"Elterncafé {i};0{i + 1}.02.2027;09:00;10:00" for i in range(6)
    ]
    events, report, _ = read_event_table("\n".join(lines).encode(), ".csv", date(2027, 1, 1))
    assert len(events) == 3
    assert any("Mehr als 3 Zeilen" in p.message for p in report.problems)

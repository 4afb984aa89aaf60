"""Termine from a table (CSV or XLSX), as networks keep them in a spreadsheet.

Columns are recognised by name (``Titel``, ``Datum``, ``Beginn``, ``Ende``,
``Wochentag``, ``Rhythmus``, ``bis``, ``Ort``, ``Anbieter`` …, case, umlauts and
spaces aside), or assigned by hand (``columns``: which field each column holds,
as the Daten page's mapping table sets it). A row with a weekday is a weekly
series from its date (or from today) — "14-täglich" every other week,
"monatlich" on that weekday's place in the month — until an end date if one is
given; a row without one is a single date. Each row that cannot be read is
reported by its line, the others load.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from events.model import BERLIN, EVENT_KINDS, Event, stable_id
from events.rules import series_rule
from intake.fields import clean_text, date_or_error, fold_name, parse_date
from intake.problems import ProblemLog
from intake.text import cut_rows, table_rows

#: Column names (folded) for each field.
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("titel", "title", "angebot", "veranstaltung", "name", "kurs"),
    "date": ("datum", "date", "ab", "startdatum", "erster_termin", "tag_datum"),
    "begin": ("beginn", "start", "von", "uhrzeit", "zeit", "uhrzeit_von"),
    "end": ("ende", "end", "bis_uhrzeit", "uhrzeit_bis"),
    "weekday": ("wochentag", "weekday", "tag"),
    "rhythm": ("rhythmus", "wiederholung", "turnus", "haeufigkeit"),
    "until": ("bis", "enddatum", "bis_datum", "letzter_termin", "until"),
    "place": ("ort", "adresse", "raum", "veranstaltungsort", "place"),
    "provider": ("anbieter", "anbieter_id", "provider", "provider_id", "traeger"),
    "kind": ("art", "kategorie", "angebotsart", "kind"),
    "audience": ("zielgruppe", "fuer", "audience"),
    "languages": ("sprachen", "sprache", "languages"),
    "life_stages": ("lebensphase", "phase", "alter"),
    "cost": ("kosten", "preis", "gebuehr", "cost"),
    "registration": ("anmeldung", "anmeldung_noetig", "registration"),
    "registration_how": ("anmeldung_wie", "anmeldung_bei"),
    "phone": ("telefon", "tel", "phone"),
    "email": ("email", "e_mail", "mail"),
    "description": ("beschreibung", "text", "description", "hinweis"),
    "cancelled": ("faellt_aus", "ausfall", "ausfaelle", "exdate"),
    "last_verified": ("geprueft", "zuletzt_geprueft", "stand"),
}
_WEEKDAYS = {
    **{name: i for i, name in enumerate(("mo", "di", "mi", "do", "fr", "sa", "so"))},
    **{
        name: i
        for i, name in enumerate(
            ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
        )
    },
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
}
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:uhr|h)?$", re.IGNORECASE)
_YES = {"ja", "yes", "x", "1", "true", "noetig", "nötig", "erforderlich"}
_NO = {"nein", "no", "0", "false", "keine", "ohne"}


def column_fields(header: list[str]) -> dict[str, str]:
    """Which field each known column holds: ``{column: field}``."""
    found: dict[str, str] = {}
    for column in header:
        folded = fold_name(column).replace("_", "")  # "fällt aus", "Fällt-aus", "faellt_aus"
        for field, names in COLUMNS.items():
            if folded in {name.replace("_", "") for name in names} and field not in found.values():
                found[column] = field
                break
    return found


#: The fields a column can hold, in the order a mapping table offers them.
EVENT_FIELDS: tuple[str, ...] = tuple(COLUMNS)


def read_event_table(
    raw: bytes,
    suffix: str,
    today: date,
    providers: Mapping[str, str] | None = None,
    columns: Mapping[str, str] | None = None,
) -> tuple[list[Event], ProblemLog, dict[str, str]]:
    """Events of a CSV/XLSX table.

    Parameters
    ----------
    raw, suffix
        The file's bytes and its ending (``.csv``, ``.xlsx`` …).
    today
        A weekly row without a date starts from here.
    providers
        Provider ids by folded name, to match an ``Anbieter`` column given as a name.
    columns
        Which field (of :data:`EVENT_FIELDS`) each column holds, ``""`` for none; by
        default the columns are recognised by name.

    Returns
    -------
    events, report, columns
        The events read, the rows not read (by line, the header is line 1) and the
        field of each column used.
    """
    report = ProblemLog()
    header, rows = table_rows(raw, suffix)
    if not header:
        report.error(0, "Die Datei ist leer.")
        return [], report, {}
    fields = column_fields(header) if columns is None else _chosen(columns, header, report)
    for needed, label in (("title", "Titel"), ("date", "Datum")):
        if needed not in fields.values() and not (
            needed == "date" and "weekday" in fields.values()
        ):
            report.error(0, f"Keine Spalte für „{label}“ gefunden (Spalten: {', '.join(header)}).")
    if report.problems:
        return [], report, fields
    events = []
    for line, row in enumerate(cut_rows(rows, "termine", report), start=2):
        values = {field: clean_text(row.get(column) or "").text for column, field in fields.items()}
        if not any(values.values()):
            continue
        try:
            events.append(_event(values, line, today, providers or {}))
        except ValueError as error:
            report.error(line, f"Zeile {line}: {error}")
    return events, report, fields


def _chosen(columns: Mapping[str, str], header: list[str], report: ProblemLog) -> dict[str, str]:
    """A hand-made assignment, checked: known columns and fields, each field once."""
    fields: dict[str, str] = {}
    for column, field in columns.items():
        if not field or column not in header or field not in COLUMNS:
            continue
        if field in fields.values():
            twice = next(c for c, f in fields.items() if f == field)
            name = COLUMNS[field][0].replace("_", " ").capitalize()  # the German name
            report.error(0, f"„{column}“ und „{twice}“ sind beide als „{name}“ zugeordnet.")
            continue
        fields[column] = field
    return fields


def _clock(text: str, what: str) -> time | None:
    if not text:
        return None
    found = _TIME.match(text.strip())
    if found is None:
        raise ValueError(f"{what} „{text[:20]}“ ist keine Uhrzeit (z. B. 9:30)")
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"{what} „{text[:20]}“ ist keine Uhrzeit")
    return time(hour, minute)


def _event(values: dict[str, str], line: int, today: date, providers: Mapping[str, str]) -> Event:
    title = values.get("title", "")
    if not title:
        raise ValueError("ohne Titel")
    first = date_or_error(values.get("date", ""), "Datum")
    begin = _clock(values.get("begin", ""), "Beginn")
    finish = _clock(values.get("end", ""), "Ende")
    weekday_text = fold_name(values.get("weekday", "")).rstrip("_")
    rule = ""
    if weekday_text:
        if weekday_text not in _WEEKDAYS:
            raise ValueError(f"Wochentag „{values['weekday'][:20]}“ unbekannt")
        weekday = _WEEKDAYS[weekday_text]
        first = first or today
        first += timedelta(days=(weekday - first.weekday()) % 7)
        said = fold_name(values.get("rhythm", ""))
        rhythm = (
            "monthly"
            if said.startswith("monat")
            else "biweekly"
            if said.startswith(("14", "zweiwoech", "alle2"))
            else "weekly"
        )
        rule = series_rule(first, rhythm, date_or_error(values.get("until", ""), "Enddatum"))
    if first is None:
        raise ValueError("ohne Datum und ohne Wochentag")
    all_day = begin is None
    start = datetime.combine(first, begin or time(), BERLIN)
    if all_day:
        end = start + timedelta(days=1)
    elif finish is not None:
        end = datetime.combine(first, finish, BERLIN)
        if end <= start:
            raise ValueError("Ende liegt nicht nach dem Beginn")
    else:
        end = start + timedelta(hours=1)
    provider = values.get("provider", "")
    provider_id = providers.get(fold_name(provider), provider) if provider else ""
    kind = fold_name(values.get("kind", "")).replace("_", "")
    audience = fold_name(values.get("audience", ""))
    registration_text = values.get("registration", "").casefold()
    cancelled = tuple(
        day
        for part in re.split(r"[;,]\s*|\s+und\s+", values.get("cancelled", ""))
        if part.strip() and (day := parse_date(part.strip())) is not None
    )
    return Event(
        id=stable_id("tabelle", title, start.isoformat(), rule, values.get("place", "")),
        title=title[:200],
        start=start,
        end=end,
        all_day=all_day,
        rrule=rule,
        cancelled_dates=cancelled,
        provider_id=provider_id,
        place=values.get("place", "")[:300],
        kind=kind if kind in EVENT_KINDS else "",
        audience="fachkraefte" if audience.startswith("fach") else "familien",
        life_stages=tuple(p.strip() for p in values.get("life_stages", "").split(",") if p.strip()),
        languages=tuple(
            p.strip().lower()[:2]
            for p in re.split(r"[,;/]", values.get("languages", ""))
            if p.strip()
        ),
        cost=values.get("cost", ""),
        registration=True
        if registration_text in _YES
        else False
        if registration_text in _NO
        else None,
        registration_how=values.get("registration_how", ""),
        description=values.get("description", ""),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        source=f"Tabelle, Zeile {line}",
        last_verified=parse_date(values.get("last_verified", "")) or None,
    )

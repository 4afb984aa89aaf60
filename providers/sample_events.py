"""Seeded generator of the embedded, fictional sample Termine.

Run ``uv run python -m providers.sample_events`` to rewrite
``events/data/sample_events.ics`` from the sample providers; the same seed
gives the same file. Every Land gets dates: weekly Elterncafés and
Krabbelgruppen at Familienzentren and Familienbildungsstätten, Babymassage and
Geburtsvorbereitung courses (some in Arabic, Turkish or Ukrainian), the
Sprechstunde of a Familienhebamme every other week, Netzwerktreffen and a
Fortbildung for professionals at the Netzwerkkoordination; an Eltern-Treff at a
place of its own (a Stadtteilzentrum near the coordination, no provider); a few cancelled
dates in the school holidays, one cancelled course, one series not checked for
over a year, and past single dates (kept for reports, hidden from families).
Titles say "(Muster)" and the source is the sample's, as for the providers.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, time, timedelta

import pandas as pd

from events.dates import SAMPLE_EVENTS_PATH
from events.ical import write_ics
from events.model import BERLIN, Event
from intake.provenance import SAMPLE_SOURCE
from providers.load import SAMPLE_PATH

SEED = 20261204
#: The series begin here (an autumn term) and run on without an end.
TERM_START = date(2026, 9, 7)
#: Christmas holidays of the sample: dates of the weekly series fall out.
HOLIDAYS = (date(2026, 12, 22), date(2026, 12, 29), date(2027, 1, 5))
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")

# (provider type, kind, title, weekday, start, minutes, rule suffix, stages, cost, registration)
_OFFERS = (
    (
        "familienzentrum",
        "elterncafe",
        "Elterncafé",
        1,
        time(9, 30),
        90,
        "",
        ("0-1", "1-3"),
        "kostenlos",
        False,
    ),
    (
        "familienzentrum",
        "krabbelgruppe",
        "Krabbelgruppe",
        3,
        time(10, 0),
        90,
        "",
        ("1-3",),
        "kostenlos",
        False,
    ),
    (
        "familienbildung",
        "babymassage",
        "Babymassage-Kurs",
        2,
        time(10, 0),
        60,
        ";COUNT=6",
        ("0-1",),
        "30 € für 6 Termine",
        True,
    ),
    (
        "familienbildung",
        "geburtsvorbereitung",
        "Geburtsvorbereitung",
        0,
        time(18, 0),
        120,
        ";COUNT=8",
        ("schwangerschaft",),
        "kostenlos (Krankenkasse)",
        True,
    ),
    (
        "familienhebamme",
        "sprechstunde",
        "Offene Sprechstunde der Familienhebamme",
        3,
        time(14, 0),
        120,
        ";INTERVAL=2",
        ("schwangerschaft", "0-1"),
        "kostenlos",
        False,
    ),
    (
        "schwangerschaftsberatung",
        "beratung",
        "Offene Beratung für Schwangere",
        0,
        time(15, 0),
        120,
        "",
        ("schwangerschaft",),
        "kostenlos",
        False,
    ),
)
_LANGUAGES = (("de",), ("de",), ("de", "ar"), ("de", "tr"), ("de", "uk"), ("de", "en"))
_TITLES_IN = {"ar": "auf Arabisch", "tr": "auf Türkisch", "uk": "auf Ukrainisch"}


def _start(weekday: int, at: time) -> datetime:
    day = TERM_START + timedelta(days=(weekday - TERM_START.weekday()) % 7)
    return datetime.combine(day, at, BERLIN)


def build_sample_events(providers: pd.DataFrame, seed: int = SEED) -> list[Event]:
    """Fictional events at the sample providers (see the module's description)."""
    rng = random.Random(seed)
    events: list[Event] = []
    types = providers["service_types"].fillna("").str.split(";")
    for kind_type, kind, title, weekday, at, minutes, suffix, stages, cost, register in _OFFERS:
        hosts = providers[types.map(lambda codes, t=kind_type: t in codes)]
        for row in hosts.itertuples(index=False):
            if rng.random() < 0.25:
                continue  # not every house offers everything
            languages = rng.choice(_LANGUAGES)
            spoken = next((_TITLES_IN[c] for c in languages if c in _TITLES_IN), "")
            start = _start(weekday, at)
            weekly = not suffix.startswith(";COUNT")
            events.append(
                Event(
                    id=f"muster-termin-{len(events) + 1:04d}",
                    title=f"{title}{' ' + spoken if spoken else ''} (Muster)",
                    start=start,
                    end=start + timedelta(minutes=minutes),
                    rrule=f"FREQ=WEEKLY;BYDAY={_WEEKDAYS[weekday]}{suffix}",
                    cancelled_dates=HOLIDAYS if weekly else (),
                    cancelled=rng.random() < 0.02,
                    provider_id=str(row.id),
                    kind=kind,
                    audience="familien",
                    life_stages=stages,
                    languages=languages,
                    cost=cost,
                    registration=register,
                    registration_how=f"Telefon {row.phone}" if register else "",
                    barrier_free=rng.random() < 0.6,
                    description=f"Ein Angebot von {row.name}. Beispieldaten – nicht echt.",
                    phone=str(row.phone),
                    email=str(row.email),
                    source=SAMPLE_SOURCE,
                    last_verified=date(2025, 6, 1) if rng.random() < 0.05 else date(2026, 8, 15),
                )
            )
    coordination = providers[types.map(lambda codes: "netzwerkkoordination" in codes)]
    for row in coordination.itertuples(index=False):
        start = datetime.combine(date(2026, 9, 2), time(14, 0), BERLIN)
        events.append(
            Event(
                id=f"muster-termin-{len(events) + 1:04d}",
                title="Netzwerktreffen Frühe Hilfen (Muster)",
                start=start,
                end=start + timedelta(hours=2, minutes=30),
                rrule="FREQ=MONTHLY;BYDAY=1WE",
                provider_id=str(row.id),
                kind="netzwerktreffen",
                audience="fachkraefte",
                languages=("de",),
                cost="kostenlos",
                registration=True,
                registration_how=f"E-Mail an {row.email}",
                phone=str(row.phone),
                email=str(row.email),
                source=SAMPLE_SOURCE,
                last_verified=date(2026, 8, 15),
            )
        )
        if rng.random() < 0.5:
            day = date(2026, 10, 1) + timedelta(days=rng.randrange(0, 300))
            begin = datetime.combine(day, time(9, 0), BERLIN)
            events.append(
                Event(
                    id=f"muster-termin-{len(events) + 1:04d}",
                    title="Fortbildung: Feinfühligkeit im ersten Lebensjahr (Muster)",
                    start=begin,
                    end=begin + timedelta(hours=7),
                    provider_id=str(row.id),
                    kind="fortbildung",
                    audience="fachkraefte",
                    languages=("de",),
                    cost="kostenlos",
                    registration=True,
                    registration_until=day - timedelta(days=14),
                    registration_how=f"E-Mail an {row.email}",
                    phone=str(row.phone),
                    email=str(row.email),
                    source=SAMPLE_SOURCE,
                    last_verified=date(2026, 8, 15),
                )
            )
    return events + _at_own_places(providers, len(events), seed)


def _at_own_places(providers: pd.DataFrame, numbered: int, seed: int) -> list[Event]:
    """A weekly Eltern-Treff (Wednesdays, all year) in a Stadtteilzentrum near some
    Netzwerkkoordinationen: a place of its own, held by no provider (its own random
    numbers, so the other sample dates stay as they were)."""
    rng = random.Random(seed + 1)
    types = providers["service_types"].fillna("").str.split(";")
    coordination = providers[types.map(lambda codes: "netzwerkkoordination" in codes)]
    events = []
    for row in coordination.itertuples(index=False):
        if rng.random() < 0.4:
            continue
        start = _start(2, time(15, 0))
        events.append(
            Event(
                id=f"muster-termin-{numbered + len(events) + 1:04d}",
                title="Eltern-Treff im Stadtteilzentrum (Muster)",
                start=start,
                end=start + timedelta(hours=2),
                rrule="FREQ=WEEKLY;BYDAY=WE",
                place=f"Stadtteilzentrum (Muster), {row.city}",
                lat=round(float(row.lat) + rng.uniform(-0.012, 0.012), 5),
                lon=round(float(row.lon) + rng.uniform(-0.018, 0.018), 5),
                kind="elterncafe",
                audience="familien",
                life_stages=("0-1", "1-3", "3-6"),
                languages=rng.choice(_LANGUAGES),
                cost="kostenlos",
                registration=False,
                barrier_free=True,
                description=(
                    "Offener Treff für Eltern mit Kindern bis 6, mit Fachkräften der "
                    "Frühen Hilfen. Beispieldaten – nicht echt."
                ),
                phone=str(row.phone),
                source=SAMPLE_SOURCE,
                last_verified=date(2026, 8, 15),
            )
        )
    return events


def main() -> int:
    """Write the sample Termine next to the sample providers."""
    providers = pd.read_csv(SAMPLE_PATH, dtype=str, keep_default_na=False)
    events = build_sample_events(providers)
    SAMPLE_EVENTS_PATH.write_bytes(write_ics(events, "Familienkarte – Beispieltermine (fiktiv)"))
    print(f"{len(events)} Beispieltermine -> {SAMPLE_EVENTS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

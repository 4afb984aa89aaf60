"""How Termine are said in the page's language – wording that the Termine page, In
meiner Nähe, the map's calendar layer and the Daten page share: days, times of day,
"jeden Dienstag, 9:30–11:00 Uhr", the names of audiences, kinds and network roles."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import pandas as pd
from babel.dates import format_skeleton, format_time, get_day_names

import clock
from dashboard.i18n.texts import language, t
from events import Event, repetition

# The text of each choice, named whole so that the catalogue sees them used.
AUDIENCE_TEXT = {
    "familien": "events_audience_familien",
    "fachkraefte": "events_audience_fachkraefte",
    "alle": "events_audience_alle",
}
KIND_TEXT = {
    "elterncafe": "event_kind_elterncafe",
    "krabbelgruppe": "event_kind_krabbelgruppe",
    "babymassage": "event_kind_babymassage",
    "geburtsvorbereitung": "event_kind_geburtsvorbereitung",
    "sprechstunde": "event_kind_sprechstunde",
    "elternkurs": "event_kind_elternkurs",
    "beratung": "event_kind_beratung",
    "fortbildung": "event_kind_fortbildung",
    "netzwerktreffen": "event_kind_netzwerktreffen",
}
_FREQUENCY_TEXT = {"daily": "events_daily", "monthly": "events_monthly", "yearly": "events_yearly"}
_ORDINAL_TEXT = {
    1: "events_ordinal_1",
    2: "events_ordinal_2",
    3: "events_ordinal_3",
    4: "events_ordinal_4",
    -1: "events_ordinal_last",
}


ROLE_TEXTS = {
    "mitglied": "role_mitglied",
    "koordination": "role_koordination",
    "familientelefon": "role_familientelefon",
}


@lru_cache(maxsize=8192)
def _skeleton(pattern: str, day: date, locale: str) -> str:
    # babel matches a skeleton anew each call (~0.3 ms): pages say the same days often
    return format_skeleton(pattern, day, locale=locale)


def long_day(day: date) -> str:
    """ "Dienstag, 8. Dezember" in the page's language."""
    return _skeleton("MMMMEEEEd", day, language())


def short_day(day: date) -> str:
    return _skeleton("MMMMd", day, language())


def short_weekday(moment: pd.Timestamp | datetime | date) -> str:
    """ "Fr., 4. Dez." in the page's language."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return _skeleton("MMMEd", day, language())


def time_of_day(moment: pd.Timestamp | datetime) -> str:
    """A time of day in the page's language."""
    return format_time(pd.Timestamp(moment).to_pydatetime(), format="short", locale=language())


def when_in_words(
    event: Event, start: pd.Timestamp, end: pd.Timestamp, with_next: bool = True
) -> str:
    """ "jeden Dienstag, 9:30–11:00 Uhr, nächster Termin 8. Dezember" in the page's
    language (``start``/``end``: the date shown; ``with_next=False`` leaves out the
    date where a heading already names it)."""
    days = get_day_names("wide", locale=language())
    rule = repetition(event)
    if rule.frequency == "weekly" and rule.weekdays:
        names = ", ".join(days[d] for d in rule.weekdays)
        key = "events_weekly" if rule.interval == 1 else "events_every_n_weeks"
        pattern = t(key, weekday=names, n=rule.interval)
    elif rule.frequency == "monthly" and rule.ordinal in _ORDINAL_TEXT:
        ordinal = t(_ORDINAL_TEXT[rule.ordinal])
        pattern = t("events_monthly_nth", ordinal=ordinal, weekday=days[rule.weekdays[0]])
    elif rule.frequency in _FREQUENCY_TEXT:
        pattern = t(_FREQUENCY_TEXT[rule.frequency])
    else:
        pattern = ""
    hours = (
        t("events_all_day")
        if event.all_day
        else t("events_time", start=time_of_day(start), end=time_of_day(end))
    )
    if pattern and not with_next:
        return f"{pattern}, {hours}"
    if pattern:
        return f"{pattern}, {hours}, {t('events_next', date=short_day(start.date()))}"
    return hours if not with_next else f"{long_day(start.date())}, {hours}"


def moment_label(moment: datetime) -> str:
    """ "heute 9:14 Uhr" or "3. Dezember, 9:14 Uhr" (Berlin time) in the page's language."""
    here = moment.astimezone(clock.BERLIN)
    time = time_of_day(here)
    if here.date() == clock.today():
        return t("stand_today", time=time)
    return t("stand_day", day=short_day(here.date()), time=time)

"""What "now" and "today" are for Familienkarte: Berlin's, not the server's.

A server may run in UTC: at 23:30 UTC on 31 December it is already New Year's Day in
Germany, and a family must see that day's Termine. Every page, export and library
asks here – a test fails wherever else the server's day or a moment without a time
zone is asked for. The standard windows and the rule for "stale" live here too, so that the map,
the lists and the exports count the same days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

#: Germany's time zone (summer time included).
BERLIN = ZoneInfo("Europe/Berlin")
#: An entry not verified for this long is marked stale ("Angaben älter als 12 Monate").
STALE_AFTER = timedelta(days=365)
STALE_AFTER_DAYS = STALE_AFTER.days
#: "Diese Woche" on the map: today and the six days after it.
WEEK_DAYS = 7
#: "Nächste 4 Wochen": the Termine lists' and the figures' standard window.
FOUR_WEEKS_DAYS = 28


def now() -> datetime:
    """The current moment, in Berlin (an aware datetime)."""
    return datetime.now(BERLIN)


def today() -> date:
    """Today's date in Berlin."""
    return now().date()


def this_year() -> int:
    """The current year in Berlin."""
    return today().year


def is_stale(verified: date | None, on: date | None = None) -> bool:
    """Whether something last verified on ``verified`` is stale on ``on`` (default:
    today); never verified counts as stale."""
    return verified is None or (on or today()) - verified > STALE_AFTER


def next_days(days: int, start: date | None = None) -> tuple[date, date]:
    """The first and last day of a window of ``days`` days from ``start`` (default:
    today)."""
    first = start or today()
    return first, first + timedelta(days=days - 1)


def rest_of_week(start: date | None = None) -> tuple[date, date]:
    """ "Diese Woche": from ``start`` (default: today) to Sunday."""
    first = start or today()
    return first, first + timedelta(days=6 - first.weekday())


def rest_of_month(month: date | None = None, start: date | None = None) -> tuple[date, date]:
    """ "Ein Monat": the month of ``month`` (default: this one) from ``start`` (default:
    today) on, to its last day."""
    first_day = start or today()
    first = (month or first_day).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return max(first, first_day), following - timedelta(days=1)


def months_ahead(count: int, start: date | None = None) -> list[date]:
    """The first days of this month and the ``count - 1`` months after it."""
    months = [(start or today()).replace(day=1)]
    while len(months) < count:
        months.append((months[-1].replace(day=28) + timedelta(days=4)).replace(day=1))
    return months


__all__ = [
    "BERLIN",
    "FOUR_WEEKS_DAYS",
    "STALE_AFTER",
    "STALE_AFTER_DAYS",
    "WEEK_DAYS",
    "is_stale",
    "months_ahead",
    "next_days",
    "now",
    "rest_of_month",
    "rest_of_week",
    "this_year",
    "today",
]

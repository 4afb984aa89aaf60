"""Writing a series' rule as people say it: once, weekly, every other week, monthly on
"the second Tuesday" — from its first date, until a last date — and reading it back
for an editing form. Other rules (several weekdays, COUNT …) stay as they are, and a
rule typed by hand is checked before anything is stored.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil.rrule import rrulestr

from events.model import Event

#: The repetitions a form offers; ``"custom"`` keeps (or takes) a rule as written.
RHYTHMS = ("once", "weekly", "biweekly", "monthly", "custom")
_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_UNTIL = re.compile(r"UNTIL=(\d{8})")


def series_rule(first: date, rhythm: str, until: date | None = None) -> str:
    """The RRULE of a plain series from its first date: weekly on that weekday, every
    other week, or monthly on that weekday's place in the month (the 5th counts as
    the 4th); ``""`` for a single date. ``until`` is the last day (included)."""
    if rhythm == "once":
        return ""
    code = _CODES[first.weekday()]
    if rhythm == "monthly":
        rule = f"FREQ=MONTHLY;BYDAY={min((first.day - 1) // 7 + 1, 4)}{code}"
    elif rhythm in ("weekly", "biweekly"):
        rule = f"FREQ=WEEKLY;BYDAY={code}" + (";INTERVAL=2" if rhythm == "biweekly" else "")
    else:
        raise ValueError(f"unknown rhythm {rhythm!r}")
    return rule + (f";UNTIL={until:%Y%m%d}T235959Z" if until else "")


def rhythm_of(event: Event) -> tuple[str, date | None]:
    """The form's repetition of an event and its last day (``"custom"`` for a rule
    :func:`series_rule` would not write the same)."""
    found = _UNTIL.search(event.rrule)
    until = datetime.strptime(found.group(1), "%Y%m%d").date() if found else None
    first = event.start.date()
    for rhythm in ("once", "weekly", "biweekly", "monthly"):
        if series_rule(first, rhythm, until) == event.rrule:
            return rhythm, until
    return "custom", until


def rule_problem(rrule: str, start: datetime) -> str | None:
    """Why a hand-written rule cannot be used (in German), or ``None``."""
    if not rrule:
        return None
    if "FREQ=" not in rrule.upper():
        return "Eine Regel braucht FREQ (z. B. FREQ=WEEKLY;BYDAY=TU)."
    try:
        rule = rrulestr(rrule, dtstart=start.replace(tzinfo=None), ignoretz=True)
    except (ValueError, TypeError) as error:
        return f"Die Regel ist nicht lesbar: {str(error)[:120]}"
    if rule.after(start.replace(tzinfo=None), inc=True) is None:
        return "Nach dieser Regel gibt es keinen Termin."
    return None

"""Termine: the model (single dates and RFC 5545 series), the rules people pick
("jeden Dienstag"), tables and iCalendar files in and out, and the dates of a window.

Pure library: no Streamlit. Where Termine are stored: :mod:`store`.
"""

from __future__ import annotations

from events.dates import (
    EVENTS_ENV,
    SAMPLE_EVENTS_PATH,
    EventData,
    EventFilter,
    build_event_data,
    coming_by_provider,
    dates_per_area,
    event_mask,
    read_event_file,
    select_dates,
)
from events.ical import NotCalendar, read_ics, write_ics
from events.model import AUDIENCES, EVENT_KINDS, Event, next_starts, repetition
from events.rules import RHYTHMS, rhythm_of, rule_problem, series_rule
from events.table import EVENT_FIELDS, column_fields, read_event_table

__all__ = [
    "AUDIENCES",
    "EVENTS_ENV",
    "EVENT_FIELDS",
    "EVENT_KINDS",
    "RHYTHMS",
    "SAMPLE_EVENTS_PATH",
    "Event",
    "EventData",
    "EventFilter",
    "NotCalendar",
    "build_event_data",
    "column_fields",
    "coming_by_provider",
    "dates_per_area",
    "event_mask",
    "next_starts",
    "read_event_file",
    "read_event_table",
    "read_ics",
    "repetition",
    "rhythm_of",
    "rule_problem",
    "select_dates",
    "series_rule",
    "write_ics",
]

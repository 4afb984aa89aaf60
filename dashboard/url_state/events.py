"""The URL of "Termine": which dates, for whom, near where, as list or month
(``?zeitraum=woche&zielgruppe=familien&art=elterncafe&sprache=tr&q=24768&umkreis=10``)."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from clock import FOUR_WEEKS_DAYS, next_days, rest_of_month, rest_of_week
from dashboard.url_state.params import GetAll, Params, known_values, last, whole_number
from events import AUDIENCES, EVENT_KINDS
from intake import excerpt
from places import MAX_QUERY, RADII_KM
from providers import LIFE_STAGES

#: Date ranges: this week (Monday to Sunday), the next four weeks, a chosen month.
RANGES = ("woche", "4wochen", "monat")
VIEWS = ("liste", "monat")
DEFAULT_RADIUS_KM = 10
#: Yes/no wishes, as URL parameters.
FLAGS = ("kostenlos", "ohneanmeldung")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class EventsState:
    """A search for Termine.

    Attributes
    ----------
    range
        One of :data:`RANGES`.
    month
        First day of the chosen month (used with ``range == "monat"``).
    audience
        One of :data:`providers.AUDIENCES`, or ``None`` for both.
    kinds, stages
        Kinds of offer and life stages (empty: any).
    language
        A language the event is held in, or ``None``.
    flags
        The yes/no wishes set, as in :data:`FLAGS`.
    query, radius_km
        Near a postcode or place ("" for anywhere), within a radius.
    view
        ``"liste"`` (by day) or ``"monat"`` (a calendar month).
    """

    range: str = "4wochen"
    month: date | None = None
    audience: str | None = "familien"
    kinds: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    language: str | None = None
    flags: frozenset[str] = frozenset()
    query: str = ""
    radius_km: int = DEFAULT_RADIUS_KM
    view: str = "liste"

    def days(self, today: date) -> tuple[date, date]:
        """First and last day the range covers."""
        if self.range == "woche":
            return rest_of_week(today)
        if self.range == "monat":
            return rest_of_month(self.month, today)
        return next_days(FOUR_WEEKS_DAYS, today)


def events_from_params(
    get_all: GetAll, languages: Container[str], today: date
) -> tuple[EventsState, list[str]]:
    """Read a Termine search from query parameters; collect what was not understood."""
    ignored: list[str] = []
    chosen = last(get_all, "zeitraum")
    if chosen and chosen not in RANGES:
        ignored.append(f"zeitraum={excerpt(chosen)}")
    month = None
    month_text = last(get_all, "monat")
    if found := _MONTH.fullmatch(month_text):
        year, number = int(found.group(1)), int(found.group(2))
        if 1 <= number <= 12 and abs(year - today.year) <= 2:
            month = date(year, number, 1)
    if month_text and month is None:
        ignored.append(f"monat={excerpt(month_text)}")
    audience = last(get_all, "zielgruppe") or "familien"
    if audience not in (*AUDIENCES, "alle"):
        ignored.append(f"zielgruppe={excerpt(audience)}")
        audience = "familien"
    language = last(get_all, "sprache")
    if language and language not in languages:
        ignored.append(f"sprache={excerpt(language)}")
    radius_text = last(get_all, "umkreis")
    radius = whole_number(radius_text, min(RADII_KM), max(RADII_KM))
    view = last(get_all, "ansicht")
    state = EventsState(
        range=chosen if chosen in RANGES else ("monat" if month else "4wochen"),
        month=month,
        audience=None if audience == "alle" else audience,
        kinds=known_values(get_all, "art", EVENT_KINDS, ignored),
        stages=known_values(get_all, "phase", LIFE_STAGES, ignored),
        language=language if language in languages else None,
        flags=frozenset(name for name in FLAGS if last(get_all, name) == "1"),
        query=excerpt(last(get_all, "q"), MAX_QUERY),
        radius_km=radius if radius in RADII_KM else DEFAULT_RADIUS_KM,
        view=view if view in VIEWS else "liste",
    )
    return state, ignored


def events_to_params(state: EventsState) -> Params:
    """Query parameters of a Termine search; only what differs from the defaults."""
    params: Params = {}
    if state.range != "4wochen":
        params["zeitraum"] = state.range
    if state.range == "monat" and state.month:
        params["monat"] = state.month.strftime("%Y-%m")
    if state.audience != "familien":
        params["zielgruppe"] = state.audience or "alle"
    if state.kinds:
        params["art"] = list(state.kinds)
    if state.stages:
        params["phase"] = list(state.stages)
    if state.language:
        params["sprache"] = state.language
    for name in FLAGS:
        if name in state.flags:
            params[name] = "1"
    if state.query:
        params["q"] = state.query
    if state.radius_km != DEFAULT_RADIUS_KM:
        params["umkreis"] = str(state.radius_km)
    if state.view != "liste":
        params["ansicht"] = state.view
    return params

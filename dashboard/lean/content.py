"""What the lean family pages show, as plain data for the templates.

Every figure comes from the same places as In meiner Nähe: the place search
(:func:`dashboard.widgets.place_search.search`), nearest first
(``cache.provider_index().nearest``), the first call (:func:`first_calls`), the card's
facts (:func:`card_facts`) and the Termine (:func:`events.select_dates`). Texts are
in the language set for the request (:func:`dashboard.i18n.texts.use_language`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache as once
from urllib.parse import quote

import numpy as np
import pandas as pd

import clock
from dashboard import cache
from dashboard.i18n.event_wording import long_day, when_in_words
from dashboard.i18n.texts import dial_digits, t, type_description, type_label
from dashboard.widgets.card_facts import CardFacts, card_facts
from dashboard.widgets.first_call import first_calls
from dashboard.widgets.place_search import note_text, place_label, search
from events import EventFilter, select_dates
from geodata import parent_ags
from places import Found, Place, SlugTable
from providers import SERVICE_TYPES, attributions

#: A Gemeinde's page lists per kind of help the nearest this many, within this radius.
PER_TYPE = 2
RADIUS_KM = 25
#: A page of one kind lists this many, within this radius.
TYPE_PAGE = 20
TYPE_RADIUS_KM = 50
#: Termine of the coming days near the Gemeinde.
EVENT_DAYS = 30
EVENTS_SHOWN = 8
EVENT_RADIUS_KM = 15
TYPE_CODES = tuple(service.code for service in SERVICE_TYPES)


@dataclass(frozen=True)
class Card:
    """A provider on a page: its facts, its page's address, its point."""

    id: str
    url: str
    facts: CardFacts
    lat: float
    lon: float
    row: pd.Series = field(repr=False, compare=False)


@dataclass(frozen=True)
class Section:
    """The nearest providers of one kind."""

    code: str
    label: str
    explained: str
    cards: tuple[Card, ...]
    more_url: str


@dataclass(frozen=True)
class Call:
    """One line of the first call: who, which number, when."""

    names: str
    label: str
    phone: str
    dial: str
    hours: str = ""
    note: str = ""
    url: str = ""


@dataclass(frozen=True)
class DateLine:
    """One Termin date."""

    title: str
    day: str
    when: str
    where: str
    cancelled: bool
    start: pd.Timestamp
    end: pd.Timestamp
    lat: float | None
    lon: float | None
    url: str = ""


@dataclass(frozen=True)
class GemeindePage:
    """``/hilfe/<slug>`` and ``/hilfe/<slug>/<typ>``."""

    ags: str
    slug: str
    name: str
    kreis: str
    kreis_ags: str
    land: str
    lat: float
    lon: float
    calls: tuple[Call, ...]
    sections: tuple[Section, ...]
    dates: tuple[DateLine, ...]
    type_code: str = ""
    sources: tuple[str, ...] = ()

    @property
    def cards(self) -> tuple[Card, ...]:
        """Every provider on the page, once."""
        seen: dict[str, Card] = {}
        for section in self.sections:
            for card in section.cards:
                seen.setdefault(card.id, card)
        return tuple(seen.values())

    @property
    def all_invented(self) -> bool:
        return bool(self.cards) and all(card.facts.invented for card in self.cards)


@dataclass(frozen=True)
class ProviderPage:
    """``/anbieter/<id>``."""

    card: Card
    gemeinde_slug: str
    gemeinde: str
    kreis: str
    dates: tuple[DateLine, ...]


@once
def slugs() -> SlugTable:
    """The addresses of today's Gemeinden (once per process)."""
    gemeinden = cache.boundaries("gemeinde")
    kreise = cache.boundaries("kreis")
    return SlugTable(
        dict(zip(gemeinden["ags"], gemeinden["name"], strict=True)),
        dict(zip(kreise["ags"], kreise["name"], strict=True)),
    )


def gemeinde_url(ags: str, type_code: str = "") -> str:
    path = f"/hilfe/{slugs().slug(ags)}"
    return f"{path}/{type_code}" if type_code else path


def provider_url(provider_id: str) -> str:
    return "/anbieter/" + quote(provider_id, safe="")


def namesake_label(ags: str) -> str:
    """A Gemeinde told apart from its namesakes: ``"Halle (Saalekreis)"``."""
    return f"{cache.area_name(ags)} ({cache.area_name(parent_ags(ags, 'kreis'))})"


def find_gemeinde(slug: str) -> Found:
    """What ``/hilfe/<slug>`` names."""
    return slugs().find(slug)


def _card(
    frame: pd.DataFrame, position: int, metres: float | None, coming: dict | None = None
) -> Card:
    row = frame.iloc[position]
    dates = (cache.coming_dates() if coming is None else coming).get(position, [])
    # a plain mapping: a card reads some twenty fields, each a slow lookup in a Series
    facts = card_facts(row.to_dict(), dates, metres)
    return Card(str(row["id"]), provider_url(str(row["id"])), facts, row["lat"], row["lon"], row)


def _calls(place: Place) -> tuple[Call, ...]:
    calls = []
    for answer in first_calls(place):
        for together in answer.ways:
            way = together[0].way_in
            names = " · ".join(network.name for network in together)
            hours = t("way_in_hours", hours=way.hours) if way.hours else ""
            calls.append(Call(names, way.label, way.phone, dial_digits(way.phone), hours))
        if answer.contact is not None:
            row = answer.contact
            note = ""
            if answer.elsewhere_m is not None:
                km = f"{answer.elsewhere_m / 1000:.0f}"
                note = t("way_in_elsewhere", kreis=answer.kreis_name or place.kreis, km=km)
            phone = str(row["phone"] or "")
            url = provider_url(str(row["id"]))
            calls.append(Call(str(row["name"]), "", phone, dial_digits(phone), "", note, url))
    return tuple(calls)


def _dates(lat: float, lon: float, provider_id: str = "") -> tuple[DateLine, ...]:
    data = cache.event_data()
    today = clock.today()
    near = None if provider_id else (lat, lon, EVENT_RADIUS_KM * 1000)
    wish = EventFilter(today, today + timedelta(days=EVENT_DAYS), audience="familien", near=near)
    dates = select_dates(data, wish, clock.now())
    if provider_id:
        ids = np.array([event.provider_id for event in data.events], dtype=object)
        dates = dates[ids[dates["event"].to_numpy()] == provider_id]
    dates = dates.head(EVENTS_SHOWN)
    frame, positions = cache.provider_data().frame, cache.provider_positions()
    names = {}
    for number in dates["event"]:
        key = data.events[int(number)].provider_id
        if key in positions:
            names[key] = frame["name"].iat[positions[key]]
    lines = []
    for row in dates.itertuples(index=False):
        event = data.events[int(row.event)]
        where = event.place or names.get(event.provider_id, "")
        url = provider_url(event.provider_id) if event.provider_id in names else ""
        lines.append(
            DateLine(
                title=event.title,
                day=long_day(row.start.date()),
                when=when_in_words(event, row.start, row.end, with_next=False),
                where=where,
                cancelled=bool(row.cancelled),
                start=row.start,
                end=row.end,
                lat=event.lat,
                lon=event.lon,
                url=url,
            )
        )
    return tuple(lines)


def gemeinde_page(ags: str, type_code: str = "") -> GemeindePage:
    """A Gemeinde's page: first call, nearest providers per kind (or of one kind), Termine."""
    place = cache.gazetteer().gemeinde(ags)
    assert place is not None, ags
    frame = cache.provider_data().frame
    index = cache.provider_index()
    sections = []
    codes = (type_code,) if type_code else TYPE_CODES
    count, radius = (TYPE_PAGE, TYPE_RADIUS_KM) if type_code else (PER_TYPE, RADIUS_KM)
    masks, coming = cache.type_masks(), cache.coming_dates()
    for code in codes:
        nearby = index.nearest(place.lat, place.lon, radius * 1000, count, masks[code])
        cards = tuple(
            _card(frame, int(position), float(metres), coming)
            for position, metres in zip(nearby.positions, nearby.distances_m, strict=True)
        )
        if cards or type_code:
            more = gemeinde_url(ags, code)
            sections.append(Section(code, type_label(code), type_description(code), cards, more))
    # the same attribution lines as under In meiner Nähe, for the real sources shown
    shown = pd.Series([c.row["source"] for s in sections for c in s.cards], dtype=object)
    sources = tuple(attributions(shown)) if len(shown) else ()
    kreis_ags = parent_ags(ags, "kreis")
    return GemeindePage(
        ags=ags,
        slug=slugs().slug(ags),
        name=place.name,
        kreis=cache.area_name(kreis_ags) or "",
        kreis_ags=kreis_ags,
        land=cache.area_name(parent_ags(ags, "land")) or "",
        lat=place.lat,
        lon=place.lon,
        calls=_calls(place),
        sections=tuple(sections),
        dates=() if type_code else _dates(place.lat, place.lon),
        type_code=type_code,
        sources=sources,
    )


def provider_page(provider_id: str) -> ProviderPage | None:
    """One provider's page, or ``None`` for an id that is not (or no longer) shown."""
    frame = cache.provider_data().frame
    position = cache.provider_positions().get(provider_id)
    if position is None:
        return None
    card = _card(frame, position, None)
    ags = card.row["gemeinde_ags"]
    known = isinstance(ags, str) and ags in slugs()
    return ProviderPage(
        card=card,
        gemeinde_slug=slugs().slug(ags) if known else "",
        gemeinde=cache.area_name(ags) or "" if known else "",
        kreis=cache.area_name(card.row["kreis_ags"]) or "" if known else "",
        dates=_dates(card.lat, card.lon, provider_id),
    )


@dataclass(frozen=True)
class SearchAnswer:
    """What the start page's form found: one Gemeinde to go to, or what to say."""

    go_to: str = ""
    message: str = ""
    notes: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()


def search_answer(query: str) -> SearchAnswer:
    """The place a family typed, as a Gemeinde's page (a postcode or an Ortsteil leads
    to its Gemeinde; several places of one name are offered)."""
    result = search(query)
    notes = tuple(note_text(note, markdown=False) for note in result.notes)
    if result.problem is not None:
        return SearchAnswer(message=note_text(result.problem, markdown=False))
    if result.found is not None and result.found.ags in slugs():
        found = result.found
        if found.kind == "postcode" and len(found.gemeinden) > 1:
            choices = tuple(
                (gemeinde_url(ags), cache.area_name(ags) or ags)
                for ags in found.gemeinden
                if ags in slugs()
            )
            return SearchAnswer(message=t("search_spans", postcode=found.postcode), choices=choices)
        return SearchAnswer(go_to=gemeinde_url(found.ags))
    places = result.places or result.suggestions
    choices = tuple(
        (gemeinde_url(place.ags), place_label(place)) for place in places if place.ags in slugs()
    )
    if result.places:
        return SearchAnswer(message=t("nearby_which"), notes=notes, choices=choices)
    message = t("nearby_not_found", query=query.strip()[:60])
    return SearchAnswer(message=message, notes=notes, choices=choices)

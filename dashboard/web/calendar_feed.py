"""The Termine as a calendar subscription: ``/termine.ics?kreis=05382&art=elterncafe``.

A phone's calendar asks this address now and then and shows what comes: the
series of the selection (not single dates), read from the same data as the
page. The wishes are those of the page's URL; unknown values are left out
rather than refused, so that an old subscription keeps working.
``/termine.ics?termin=<id>`` is one Termin ("In den Kalender" on a card).
"""

from __future__ import annotations

import anyio
from starlette.requests import Request
from starlette.responses import Response

from dashboard import cache
from events import AUDIENCES, EVENT_KINDS, EventFilter, event_mask, write_ics
from geodata import AGS_LENGTH
from providers import LIFE_STAGES

#: A calendar app asks again after this many seconds at the earliest.
MAX_AGE_S = 900


def feed(params: dict[str, list[str]]) -> bytes:
    """The iCalendar text of a selection (see the module)."""
    data = cache.event_data()

    def known(name: str, allowed) -> tuple[str, ...]:
        return tuple(value for value in params.get(name, []) if value in allowed)

    audience = (params.get("zielgruppe") or ["familien"])[-1]
    kreis = (params.get("kreis") or [""])[-1]
    language = (params.get("sprache") or [""])[-1]
    first, last = data.window
    wish = EventFilter(
        first,
        last,
        audience=audience if audience in AUDIENCES else None,
        kinds=known("art", EVENT_KINDS),
        stages=known("phase", LIFE_STAGES),
        language=language or None,
        free=(params.get("kostenlos") or [""])[-1] == "1",
        no_registration=(params.get("ohneanmeldung") or [""])[-1] == "1",
        kreis=kreis if len(kreis) == AGS_LENGTH["kreis"] and kreis.isdigit() else None,
    )
    one = (params.get("termin") or [""])[-1]
    if one:
        chosen = [event for event in data.events if event.id == one]
        return write_ics(chosen, chosen[0].title if chosen else "Familienkarte – Termine")
    keep = event_mask(data, wish)
    chosen = [event for event, kept in zip(data.events, keep, strict=True) if kept]
    name = "Familienkarte – Termine" + (f" – {cache.area_name(wish.kreis)}" if wish.kreis else "")
    return write_ics(chosen, name)


async def calendar_feed(request: Request) -> Response:
    """The route's handler."""
    params = {key: request.query_params.getlist(key) for key in request.query_params}
    body = await anyio.to_thread.run_sync(feed, params)
    headers = {
        "Cache-Control": f"public, max-age={MAX_AGE_S}",
        "Content-Disposition": 'inline; filename="familienkarte-termine.ics"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)

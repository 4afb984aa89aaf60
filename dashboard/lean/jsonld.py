"""schema.org descriptions of the lean pages (JSON-LD), for search engines.

A provider is a ``LocalBusiness`` (a Kita a ``ChildCare``, a Geburtsklinik a
``Hospital``, a practice a ``MedicalClinic``); a Jugend- or Gesundheitsamt a
``GovernmentService`` provided by its ``GovernmentOffice``; a Termin an ``Event``.
Each with address, point, telephone and opening hours where known. The text is made
safe for a ``<script>`` element (:func:`script_text`).
"""

from __future__ import annotations

import json
import re

from dashboard.lean.content import Card, DateLine, GemeindePage

#: schema.org type of a provider by its first kind of help (others: LocalBusiness).
_TYPES = {
    "kita": "ChildCare",
    "geburtsklinik": "Hospital",
    "kinderarztpraxis": "MedicalClinic",
    "spz": "MedicalClinic",
}
_OFFICES = ("jugendamt", "gesundheitsamt")
_DAYS = {"mo": "Mo", "di": "Tu", "mi": "We", "do": "Th", "fr": "Fr", "sa": "Sa", "so": "Su"}
_DAY = r"(?:Mo|Di|Mi|Do|Fr|Sa|So)"
_HOURS = re.compile(
    rf"(?P<days>{_DAY}(?:\s*(?:–|-|bis)\s*{_DAY}|(?:\s*(?:,|und|u\.)\s*{_DAY})*)?)\.?\s+"
    r"(?P<open>\d{1,2})(?::(?P<om>\d\d))?\s*(?:–|-|bis)\s*(?P<close>\d{1,2})(?::(?P<cm>\d\d))?"
    r"\s*(?:Uhr)?"
)


def opening_hours(text: str) -> list[str]:
    """German opening hours as schema.org writes them: ``"Mo–Do 8–16 Uhr, Fr 8–12 Uhr"``
    → ``["Mo-Th 08:00-16:00", "Fr 08:00-12:00"]``; text it cannot read fully → ``[]``."""
    found = list(_HOURS.finditer(text))
    rest = _HOURS.sub("", text).strip(" ,;.")
    if not found or rest:
        return []
    spans = []
    for match in found:
        days = re.findall(_DAY, match["days"])
        ranged = re.search(r"–|-|bis", match["days"]) is not None
        names = [_DAYS[day.lower()] for day in days]
        said = f"{names[0]}-{names[-1]}" if ranged and len(names) == 2 else ",".join(names)
        opens = f"{int(match['open']):02d}:{match['om'] or '00'}"
        closes = f"{int(match['close']):02d}:{match['cm'] or '00'}"
        spans.append(f"{said} {opens}-{closes}")
    return spans


def _address(card: Card) -> dict:
    row = card.row
    address = {"@type": "PostalAddress", "addressCountry": "DE"}
    if row["street"]:
        address["streetAddress"] = str(row["street"])
    if row["postcode"]:
        address["postalCode"] = str(row["postcode"])
    if row["city"]:
        address["addressLocality"] = str(row["city"])
    return address


def _place(card: Card, base: str) -> dict:
    facts = card.facts
    node: dict = {
        "name": facts.name,
        "url": base + card.url,
        "address": _address(card),
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": round(card.lat, 5),
            "longitude": round(card.lon, 5),
        },
    }
    if facts.phone:
        node["telephone"] = facts.phone
    if facts.email:
        node["email"] = facts.email
    if facts.website.startswith(("http://", "https://")):
        node["sameAs"] = facts.website
    hours = opening_hours(facts.hours)
    if hours:
        node["openingHours"] = hours
    if facts.description:
        node["description"] = facts.description
    return node


def provider_node(card: Card, base: str) -> dict:
    """One provider; ``base``: the site's address (``https://…``)."""
    codes = list(card.row["service_types"])
    place = _place(card, base)
    if codes and codes[0] in _OFFICES:
        office = {"@type": "GovernmentOffice", **place}
        return {
            "@type": "GovernmentService",
            "name": card.facts.name,
            "serviceType": card.facts.kinds,
            "url": place["url"],
            "provider": office,
        }
    return {"@type": _TYPES.get(codes[0], "LocalBusiness") if codes else "LocalBusiness", **place}


def event_node(line: DateLine, base: str) -> dict:
    """One Termin date."""
    node = {
        "@type": "Event",
        "name": line.title,
        "startDate": line.start.isoformat(),
        "endDate": line.end.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if line.cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": line.where or line.title},
    }
    if line.lat is not None and line.lon is not None:
        node["location"]["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": round(line.lat, 5),
            "longitude": round(line.lon, 5),
        }
    if line.url:
        node["url"] = base + line.url
    return node


def gemeinde_graph(page: GemeindePage, base: str, title: str, url: str) -> dict:
    """The Gemeinde's page: the page, the area, its providers and Termine."""
    items = [
        {"@type": "ListItem", "position": number, "item": provider_node(card, base)}
        for number, card in enumerate(page.cards, start=1)
    ]
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "WebPage",
                "name": title,
                "url": url,
                "inLanguage": "de",
                "about": {
                    "@type": "AdministrativeArea",
                    "name": page.name,
                    "containedInPlace": {"@type": "AdministrativeArea", "name": page.kreis},
                },
                "mainEntity": {"@type": "ItemList", "itemListElement": items},
            },
            *(event_node(line, base) for line in page.dates),
        ],
    }


def provider_graph(card: Card, dates: tuple[DateLine, ...], base: str) -> dict:
    """A provider's page: the provider and its Termine."""
    return {
        "@context": "https://schema.org",
        "@graph": [provider_node(card, base), *(event_node(line, base) for line in dates)],
    }


def script_text(graph: dict) -> str:
    """JSON for a ``<script type="application/ld+json">``: no ``</script>`` or ``<!--``
    from data can end it early."""
    text = json.dumps(graph, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

"""Providers, their Termine and networks as the tables of an HSDS 3.0.0 package.

One provider is one service of an organization (organizations are shared by name:
one Träger of 200 Kitas is one organization) at one location with its address; its
types and life stages are taxonomy terms linked by attributes; phone, languages,
opening hours (a schedule with a description), access (accessibility) and costs
(cost_options) go to their HSDS tables. A Termin at a provider is a schedule of its
service with HSDS's recurrence terms. Values are typed (numbers, dates, ``None`` for
empty), so the same rows are the CSV files and the API's JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from urllib.parse import quote, urlsplit, urlunsplit

from babel import Locale

from events.model import Event, zone_of
from networks.model import Network, WayIn
from providers.hsds.ids import Ids
from providers.hsds.spec import PREFIX
from providers.hsds.vocabulary import (
    ACCESS,
    APPLICATION,
    COST,
    SAMPLE_ALERT,
    STAGE_AGES,
    STAGES,
    TAXONOMIES,
    TYPES,
)
from providers.model import LIFE_STAGES, Provider

Row = dict[str, object]
#: The recurrence parts HSDS 3 has terms for (schedules.freq, interval, byday …).
_RULE_PARTS = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT")
SERVICES_EXTENSION = f"{PREFIX}services.csv"
SCHEDULES_EXTENSION = f"{PREFIX}schedules.csv"
NETWORKS_EXTENSION = f"{PREFIX}networks.csv"
MEMBERS_EXTENSION = f"{PREFIX}network_members.csv"


@dataclass
class Tables:
    """The rows of each table (by file name) and what was left out, in German."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    notes: list[str] = field(default_factory=list)


def exchange_uri(url: str) -> str | None:
    """A web address as an RFC 3986 URI (``https:\\\\www…`` repaired, an umlaut domain
    IDNA-encoded, spaces and umlauts in the path percent-encoded); ``None`` when it
    cannot be one."""
    text = url.strip().replace("\\", "/")
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text.removeprefix("//")
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        ascii_host = host.encode("idna").decode("ascii")
        port = parts.port
    except (ValueError, UnicodeError):
        return None
    if parts.scheme.lower() not in ("http", "https") or "." not in ascii_host:
        return None
    netloc = ascii_host + (f":{port}" if port else "")
    keep = "/%:@!$&'()*+,;=-._~"
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=keep),
            quote(parts.query, safe=keep + "?"),
            quote(parts.fragment, safe=keep + "?"),
        )
    )


@cache
def language_name(code: str) -> str | None:
    """The German name of a language code (``tr`` → ``Türkisch``)."""
    try:
        return Locale.parse(code).get_display_name("de")
    except (ValueError, TypeError, LookupError):
        return None


def _empty(value: object) -> object:
    return None if value == "" else value


def _organization_description(names: list[str], city: str) -> str:
    if len(names) == 1:
        return f"Träger des Angebots „{names[0]}“" + (f" in {city}." if city else ".")
    return f"Träger von {len(names)} Angeboten für Familien, darunter „{names[0]}“."


def _eligibility(stages: list[str]) -> tuple[str | None, int | None, int | None]:
    labels = [LIFE_STAGES.get(code, code) for code in stages]
    ages = [STAGE_AGES[code] for code in stages if code in STAGE_AGES]
    low = min((age[0] for age in ages), default=None)
    high = max((age[1] for age in ages), default=None)
    return ("Lebensphasen: " + ", ".join(labels) if labels else None), low, high


def build_tables(
    records: Sequence[Provider],
    areas: Sequence[tuple[str, str]],
    sample: Sequence[bool],
    events: Iterable[Event] = (),
    networks: Iterable[Network] = (),
    ids: Ids | None = None,
) -> Tables:
    """The HSDS tables of providers (``areas``: each one's Kreis and Land, for its
    organization and ``addresses.state_province``; ``sample``: each one is invented).

    An organization is one Träger in one Kreis: "Der Landrat" of two Landkreise are
    two organizations, the Kitas of one Träger in a city one."""
    ids = ids or Ids()
    tables = Tables()
    rows = tables.rows
    organizations: dict[str, Row] = {}
    members: dict[str, list[str]] = defaultdict(list)
    cities: dict[str, str] = {}
    service_ids: dict[str, str] = {}
    used_terms: set[tuple[str, str]] = set()
    for record, (kreis, land), invented in zip(records, areas, sample, strict=True):
        service = ids("service", record.id)
        service_ids[record.id] = service
        owner = record.organization or record.name
        organization = ids("organization", f"{kreis}|{owner}")
        if organization not in organizations:
            organizations[organization] = {"id": organization, "name": owner}
        members[organization].append(record.name)
        cities.setdefault(organization, record.city)
        location = ids("location", record.id)
        url = exchange_uri(record.website) if record.website else None
        if record.website and url is None:
            tables.notes.append(
                f"„{record.name[:60]}“: Website „{record.website[:60]}“ ist keine gültige "
                "Webadresse und fehlt im Paket."
            )
        eligibility, low, high = _eligibility(record.life_stages)
        addressed = bool(record.street and record.city and record.postcode)
        rows["services.csv"].append(
            {
                "id": service,
                "organization_id": organization,
                "name": record.name,
                "description": _empty(record.description),
                "url": url,
                "email": _empty(record.email),
                "status": "active",
                "application_process": APPLICATION.get(record.no_application),
                "eligibility_description": eligibility,
                "minimum_age": low,
                "maximum_age": high,
                "assured_date": record.last_verified,
                # who assured it: the provider itself (through its link) by its address
                "assurer_email": _empty(record.email) if record.verified_by == "anbieter" else None,
                "alert": SAMPLE_ALERT if invented else None,
            }
        )
        rows[SERVICES_EXTENSION].append(
            {
                "service_id": service,
                "familienkarte_id": record.id,
                "source": _empty(record.source),
                "location_exact": record.location_exact,
                "verified_by": _empty(record.verified_by),
                # HSDS's address needs a street: without one, postcode and town wait here
                "postal_code": None if addressed else _empty(record.postcode),
                "city": None if addressed else _empty(record.city),
            }
        )
        rows["locations.csv"].append(
            {
                "id": location,
                "location_type": "physical",
                "organization_id": organization,
                "name": record.name,
                "latitude": record.lat,
                "longitude": record.lon,
            }
        )
        if addressed:
            rows["addresses.csv"].append(
                {
                    "id": ids("address", record.id),
                    "location_id": location,
                    "address_1": record.street,
                    "city": record.city,
                    "state_province": land,
                    "postal_code": record.postcode,
                    "country": "DE",
                    "address_type": "physical",
                }
            )
        rows["service_at_location.csv"].append(
            {
                "id": ids("service_at_location", record.id),
                "service_id": service,
                "location_id": location,
            }
        )
        if record.phone:
            rows["phones.csv"].append(
                {"id": ids("phone", record.id), "service_id": service, "number": record.phone}
            )
        for code in record.languages:
            rows["languages.csv"].append(
                {
                    "id": ids("language", f"{record.id}|{code}"),
                    "service_id": service,
                    "name": language_name(code),
                    "code": code,
                }
            )
        if record.opening_hours:
            rows["schedules.csv"].append(
                {
                    "id": ids("schedule", record.id),
                    "service_id": service,
                    "description": record.opening_hours,
                }
            )
        if record.barrier_free is not None:
            rows["accessibility.csv"].append(
                {
                    "id": ids("accessibility", record.id),
                    "location_id": location,
                    "description": ACCESS[record.barrier_free],
                }
            )
        if record.free_of_charge is not None:
            rows["cost_options.csv"].append(
                {
                    "id": ids("cost_option", record.id),
                    "service_id": service,
                    "option": COST[record.free_of_charge],
                    "currency": "EUR",
                    "amount": 0 if record.free_of_charge else None,
                }
            )
        for taxonomy, codes in ((TYPES, record.service_types), (STAGES, record.life_stages)):
            for code in codes:
                used_terms.add((taxonomy.key, code))
                rows["attributes.csv"].append(
                    {
                        "id": ids("attribute", f"{record.id}|{taxonomy.key}|{code}"),
                        "link_id": service,
                        "taxonomy_term_id": ids("taxonomy_term", f"{taxonomy.key}|{code}"),
                        "link_type": taxonomy.key,
                        "link_entity": "service",
                    }
                )
    for key, organization in organizations.items():
        organization["description"] = _organization_description(members[key], cities[key])
    rows["organizations.csv"] = list(organizations.values())
    _vocabulary(tables, ids, used_terms)
    for event in events:
        if event.provider_id in service_ids:
            schedule, extension = event_rows(event, service_ids[event.provider_id], ids)
            rows["schedules.csv"].append(schedule)
            rows[SCHEDULES_EXTENSION].append(extension)
    for network in networks:
        _network(tables, network, service_ids)
    return tables


def _vocabulary(tables: Tables, ids: Ids, used: set[tuple[str, str]]) -> None:
    """The taxonomies and all their terms (a reader sees the whole vocabulary)."""
    if not used:
        return
    for taxonomy in TAXONOMIES:
        taxonomy_id = ids("taxonomy", taxonomy.key)
        tables.rows["taxonomies.csv"].append(
            {
                "id": taxonomy_id,
                "name": taxonomy.name,
                "description": taxonomy.description,
                "version": "1",
            }
        )
        for code, (name, description) in taxonomy.terms.items():
            tables.rows["taxonomy_terms.csv"].append(
                {
                    "id": ids("taxonomy_term", f"{taxonomy.key}|{code}"),
                    "code": code,
                    "name": name,
                    "description": description,
                    "taxonomy": taxonomy.key,
                    "language": "de",
                    "taxonomy_id": taxonomy_id,
                }
            )


def hsds_rule(parts: dict[str, str]) -> str:
    """The RRULE HSDS's terms can say (the rule a reader rebuilds from them; an
    interval of 1 is RFC 5545's default and left out)."""
    return ";".join(
        f"{name}={parts[name]}"
        for name in _RULE_PARTS
        if parts.get(name) and not (name == "INTERVAL" and parts[name] == "1")
    )


def event_rows(event: Event, service: str, ids: Ids) -> tuple[Row, Row]:
    """A Termin at a provider as a schedule of its service and its extension row."""
    zone = zone_of(event.timezone)
    start = event.start.astimezone(zone)
    offset = start.utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else 0
    parts = dict(p.split("=", 1) for p in event.rrule.split(";") if "=" in p)
    freq = parts.get("FREQ", "")
    until = parts.get("UNTIL", "")
    until_day = (
        datetime.strptime(until[:8], "%Y%m%d").date()
        if len(until) >= 8 and until[:8].isdigit()
        else None
    )
    hsds_parts = {
        "FREQ": freq if freq in ("WEEKLY", "MONTHLY") else "",
        "INTERVAL": parts.get("INTERVAL", ""),
        "BYDAY": parts.get("BYDAY", ""),
        "BYMONTHDAY": parts.get("BYMONTHDAY", ""),
        "UNTIL": until_day.strftime("%Y%m%d") if until_day else "",
        "COUNT": parts.get("COUNT", ""),
    }
    end = event.end.astimezone(zone) if event.end else None
    same_day = end is not None and not event.all_day and end.date() == start.date() and end > start
    schedule_id = ids("event", event.id)
    schedule: Row = {
        "id": schedule_id,
        "service_id": service,
        "valid_from": start.date(),
        "valid_to": None if event.rrule else start.date(),
        "dtstart": start.date(),
        "timezone": int(hours) if hours == int(hours) else hours,
        "until": until_day,
        "count": int(hsds_parts["COUNT"]) if hsds_parts["COUNT"].isdigit() else None,
        "freq": _empty(hsds_parts["FREQ"]),
        "interval": int(parts["INTERVAL"])
        if parts.get("INTERVAL", "").isdigit()
        else (1 if hsds_parts["FREQ"] else None),
        "byday": _empty(hsds_parts["BYDAY"]),
        "bymonthday": _empty(hsds_parts["BYMONTHDAY"]),
        "description": event.title,
        "opens_at": None if event.all_day else start.timetz().isoformat(timespec="seconds"),
        "closes_at": end.timetz().isoformat(timespec="seconds") if same_day and end else None,
        "attending_type": "in person",
        "notes": _empty(event.description),
    }
    rule_in_terms = hsds_rule(hsds_parts) if hsds_parts["FREQ"] else ""
    extension: Row = {
        "schedule_id": schedule_id,
        "event_id": event.id,
        "kind": _empty(event.kind),
        "audience": _empty(event.audience),
        "timezone_name": event.timezone,
        "all_day": event.all_day,
        "ends": end.isoformat() if end is not None and not same_day else None,
        "rrule": None if event.rrule == rule_in_terms else event.rrule,
        "cancelled": event.cancelled,
        "cancelled_dates": _empty(";".join(d.isoformat() for d in event.cancelled_dates)),
        "place": _empty(event.place),
        "life_stages": _empty(";".join(event.life_stages)),
        "languages": _empty(";".join(event.languages)),
        "cost": _empty(event.cost),
        "registration": event.registration,
        "registration_how": _empty(event.registration_how),
        "registration_until": event.registration_until,
        "barrier_free": event.barrier_free,
        "phone": _empty(event.phone),
        "email": _empty(event.email),
        "website": _empty(event.website),
        "source": _empty(event.source),
        "last_verified": event.last_verified,
    }
    return schedule, extension


def _network(tables: Tables, network: Network, services: dict[str, str]) -> None:
    way = network.way_in or WayIn("")
    coordination = network.coordination or WayIn("")
    tables.rows[NETWORKS_EXTENSION].append(
        {
            "id": network.id,
            "name": network.name,
            "kreis_ags": network.kreis_ags,
            "gemeinden": ";".join(network.gemeinden),
            "way_in_label": way.label,
            "way_in_phone": way.phone,
            "way_in_hours": way.hours,
            "way_in_email": way.email,
            "coordination_phone": coordination.phone,
            "coordination_email": coordination.email,
            "source": network.source,
            "last_verified": network.last_verified,
        }
    )
    tables.rows[MEMBERS_EXTENSION].extend(
        {
            "network_id": network.id,
            "service_id": services[m.provider_id],
            "role": m.role,
            "since": m.since,
            "until": m.until,
        }
        for m in network.memberships
        if m.provider_id in services
    )

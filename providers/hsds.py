"""Open Referral HSDS 3 data packages: export the providers as one, and read one
(a zip file or a folder) back through the importer's checks.

One provider becomes an organization, a service, a location with its address,
a service_at_location, its phone, languages and a free-text schedule. The
fields HSDS has no place for are documented extensions, columns prefixed
``x_familienkarte_`` in ``services.csv`` and ``locations.csv``, and the tables
``x_familienkarte_networks.csv`` and ``x_familienkarte_network_members.csv`` for
the Netzwerke Frühe Hilfen, all described in ``datapackage.json``.
``services.assured_date`` carries the last-verified date.

A zip is read in memory and checked first: entries with absolute or ``..``
paths, too many files, or more unpacked than
:data:`intake.LIMITS` allows for HSDS packages (a zip bomb) reject the whole package
with a message; nothing of it is used.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

import pandas as pd

from events.model import Event, zone_of
from intake.guard import FileRefused, check_archive
from intake.limits import LIMITS
from intake.problems import ProblemLog
from networks.model import Network, WayIn
from providers.mapping import ColumnMapping
from providers.model import LIFE_STAGES, Provider, providers_frame, records_from_frame
from providers.real import attributions
from providers.result import ImportResult
from providers.rows import RowChecker
from providers.taxonomy import resolve_service_type

PREFIX = "x_familienkarte_"
#: Tables of the package, in HSDS 3's file names, with the columns written.
TABLES: dict[str, tuple[str, ...]] = {
    "organizations.csv": ("id", "name", "description", "email", "website"),
    "services.csv": (
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "assured_date",
        f"{PREFIX}service_types",
        f"{PREFIX}life_stages",
        f"{PREFIX}free_of_charge",
        f"{PREFIX}no_application",
        f"{PREFIX}source",
    ),
    "locations.csv": (
        "id",
        "organization_id",
        "name",
        "location_type",
        "latitude",
        "longitude",
        f"{PREFIX}location_exact",
        f"{PREFIX}barrier_free",
    ),
    "addresses.csv": (
        "id",
        "location_id",
        "address_1",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ),
    "service_at_locations.csv": ("id", "service_id", "location_id"),
    "phones.csv": ("id", "service_id", "number"),
    "languages.csv": ("id", "service_id", "code"),
    "schedules.csv": (
        "id",
        "service_id",
        "description",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "freq",
        "interval",
        "byday",
        "bymonthday",
        "opens_at",
        "closes_at",
        "notes",
        f"{PREFIX}event_id",
        f"{PREFIX}kind",
        f"{PREFIX}audience",
        f"{PREFIX}cost",
        f"{PREFIX}cancelled_dates",
        f"{PREFIX}rrule",
    ),
    # Extension tables: the Netzwerke Frühe Hilfen and who is in them (HSDS 3 has no
    # place for networks; a reader that does not know them passes them by).
    f"{PREFIX}networks.csv": (
        "id",
        "name",
        "kreis_ags",
        "gemeinden",
        "way_in_label",
        "way_in_phone",
        "way_in_hours",
        "way_in_email",
        "coordination_phone",
        "coordination_email",
        "source",
        "last_verified",
    ),
    f"{PREFIX}network_members.csv": ("network_id", "organization_id", "role", "since", "until"),
}
_EXTENSIONS = {
    f"{PREFIX}service_types": "Familienkarte service type codes, separated by ';'",
    f"{PREFIX}life_stages": "life stages served: " + ", ".join(LIFE_STAGES) + " (';')",
    f"{PREFIX}free_of_charge": "true/false, empty: not stated",
    f"{PREFIX}no_application": "true/false: usable without an application",
    f"{PREFIX}source": "where the record comes from",
    f"{PREFIX}location_exact": "false: the point is only the postcode's centre",
    f"{PREFIX}barrier_free": "true/false, empty: not stated",
    f"{PREFIX}event_id": "a Termin (course, group, meeting) of the service: its id",
    f"{PREFIX}kind": "kind of the Termin (elterncafe, krabbelgruppe, …)",
    f"{PREFIX}audience": "familien or fachkraefte",
    f"{PREFIX}cost": "kostenlos, or an amount as written",
    f"{PREFIX}cancelled_dates": "dates of the series that fall out (ISO, ';')",
    f"{PREFIX}rrule": "the whole RFC 5545 rule, where freq/byday cannot hold it",
    "kreis_ags": "the Kreis (5-digit AGS) the network belongs to",
    "gemeinden": "the Gemeinden (8-digit AGS, ';') it serves; empty: the whole Kreis",
    "way_in_label": "how families reach the network first, e.g. Familientelefon",
    "way_in_hours": "when the way in answers, as written",
    "network_id": "id in x_familienkarte_networks",
    "organization_id": "the member (id in organizations)",
    "role": "mitglied, koordination or familientelefon (runs the Familientelefon)",
    "since": "first day of the membership (ISO), empty: not stated",
    "until": "last day of the membership (ISO), empty: open",
}


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _rows(record: Provider) -> dict[str, list[dict[str, str]]]:
    key = record.id
    rows: dict[str, list[dict[str, str]]] = {
        "organizations.csv": [
            {"id": f"o-{key}", "name": record.organization or record.name, "description": ""}
        ],
        "services.csv": [
            {
                "id": key,
                "organization_id": f"o-{key}",
                "name": record.name,
                "description": record.description,
                "url": record.website,
                "email": record.email,
                "status": "active",
                "assured_date": record.last_verified.isoformat() if record.last_verified else "",
                f"{PREFIX}service_types": ";".join(record.service_types),
                f"{PREFIX}life_stages": ";".join(record.life_stages),
                f"{PREFIX}free_of_charge": _flag(record.free_of_charge),
                f"{PREFIX}no_application": _flag(record.no_application),
                f"{PREFIX}source": record.source,
            }
        ],
        "locations.csv": [
            {
                "id": f"l-{key}",
                "organization_id": f"o-{key}",
                "name": record.name,
                "location_type": "physical",
                "latitude": repr(record.lat),
                "longitude": repr(record.lon),
                f"{PREFIX}location_exact": _flag(record.location_exact),
                f"{PREFIX}barrier_free": _flag(record.barrier_free),
            }
        ],
        "addresses.csv": [
            {
                "id": f"a-{key}",
                "location_id": f"l-{key}",
                "address_1": record.street,
                "city": record.city,
                "region": "",
                "state_province": "",
                "postal_code": record.postcode,
                "country": "DE",
                "address_type": "physical",
            }
        ],
        "service_at_locations.csv": [
            {"id": f"sl-{key}", "service_id": key, "location_id": f"l-{key}"}
        ],
        "phones.csv": [{"id": f"p-{key}", "service_id": key, "number": record.phone}]
        if record.phone
        else [],
        "languages.csv": [
            {"id": f"g-{key}-{code}", "service_id": key, "code": code} for code in record.languages
        ],
        "schedules.csv": [
            {"id": f"s-{key}", "service_id": key, "description": record.opening_hours}
        ]
        if record.opening_hours
        else [],
    }
    return rows


def _descriptor() -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "familienkarte",
        "title": "Familienkarte – Angebote für Familien (HSDS 3)",
        "resources": [
            {
                "name": name.removesuffix(".csv"),
                "path": name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "schema": {
                    "fields": [
                        {"name": column, "type": "string"}
                        | ({"description": _EXTENSIONS[column]} if column in _EXTENSIONS else {})
                        for column in columns
                    ]
                },
            }
            for name, columns in TABLES.items()
        ],
    }


def _schedule(event: Event) -> dict[str, str]:
    """A Termin at a provider as an HSDS 3 schedule of its service (RRULE parts where
    HSDS has them: WEEKLY or MONTHLY; the whole rule and our fields as extensions)."""
    parts = dict(p.split("=", 1) for p in event.rrule.split(";") if "=" in p)
    start = event.start.astimezone(zone_of(event.timezone))
    end = start + event.duration
    offset = start.utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else 0
    freq = parts.get("FREQ", "")
    until = parts.get("UNTIL", "")
    return {
        "id": f"t-{event.id}",
        "service_id": event.provider_id,
        "description": event.title,
        "valid_from": start.date().isoformat(),
        "valid_to": "" if event.rrule else start.date().isoformat(),
        "dtstart": start.date().isoformat(),
        "timezone": f"{hours:g}",
        "until": f"{until[:4]}-{until[4:6]}-{until[6:8]}" if until else "",
        "count": parts.get("COUNT", ""),
        "freq": freq if freq in ("WEEKLY", "MONTHLY") else "",
        "interval": parts.get("INTERVAL", "1" if freq else ""),
        "byday": parts.get("BYDAY", ""),
        "bymonthday": parts.get("BYMONTHDAY", ""),
        "opens_at": "" if event.all_day else start.isoformat(timespec="minutes")[11:],
        "closes_at": "" if event.all_day else end.isoformat(timespec="minutes")[11:],
        "notes": event.description,
        f"{PREFIX}event_id": event.id,
        f"{PREFIX}kind": event.kind,
        f"{PREFIX}audience": event.audience,
        f"{PREFIX}cost": event.cost,
        f"{PREFIX}cancelled_dates": ";".join(day.isoformat() for day in event.cancelled_dates),
        f"{PREFIX}rrule": event.rrule,
    }


def _network_rows(network: Network, known: set[str]) -> dict[str, list[dict[str, str]]]:
    """A network and its memberships of providers in the package, as extension rows."""
    way = network.way_in or WayIn("")
    coordination = network.coordination or WayIn("")
    day = network.last_verified
    return {
        f"{PREFIX}networks.csv": [
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
                "last_verified": day.isoformat() if day else "",
            }
        ],
        f"{PREFIX}network_members.csv": [
            {
                "network_id": network.id,
                "organization_id": m.provider_id,
                "role": m.role,
                "since": m.since.isoformat() if m.since else "",
                "until": m.until.isoformat() if m.until else "",
            }
            for m in network.memberships
            if m.provider_id in known
        ],
    }


def write_hsds(
    frame: pd.DataFrame, events: Sequence[Event] = (), networks: Sequence[Network] = ()
) -> bytes:
    """The providers of a provider frame as a zipped HSDS 3 data package; the Termine
    held at one of them become schedules of its service (a Termin at a place of its
    own has no service in HSDS: it travels as iCalendar); the networks and their
    memberships of these providers go into two extension tables."""
    tables: dict[str, list[dict[str, str]]] = defaultdict(list)
    for record in records_from_frame(frame):
        for name, rows in _rows(record).items():
            tables[name].extend(rows)
    known = set(frame["id"].astype(str)) if len(frame) else set()
    tables["schedules.csv"] += [_schedule(e) for e in events if e.provider_id in known]
    for network in networks:
        for name, rows in _network_rows(network, known).items():
            tables[name].extend(rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        descriptor = _descriptor()
        named = attributions(frame["source"]) if len(frame) else ()
        if named:  # the open sources among the rows, with licence and Stand
            descriptor["sources"] = [{"title": line} for line in named]
        package.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        for name, columns in TABLES.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables.get(name, []))
            package.writestr(name, text.getvalue())
    return buffer.getvalue()


class PackageError(ValueError):
    """A package that is rejected as a whole; the message says why, in German."""


def _safe_members(package: zipfile.ZipFile, size: int) -> dict[str, zipfile.ZipInfo]:
    """The package's files by name, once the archive passed :func:`check_archive`."""
    try:
        check_archive(package, LIMITS["hsds"], size)
    except FileRefused as refused:
        raise PackageError(str(refused)) from None
    return {
        PurePosixPath(member.filename).name: member
        for member in package.infolist()
        if not member.is_dir()
    }


def _package_files(source: Path | bytes) -> dict[str, str]:
    """File name → text of the package's CSV files (a zip, its bytes or a folder)."""
    if isinstance(source, bytes):
        archive, size = io.BytesIO(source), len(source)
    elif source.is_dir():
        return {
            path.name: path.read_text(encoding="utf-8-sig")
            for path in source.iterdir()
            if path.suffix.lower() == ".csv" and path.is_file()
        }
    else:
        archive, size = source, source.stat().st_size
    try:
        with zipfile.ZipFile(archive) as package:
            members = _safe_members(package, size)
            return {
                name: package.read(member).decode("utf-8-sig")
                for name, member in members.items()
                if name.lower().endswith(".csv")
            }
    except zipfile.BadZipFile:
        raise PackageError("Die Datei ist kein lesbares Zip-Archiv.") from None
    except UnicodeDecodeError:
        raise PackageError("Eine CSV-Datei im Paket ist nicht UTF-8-kodiert.") from None


def _table(files: dict[str, str], name: str) -> list[dict[str, str]]:
    text = files.get(name) or files.get(name.removesuffix("s.csv") + ".csv") or ""
    return list(csv.DictReader(io.StringIO(text))) if text else []


def _by(rows: Iterable[dict[str, str]], key: str) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        grouped[row.get(key, "")].append(row)
    return grouped


def read_hsds(source: Path | bytes, mapping: ColumnMapping | None = None):
    """Read an HSDS 3 package (zip or folder) through the importer's row checks.

    A package of another directory has no Familienkarte types: a service's type
    comes from its taxonomy terms (``service_attributes`` → ``taxonomy_terms``),
    else its name and description, each read through the taxonomy and the
    mapping's value table (:attr:`ColumnMapping.type_values`, as for a CSV type
    column); what stays unmapped gets the mapping's one type for all rows
    (``--typ``).

    Returns an :class:`~intake.problems.ImportResult`; rows are numbered by the
    service's line in ``services.csv``.

    Raises
    ------
    PackageError
        For a package rejected as a whole (unsafe zip, no ``services.csv``).
    """

    files = _package_files(source)
    services = _table(files, "services.csv")
    if not services:
        raise PackageError("Im Paket fehlt „services.csv“ (oder sie ist leer).")
    organizations = {row.get("id", ""): row for row in _table(files, "organizations.csv")}
    locations = {row.get("id", ""): row for row in _table(files, "locations.csv")}
    addresses = _by(_table(files, "addresses.csv"), "location_id")
    at_location = _by(_table(files, "service_at_locations.csv"), "service_id")
    phones = _by(_table(files, "phones.csv"), "service_id")
    languages = _by(_table(files, "languages.csv"), "service_id")
    # a Termin's schedule is no opening hours (it is read by the Termine import)
    schedules = _by(
        (r for r in _table(files, "schedules.csv") if not r.get(f"{PREFIX}event_id")),
        "service_id",
    )
    terms = {row.get("id", ""): row for row in _table(files, "taxonomy_terms.csv")}
    attributes = _by(_table(files, "service_attributes.csv"), "service_id")
    attributes |= _by(
        (
            r
            for r in _table(files, "attributes.csv")
            if r.get("link_entity", "service") == "service"
        ),
        "link_id",
    )
    mapping = mapping or ColumnMapping()
    report = ProblemLog()
    own = any(f"{PREFIX}source" in row for row in services[:1])
    checker = RowChecker("HSDS-Paket", report, keep_file_source=own)
    for line, service in enumerate(services, start=2):
        key = service.get("id", "")
        links = at_location.get(key, [])
        location = locations.get(links[0].get("location_id", ""), {}) if links else {}
        address = (addresses.get(location.get("id", ""), []) or [{}])[0]
        organization = organizations.get(service.get("organization_id", ""), {})
        name = service.get("name", "")
        values = {
            "id": key,
            "name": name,
            "organization": ""
            if organization.get("name") == name
            else organization.get("name", ""),
            "service_types": service.get(f"{PREFIX}service_types", "")
            or _foreign_types(service, attributes.get(key, []), terms, mapping),
            "street": address.get("address_1", ""),
            "postcode": address.get("postal_code", ""),
            "city": address.get("city", ""),
            "lat": location.get("latitude", ""),
            "lon": location.get("longitude", ""),
            "phone": (phones.get(key) or [{}])[0].get("number", ""),
            "email": service.get("email", ""),
            "website": service.get("url", ""),
            "languages": ";".join(row.get("code", "") for row in languages.get(key, [])),
            "description": service.get("description", ""),
            "source": service.get(f"{PREFIX}source", ""),
            "last_verified": service.get("assured_date", ""),
            "life_stages": ";".join(
                LIFE_STAGES.get(code, code)
                for code in service.get(f"{PREFIX}life_stages", "").split(";")
                if code
            ),
            "free_of_charge": _german(service.get(f"{PREFIX}free_of_charge", "")),
            "no_application": _german(service.get(f"{PREFIX}no_application", "")),
            "barrier_free": _german(location.get(f"{PREFIX}barrier_free", "")),
            "opening_hours": (schedules.get(key) or [{}])[0].get("description", ""),
            "location_exact": "nein" if location.get(f"{PREFIX}location_exact") == "false" else "",
        }
        if service.get("status", "active") not in ("active", ""):
            report.note(line, f"Angebot „{name[:60]}“ ist nicht aktiv und wird nicht geladen.")
            continue
        checker.check(line, {k: v for k, v in values.items() if v is not None})
    return ImportResult(
        providers_frame(checker.providers), tuple(report.problems), tuple(checker.rows)
    )


def _foreign_types(
    service: dict[str, str],
    attributes: list[dict[str, str]],
    terms: dict[str, dict[str, str]],
    mapping: ColumnMapping,
) -> str:
    """Our type codes for a service of another directory (``;``-separated, may be "")."""
    labels = [
        terms.get(row.get("taxonomy_term_id", ""), {}).get("name")
        or terms.get(row.get("taxonomy_term_id", ""), {}).get("term")
        or row.get("value", "")
        for row in attributes
    ]
    codes = _codes(labels, mapping)
    if not codes:
        codes = _codes([service.get("name", ""), service.get("description", "")], mapping)[:1]
    if not codes and mapping.service_type:
        codes.append(mapping.service_type)
    return ";".join(codes)


def _codes(texts: list[str], mapping: ColumnMapping) -> list[str]:
    found = (mapping.type_values.get(t.strip()) or resolve_service_type(t) for t in texts if t)
    return list(dict.fromkeys(code for code in found if code))


def _german(flag: str) -> str:
    return {"true": "ja", "false": "nein"}.get(flag.strip().lower(), flag)

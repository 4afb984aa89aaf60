"""Read an HSDS 3 package (a zip or a folder) through the importer's row checks.

A zip is read in memory and checked first: entries with absolute or ``..`` paths, too
many files, or more unpacked than :data:`intake.LIMITS` allows for HSDS packages (a zip
bomb) reject the whole package with a message; nothing of it is used.

Familienkarte's own packages come back whole (entries with their own ids, types, life
stages, flags and source, and their Termine); a package of another directory gives
its services with the fields Familienkarte knows, their UUIDs as ids.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePosixPath

from events.model import Event, zone_of
from intake.fields import clean_text
from intake.guard import FileRefused, check_archive
from intake.limits import LIMITS
from intake.problems import ProblemLog
from providers.hsds.spec import PREFIX
from providers.hsds.tables import SCHEDULES_EXTENSION, SERVICES_EXTENSION, hsds_rule
from providers.hsds.vocabulary import ACCESS, APPLICATION, COST, STAGES, TYPES, flag_of
from providers.mapping import ColumnMapping
from providers.model import LIFE_STAGES, providers_frame
from providers.result import ImportResult
from providers.rows import RowChecker
from providers.taxonomy import resolve_service_type

Rows = list[dict[str, str]]


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


def _table(files: dict[str, str], *names: str) -> Rows:
    """A table by its HSDS 3 file name, or an older spelling of it."""
    text = next((files[name] for name in names if files.get(name)), "")
    return list(csv.DictReader(io.StringIO(text))) if text else []


def _by(rows: Iterable[dict[str, str]], key: str) -> dict[str, Rows]:
    grouped: dict[str, Rows] = defaultdict(list)
    for row in rows:
        grouped[row.get(key) or ""].append(row)
    return grouped


def _first(rows: dict[str, Rows], key: str) -> dict[str, str]:
    return (rows.get(key) or [{}])[0]


class _Package:
    """The tables of a package, indexed for reading one service at a time."""

    def __init__(self, files: dict[str, str]) -> None:
        self.services = _table(files, "services.csv", "service.csv")
        self.organizations = {r.get("id", ""): r for r in _table(files, "organizations.csv")}
        self.locations = {r.get("id", ""): r for r in _table(files, "locations.csv")}
        self.addresses = _by(
            _table(files, "addresses.csv", "physical_addresses.csv"), "location_id"
        )
        self.at_location = _by(
            _table(files, "service_at_location.csv", "service_at_locations.csv"), "service_id"
        )
        self.phones = _by(_table(files, "phones.csv"), "service_id")
        self.languages = _by(_table(files, "languages.csv"), "service_id")
        self.access = _by(_table(files, "accessibility.csv"), "location_id")
        self.costs = _by(_table(files, "cost_options.csv"), "service_id")
        self.own = {r.get("service_id", ""): r for r in _table(files, SERVICES_EXTENSION)}
        termine = {r.get("schedule_id", ""): r for r in _table(files, SCHEDULES_EXTENSION)}
        schedules = _table(files, "schedules.csv")
        self.termine = [(r, termine[r["id"]]) for r in schedules if r.get("id") in termine]
        # a Termin's schedule is no opening hours (older packages marked it in a column)
        self.hours = _by(
            (r for r in schedules if r.get("id") not in termine and not r.get(f"{PREFIX}event_id")),
            "service_id",
        )
        self.terms = {r.get("id", ""): r for r in _table(files, "taxonomy_terms.csv")}
        taxonomies = {r.get("id", ""): r for r in _table(files, "taxonomies.csv")}
        for term in self.terms.values():  # a term names its taxonomy by key or by id
            linked = taxonomies.get(term.get("taxonomy_id", ""), {})
            term.setdefault("taxonomy", "")
            term["taxonomy"] = term["taxonomy"] or linked.get("name", "")
        self.attributes = _by(_table(files, "service_attributes.csv"), "service_id")
        for row in _table(files, "attributes.csv"):
            if (row.get("link_entity") or "service") == "service":
                self.attributes[row.get("link_id", "")].append(row)

    def codes(self, service: str, taxonomy: str) -> list[str]:
        """Familienkarte's codes of a service's terms in one of its taxonomies."""
        found = []
        for row in self.attributes.get(service, []):
            term = self.terms.get(row.get("taxonomy_term_id", ""), {})
            if term.get("taxonomy") == taxonomy and term.get("code"):
                found.append(term["code"])
        return found

    def values(self, service: dict[str, str], mapping: ColumnMapping) -> dict[str, str]:
        """A service as the importer's row (text fields, as a CSV row would give them)."""
        key = service.get("id", "")
        links = self.at_location.get(key, [])
        location = self.locations.get(links[0].get("location_id", ""), {}) if links else {}
        address = _first(self.addresses, location.get("id", ""))
        organization = self.organizations.get(service.get("organization_id", ""), {})
        own = self.own.get(key, {})
        name = service.get("name", "")
        types = self.codes(key, TYPES.key) or _older(service, "service_types")
        stages = self.codes(key, STAGES.key) or _older(service, "life_stages")
        free = _cost(self.costs.get(key, []))
        barrier_free = flag_of(
            ACCESS, _first(self.access, location.get("id", "")).get("description")
        )
        return {
            "id": own.get("familienkarte_id") or key,
            "name": name,
            "organization": ""
            if organization.get("name") == name
            else organization.get("name", ""),
            "service_types": ";".join(types)
            or _foreign_types(service, self.attributes.get(key, []), self.terms, mapping),
            "street": address.get("address_1", ""),
            "postcode": address.get("postal_code") or own.get("postal_code", ""),
            "city": address.get("city") or own.get("city", ""),
            "lat": location.get("latitude", ""),
            "lon": location.get("longitude", ""),
            "phone": _first(self.phones, key).get("number", ""),
            "email": service.get("email", ""),
            "website": service.get("url", ""),
            "languages": ";".join(row.get("code", "") for row in self.languages.get(key, [])),
            "description": service.get("description", ""),
            "source": own.get("source") or service.get(f"{PREFIX}source", ""),
            "last_verified": service.get("assured_date", ""),
            "verified_by": own.get("verified_by", ""),
            "life_stages": ";".join(LIFE_STAGES.get(code, code) for code in stages),
            "free_of_charge": _german(free) or _german_text(service, "free_of_charge"),
            "no_application": _german(flag_of(APPLICATION, service.get("application_process")))
            or _german_text(service, "no_application"),
            "barrier_free": _german(barrier_free) or _german_text(location, "barrier_free"),
            "opening_hours": _first(self.hours, key).get("description", ""),
            "location_exact": "nein"
            if "false" in (own.get("location_exact"), location.get(f"{PREFIX}location_exact"))
            else "",
        }


def _older(row: dict[str, str], name: str) -> list[str]:
    """Codes in an extension column of packages written before HSDS 3.0.0 exactly."""
    return [code for code in row.get(f"{PREFIX}{name}", "").split(";") if code]


def _german_text(row: dict[str, str], name: str) -> str:
    return _german({"true": True, "false": False}.get(row.get(f"{PREFIX}{name}", "")))


def _german(flag: bool | None) -> str:
    return "" if flag is None else ("ja" if flag else "nein")


def _cost(options: Rows) -> bool | None:
    """Free of charge by the service's cost options: an amount of 0 or "kostenlos"."""
    if not options:
        return None
    for option in options:
        known = flag_of(COST, option.get("option"))
        if known is not None:
            return known
        try:
            if float(option.get("amount") or "nan") == 0:
                return True
        except ValueError:
            continue
    return False


def read_hsds(source: Path | bytes, mapping: ColumnMapping | None = None) -> ImportResult:
    """Read an HSDS 3 package (zip or folder) through the importer's row checks.

    A package of another directory has no Familienkarte types: a service's type
    comes from its taxonomy terms (``attributes`` → ``taxonomy_terms``), else its
    name and description, each read through the taxonomy and the mapping's value
    table (:attr:`ColumnMapping.type_values`, as for a CSV type column); what stays
    unmapped gets the mapping's one type for all rows (``--typ``).

    Returns an :class:`~providers.result.ImportResult` with the Termine of the
    services read; rows are numbered by the service's line in ``services.csv``.

    Raises
    ------
    PackageError
        For a package rejected as a whole (unsafe zip, no ``services.csv``).
    """
    package = _Package(_package_files(source))
    if not package.services:
        raise PackageError("Im Paket fehlt „services.csv“ (oder sie ist leer).")
    mapping = mapping or ColumnMapping()
    report = ProblemLog()
    own = bool(package.own) or any(f"{PREFIX}source" in row for row in package.services[:1])
    checker = RowChecker("HSDS-Paket", report, keep_file_source=own)
    ids: dict[str, str] = {}
    for line, service in enumerate(package.services, start=2):
        name = service.get("name", "")
        if service.get("status", "active") not in ("active", ""):
            report.note(line, f"Angebot „{name[:60]}“ ist nicht aktiv und wird nicht geladen.")
            continue
        values = package.values(service, mapping)
        checker.check(line, values)
        if checker.providers and checker.rows[-1] == line:
            ids[service.get("id", "")] = checker.providers[-1].id
    events = _events(package, ids, report)
    return ImportResult(
        providers_frame(checker.providers),
        tuple(report.problems),
        tuple(checker.rows),
        tuple(events),
    )


def _events(package: _Package, providers: dict[str, str], report: ProblemLog) -> list[Event]:
    """The Termine of the services read (schedules with Familienkarte's extension row)."""
    events = []
    for number, (schedule, extra) in enumerate(package.termine, start=1):
        provider = providers.get(schedule.get("service_id", ""))
        if provider is None:
            continue  # its service was not loaded; the service's line says why
        try:
            events.append(_event(schedule, extra, provider))
        except (ValueError, TypeError) as error:
            title = clean_text(schedule.get("description")).text[:60]
            report.error(0, f"Termin {number} „{title}“ nicht gelesen: {error}")
    return events


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _flag(text: str | None) -> bool | None:
    return {"true": True, "false": False}.get((text or "").strip().lower())


def _text(row: dict[str, str], name: str) -> str:
    return clean_text(row.get(name)).text


def _event(schedule: dict[str, str], extra: dict[str, str], provider: str) -> Event:
    zone = zone_of(extra.get("timezone_name") or "Europe/Berlin")
    first = _day(schedule.get("dtstart") or schedule.get("valid_from"))
    if first is None:
        raise ValueError("ohne Datum (dtstart)")
    all_day = _flag(extra.get("all_day")) is True
    opens = time.fromisoformat(schedule["opens_at"]) if schedule.get("opens_at") else time(0)
    start = datetime.combine(first, opens.replace(tzinfo=None), tzinfo=zone)
    end = None
    if extra.get("ends"):
        end = datetime.fromisoformat(extra["ends"]).astimezone(zone)
    elif schedule.get("closes_at"):
        closes = time.fromisoformat(schedule["closes_at"]).replace(tzinfo=None)
        end = datetime.combine(first, closes, tzinfo=zone)
    elif all_day:
        end = start + timedelta(days=1)
    until = _day(schedule.get("until"))
    parts = {
        "FREQ": schedule.get("freq", ""),
        "INTERVAL": schedule.get("interval", ""),
        "BYDAY": schedule.get("byday", ""),
        "BYMONTHDAY": schedule.get("bymonthday", ""),
        "UNTIL": until.strftime("%Y%m%d") if until else "",
        "COUNT": schedule.get("count", ""),
    }
    rule = extra.get("rrule") or (hsds_rule(parts) if parts["FREQ"] else "")
    title = _text(schedule, "description")
    if not title:
        raise ValueError("ohne Titel")
    return Event(
        id=_text(extra, "event_id") or schedule.get("id", ""),
        title=title,
        start=start,
        end=end,
        all_day=all_day,
        timezone=str(zone.key),
        rrule=clean_text(rule).text,
        cancelled_dates=tuple(
            date.fromisoformat(d) for d in (extra.get("cancelled_dates") or "").split(";") if d
        ),
        cancelled=_flag(extra.get("cancelled")) is True,
        provider_id=provider,
        place=_text(extra, "place"),
        kind=_text(extra, "kind"),
        audience=_text(extra, "audience") or "familien",
        life_stages=tuple(c for c in _text(extra, "life_stages").split(";") if c),
        languages=tuple(c for c in _text(extra, "languages").split(";") if c),
        cost=_text(extra, "cost"),
        registration=_flag(extra.get("registration")),
        registration_how=_text(extra, "registration_how"),
        registration_until=_day(extra.get("registration_until")),
        barrier_free=_flag(extra.get("barrier_free")),
        description=_text(schedule, "notes"),
        phone=_text(extra, "phone"),
        email=_text(extra, "email"),
        website=_text(extra, "website"),
        source=_text(extra, "source"),
        last_verified=_day(extra.get("last_verified")),
    )


def _foreign_types(
    service: dict[str, str],
    attributes: Rows,
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

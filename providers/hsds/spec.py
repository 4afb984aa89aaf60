"""The official HSDS 3.0.0 descriptor (shipped in ``providers/data/hsds``) and the
documented extension tables Familienkarte adds beside it.

A package holds only the official resources it fills, each with its official fields in
their official order; what HSDS has no term for travels in tables whose names start with
:data:`PREFIX`, so a reader that does not know them passes them by and the official
tables validate against the specification unchanged.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

SPEC_DIR = Path(__file__).resolve().parent.parent / "data" / "hsds"
#: The HSDS version written and read.
HSDS_VERSION = "3.0.0"
PREFIX = "x_familienkarte_"


@cache
def official_descriptor() -> dict:
    """The specification's ``datapackage.json`` (read once; callers get copies)."""
    return json.loads((SPEC_DIR / "datapackage.json").read_text(encoding="utf-8"))


@cache
def official_fields(path: str) -> tuple[str, ...]:
    """The columns of an official table (``services.csv``) in the official order."""
    resource = next(r for r in official_descriptor()["resources"] if r["path"] == path)
    return tuple(field["name"] for field in resource["schema"]["fields"])


def _field(name: str, description: str, kind: str = "string", **extra) -> dict:
    return {"name": name, "type": kind, "description": description} | extra


_UUID = {"format": "uuid"}
#: Extension tables: HSDS 3 has no term for these properties.
EXTENSIONS: dict[str, tuple[dict, ...]] = {
    f"{PREFIX}services.csv": (
        _field("service_id", "the service (id in services)", constraints={"required": True})
        | _UUID,
        _field("familienkarte_id", "the entry's own id in Familienkarte (kept on import)"),
        _field("source", "where the record comes from (origin, licence, Stand)"),
        _field(
            "location_exact",
            "false: the point is only the postcode's centre",
            "boolean",
        ),
        _field(
            "verified_by",
            "who checked it on assured_date: anbieter (the provider, through its private "
            "link; then assurer_email is its address) or koordination (an editor)",
        ),
        _field("postal_code", "postcode of an entry without a street (no HSDS address)"),
        _field("city", "town of an entry without a street (no HSDS address)"),
    ),
    f"{PREFIX}schedules.csv": (
        _field("schedule_id", "the Termin's schedule (id in schedules)") | _UUID,
        _field("event_id", "the Termin's own id (an iCalendar UID)"),
        _field("kind", "kind of the Termin (elterncafe, krabbelgruppe, …)"),
        _field("audience", "familien or fachkraefte"),
        _field("timezone_name", "IANA time zone the series repeats in"),
        _field("all_day", "true: a day, not a time", "boolean"),
        _field("ends", "end of the first date (ISO) where closes_at cannot say it"),
        _field("rrule", "the whole RFC 5545 rule, where freq/byday cannot hold it"),
        _field("cancelled", "true: the whole Termin is cancelled", "boolean"),
        _field("cancelled_dates", "dates of the series that fall out (ISO, ';')"),
        _field("place", "where at the provider (e.g. Raum 2)"),
        _field("life_stages", "life stages served (codes, ';')"),
        _field("languages", "languages spoken (ISO 639-1, ';')"),
        _field("cost", "kostenlos, or an amount as written"),
        _field("registration", "true: needed, false: not needed", "boolean"),
        _field("registration_how", "how to register"),
        _field("registration_until", "register until (ISO date)"),
        _field("barrier_free", "true/false, empty: not stated", "boolean"),
        _field("phone", "phone for the Termin"),
        _field("email", "e-mail for the Termin"),
        _field("website", "web page of the Termin"),
        _field("source", "where the Termin comes from"),
        _field("last_verified", "last checked (ISO date)", "date"),
    ),
    # The Netzwerke Frühe Hilfen and who is in them: HSDS 3 has no place for networks.
    f"{PREFIX}networks.csv": (
        _field("id", "the network's own id"),
        _field("name", "name of the network"),
        _field("kreis_ags", "the Kreis (5-digit AGS) the network belongs to"),
        _field("gemeinden", "the Gemeinden (8-digit AGS, ';') it serves; empty: the whole Kreis"),
        _field("way_in_label", "how families reach the network first, e.g. Familientelefon"),
        _field("way_in_phone", "phone of the way in"),
        _field("way_in_hours", "when the way in answers, as written"),
        _field("way_in_email", "e-mail of the way in"),
        _field("coordination_phone", "phone of the network's coordination"),
        _field("coordination_email", "e-mail of the network's coordination"),
        _field("source", "where the record comes from"),
        _field("last_verified", "last checked (ISO date)", "date"),
    ),
    f"{PREFIX}network_members.csv": (
        _field("network_id", "id in x_familienkarte_networks"),
        _field("service_id", "the member (id in services)") | _UUID,
        _field("role", "mitglied, koordination or familientelefon (runs the Familientelefon)"),
        _field("since", "first day of the membership (ISO), empty: not stated", "date"),
        _field("until", "last day of the membership (ISO), empty: open", "date"),
    ),
}


def extension_fields(path: str) -> tuple[str, ...]:
    return tuple(field["name"] for field in EXTENSIONS[path])


def columns(path: str) -> tuple[str, ...]:
    """The columns of a table of the package, official or extension."""
    return extension_fields(path) if path in EXTENSIONS else official_fields(path)


def descriptor(paths: list[str]) -> dict:
    """A ``datapackage.json`` for the tables ``paths``: the official resources
    unchanged, their foreign keys kept where the referenced table is present (as the
    specification's own ``make_datapackages.py`` does), then the extension tables."""
    official = copy.deepcopy(official_descriptor())
    resources = [r for r in official["resources"] if r["path"] in paths]
    present = {r["name"] for r in resources}
    for resource in resources:
        keys = [
            key
            for key in resource["schema"].get("foreignKeys", [])
            if key["reference"]["resource"] in present
        ]
        resource["schema"].pop("foreignKeys", None)
        if keys:
            resource["schema"]["foreignKeys"] = keys
    extensions = [
        {
            "name": path.removesuffix(".csv"),
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "description": "Familienkarte extension (not part of HSDS 3)",
            "schema": {"fields": list(EXTENSIONS[path])},
        }
        for path in EXTENSIONS
        if path in paths
    ]
    return {
        "name": "familienkarte",
        "title": "Familienkarte – Angebote für Familien (Open Referral HSDS 3.0.0)",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "homepage": official["homepage"],
        "resources": resources + extensions,
    }

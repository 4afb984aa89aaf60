"""The records of the read-only HSDS 3.0 API (Open Referral's ``schema/openapi.json``):
services, organizations, taxonomies and taxonomy terms, paged, searched and filtered
as the API specification defines, built from the same tables as the data package.

Pure: the web route (``dashboard/web/hsds_api.py``) only turns these answers into
HTTP. An :class:`HsdsCatalogue` is built once per data version and then answers any
page from memory.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from providers.hsds.spec import HSDS_VERSION, SPEC_DIR
from providers.hsds.tables import SERVICES_EXTENSION, Row, Tables

#: Services per page unless asked, and the most a page gives.
PER_PAGE = 50
MAX_PER_PAGE = 200
#: The longest search text read (longer is cut, as the app's URL parameters are).
MAX_SEARCH = 100
#: The service fields of a list entry (``service_list.json``: one-to-one fields).
_LIST_FIELDS = (
    "id",
    "organization_id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "application_process",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "alert",
)


class HsdsRequestError(ValueError):
    """A request the API cannot answer as asked (HTTP 400); the message says why."""


@dataclass(frozen=True)
class Answer:
    """A JSON-ready answer, or ``None`` for an unknown id (HTTP 404)."""

    body: dict | None


def _json(row: Row) -> dict:
    """A table row as JSON: empty fields left out, dates and times as ISO text."""
    out = {}
    for key, value in row.items():
        if value is None or value == "":
            continue
        out[key] = value.isoformat() if isinstance(value, date | datetime) else value
    return out


def _flag(params: Mapping[str, str], name: str) -> bool:
    value = params.get(name, "").strip().lower()
    if value in ("", "false", "0", "no"):
        return False
    if value in ("true", "1", "yes"):
        return True
    raise HsdsRequestError(f"{name} must be true or false")


def _number(params: Mapping[str, str], name: str, default: int, high: int) -> int:
    text = params.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= high:
        raise HsdsRequestError(f"{name} must be a whole number from 1 to {high}")
    return int(text)


def _page(items: list, params: Mapping[str, str]) -> tuple[list, dict]:
    size = _number(params, "per_page", PER_PAGE, MAX_PER_PAGE)
    pages = max(1, math.ceil(len(items) / size))
    number = _number(params, "page", 1, 10**9)
    chosen = items[(number - 1) * size : number * size]
    return chosen, {
        "total_items": len(items),
        "total_pages": pages,
        "page_number": number,
        "size": len(chosen),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not items,
    }


def _search_text(params: Mapping[str, str]) -> str:
    return params.get("search", "").strip()[:MAX_SEARCH].casefold()


class HsdsCatalogue:
    """The HSDS records of one data version, indexed for the API's questions.

    Parameters
    ----------
    tables
        The package's tables (:func:`providers.hsds.hsds_tables`).
    openapi_url, profile_url
        Where the API's description and its HSDS profile are (for ``/``).
    sources
        Attribution lines of the open data among the services (for ``/``).
    """

    def __init__(
        self,
        tables: Tables,
        openapi_url: str = "",
        profile_url: str = "",
        sources: Sequence[str] = (),
    ) -> None:
        rows = tables.rows
        self.about = {
            "version": HSDS_VERSION,
            "profile": profile_url or "https://docs.openreferral.org/en/latest/hsds/",
        } | ({"openapi_url": openapi_url} if openapi_url else {})
        if sources:  # the open data among the services, with licence and Stand
            self.about["x_familienkarte_sources"] = list(sources)
        self.services = [_json(r) for r in rows.get("services.csv", [])]
        self._service_by_id = {s["id"]: s for s in self.services}
        self.organizations = [_json(r) for r in rows.get("organizations.csv", [])]
        self._organization_by_id = {o["id"]: o for o in self.organizations}
        self.taxonomies = [_json(r) for r in rows.get("taxonomies.csv", [])]
        self._taxonomy_by_id = {t["id"]: t for t in self.taxonomies}
        self.terms = [_json(r) for r in rows.get("taxonomy_terms.csv", [])]
        self._term_by_id = {t["id"]: t for t in self.terms}

        def by(path: str, key: str) -> dict[str, list[dict]]:
            grouped: dict[str, list[dict]] = defaultdict(list)
            for row in rows.get(path, []):
                grouped[str(row.get(key))].append(_json(row))
            return grouped

        self._phones = by("phones.csv", "service_id")
        self._schedules = by("schedules.csv", "service_id")
        self._languages = by("languages.csv", "service_id")
        self._costs = by("cost_options.csv", "service_id")
        self._attributes = by("attributes.csv", "link_id")
        self._at_location = by("service_at_location.csv", "service_id")
        self._addresses = by("addresses.csv", "location_id")
        self._access = by("accessibility.csv", "location_id")
        self._locations = {str(r["id"]): _json(r) for r in rows.get("locations.csv", [])}
        self._sources = {
            str(r["service_id"]): str(r["source"])
            for r in rows.get(SERVICES_EXTENSION, [])
            if r.get("source")
        }
        self._terms_of: dict[str, set[str]] = {
            service: {a["taxonomy_term_id"] for a in attributes}
            for service, attributes in self._attributes.items()
        }
        self._words = {s["id"]: self._text_of(s) for s in self.services}

    def _text_of(self, service: dict) -> str:
        """What a full-text search looks in: name, description, Träger, place."""
        organization = self._organization_by_id.get(service.get("organization_id", ""), {})
        words = [service.get("name", ""), service.get("description", "")]
        words.append(organization.get("name", ""))
        for link in self._at_location.get(service["id"], []):
            for address in self._addresses.get(link["location_id"], []):
                words += [address.get("city", ""), address.get("postal_code", "")]
        return " ".join(words).casefold()

    # services -------------------------------------------------------------------

    def _list_entry(self, service: dict) -> dict:
        entry = {key: service[key] for key in _LIST_FIELDS if key in service}
        organization = self._organization_by_id.get(service.get("organization_id", ""))
        if organization:
            entry["organization"] = organization
        return entry

    def _full(self, service: dict) -> dict:
        key = service["id"]
        full = dict(service)
        organization = self._organization_by_id.get(service.get("organization_id", ""))
        if organization:
            full["organization"] = organization
        full["phones"] = self._phones.get(key, [])
        full["schedules"] = self._schedules.get(key, [])
        full["languages"] = self._languages.get(key, [])
        full["cost_options"] = self._costs.get(key, [])
        full["attributes"] = [
            attribute | {"taxonomy_term": self._term_with_taxonomy(attribute["taxonomy_term_id"])}
            for attribute in self._attributes.get(key, [])
        ]
        full["service_at_locations"] = [
            link | {"location": self._location(link["location_id"])}
            for link in self._at_location.get(key, [])
        ]
        if key in self._sources:  # attribution of open data (licence and Stand)
            full["x_familienkarte_source"] = self._sources[key]
        return full

    def _location(self, key: str) -> dict:
        return self._locations.get(key, {"id": key, "location_type": "physical"}) | {
            "addresses": self._addresses.get(key, []),
            "accessibility": self._access.get(key, []),
        }

    def _term_with_taxonomy(self, key: str) -> dict:
        term = self._term_by_id.get(key, {"id": key})
        taxonomy = self._taxonomy_by_id.get(term.get("taxonomy_id", ""))
        return term | ({"taxonomy_detail": taxonomy} if taxonomy else {})

    def services_page(self, params: Mapping[str, str]) -> dict:
        """``GET /services``: a page of services (``full=true``: nested like
        ``/services/{id}``; ``minimal=true``: id, name, status)."""
        chosen = self.services
        if words := _search_text(params):
            chosen = [s for s in chosen if all(w in self._words[s["id"]] for w in words.split())]
        if term := params.get("taxonomy_term_id", "").strip():
            chosen = [s for s in chosen if term in self._terms_of.get(s["id"], ())]
        if taxonomy := params.get("taxonomy_id", "").strip():
            terms = {t["id"] for t in self.terms if t.get("taxonomy_id") == taxonomy}
            chosen = [s for s in chosen if terms & self._terms_of.get(s["id"], set())]
        if organization := params.get("organization_id", "").strip():
            chosen = [s for s in chosen if s.get("organization_id") == organization]
        if after := params.get("modified_after", "").strip():
            chosen = [s for s in chosen if s.get("assured_date", "") >= _day(after)]
        if params.get("format", "json") != "json":
            raise HsdsRequestError("format: only json is offered")
        full, minimal = _flag(params, "full"), _flag(params, "minimal")
        page, meta = _page(chosen, params)
        if minimal:
            contents = [{k: s[k] for k in ("id", "name", "status")} for s in page]
        else:
            contents = [self._full(s) if full else self._list_entry(s) for s in page]
        return meta | {"contents": contents}

    def service(self, key: str) -> Answer:
        """``GET /services/{id}``: one service, fully nested."""
        found = self._service_by_id.get(key)
        return Answer(self._full(found) if found else None)

    # organizations ----------------------------------------------------------------

    def _services_of(self) -> dict[str, list[dict]]:
        grouped: dict[str, list[dict]] = defaultdict(list)
        for service in self.services:
            grouped[service.get("organization_id", "")].append(service)
        return grouped

    def organizations_page(self, params: Mapping[str, str]) -> dict:
        """``GET /organizations``: a page of organizations (``full_service``/``full``:
        with their services)."""
        chosen = self.organizations
        if words := _search_text(params):
            chosen = [
                o
                for o in chosen
                if all(w in f"{o['name']} {o['description']}".casefold() for w in words.split())
            ]
        page, meta = _page(chosen, params)
        if _flag(params, "full_service") or _flag(params, "full"):
            grouped = self._services_of()
            page = [o | {"services": [self._full(s) for s in grouped[o["id"]]]} for o in page]
        return meta | {"contents": page}

    def organization(self, key: str, params: Mapping[str, str]) -> Answer:
        """``GET /organizations/{id}`` with its services (``full_service``: nested)."""
        found = self._organization_by_id.get(key)
        if found is None:
            return Answer(None)
        services = [s for s in self.services if s.get("organization_id") == key]
        full = _flag(params, "full_service")
        return Answer(
            found | {"services": [self._full(s) if full else self._list_entry(s) for s in services]}
        )

    # taxonomies ---------------------------------------------------------------------

    def taxonomies_page(self, params: Mapping[str, str]) -> dict:
        page, meta = _page(_searched(self.taxonomies, params), params)
        return meta | {"contents": page}

    def taxonomy(self, key: str) -> Answer:
        return Answer(self._taxonomy_by_id.get(key))

    def terms_page(self, params: Mapping[str, str]) -> dict:
        """``GET /taxonomy_terms`` (``taxonomy_id``, ``parent_id``, ``top_only``)."""
        chosen = _searched(self.terms, params)
        if taxonomy := params.get("taxonomy_id", "").strip():
            chosen = [t for t in chosen if t.get("taxonomy_id") == taxonomy]
        if parent := params.get("parent_id", "").strip():
            chosen = [t for t in chosen if t.get("parent_id") == parent]
        if _flag(params, "top_only"):
            chosen = [t for t in chosen if not t.get("parent_id")]
        page, meta = _page(chosen, params)
        return meta | {"contents": page}

    def term(self, key: str) -> Answer:
        found = self._term_by_id.get(key)
        return Answer(self._term_with_taxonomy(key) if found else None)


def _searched(items: list[dict], params: Mapping[str, str]) -> list[dict]:
    words = _search_text(params)
    if not words:
        return items
    return [
        i
        for i in items
        if all(
            w in f"{i.get('name', '')} {i.get('description', '')}".casefold() for w in words.split()
        )
    ]


def _day(text: str) -> str:
    """The day of a ``modified_after`` value (ISO date or date-time)."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise HsdsRequestError("modified_after must be an ISO 8601 date or date-time") from None


def openapi_description(server: str) -> dict:
    """The official HSDS 3.0 OpenAPI description with this API's title, server and
    licence (the paths it does not offer left out)."""
    description = json.loads((SPEC_DIR / "openapi.json").read_text(encoding="utf-8"))
    description["info"] = {
        "title": "Familienkarte – HSDS-API (nur lesen)",
        "version": HSDS_VERSION,
        "summary": "Angebote für Familien in Deutschland als Open Referral HSDS 3.0",
        "description": "Nur öffentliche Daten: aktive Angebote, wie Familien sie sehen. "
        f"Erfundene Beispieleinträge tragen einen Hinweis (alert). Seiten zu höchstens "
        f"{MAX_PER_PAGE} Einträgen. modified_after vergleicht mit assured_date. Die Quelle "
        "jedes Eintrags (Herkunft, Lizenz, Stand) steht in x_familienkarte_source.",
        "license": {
            "name": "HSDS: CC BY-SA 4.0 (Open Referral); Daten: je Eintrag",
            "url": "https://creativecommons.org/licenses/by-sa/4.0/",
        },
    }
    description["servers"] = [{"url": server}]
    # every service is at one location: service_at_locations are not offered
    description["paths"] = {
        path: spec for path, spec in description["paths"].items() if "service_at_" not in path
    }
    return description

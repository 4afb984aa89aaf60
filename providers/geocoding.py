"""Addresses to points through a geocoder the operator chose (Nominatim or Photon).

Lists of partners usually carry Straße, PLZ and Ort, no coordinates. Without a
geocoder such a row sits at its postcode's centre ("ungefähre Lage"); with one,
it gets the point of its address. Nothing is asked of any host unless the
operator configured one (``FAMILIENKARTE_GEOCODER``): a Kreis points it at its
own Nominatim or Photon, or at the public Nominatim within its usage policy — at
most one request per second (``FAMILIENKARTE_GEOCODER_RATE``), a real user agent
(``FAMILIENKARTE_GEOCODER_AGENT``) and every answer cached, so that an address
is never asked twice, across imports and processes (the cache lives in the store).

A hit is checked before it is used: it must lie in the Land of the row's
postcode and near it; otherwise the row keeps its postcode centre with a note.
Each point says how precise it is (house number, street, postcode, place).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol
from urllib.parse import urlsplit

import shapely
from geopy.exc import GeocoderRateLimited, GeocoderServiceError, GeocoderTimedOut
from geopy.geocoders import Nominatim, Photon

from geodata.coordinates import distance_km
from intake.problems import ProblemLog
from places.postcodes import normalize_postcode, postcode_location
from providers.model import Provider

GEOCODER_ENV = "FAMILIENKARTE_GEOCODER"
#: The most a hit may lie from its postcode's centre (a German PLZ area is smaller).
MAX_KM_FROM_POSTCODE = 30.0
#: Precision of a point, best first; the postcode centre is the fallback.
PRECISIONS = ("hausnummer", "strasse", "plz", "ort")
_DEFAULT_AGENT = "Familienkarte (Geokodierung einer Angebotsliste; Betreiber siehe Website)"


class GeocoderUnavailable(RuntimeError):
    """The geocoder does not answer (time-out, refused, too many requests)."""


@dataclass(frozen=True)
class GeocoderSettings:
    """Where and how to ask.

    Attributes
    ----------
    url
        Base URL, e.g. ``https://nominatim.example/`` or ``http://127.0.0.1:2322/``.
    kind
        ``"nominatim"`` or ``"photon"``.
    user_agent
        Sent with every request (Nominatim's policy asks for a real one).
    per_second
        Most requests per second; 0: no limit (an own server).
    timeout
        Seconds to wait for one answer.
    """

    url: str
    kind: str = "nominatim"
    user_agent: str = _DEFAULT_AGENT
    per_second: float = 1.0
    timeout: float = 10.0

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] = os.environ) -> GeocoderSettings | None:
        """The configured geocoder, or ``None`` (the offline default)."""
        url = environ.get(GEOCODER_ENV, "").strip()
        if not url:
            return None
        kind = environ.get("FAMILIENKARTE_GEOCODER_ART", "").strip().lower()
        if kind not in ("nominatim", "photon"):
            kind = "photon" if "photon" in url.lower() else "nominatim"
        rate = environ.get("FAMILIENKARTE_GEOCODER_RATE", "1").strip().replace(",", ".")
        return cls(
            url=url,
            kind=kind,
            user_agent=environ.get("FAMILIENKARTE_GEOCODER_AGENT", "").strip() or _DEFAULT_AGENT,
            per_second=max(0.0, float(rate)) if _is_number(rate) else 1.0,
        )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Hit:
    """Where an address is, as the geocoder said.

    Attributes
    ----------
    lat, lon
        The point (``None`` for "not found", which is cached too).
    precision
        One of :data:`PRECISIONS`.
    """

    lat: float | None
    lon: float | None
    precision: str = "ort"

    @property
    def found(self) -> bool:
        return self.lat is not None and self.lon is not None


class GeocodeCache(Protocol):
    """Where answers are kept (the store; a dict in tests)."""

    def cached_geocode(self, query: str) -> Hit | None: ...

    def remember_geocode(self, query: str, hit: Hit) -> bool:
        """Keep an answer; ``False`` when there was no room (a full disk): the answer
        is used all the same, only asked again next time."""
        ...


class MemoryCache:
    """A :class:`GeocodeCache` in memory (one import without a store)."""

    def __init__(self) -> None:
        self.hits: dict[str, Hit] = {}

    def cached_geocode(self, query: str) -> Hit | None:
        return self.hits.get(query)

    def remember_geocode(self, query: str, hit: Hit) -> bool:
        self.hits[query] = hit
        return True


class Forgetful:
    """A :class:`GeocodeCache` that keeps nothing: a family's own address is asked for
    one search and not stored anywhere."""

    def cached_geocode(self, query: str) -> Hit | None:
        return None

    def remember_geocode(self, query: str, hit: Hit) -> bool:
        return True


def address_query(street: str, postcode: str, city: str) -> str:
    """The cache key and Photon query of an address: ``"Musterweg 5, 53721 Siegburg"``."""
    place = " ".join(part for part in (postcode.strip(), city.strip()) if part)
    return ", ".join(part for part in (street.strip(), place) if part)


class Geocoder:
    """Asks the configured service, politely and once per address."""

    def __init__(self, settings: GeocoderSettings, cache: GeocodeCache | None = None) -> None:
        self.settings = settings
        self.cache = cache if cache is not None else MemoryCache()
        self.asked = 0
        self.from_cache = 0
        #: Answers the cache had no room for (a full disk).
        self.not_kept = 0
        self._last = 0.0
        parts = urlsplit(settings.url)
        domain = parts.netloc + parts.path.rstrip("/")
        common = {"domain": domain, "scheme": parts.scheme or "https", "timeout": settings.timeout}
        if settings.kind == "photon":
            self._service = Photon(user_agent=settings.user_agent, **common)
        else:
            self._service = Nominatim(user_agent=settings.user_agent, **common)

    def locate(self, street: str, postcode: str, city: str) -> Hit:
        """The point of an address (from the cache if it was asked before).

        Raises
        ------
        GeocoderUnavailable
            When the service does not answer; nothing is cached then.
        """
        query = address_query(street, postcode, city)
        cached = self.cache.cached_geocode(query)
        if cached is not None:
            self.from_cache += 1
            return cached
        hit = self._ask(street, postcode, city, query)
        if not self.cache.remember_geocode(query, hit):
            self.not_kept += 1
        return hit

    def _ask(self, street: str, postcode: str, city: str, query: str) -> Hit:
        self._wait()
        self.asked += 1
        try:
            if self.settings.kind == "photon":
                location = self._service.geocode(query, exactly_one=True, language="de")
            else:
                structured = {"street": street, "postalcode": postcode, "city": city}
                location = self._service.geocode(
                    {k: v for k, v in structured.items() if v} | {"country": "de"},
                    exactly_one=True,
                    addressdetails=True,
                )
        except GeocoderRateLimited:
            raise GeocoderUnavailable("zu viele Anfragen, HTTP 429") from None
        except GeocoderTimedOut:
            raise GeocoderUnavailable(f"keine Antwort in {self.settings.timeout:g} s") from None
        except GeocoderServiceError as error:
            timed_out = "timed out" in str(error).lower()
            why = (
                f"keine Antwort in {self.settings.timeout:g} s" if timed_out else "nicht erreichbar"
            )
            raise GeocoderUnavailable(why) from None
        if location is None:
            return Hit(None, None)
        return Hit(location.latitude, location.longitude, _precision(location.raw))

    def _wait(self) -> None:
        if self.settings.per_second <= 0:
            return
        pause = 1.0 / self.settings.per_second - (time.monotonic() - self._last)
        if pause > 0:
            time.sleep(pause)
        self._last = time.monotonic()


def locate_near(
    geocoder: Geocoder, street: str, postcode: str, city: str, near: tuple[float, float]
) -> Hit | None:
    """The point of a typed address when the service finds it near the place searched
    (within :data:`MAX_KM_FROM_POSTCODE`); ``None`` when not, or when the service
    does not answer (the search then stays at the postcode or place)."""
    try:
        hit = geocoder.locate(street, postcode, city)
    except GeocoderUnavailable:
        return None
    if not hit.found or hit.precision not in ("hausnummer", "strasse"):
        return None
    if distance_km((hit.lat, hit.lon), near) > MAX_KM_FROM_POSTCODE:
        return None
    return hit


def _precision(raw: dict) -> str:
    """How precise a Nominatim or Photon answer is."""
    properties = raw.get("properties", {}) if "properties" in raw else {}
    address = raw.get("address", {})
    if address.get("house_number") or properties.get("housenumber"):
        return "hausnummer"
    kind = str(raw.get("addresstype") or properties.get("type") or raw.get("type") or "")
    if kind in ("street", "road", "residential") or raw.get("class") == "highway":
        return "strasse"
    if kind == "postcode":
        return "plz"
    return "ort"


@lru_cache(maxsize=1)
def _laender() -> tuple[tuple[str, ...], object]:
    from geodata import load_boundaries

    frame = load_boundaries("land")
    return tuple(frame["ags"]), shapely.STRtree(frame.geometry.to_numpy())


def land_at(lat: float, lon: float) -> str | None:
    """The Land a point lies in (``None``: outside Germany)."""
    keys, tree = _laender()
    found = tree.query(shapely.Point(lon, lat), predicate="within")  # type: ignore[attr-defined]
    return keys[found[0]] if len(found) else None


@dataclass(frozen=True)
class GeocodeRun:
    """What geocoding a set of providers did."""

    providers: list[Provider]
    located: int = 0
    approximate: int = 0
    rejected: int = 0
    stopped: bool = False


def geocode_providers(
    records: list[Provider],
    rows: list[int],
    geocoder: Geocoder,
    report: ProblemLog,
    progress: Callable[[int, int], bool] | None = None,
) -> GeocodeRun:
    """Give every provider at a postcode centre the point of its address.

    Parameters
    ----------
    records, rows
        Providers and the file row of each (for the report).
    geocoder
        The configured service with its cache.
    report
        Row notes: hits rejected, addresses not found.
    progress
        Called with ``(done, total)`` after each address; returning ``False``
        stops (the providers done so far keep their points).

    Returns
    -------
    GeocodeRun
        All providers (the ones not geocoded unchanged) and the counts.
    """
    todo = [i for i, record in enumerate(records) if not record.location_exact and record.street]
    out = list(records)
    located = rejected = 0
    for done, index in enumerate(todo, start=1):
        record = out[index]
        try:
            hit = geocoder.locate(record.street, record.postcode, record.city)
        except KeyboardInterrupt:
            return GeocodeRun(out, located, len(todo) - located, rejected, stopped=True)
        except GeocoderUnavailable as error:
            report.note(
                rows[index],
                f"Geokodierung nicht möglich ({error}); der Eintrag bleibt am Mittelpunkt der PLZ.",
            )
            return GeocodeRun(out, located, len(todo) - located, rejected, stopped=True)
        problem = _checked(hit, record)
        if problem:
            rejected += 1
            report.note(rows[index], problem)
        else:
            out[index] = replace(
                record, lat=hit.lat, lon=hit.lon, location_exact=hit.precision in PRECISIONS[:2]
            )
            located += 1
            if hit.precision not in PRECISIONS[:2]:
                report.note(
                    rows[index],
                    f"Adresse nur auf {_PRECISION_TEXT[hit.precision]} genau gefunden "
                    "(ungefähre Lage).",
                )
        if progress is not None and progress(done, len(todo)) is False:
            return GeocodeRun(out, located, len(todo) - located, rejected, stopped=True)
    return GeocodeRun(out, located, len(todo) - located, rejected)


_PRECISION_TEXT = {"plz": "die Postleitzahl", "ort": "den Ort"}


def _checked(hit: Hit, record: Provider) -> str | None:
    """Why a hit cannot be used for the record (``None``: it can)."""
    address = address_query(record.street, record.postcode, record.city)
    if not hit.found:
        return (
            f"Adresse „{address[:80]}“ nicht gefunden; der Eintrag bleibt am Mittelpunkt der PLZ."
        )
    centre = postcode_location(record.postcode) if normalize_postcode(record.postcode) else None
    if centre is None:
        return None
    own, found = land_at(*centre), land_at(hit.lat, hit.lon)  # type: ignore[arg-type]
    if found != own:
        return (
            f"Treffer für „{address[:80]}“ liegt in einem anderen Land als die PLZ "
            f"{record.postcode}; verworfen, der Eintrag bleibt am Mittelpunkt der PLZ."
        )
    km = distance_km(centre, (hit.lat, hit.lon))  # type: ignore[arg-type]
    if km > MAX_KM_FROM_POSTCODE:
        return (
            f"Treffer für „{address[:80]}“ liegt {km:.0f} km von der PLZ {record.postcode} "
            "entfernt; verworfen, der Eintrag bleibt am Mittelpunkt der PLZ."
        )
    return None

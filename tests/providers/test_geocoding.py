"""Geocoding through a configured Nominatim or Photon – here a server on loopback."""

from __future__ import annotations

import dataclasses

import pytest

from geodata.coordinates import distance_km
from intake import ProblemLog
from places.postcodes import postcode_location
from providers import Geocoder, GeocoderSettings, Provider, geocode_providers
from providers.geocoding import Hit, MemoryCache
from tests.harness.geocoder import PLACES, geocoder_server


def _at_postcode(street: str, postcode: str = "53721", city: str = "Siegburg") -> Provider:
    lat, lon = postcode_location(postcode)
    return Provider(
        id=street,
        name=f"Kita {street}",
        service_types=["kita"],
        lat=lat,
        lon=lon,
        street=street,
        postcode=postcode,
        city=city,
        location_exact=False,
    )


@pytest.fixture
def server():
    with geocoder_server() as running:
        yield running


@pytest.mark.parametrize("kind", ["nominatim", "photon"])
def test_an_address_is_found_checked_and_asked_only_once(server, kind):
    url, requests = server
    geocoder = Geocoder(GeocoderSettings(url, kind, per_second=0))
    records = [_at_postcode("Wilhelmstraße 55"), _at_postcode("Marktplatz")]
    report = ProblemLog()
    run = geocode_providers(records, [2, 3], geocoder, report)
    house, street = run.providers
    assert distance_km((house.lat, house.lon), PLACES["Wilhelmstraße 55"][:2]) < 0.001
    assert house.location_exact and street.location_exact  # house number and street
    assert run.located == 2 and report.problems == []
    asked = len(requests)
    again = geocode_providers(records, [2, 3], geocoder, ProblemLog())
    assert len(requests) == asked and geocoder.from_cache == 2  # the second time: the cache
    assert again.providers == run.providers


@pytest.mark.slow
def test_not_found_another_land_429_and_time_out_keep_the_postcode_centre(server):
    url, _ = server
    geocoder = Geocoder(GeocoderSettings(url, per_second=0))
    records = [_at_postcode("Unbekanntweg 1"), _at_postcode("Kaiserstraße 1")]
    report = ProblemLog()
    run = geocode_providers(records, [2, 3], geocoder, report)
    assert run.providers == records and run.located == 0 and run.rejected == 2
    notes = [p.message for p in report.problems]
    assert "nicht gefunden" in notes[0]
    assert "in einem anderen Land als die PLZ 53721" in notes[1]
    for street, cause in (("Weg 429", "HTTP 429"), ("langsamweg 2", "keine Antwort in 1 s")):
        settings = GeocoderSettings(url, per_second=0, timeout=1)
        report = ProblemLog()
        run = geocode_providers([_at_postcode(street)], [5], Geocoder(settings), report)
        assert run.stopped and run.providers[0].location_exact is False
        assert cause in report.problems[0].message and report.problems[0].row == 5


def test_the_rate_limit_spaces_the_requests(server):
    import time

    url, _ = server
    geocoder = Geocoder(GeocoderSettings(url, per_second=5))
    started = time.monotonic()
    geocode_providers(
        [_at_postcode(f"Marktplatz {i}") for i in range(4)], [1, 2, 3, 4], geocoder, ProblemLog()
    )
    assert time.monotonic() - started >= 0.6  # four requests at most five per second


def test_stopping_keeps_what_was_done(server):
    url, _ = server
    geocoder = Geocoder(GeocoderSettings(url, per_second=0))
    records = [_at_postcode("Wilhelmstraße 55"), _at_postcode("Marktplatz")]
    run = geocode_providers(records, [2, 3], geocoder, ProblemLog(), lambda done, total: False)
    assert run.stopped and run.located == 1
    assert run.providers[0].location_exact and run.providers[1] == records[1]


def test_settings_come_from_the_environment_and_nothing_is_asked_without():
    assert GeocoderSettings.from_environ({}) is None
    settings = GeocoderSettings.from_environ(
        {
            "FAMILIENKARTE_GEOCODER": "https://photon.kreis.example/",
            "FAMILIENKARTE_GEOCODER_RATE": "0",
            "FAMILIENKARTE_GEOCODER_AGENT": "Kreis X Familienkarte (it@kreis.example)",
        }
    )
    assert settings.kind == "photon" and settings.per_second == 0
    assert settings.user_agent.startswith("Kreis X")


def test_the_store_caches_answers_across_processes(tmp_path, server):
    from store import Store, sqlite_url

    url, requests = server
    database = sqlite_url(tmp_path / "geo.sqlite")
    first = Store(database)
    first.migrate()
    records = [_at_postcode("Wilhelmstraße 55"), _at_postcode("Unbekanntweg 9")]
    geocode_providers(
        records, [1, 2], Geocoder(GeocoderSettings(url, per_second=0), first), ProblemLog()
    )
    asked = len(requests)
    second = Geocoder(GeocoderSettings(url, per_second=0), Store(database))
    run = geocode_providers(records, [1, 2], second, ProblemLog())
    assert len(requests) == asked and second.from_cache == 2  # "not found" is remembered too
    assert run.located == 1


def test_memory_cache_is_the_default():
    geocoder = Geocoder(GeocoderSettings("http://127.0.0.1:9/"))
    assert isinstance(geocoder.cache, MemoryCache)
    assert dataclasses.is_dataclass(geocoder.settings)


def test_a_full_disk_does_not_stop_geocoding(tmp_path, server):
    """The cache lives in the store; when its disk is full the answers are used all the
    same (the providers get their points), counted as not kept, and asked again later."""
    from store import Store, sqlite_url
    from tests.harness.stores import no_room_left

    url, requests = server
    store = Store(sqlite_url(tmp_path / "voll.sqlite"))
    store.migrate()
    no_room_left(store)
    filled = 0
    while store.remember_geocode(str(filled), Hit(None, None)):
        filled += 1  # the cache itself fills the room that is left
        assert filled < 10_000
    geocoder = Geocoder(GeocoderSettings(url, per_second=0), store)
    records = [_at_postcode("Wilhelmstraße 55"), _at_postcode("Marktplatz")]
    run = geocode_providers(records, [1, 2], geocoder, ProblemLog())
    assert run.located == 2 and all(p.location_exact for p in run.providers)
    assert geocoder.not_kept == 2 and store.cached_geocode("Marktplatz, 53721 Siegburg") is None
    store.engine.dispose()

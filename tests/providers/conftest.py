"""Fixtures of the provider library's tests: a real PostgreSQL for the store, and the
place search over the embedded data."""

import pytest

import geodata
from places import Gazetteer
from tests.harness.postgres import postgres  # noqa: F401 (a fixture)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """Every postcode, Gemeinde and Ortsteil of the embedded data."""
    boundaries = geodata.BoundarySet()
    kreise = boundaries.frame("kreis")
    names = dict(zip(kreise["ags"], kreise["name"], strict=True))
    inhabitants = geodata.load_population().inhabitants
    return Gazetteer(boundaries.frame("gemeinde"), names, inhabitants=inhabitants)

"""Fixtures for every test: each run has its own store. The packages' own
``conftest.py`` hold the rest (browser and app servers in ``tests/dashboard``, the
PostgreSQL server in ``tests/postgres.py``, boundary fixtures in ``tests/geodata``)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def _own_store(tmp_path_factory) -> Iterator[None]:
    """Every test run has its own SQLite store: nothing of a user's data is touched,
    nothing of a test stays behind."""
    previous = os.environ.get("FAMILIENKARTE_STORE")
    os.environ["FAMILIENKARTE_STORE"] = str(
        tmp_path_factory.mktemp("store") / "familienkarte.sqlite"
    )
    os.environ.pop("FAMILIENKARTE_DATABASE_URL", None)
    yield
    if previous is None:
        os.environ.pop("FAMILIENKARTE_STORE", None)
    else:
        os.environ["FAMILIENKARTE_STORE"] = previous

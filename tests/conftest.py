"""Fixtures for every test: each run has its own store; and the tiers. The packages'
own ``conftest.py`` hold the rest (browser and app servers in ``tests/dashboard``,
boundary fixtures in ``tests/geodata``); what tests and benchmarks share to start real
parts (app servers, Chromium, PostgreSQL, nginx) is ``tests/harness``.

Tiers: a test that uses a real browser, starts app servers or a PostgreSQL server is
marked ``browser``, ``server`` or ``postgres`` here, by the fixtures it uses, so that
``uv run pytest -m "not browser and not server and not postgres"`` is the fast tier.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

#: Fixtures that give a test a real browser, app server processes or PostgreSQL.
_TIERS = {
    "browser": {"browser"},
    "server": {"app_url", "crowded_app_url", "editor_app", "shared_apps", "watched_app"},
    "postgres": {"postgres", "shared_database", "shared_apps"},
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        spec = getattr(item, "callspec", None)
        params = {str(value) for value in spec.params.values()} if spec else set()
        for tier, fixtures in _TIERS.items():
            if used & fixtures and not item.get_closest_marker(tier):
                item.add_marker(tier)
        # A store fixture parametrised over the back ends takes PostgreSQL lazily.
        if "postgresql" in params and not item.get_closest_marker("postgres"):
            item.add_marker("postgres")


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

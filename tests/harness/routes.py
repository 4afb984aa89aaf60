"""The app's own routes in-process (Starlette's TestClient) on a fresh SQLite store of
the default install (sample and real open data): for the route tests, without a
server process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.harness.caches import clear_caches

#: Settings that would point the routes elsewhere than the fresh store.
_OTHER_SETTINGS = (
    "FAMILIENKARTE_DATABASE_URL",
    "FAMILIENKARTE_PROVIDERS",
    "FAMILIENKARTE_INDEXIEREN",
    "FAMILIENKARTE_ADRESSE",
)


@contextmanager
def route_client(folder: Path, base_url: str = "http://testserver") -> Iterator[TestClient]:
    """A client of :func:`dashboard.web.server.file_routes` on a store in ``folder``."""
    from dashboard.web.server import file_routes

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FAMILIENKARTE_STORE", str(folder / "routes.sqlite"))
        for name in _OTHER_SETTINGS:
            patch.delenv(name, raising=False)
        clear_caches()
        with TestClient(Starlette(routes=file_routes()), base_url=base_url) as client:
            yield client
        clear_caches()

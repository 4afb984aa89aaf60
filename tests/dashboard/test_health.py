"""The readiness check an orchestrator asks: ready only with the store reachable and
the data loaded; the reason otherwise, without the database's password."""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.harness.caches import clear_caches


@pytest.fixture
def _fresh():

    clear_caches()
    yield
    clear_caches()


def test_a_process_with_its_store_and_data_is_ready(_fresh, tmp_path, monkeypatch):
    from dashboard.web.health import readiness

    monkeypatch.setenv("FAMILIENKARTE_STORE", str(tmp_path / "bereit.sqlite"))
    monkeypatch.delenv("FAMILIENKARTE_DATABASE_URL", raising=False)
    answer = readiness()
    assert answer["bereit"] is True
    assert answer["anbieter"] > 1000 and answer["gemeinden"] > 10_000
    assert answer["beispieldaten"] is True and answer["datenstand"] != "0"


def test_a_process_without_its_database_is_not_ready_and_names_no_password(_fresh, monkeypatch):
    from dashboard.web.health import readiness

    monkeypatch.setenv(
        "FAMILIENKARTE_DATABASE_URL", "postgresql+psycopg://karte:geheim@127.0.0.1:1/familien"
    )
    answer = readiness()
    assert answer["bereit"] is False
    assert "nicht erreichbar" in answer["grund"] and "geheim" not in answer["grund"]


def _route(monkeypatch, **env: str):
    """The route ``/bereit`` as the server calls it: status, headers and body."""
    import anyio
    from starlette.requests import Request

    from dashboard.web.server import file_routes

    ready = next(route.endpoint for route in file_routes() if route.path == "/bereit")

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    request = Request({"type": "http", "method": "GET", "path": "/bereit", "headers": []})
    # A thread of its own: the browser tests' driver may keep a loop in this one.
    with ThreadPoolExecutor(1) as pool:
        response = pool.submit(anyio.run, ready, request).result()
    return response.status_code, response.headers, json.loads(response.body)


def test_the_route_answers_503_while_the_database_is_down(_fresh, monkeypatch):
    """A balancer takes the process out of rotation on 503; 200 would send visitors."""
    status, headers, body = _route(
        monkeypatch,
        FAMILIENKARTE_DATABASE_URL="postgresql+psycopg://karte:geheim@127.0.0.1:1/familien",
    )
    assert status == 503
    assert headers["Cache-Control"] == "no-store"
    assert body["bereit"] is False


def test_the_route_answers_200_when_ready(_fresh, tmp_path, monkeypatch):
    monkeypatch.delenv("FAMILIENKARTE_DATABASE_URL", raising=False)
    status, headers, body = _route(monkeypatch, FAMILIENKARTE_STORE=str(tmp_path / "bereit.sqlite"))
    assert status == 200 and body["bereit"] is True
    # The app's own answers carry the safe headers even without nginx in front.
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]


@pytest.mark.browser
def test_the_running_app_answers_its_readiness_check(app_url):
    with urllib.request.urlopen(f"{app_url}/bereit", timeout=30) as response:
        assert response.status == 200
        assert response.headers["Cache-Control"] == "no-store"
        assert json.load(response)["bereit"] is True


@pytest.mark.postgres
def test_a_locked_database_is_reported_slow_while_the_process_keeps_serving(
    _fresh, postgres, monkeypatch
):
    import threading
    import time

    import sqlalchemy as sa

    from dashboard.web.health import readiness
    from store import Store

    url = postgres.database()
    Store(url).migrate()
    monkeypatch.setenv("FAMILIENKARTE_DATABASE_URL", url)
    assert readiness()["langsam"] is False
    holder = sa.create_engine(url)
    locked = threading.Event()

    def hold() -> None:
        with holder.connect() as connection, connection.begin():
            connection.execute(sa.text("LOCK TABLE audit IN ACCESS EXCLUSIVE MODE"))
            locked.set()
            time.sleep(1.5)

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait(10)
    answer = readiness()
    thread.join()
    holder.dispose()
    assert answer["bereit"] is True and answer["langsam"] is True
    assert answer["antwort_ms"] >= 1000


@pytest.mark.postgres
def test_a_write_lock_on_the_providers_is_reported_slow_while_an_editor_waits(
    _fresh, postgres, monkeypatch
):
    """A long import (or an operator) holds the providers table: reads go on at once,
    the editor's save waits for the lock – readiness says "langsam" and how many wait."""
    import threading

    import sqlalchemy as sa

    from dashboard.web.health import readiness
    from store import Store, StoreBusy
    from tests.harness.stores import own_provider

    monkeypatch.setenv("FAMILIENKARTE_SPERRE_S", "5")
    url = postgres.database()
    store = Store(url)
    store.migrate()
    store.merge([own_provider()], "anna")
    monkeypatch.setenv("FAMILIENKARTE_DATABASE_URL", url)
    assert readiness()["wartende_schreibzugriffe"] == 0
    holder = sa.create_engine(url)
    outcome: list[str] = []

    def edit() -> None:
        try:
            Store(url).save(own_provider(name="Neuer Name"), "anna")
            outcome.append("gespeichert")
        except StoreBusy:
            outcome.append("beschäftigt")

    with holder.connect() as connection, connection.begin():
        connection.execute(sa.text("LOCK TABLE providers IN EXCLUSIVE MODE"))
        editor = threading.Thread(target=edit)
        editor.start()
        answer = readiness()
        for _ in range(30):
            if answer["wartende_schreibzugriffe"]:
                break
            threading.Event().wait(0.2)
            answer = readiness()
        editor.join()
    holder.dispose()
    assert answer["bereit"] is True and answer["langsam"] is True
    assert answer["antwort_ms"] < 1000  # the visitors' question is answered at once
    assert answer["wartende_schreibzugriffe"] == 1
    assert outcome == ["beschäftigt"]  # after the lock time-out, not a hang
    assert store.records()[0].name == own_provider().name
    store.engine.dispose()

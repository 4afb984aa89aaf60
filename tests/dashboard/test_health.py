"""The readiness check an orchestrator asks: ready only with the store reachable and
the data loaded; the reason otherwise, without the database's password."""

from __future__ import annotations

import json
import urllib.request

import pytest


@pytest.fixture
def _fresh():
    import streamlit as st

    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


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


@pytest.mark.browser
def test_the_running_app_answers_its_readiness_check(app_url):
    with urllib.request.urlopen(f"{app_url}/bereit", timeout=30) as response:
        assert response.status == 200
        assert response.headers["Cache-Control"] == "no-store"
        assert json.load(response)["bereit"] is True

"""Visitors' sessions in the running app, over Streamlit's own protocol (no browser
needed): several at once are served, and a visitor who leaves takes her session with
her (what it held is measured by ``benchmarks/visitor_load.py --idle``)."""

from __future__ import annotations

import time

import pytest

from tests.harness.browser import start_app, stop_app
from tests.harness.streamlit_protocol import (
    NotLoopback,
    StreamlitSession,
    loopback_address,
    session_figures,
)


@pytest.mark.server
def test_visitors_sessions_are_served_and_go_when_they_leave(tmp_path_factory):
    url, process = start_app(
        tmp_path_factory, env={"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "1"}
    )
    try:
        before = session_figures(url)
        visitors = [StreamlitSession(url) for _ in range(4)]
        for visitor, kreis in zip(visitors, ("05382", "05315", "09162", "01058"), strict=True):
            run = visitor.open("", f"kreis={kreis}")
            assert run.errors == [] and run.elements > 20
        visitors[0].choose("f_types_fruehe_hilfen")
        visitors[1].open("naehe", "q=53721")
        assert session_figures(url).active == before.active + 4

        for visitor in visitors:
            visitor.close()
        deadline = time.monotonic() + 30
        while session_figures(url).active > before.active:
            assert time.monotonic() < deadline, "closed sessions stay open"
            time.sleep(0.5)
    finally:
        stop_app(process)


def test_the_load_generator_goes_to_this_machine_only():
    assert loopback_address("http://127.0.0.1:8501") == ("127.0.0.1", 8501)
    assert loopback_address("http://localhost:8501")[0].startswith("127.")
    for elsewhere in ("http://192.0.2.10:8501", "http://10.0.0.1"):
        with pytest.raises(NotLoopback):
            loopback_address(elsewhere)

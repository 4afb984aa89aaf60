"""Visitors' sessions in the running app, over Streamlit's own protocol (no browser
needed): what a session keeps is small, and a visitor who leaves takes it with her."""

from __future__ import annotations

import time

import pytest

from benchmarks.streamlit_protocol import (
    NotLoopback,
    StreamlitSession,
    loopback_address,
    session_figures,
)
from tests.dashboard.browser import start_app, stop_app

#: What one visitor's session may hold (Streamlit's count of its session state): widget
#: values and a few small flags; boundaries and providers are shared by all visitors.
SESSION_STATE_LIMIT = 20_000


def test_a_visitor_s_session_is_small_and_goes_when_she_leaves(tmp_path_factory):
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
        during = session_figures(url)
        assert during.active == before.active + 4
        per_session = (during.state_bytes - before.state_bytes) / 4
        assert 0 < per_session < SESSION_STATE_LIMIT

        for visitor in visitors:
            visitor.close()
        deadline = time.monotonic() + 30
        while (after := session_figures(url)).active > before.active:
            assert time.monotonic() < deadline, "closed sessions stay open"
            time.sleep(0.5)
        assert after.state_bytes <= before.state_bytes
    finally:
        stop_app(process)


def test_the_load_generator_goes_to_this_machine_only():
    assert loopback_address("http://127.0.0.1:8501") == ("127.0.0.1", 8501)
    assert loopback_address("http://localhost:8501")[0].startswith("127.")
    for elsewhere in ("http://192.0.2.10:8501", "http://10.0.0.1"):
        with pytest.raises(NotLoopback):
            loopback_address(elsewhere)

"""Running one page headless (AppTest), shared by the page tests."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest


def run_page(page: Callable[[], None], **query: str | list[str]) -> AppTest:
    """Run ``page`` (a function AppTest can copy) with ``query`` in the URL; no exception."""
    at = AppTest.from_function(page, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at

"""Running one page headless (AppTest), shared by the page tests."""

from __future__ import annotations

import json
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


def map_args(at: AppTest, key: str) -> dict:
    """The arguments the page gave its map component of widget key ``key``."""
    from dashboard.map.widget import COMPONENT_NAME

    (component,) = [
        c
        for c in at.get("component_instance")
        if c.proto.component_name == COMPONENT_NAME and c.proto.id.endswith(f"-{key}")
    ]
    return json.loads(component.proto.json_args)

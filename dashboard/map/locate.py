"""The button "Meinen Standort verwenden": the browser's position, only when pressed.

A small Streamlit component (``dashboard/map/frontend/standort/index.html``). The browser asks
the user for permission; the position goes to this app only, is used for one
search and is stored nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from dashboard.i18n.texts import is_rtl, language, t

#: Streamlit names a component after the module that declares it.
COMPONENT_NAME = f"{__name__}.standort"


@dataclass(frozen=True)
class Position:
    """An answer of the browser: a position, or why there is none."""

    at: int
    lat: float | None = None
    lon: float | None = None
    error: str | None = None


@st.cache_resource(show_spinner=False)
def _component():
    return components.declare_component(
        "standort", path=str(Path(__file__).parent / "frontend" / "standort")
    )


def read_position(value: object) -> Position | None:
    """The browser's answer as a :class:`Position` (``None`` for anything malformed)."""
    if not isinstance(value, dict) or not isinstance(value.get("at"), int | float):
        return None
    try:
        if "error" in value:
            return Position(int(value["at"]), error=str(value["error"])[:20])
        return Position(int(value["at"]), float(value["lat"]), float(value["lon"]))
    except (KeyError, TypeError, ValueError):
        return None


def location_button(key: str, on_change: Callable[[], None]) -> None:
    """Draw the button; ``on_change`` runs on each answer, found with
    ``read_position(st.session_state[key])``."""
    _component()(
        label=t("nearby_locate"),
        busy=t("nearby_locating"),
        privacy=t("nearby_locate_privacy"),
        lang=language(),
        dir="rtl" if is_rtl(language()) else "ltr",
        key=key,
        default=None,
        height=50,
        on_change=on_change,
    )

"""What the Planung page computes once per run (:class:`PlanningView`), its layout
constants and session keys: the modules of the page read it, none of them computes
it again."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.i18n.texts import type_label
from dashboard.map.choropleth import (
    Denominator,
)
from dashboard.url_state.planning import (
    PlanningState,
)
from geodata import Level, is_within
from planning import (
    GemeindeCoverage,
)
from reports import StoryView

SITE_COLOR = "#c1272d"


MAP_HEIGHT = 560


WORST_ROWS = 15


#: At most this many Gemeinden for a site search (an exact MCLP).
MAX_CANDIDATES = 600


KEY = "p_{name}"


@dataclass(frozen=True)
class PlanningView:
    """What every part of the page draws from, computed once per run: the page's
    choices (``state``, the URL's), the coverage of every Gemeinde in Germany by the
    chosen types with its 2SFCA score per Gemeinde (``access``, in the order of
    ``coverage.table``), those providers in all Germany, the level of the map's areas
    (Kreise, or the Gemeinden of a Kreis) with its ``measures``, and the planner's
    own ``denominator`` that counts per head in place of inhabitants, if any."""

    state: PlanningState
    coverage: GemeindeCoverage
    access: np.ndarray
    providers: pd.DataFrame
    level: Level
    measures: pd.DataFrame
    denominator: Denominator | None = None

    @property
    def region(self) -> str | None:
        return self.state.region

    @property
    def types(self) -> tuple[str, ...]:
        return self.state.types

    @property
    def n_km(self) -> int:
        return self.state.n_km

    def slide(self) -> StoryView:
        """The view as a slide, for the presentation and the exports."""
        return StoryView(
            region=self.region,
            types=self.types,
            programmes=self.state.programmes,
            measure=self.state.measure,
            n_km=self.n_km,
            chart="kreis",
        )


def types_label(service: tuple[str, ...]) -> str:
    return ", ".join(type_label(code) for code in service)


def focus_of(region: str | None) -> str | None:
    """The Gemeinde chosen in the table, if it lies in the region."""
    chosen = st.session_state.get(KEY.format(name="worst"))
    rows = chosen.selection.rows if chosen is not None else []
    shown = st.session_state.get(KEY.format(name="worst_ags")) or []
    if rows and rows[0] < len(shown) and is_within(shown[rows[0]], region):
        return shown[rows[0]]
    return None

"""The row-level report of an import as a table: line, severity, message – the same
for provider files, programme lists and uploads on the Daten page."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard.i18n.texts import t
from providers import Problem


def problem_table(problems: Sequence[Problem]) -> None:
    """Draw the problems (nothing when there are none)."""
    if not problems:
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("problem_row"): [p.row or None for p in problems],
                t("problem_severity"): [p.severity for p in problems],
                t("problem_message"): [p.message for p in problems],
            }
        ),
        hide_index=True,
        width="stretch",
    )

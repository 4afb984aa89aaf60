"""The row-level report of an import as a table: line, severity, message – the same
for provider files, programme lists and uploads on the Daten page – and the notes of
the loaded provider file for editors (bounded, with a download)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard.i18n.texts import t
from intake import Problem, excel_csv

#: Notes shown on the page; the download has all.
NOTES_SHOWN = 100


def problem_table(problems: Sequence[Problem]) -> None:
    """Draw the problems (nothing when there are none)."""
    if not problems:
        return
    st.dataframe(_frame(problems), hide_index=True, width="stretch")


def notes_report(problems: Sequence[Problem], file_name: str) -> None:
    """The notes of the provider data the map shows, for editors: how many, the first
    :data:`NOTES_SHOWN`, and all as a CSV download. Families never see them."""
    if not problems:
        return
    title = t("import_problem") if len(problems) == 1 else t("import_problems", count=len(problems))
    st.subheader(title, anchor=False)
    problem_table(problems[:NOTES_SHOWN])
    if len(problems) > NOTES_SHOWN:
        st.caption(t("notes_first", shown=NOTES_SHOWN, total=len(problems)))
    st.download_button(
        t("notes_download"),
        data=lambda: frame_csv(_frame(problems)),
        file_name=file_name,
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def frame_csv(frame: pd.DataFrame) -> bytes:
    """A table as CSV for Excel, every cell safe against formula injection."""
    rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False)
    return excel_csv([str(c) for c in frame.columns], rows).data


def _frame(problems: Sequence[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("problem_row"): [p.row or None for p in problems],
            t("problem_severity"): [p.severity for p in problems],
            t("problem_message"): [p.message for p in problems],
        }
    )

"""The mapping table of an upload: each column of the file with an example value and
the field it holds, the field chosen in a list — the same for provider files and
tables of Termine on the Daten page."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from dashboard.i18n.texts import t


def edit_mapping(
    header: list[str],
    rows: list[dict[str, str]],
    fields: list[str],
    options: Sequence[str],
    label: Callable[[str], str],
    key: str,
    help_text: str = "",
    more: dict[str, tuple[list, dict]] | None = None,
) -> pd.DataFrame:
    """Draw the table; return it as edited.

    ``fields`` is the field proposed for each column, ``options`` the fields to
    choose from (``label`` names them, ``help_text`` explains them). ``more`` adds
    columns: title → (values, the column's ``st.column_config``)."""
    table = pd.DataFrame(
        {
            t("data_column"): header,
            t("data_example"): [next((r.get(h) for r in rows if r.get(h)), "") for h in header],
            t("data_field"): fields,
            **{title: values for title, (values, _) in (more or {}).items()},
        }
    )
    return st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        disabled=[t("data_column"), t("data_example")],
        column_config={
            t("data_field"): st.column_config.SelectboxColumn(
                t("data_field"),
                options=list(options),
                help=help_text or None,
                format_func=label,
            ),
            **{title: config for title, (_, config) in (more or {}).items()},
        },
        key=key,
    )

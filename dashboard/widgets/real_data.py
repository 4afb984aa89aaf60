"""What is real and what is invented, said on every page: the notice naming the real
sources, the switch "nur echte Daten" (``?echt=1``, the same on the map, In meiner Nähe
and Planung) and the table "Datenlage" per Land and type."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import clock
from dashboard import cache
from dashboard.i18n.texts import md_literal, number, t, type_label
from providers import GBA, REAL_SOURCES, RealSource, data_situation, freshness_by_kreis

#: The words for each real source, in the UI language.
_LABELS: dict[str, str] = {
    "geburtskliniken.csv": "real_gba",
    "gesundheitsaemter.csv": "real_rki",
    "bochum_kitas.csv": "real_bochum",
}
assert set(_LABELS) == {real.file for real in REAL_SOURCES}
#: Session key of each page's switch.
KEY_REAL = "{page}_real_only"


def _label(real: RealSource) -> str:
    return t(_LABELS[real.file])


def sample_text(frame: pd.DataFrame) -> str | None:
    """The notice that invented providers are shown, naming the real ones and where
    (Markdown); ``None`` when every provider is real."""
    if not len(frame) or not frame["is_sample"].any():
        return None
    present = set(frame["source"])
    real = [_label(source) for source in REAL_SOURCES if source.source in present]
    return t("sample_notice_mixed", real="; ".join(real)) if real else t("sample_notice")


def sample_notice(frame: pd.DataFrame, compact: bool = False, cards: bool = False) -> None:
    """Say that invented providers are shown – and which providers are real, where
    (``cards``: in one line, where every card says it of itself)."""
    text = sample_text(frame)
    if text is None:
        return
    if cards:
        st.caption(f":material/science: {t('sample_notice_cards')}")
    elif compact:
        st.caption(f":material/science: {text}")
    else:
        st.info(text, icon=":material/science:")


def real_only_switch(container, page: str, explained: bool = True) -> bool:
    """The switch "nur echte Daten" of a page; its value. ``explained=False`` leaves out
    the help icon (on a phone it is a target too small for a thumb)."""
    return bool(
        container.toggle(
            t("real_only"),
            key=KEY_REAL.format(page=page),
            help=t("real_only_help") if explained else None,
        )
    )


def situation_section(region: str | None) -> None:
    """The Datenlage: per Land and type how many providers are real, how many invented,
    from which source and Stand – for whoever judges what the figures are worth."""
    table = data_situation(cache.provider_data().frame, region)
    with st.expander(t("situation_title"), icon=":material/fact_check:"):
        st.caption(t("situation_intro"))
        if table.empty:
            st.info(t("situation_empty"))
            return
        laender = cache.boundaries("land")["name"]
        shown = pd.DataFrame(
            {
                t("land"): table["land_ags"].map(laender).to_numpy(),
                t("situation_type"): table["type"].map(type_label).to_numpy(),
                t("situation_real"): table["real"].to_numpy(),
                t("situation_invented"): table["invented"].to_numpy(),
                t("situation_sources"): table["sources"].to_numpy(),
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch")
        if GBA.source in set(cache.provider_data().frame["source"]):
            st.caption(md_literal(GBA.attribution))


def freshness_section(region: str | None) -> None:
    """Per Kreis of the view: how many entries were checked in the last 12 months (and
    by their providers), lowest share first – where a coordinator should send links."""
    table = freshness_by_kreis(cache.provider_data().frame, region, clock.today())
    with st.expander(t("freshness_title"), icon=":material/update:"):
        st.caption(t("freshness_intro"))
        if table.empty:
            st.info(t("situation_empty"))
            return
        names = cache.boundaries("kreis")["name"]
        shown = pd.DataFrame(
            {
                t("col_kreis"): table["kreis_ags"].map(names).fillna(table["kreis_ags"]).to_numpy(),
                t("freshness_entries"): table["entries"].to_numpy(),
                t("freshness_share"): [f"{number(s * 100)} %" for s in table["share"]],
                t("freshness_by_provider"): table["by_provider"].to_numpy(),
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch")

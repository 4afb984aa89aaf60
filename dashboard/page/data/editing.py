"""Editing, verifying and retiring one provider on the Daten page."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

import clock
from dashboard import cache
from dashboard.i18n.texts import md_literal, t, type_label
from dashboard.page.data.saving import saving
from dashboard.page.data.scope import editable
from intake import ProblemLog
from providers import (
    SERVICE_TYPES,
    RowChecker,
    records_from_frame,
)
from store import Editor, Rights


def edit_tab(user: Editor, rights: Rights) -> None:
    store = cache.store()
    # The providers as the map has them (read once per data version), not every rerun;
    # only those the account may change.
    frame = cache.provider_data().frame.set_index("id", drop=False)
    frame = frame[editable(rights, frame, cache.networks())]
    labels = dict(zip(frame.index, frame["name"] + " – " + frame["city"], strict=True))
    if not labels and not rights.may_import:
        st.info(t("data_edit_none"), icon=":material/info:")
        return
    chosen = st.selectbox(
        t("data_edit_choose"),
        options=[*([""] if rights.may_import else []), *labels],
        format_func=lambda key: labels[key] if key else t("data_edit_new"),
        key="data_edit_choice",
    )
    current = records_from_frame(frame.loc[[chosen]])[0] if chosen else None
    with st.form("edit", clear_on_submit=False):
        values = {
            "id": chosen or "",
            "name": st.text_input(t("col_name"), current.name if current else ""),
            "service_types": ";".join(
                st.multiselect(
                    t("col_types"),
                    options=[s.code for s in SERVICE_TYPES],
                    default=list(current.service_types) if current else [],
                    format_func=type_label,
                )
            ),
            "street": st.text_input(t("col_street"), current.street if current else ""),
            "postcode": st.text_input(t("col_postcode"), current.postcode if current else ""),
            "city": st.text_input(t("col_city"), current.city if current else ""),
            "phone": st.text_input(t("col_phone"), current.phone if current else ""),
            "email": st.text_input(t("popup_email"), current.email if current else ""),
            "website": st.text_input(t("col_website"), current.website if current else ""),
            "opening_hours": st.text_input(
                t("popup_hours"), current.opening_hours if current else ""
            ),
        }
        verified = st.checkbox(t("data_verified"), help=t("data_verified_help"))
        saved = st.form_submit_button(t("data_save"), type="primary", icon=":material/save:")
    if saved:
        _save(values, current, verified, user)
    if current is not None and st.button(t("data_retire"), icon=":material/archive:"):
        with saving():
            store.retire(current.id, user)
        st.success(t("data_retired", name=md_literal(current.name)))


def _save(values: dict[str, str], current, verified: bool, user: Editor) -> None:
    """Check like the importer does, then store one provider."""
    if current is not None:
        values["lat"], values["lon"] = str(current.lat), str(current.lon)
        values["source"] = current.source
    report = ProblemLog()
    checker = RowChecker(t("data_edit_source", user=user), report)
    checker.check(1, {k: v.strip() for k, v in values.items()})
    if not checker.providers:
        for problem in report.problems:
            st.error(problem.message, icon=":material/error:")
        return
    record = checker.providers[0]
    if current is not None:
        record = replace(
            record,
            id=current.id,
            languages=current.languages,
            description=current.description,
            life_stages=current.life_stages,
            last_verified=current.last_verified,
            verified_by=current.verified_by,
        )
    if verified:  # an editor checked it: the network's coordination, for families
        record = replace(record, last_verified=clock.today(), verified_by="koordination")
    for problem in report.problems:
        st.info(problem.message)
    with saving():
        cache.store().save(record, user)
    st.success(t("data_saved", name=md_literal(record.name)), icon=":material/check:")

"""The tab "Rückmeldungen" of the Daten page: private links for the providers of the
account's area (one entry, or all stale ones) as a CSV for a mail merge or as e-mails,
and the providers' proposed changes waiting for review – current and new value side by
side, approve all, some, or reject with a note. The store checks the rights of every
step; this page only offers what it would allow."""

from __future__ import annotations

import os
from datetime import UTC
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st
from babel.dates import format_date

import clock
from dashboard import cache
from dashboard.i18n.texts import language, md_literal, t
from dashboard.page.data.field_texts import FIELD_TEXTS
from dashboard.page.data.scope import editable
from intake import excel_csv
from mail import MailSettings, send_link_mails
from providers import stale_mask
from store import DEFAULT_DAYS, Editor, Link, Rights

#: Proposals drawn at once (the oldest first); the rest wait for the next.
SHOWN = 20
KEY_LINKS = "review_links"
#: The public address of the app, for links (else the address this page was opened at).
PUBLIC_URL_ENV = "FAMILIENKARTE_PUBLIC_URL"
#: Field labels of the review table.
FIELD_LABELS = {
    **FIELD_TEXTS,
    "life_stages": "entry_stages",
    "free_of_charge": "entry_free",
    "barrier_free": "entry_access",
    "description": "entry_description",
}


def base_url() -> str:
    """Where providers reach the app: ``$FAMILIENKARTE_PUBLIC_URL``, else this page's host."""
    configured = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    if configured:
        return configured
    parts = urlsplit(st.context.url or "http://localhost:8501")
    return f"{parts.scheme}://{parts.netloc}"


def link_url(link: Link) -> str:
    return f"{base_url()}/eintrag?schluessel={link.token}"


def links_csv(links: list[Link], url_of) -> bytes:
    """The links for a mail merge, as a CSV for Excel (a name like "=HYPERLINK(…)" stays
    text there)."""
    rows = [[link.name, link.email, url_of(link), link.valid_until.date()] for link in links]
    header = [t("col_name"), t("popup_email"), t("review_link"), t("review_valid_until")]
    return excel_csv(header, rows).data


def review_tab(user: Editor, rights: Rights) -> None:
    _links_section(user, rights)
    st.divider()
    _pending_section(user)


def _links_section(user: Editor, rights: Rights) -> None:
    st.subheader(t("review_links_title"), anchor=False)
    st.caption(t("review_links_help"))
    frame = cache.provider_data().frame
    mine = frame[editable(rights, frame, cache.networks()).to_numpy()]
    stale = mine[stale_mask(mine).to_numpy()] if len(mine) else mine
    which = st.radio(
        t("review_which"),
        ["stale", "one"],
        format_func=lambda key: (
            t("review_for_stale", count=len(stale)) if key == "stale" else t("review_for_one")
        ),
        horizontal=True,
        key="review_which",
    )
    if which == "one":
        labels = dict(zip(mine["id"], mine["name"] + " – " + mine["city"], strict=True))
        chosen = st.selectbox(
            t("review_entry"), list(labels), format_func=labels.get, key="review_entry"
        )
        ids = [chosen] if chosen else []
        if chosen and st.button(t("review_revoke"), icon=":material/link_off:"):
            count = cache.store().links.revoke(chosen, user)
            st.success(t("review_revoked", count=count), icon=":material/link_off:")
    else:
        ids = list(stale["id"])
    days = st.number_input(t("review_days"), 1, 365, DEFAULT_DAYS, key="review_days", width=200)
    if st.button(t("review_create"), icon=":material/link:", disabled=not ids):
        made = cache.store().links.create(ids, user, int(days))
        st.session_state[KEY_LINKS] = made
    made: list[Link] = st.session_state.get(KEY_LINKS) or []
    if not made:
        return
    until = format_date(made[0].valid_until.astimezone(UTC).date(), locale=language())
    st.success(t("review_created", count=len(made), date=until), icon=":material/link:")
    st.download_button(
        t("review_csv"),
        data=links_csv(made, link_url),
        file_name="familienkarte-links.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    settings = MailSettings.from_env(os.environ)
    if settings is None:
        st.caption(t("review_mail_off"))
        return
    with_address = sum(bool(link.email) for link in made)
    if st.button(t("review_mail", count=with_address), icon=":material/mail:"):
        with st.spinner(t("review_sending")):
            report = send_link_mails(made, link_url, settings)
        st.success(
            t(
                "review_mail_done",
                sent=report.sent,
                missing=len(report.without_address),
                failed=len(report.failed),
            ),
            icon=":material/mark_email_read:",
        )


def _pending_section(user: Editor) -> None:
    pending = cache.store().links.pending(user)
    st.subheader(t("review_pending_title", count=len(pending)), anchor=False)
    if not pending:
        st.info(t("review_none"), icon=":material/inbox:")
        return
    if len(pending) > SHOWN:
        st.caption(t("review_more", shown=SHOWN, count=len(pending)))
    for proposal in pending[:SHOWN]:
        with st.container(border=True, key=f"proposal_{proposal.id}"):
            day = format_date(proposal.created_at.date(), format="long", locale=language())
            st.markdown(
                f"**{md_literal(proposal.name)}** · {t('review_from', date=md_literal(day))}"
            )
            if proposal.gone:
                st.warning(t("review_gone"), icon=":material/block:")
            table = pd.DataFrame(
                {
                    t("review_field"): [t(FIELD_LABELS[f]) for f in proposal.changes],
                    t("review_now"): list(proposal.current.values()),
                    t("review_new"): list(proposal.changes.values()),
                }
            )
            st.dataframe(table, hide_index=True, width="stretch")
            fields = [*proposal.changes, *(["gibt_es_nicht_mehr"] if proposal.gone else [])]
            with st.form(f"decide_{proposal.id}"):
                taken = st.multiselect(
                    t("review_take"),
                    fields,
                    default=fields,
                    format_func=lambda f: t(FIELD_LABELS.get(f, "entry_gone")),
                )
                note = st.text_input(t("review_note"), max_chars=500)
                approve, reject = st.columns(2)
                yes = approve.form_submit_button(
                    t("review_approve"), type="primary", icon=":material/check:"
                )
                no = reject.form_submit_button(t("review_reject"), icon=":material/close:")
            if yes or no:
                try:
                    cache.store().links.decide(
                        proposal.id, taken if yes else [], user, clock.today(), note
                    )
                except ValueError as refused:
                    st.error(md_literal(str(refused)), icon=":material/block:")
                    continue
                st.toast(t("review_published" if yes and taken else "review_rejected"))
                st.rerun()

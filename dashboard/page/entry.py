"""The provider's own page (``/eintrag?schluessel=…``), opened from the private link a
coordinator sent: the entry as families see it, "Alles stimmt noch" (checked today,
published at once), or changes to its public fields, which wait for the coordinator's
review. No account; the link alone says which entry. Six languages, one column for a
phone. Every address may try only a few links a minute: a guessed key learns nothing."""

from __future__ import annotations

import streamlit as st
from babel.dates import format_date

import clock
from dashboard import cache
from dashboard.i18n.texts import (
    language,
    language_name,
    md_literal,
    stage_label,
    t,
    type_label,
)
from dashboard.widgets.card_facts import card_facts, card_markdown
from providers import LIFE_STAGES, SERVICE_TYPES, Provider
from store import AttemptLimit, LinkRefused, field_text

#: Links tried per address and minute (a provider opens one; a guesser many).
ATTEMPTS = AttemptLimit(limit=20, window_s=60)
_FLAGS = ("", "ja", "nein")


def visitor_address(direct: str | None, forwarded: str | None) -> str:
    """Who asks, for the attempt limit. Behind nginx on this machine (the connection
    comes from loopback, which Streamlit reports as no address) the visitor is the last
    ``X-Forwarded-For`` entry – the one nginx added; the entries before it are whatever
    the client sent. Without a proxy the header is ignored: anyone can send one."""
    entries = [part.strip() for part in (forwarded or "").split(",") if part.strip()]
    if entries and direct in (None, "", "127.0.0.1", "::1"):
        return entries[-1]
    return direct or "unbekannt"


def _address() -> str:
    return visitor_address(st.context.ip_address, st.context.headers.get("X-Forwarded-For"))


@st.cache_data(show_spinner=False, ttl=300, max_entries=1000)
def _checked(token: str, address: str, minute: int) -> bool:
    """One attempt per token, address and minute counts (reruns of the page do not)."""
    return ATTEMPTS.allow(address)


def render() -> None:
    """Draw the page."""
    st.title(t("entry_title"), anchor=False)
    token = str(st.query_params.get("schluessel", ""))[:100]
    if not token:
        st.info(t("entry_no_key"), icon=":material/key:")
        return
    if not _checked(token, _address(), int(clock.now().timestamp() // 60)):
        st.error(t("entry_slow_down"), icon=":material/hourglass_top:")
        return
    try:
        entry = cache.store().links.entry(token)
    except LinkRefused:
        st.error(t("entry_invalid"), icon=":material/link_off:")
        return
    record = entry.provider
    st.write(t("entry_intro"))
    _card(record)
    until = format_date(entry.valid_until.date(), format="long", locale=language())
    st.caption(t("entry_valid_until", date=until))
    if st.session_state.get("entry_done") == token:
        st.success(t("entry_confirmed"), icon=":material/verified:")
    elif st.session_state.get("entry_sent") == token or entry.waiting:
        st.info(t("entry_waiting"), icon=":material/pending:")
    if st.button(t("entry_all_correct"), type="primary", icon=":material/check_circle:"):
        try:
            cache.store().links.confirm(token, clock.today())
        except LinkRefused:
            st.error(t("entry_invalid"), icon=":material/link_off:")
            return
        st.session_state["entry_done"] = token
        st.rerun()
    st.subheader(t("entry_change_title"), anchor=False)
    st.caption(t("entry_change_help"))
    _form(token, record)


def _card(record: Provider) -> None:
    """The entry as families see it on their cards."""
    facts = card_facts(vars(record))
    with st.container(border=True):
        st.markdown(f"**{md_literal(facts.name)}**")
        st.caption(md_literal(facts.kinds))
        st.markdown("  \n".join(card_markdown(facts, links=False)))


def _flag(label: str, key: str, current: bool | None) -> str:
    words = {"": t("entry_flag_unsaid"), "ja": t("entry_flag_yes"), "nein": t("entry_flag_no")}
    now = {True: "ja", False: "nein", None: ""}[current]
    return st.selectbox(label, _FLAGS, index=_FLAGS.index(now), format_func=words.get, key=key)


def _form(token: str, record: Provider) -> None:
    with st.form("entry_change"):
        values = {
            "name": st.text_input(t("col_name"), record.name, max_chars=300),
            "street": st.text_input(t("col_street"), record.street, max_chars=300),
            "postcode": st.text_input(t("col_postcode"), record.postcode, max_chars=10),
            "city": st.text_input(t("col_city"), record.city, max_chars=200),
            "phone": st.text_input(t("popup_phone"), record.phone, max_chars=100),
            "email": st.text_input(t("popup_email"), record.email, max_chars=200),
            "website": st.text_input(t("popup_website"), record.website, max_chars=500),
            "opening_hours": st.text_input(t("popup_hours"), record.opening_hours, max_chars=500),
        }
        spoken = sorted({*record.languages, *cache.spoken_languages()}, key=language_name)
        values["languages"] = "; ".join(
            st.multiselect(
                t("popup_languages"), spoken, record.languages, format_func=language_name
            )
        )
        codes = [kind.code for kind in SERVICE_TYPES]
        kinds = st.multiselect(
            t("entry_types"), codes, record.service_types, format_func=type_label
        )
        values["service_types"] = "; ".join(kinds)
        stages = st.multiselect(
            t("entry_stages"), list(LIFE_STAGES), record.life_stages, format_func=stage_label
        )
        values["life_stages"] = "; ".join(LIFE_STAGES[code] for code in stages)
        values["free_of_charge"] = _flag(t("entry_free"), "entry_free", record.free_of_charge)
        values["barrier_free"] = _flag(t("entry_access"), "entry_access", record.barrier_free)
        values["description"] = st.text_area(
            t("entry_description"), record.description, max_chars=2000
        )
        gone = st.checkbox(t("entry_gone"))
        sent = st.form_submit_button(t("entry_send"), icon=":material/send:")
    if not sent:
        return
    changes = {
        field: value for field, value in values.items() if value != field_text(record, field)
    }
    if not changes and not gone:
        st.warning(t("entry_nothing_changed"), icon=":material/info:")
        return
    try:
        cache.store().links.propose(token, changes, gone=gone)
    except LinkRefused:
        st.error(t("entry_invalid"), icon=":material/link_off:")
        return
    except ValueError as refused:
        st.error(md_literal(str(refused)), icon=":material/block:")
        return
    st.session_state["entry_sent"] = token
    st.success(t("entry_sent"), icon=":material/send:")

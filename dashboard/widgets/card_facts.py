"""What a family reads about one provider, in the UI language, as plain text.

The same facts in the same words on every card: In meiner Nähe and the provider's
own page (Markdown, :func:`card_markdown`) and the lean family pages (HTML from a
template that escapes every value). Nothing here is Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from dashboard.i18n.event_wording import short_day, time_of_day
from dashboard.i18n.freshness import verified_text
from dashboard.i18n.texts import (
    dial_digits,
    language_name,
    md_literal,
    number,
    phone_link,
    stage_label,
    t,
    type_description,
    type_label,
)
from intake import excerpt, normalize_website
from providers import is_stale

#: Yes/no facts a family may look for: provider field → text key.
YES_FACTS = {
    "free_of_charge": "flag_free",
    "no_application": "flag_no_application",
    "barrier_free": "flag_barrier_free",
}
#: A description is cut to this many characters on a card.
DESCRIPTION_CHARS = 300


@dataclass(frozen=True)
class CardFacts:
    """One provider as families read it (empty text: not known)."""

    name: str
    kinds: str
    explained: str
    invented: bool
    address: str
    phone: str
    dial: str
    email: str
    website: str
    languages: str
    hours: str
    dates: tuple[str, ...]
    facts: str
    description: str
    approximate: bool
    verified: str
    stale: bool
    source: str
    distance: str = ""


def date_line(title: str, start: datetime) -> str:
    """``"Elterncafé – Di., 9. Dez., 10:00"``."""
    return f"{title} – {short_day(start.date())}, {time_of_day(start)}"


def card_facts(
    entry: Mapping,
    coming: Sequence[tuple[str, datetime]] = (),
    metres: float | None = None,
) -> CardFacts:
    """The facts of a provider row (or a stored record as a mapping), with its next
    dates (``(title, start)``) and its distance from the family's place."""
    codes = list(entry.get("service_types") or ())
    yes = [
        t(label)
        for field, label in YES_FACTS.items()
        if entry.get(field) is not None and entry.get(field) is not pd.NA and entry.get(field)
    ]
    stages = list(entry.get("life_stages") or ())
    if stages:
        yes.insert(0, ", ".join(stage_label(code) for code in stages))
    verified = entry.get("last_verified")
    checked = isinstance(verified, date) and not pd.isna(verified)
    place = f"{entry.get('postcode') or ''} {entry.get('city') or ''}".strip()
    spoken = entry.get("languages") or ()
    return CardFacts(
        name=str(entry.get("name") or ""),
        kinds=", ".join(type_label(code) for code in codes),
        explained=" ".join(type_description(code) for code in codes),
        invented=bool(entry.get("is_sample", False)),
        address=", ".join(part for part in (entry.get("street") or "", place) if part),
        phone=str(entry.get("phone") or ""),
        dial=dial_digits(str(entry.get("phone") or "")),
        email=str(entry.get("email") or ""),
        # only an http(s) address becomes a link, whatever way the entry came in
        website=normalize_website(str(entry.get("website") or "").strip())[0],
        languages=", ".join(language_name(code) for code in spoken),
        hours=str(entry.get("opening_hours") or ""),
        dates=tuple(date_line(title, start) for title, start in coming),
        facts=" · ".join(yes),
        description=excerpt(str(entry.get("description") or ""), DESCRIPTION_CHARS),
        approximate=not entry.get("location_exact", True),
        verified=verified_text(verified, entry.get("verified_by") or "") if checked else "",
        stale=is_stale(verified),
        source="" if entry.get("is_sample") else str(entry.get("source") or ""),
        distance="" if metres is None else t("nearby_distance", km=number(metres / 1000, 1)),
    )


def card_markdown(facts: CardFacts, links: bool = True) -> list[str]:
    """The card's lines below its name and kinds, as Markdown (every value literal);
    ``links=False`` writes e-mail and website as text (a page where a tap should not
    leave it)."""
    lines = []
    if facts.address:
        lines.append(md_literal(facts.address))
    if facts.phone:
        lines.append(phone_link(facts.phone))
    if facts.email:
        shown = md_literal(facts.email)
        lines.append(
            f"{t('popup_email')}: " + (f"[{shown}](mailto:{facts.email})" if links else shown)
        )
    if facts.website:
        lines.append(
            f"[{t('popup_website')}]({facts.website})"
            if links
            else f"{t('popup_website')}: {md_literal(facts.website)}"
        )
    if facts.languages:
        lines.append(f"{t('popup_languages')}: {md_literal(facts.languages)}")
    if facts.hours:
        lines.append(f"{t('popup_hours')}: {md_literal(facts.hours)}")
    if facts.dates:
        dates = "; ".join(md_literal(line) for line in facts.dates)
        lines.append(f":material/event: {t('nearby_next_dates', dates=dates)}")
    if facts.facts:
        lines.append(md_literal(facts.facts))
    if facts.description:
        lines.append(md_literal(facts.description))
    if facts.approximate:
        lines.append(f"_{t('popup_approximate')}_")
    if facts.verified:
        lines.append(f"_{facts.verified}_")
    if facts.stale:
        lines.append(f":orange[{t('popup_stale')}]")
    if facts.source:
        lines.append(f":gray[{t('popup_source')}: {md_literal(facts.source)}]")
    return lines

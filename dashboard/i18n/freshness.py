"""When an entry was last checked and by whom, in the visitor's language."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel.dates import format_date

from dashboard.i18n.texts import language, t


def verified_text(day: date, verified_by: str) -> str:
    """When an entry was last checked and by whom, for families ("Geprüft vom Anbieter
    am 3. Dezember 2026")."""
    spoken = _long_date(day, language())
    if verified_by == "anbieter":
        return t("verified_by_provider", date=spoken)
    if verified_by == "koordination":
        return t("verified_by_coordination", date=spoken)
    return t("verified_on", date=spoken)


@lru_cache(maxsize=8192)
def _long_date(day: date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)

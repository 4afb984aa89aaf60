"""When an entry was last checked and by whom, in the visitor's language."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from dashboard.i18n.texts import language, t


def verified_text(day: date, verified_by: str) -> str:
    """When an entry was last checked and by whom, for families ("Geprüft vom Anbieter
    am 3. Dezember 2026")."""
    spoken = format_date(day, format="long", locale=language())
    if verified_by == "anbieter":
        return t("verified_by_provider", date=spoken)
    if verified_by == "koordination":
        return t("verified_by_coordination", date=spoken)
    return t("verified_on", date=spoken)

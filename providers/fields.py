"""Parsers for single fields, as people write them in spreadsheets."""

from __future__ import annotations

import re
from datetime import date, datetime

#: Longest text kept in one field.
MAX_FIELD = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def clean_text(value: object) -> str:
    """Text without control characters, trimmed and bounded."""
    if value is None:
        return ""
    return _CONTROL.sub("", str(value)).strip()[:MAX_FIELD]


def parse_number(text: str) -> float | None:
    """Parse ``50.8``, ``50,8`` or ``7`` into a float; ``None`` if it is no number."""
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER.fullmatch(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def parse_date(text: str) -> date | None:
    """Parse ISO (``2026-05-31``) or German (``31.05.2026``, ``31.5.26``) dates."""
    cleaned = text.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def split_list(text: str) -> list[str]:
    """Entries of a list field, separated by ``;``, ``|`` or line breaks."""
    return [part.strip() for part in re.split(r"[;|\n]", text) if part.strip()]


def is_email(text: str) -> bool:
    """Whether ``text`` looks like one e-mail address."""
    return bool(_EMAIL.fullmatch(text))


def normalize_website(text: str) -> tuple[str, str | None]:
    """Return ``(url, note)``; a bare host gets ``https://``.

    Only http(s) links are kept: a ``javascript:`` URL must never reach a popup.
    """
    if not text:
        return "", None
    scheme = _SCHEME.match(text)
    if scheme is None:
        return f"https://{text}", None
    if scheme.group(1).lower() in ("http", "https"):
        return text, None
    return "", f"Website „{text}“ ist keine http(s)-Adresse und wurde weggelassen."

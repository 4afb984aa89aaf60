"""Parsers for single fields, as people write them in spreadsheets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

#: Longest text kept in one field.
MAX_FIELD = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidi embeddings, overrides and isolates: they reorder what people read
# (``rtl\u202egnp.exe`` shows as ``rtlexe.png``).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?([eE][+-]?\d+)?")
#: Thousands grouped by dots (German) or commas (English), with the other as decimal sign.
_GERMAN_GROUPS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_ENGLISH_GROUPS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
#: Spaces people and spreadsheets put into numbers: plain, no-break, narrow no-break.
_SPACES = re.compile("[ \u00a0\u202f\u2009]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What spreadsheet programs read as the start of a formula (OWASP, CSV injection).
_FORMULA_START = re.compile(r"^[ ]*[=+\-@\t\r]")


@dataclass(frozen=True)
class CleanText:
    """A field's text as kept, and what had to change for that.

    Attributes
    ----------
    text
        Trimmed, without control characters and bidi controls, at most
        :data:`MAX_FIELD` characters.
    control_removed
        Control characters (NUL included) were removed.
    bidi_removed
        Bidi embedding, override or isolate characters were removed.
    shortened
        The text was longer than :data:`MAX_FIELD` and was cut.
    """

    text: str
    control_removed: bool = False
    bidi_removed: bool = False
    shortened: bool = False


def is_clean(text: str) -> bool:
    """Whether :func:`clean_text` would only trim ``text`` (the common case, checked fast)."""
    return len(text) <= MAX_FIELD and _UNWANTED.search(text) is None


def clean_text(value: object) -> CleanText:
    """Text without control and bidi characters, trimmed and bounded, with what changed."""
    if value is None:
        return CleanText("")
    raw = str(value)
    without_control = _CONTROL.sub("", raw)
    without_bidi = _BIDI.sub("", without_control)
    stripped = without_bidi.strip()
    return CleanText(
        stripped[:MAX_FIELD],
        control_removed=len(without_control) != len(raw),
        bidi_removed=len(without_bidi) != len(without_control),
        shortened=len(stripped) > MAX_FIELD,
    )


def excerpt(text: str, limit: int = 40) -> str:
    """A value as quoted in a message: a long one is cut, so that a report stays readable."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def neutralize_formula(text: str) -> str:
    """A cell that a spreadsheet would run as a formula, made plain text with a leading ``'``.

    Cells starting with ``=``, ``+``, ``-``, ``@`` (also after spaces), tab or
    carriage return get the prefix, as OWASP recommends against CSV injection.
    """
    return "'" + text if _FORMULA_START.match(text) else text


def restore_formula(text: str) -> str:
    """Undo :func:`neutralize_formula`: drop a ``'`` that stands before a formula start."""
    if text.startswith("'") and _FORMULA_START.match(text[1:]):
        return text[1:]
    return text


def parse_number(text: object, decimal: str | None = None) -> float | None:
    """A number as German and English spreadsheets and people write it; ``None`` if
    the text is no number.

    ``1.234,5``, ``1234,5`` and ``12.345.678`` (German), ``1,234.5`` and ``1234.5``
    (English), ``5e1``, ``1 234`` and ``12 %`` (the figure as written, the sign
    dropped). A single separator is the decimal one – ``1.234`` is 1.234, as in a
    coordinate – unless a second kind or a second group says it groups thousands, or
    the table's ``decimal`` sign is known to be ``","`` (a German, semicolon table of
    figures, where ``1.234`` is 1234).
    Spreadsheet cells that are numbers already stay as they are. A number too large
    for a float comes back as ``inf``: it is a number, only outside every valid
    range.
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        return None if text != text else float(text)
    cleaned = _SPACES.sub("", str(text)).removesuffix("%")
    if decimal == "," and _GERMAN_GROUPS.fullmatch(cleaned):
        return float(cleaned.replace(".", "").replace(",", "."))
    if _NUMBER.fullmatch(cleaned):
        return float(cleaned.replace(",", "."))
    if _GERMAN_GROUPS.fullmatch(cleaned):
        return float(cleaned.replace(".", "").replace(",", "."))
    if _ENGLISH_GROUPS.fullmatch(cleaned):
        return float(cleaned.replace(",", ""))
    return None


def parse_date(text: str) -> date | None:
    """Parse ISO (``2026-05-31``) or German (``31.05.2026``, ``31.5.26``) dates."""
    cleaned = text.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def date_or_error(text: str, what: str) -> date | None:
    """:func:`parse_date` of a table's cell named ``what``: ``None`` when empty, a
    ``ValueError`` naming cell and value when it is no date."""
    if not text:
        return None
    found = parse_date(text)
    if found is None:
        raise ValueError(f"{what} „{text[:20]}“ ist kein Datum (z. B. 8.12.2026)")
    return found


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
    return "", f"Website „{excerpt(text)}“ ist keine http(s)-Adresse und wurde weggelassen."


_YES = {"ja", "j", "yes", "y", "true", "wahr", "1", "x"}
_NO = {"nein", "n", "no", "false", "falsch", "0"}


def parse_flag(text: str) -> tuple[bool | None, bool]:
    """``(value, understood)`` of a yes/no field: ``ja``/``nein``, ``1``/``0``, ``x`` …

    An empty field is ``(None, True)``: the data does not say.
    """
    cleaned = text.strip().casefold()
    if not cleaned:
        return None, True
    first = cleaned.split()[0].strip(".,;()")
    if first in _YES:
        return True, True
    if first in _NO:
        return False, True
    return None, False


_STAGE_ALIASES = {
    "schwangerschaft": "schwangerschaft",
    "schwanger": "schwangerschaft",
    "pregnancy": "schwangerschaft",
    "0-1": "0-1",
    "0–1": "0-1",
    "0-1 jahr": "0-1",
    "0–1 jahr": "0-1",
    "baby": "0-1",
    "unter 1": "0-1",
    "1-3": "1-3",
    "1–3": "1-3",
    "1-3 jahre": "1-3",
    "1–3 jahre": "1-3",
    "kleinkind": "1-3",
}


def parse_life_stages(text: str) -> tuple[list[str], list[str]]:
    """Life-stage codes of a list field, and the entries that were not understood."""
    codes: list[str] = []
    unknown: list[str] = []
    for entry in split_list(text):
        code = _STAGE_ALIASES.get(entry.casefold().replace(" ", " ").strip())
        if code is None:
            unknown.append(entry)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """Language name (German and English, folded) and ISO 639-1 code → code."""
    from babel import Locale

    names: dict[str, str] = {}
    for locale in ("en", "de"):
        for code, name in Locale.parse(locale).languages.items():
            if len(code) == 2:
                names.setdefault(name.casefold(), code)
                names[code] = code
    return names


def language_code(text: str) -> str | None:
    """The ISO 639-1 code of a language as people write it ("tr", "Türkisch", "Turkish",
    "de-DE"), or ``None`` for something that is no language ("1", "viele")."""
    cleaned = text.strip().casefold().replace("_", "-")
    names = _language_names()
    return names.get(cleaned) or names.get(cleaned.split("-")[0] if "-" in cleaned else "")


def fold_name(name: str) -> str:
    """A column name without case, umlauts, spaces or punctuation (``Straße`` → ``strasse``)."""
    folded = name.strip().lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return re.sub(r"[^a-z0-9_]", "", folded.replace("ß", "ss").replace("-", "_"))

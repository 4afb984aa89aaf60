"""What a family typed into the place search, read into its parts.

People type a place the way they write it on an envelope or in a chat:
"53721 Siegburg", "Siegburg, 53721", "Hauptstr. 5, 53721 Siegburg",
"Köln-Ehrenfeld", "wir wohnen in Siegburg", "1010 Wien". :func:`read_query`
splits such text into postcode, street and place words, and names what makes
a query unsearchable (too long, only symbols, another script, a number of the
wrong length) so that the page can say what to type instead. Which place the
words name is the :class:`~places.gazetteer.Gazetteer`'s job; :func:`fold`
and :func:`core` give both sides one spelling to compare.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

#: Characters of a query that are read; longer input is answered with a hint.
MAX_QUERY = 100

Problem = Literal["too_long", "nothing", "script", "digits", "foreign_postcode"]

_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn"}
_SYMBOLS = {"So", "Sk", "Sm", "Sc"}
_POSTCODE = re.compile(r"(?<![\w.])(?:DE?-\s?)?(\d{5})(?![\d.])", re.IGNORECASE)
_FOREIGN = re.compile(r"(?<![\w.])(?:A|AT|CH|FL|L|LU)-\s?(\d{4})(?!\d)", re.IGNORECASE)
_FOUR = re.compile(r"(?<![\d.])(\d{4})(?![\d.])")
_HOUSE_NUMBER = re.compile(r"(?<!\w)\d{1,4}(?:\s?[a-zA-Z])?(?:\s?[-/]\s?\d{1,4})?(?!\w)")
_STREET_WORD = re.compile(
    r"(stra(ss|ß)e|str\.?|weg|allee|gasse|platz|damm|ufer|chaussee|pfad|stieg|steig|ring)$",
    re.IGNORECASE,
)
# Chat words around a place: "ich wohne in Siegburg", "Raum Köln", "Bonn, Deutschland".
_LEADING = frozenset(
    "ich wir wohne wohnen lebe leben in im bei nahe naehe nähe von um raum umgebung "
    "aus der die plz postleitzahl ort stadt gemeinde".split()
)
_TRAILING = frozenset("deutschland germany de brd".split())
# Small words of place names, left out when names are compared, so that "a. d.",
# "an der", "i." and "im" do not matter ("Mülheim a. d. Ruhr", "Immenstadt i.Allgäu").
_CONNECTORS = frozenset("a am an auf b bei d den der dem die i im in o ob u und v vor".split())


@dataclass(frozen=True)
class Query:
    """A search text read into its parts.

    Attributes
    ----------
    text
        The text as typed (cut to :data:`MAX_QUERY` characters).
    postcode
        A five-digit German postcode in it, if any.
    short_postcode
        A four-digit number that stands where a postcode would: a German one that
        lost its leading zero ("1067 Dresden") or a foreign one ("1010 Wien").
    digits
        The query is only digits (without a postcode): what they are.
    street
        Street and house number, if given ("Hauptstr. 5").
    place
        The words that name the place ("Siegburg", "Köln Ehrenfeld").
    problem
        Why the query cannot be searched as it is; ``None`` when it can.
    """

    text: str
    postcode: str | None = None
    short_postcode: str | None = None
    digits: str | None = None
    street: str = ""
    place: str = ""
    problem: Problem | None = None


def fold(text: str) -> str:
    """A name as it is compared: lower case, umlauts as ae/oe/ue, ß as ss, "St." as
    "sankt", punctuation as spaces."""
    text = text.casefold().strip()
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = re.sub(r"[^\w\s]|_", " ", text)
    text = re.sub(r"\bst\b", "sankt", text)
    return " ".join(text.split())


def plain(text: str) -> str:
    """:func:`fold` without the umlaut spelling: "munchen" for those who drop the dots."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return fold("".join(c for c in decomposed if not unicodedata.combining(c)))


def core(folded: str) -> str:
    """A folded name without its small words ("frankfurt am main" → "frankfurt main");
    a name of small words only stays as it is."""
    words = [w for w in folded.split() if w not in _CONNECTORS]
    return " ".join(words) if words else folded


def _cleaned(text: str) -> tuple[str, bool, bool]:
    """The text without invisible characters and symbols; whether it held letters of
    another script than Latin, and whether it held symbols (emoji)."""
    kept = []
    other_script = symbols = False
    for char in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(char)
        if category in _INVISIBLE:
            continue
        if category in _SYMBOLS:
            symbols = True
            kept.append(" ")
        elif category.startswith("L") and not unicodedata.name(char, "").startswith("LATIN"):
            other_script = True
            kept.append(" ")
        else:
            kept.append(char)
    return " ".join("".join(kept).split()), other_script, symbols


def _strip_chat(words: list[str]) -> list[str]:
    while words and fold(words[0]) in _LEADING:
        words = words[1:]
    while words and fold(words[-1]) in _TRAILING:
        words = words[:-1]
    return words


def _split_street(segment: str) -> tuple[str, str]:
    """(street, rest) of a segment without commas: "Kaiserstr. 12 Siegburg" →
    ("Kaiserstr. 12", "Siegburg")."""
    numbers = list(_HOUSE_NUMBER.finditer(segment))
    number = numbers[-1] if numbers else None  # "Str. des 17. Juni 5": the last one
    if number is None:
        return "", segment  # "Neustadt a. d. Weinstraße" is a place: a street has a number
    before = segment[: number.start()].split()
    after = segment[number.end() :].strip()
    # the street is the words before the number, back to the one with a street ending
    start = max(len(before) - 1, 0)
    for index in range(len(before) - 1, -1, -1):
        if _STREET_WORD.search(before[index]):
            start = index
            break
    if len(before) > 1 and start == len(before) - 1 and fold(before[start - 1]) in _CONNECTORS:
        start -= 1  # "Am Markt 1", "An der Linde 3" (one step back is enough)
    street = " ".join([*before[start:], number.group(0)])
    rest = " ".join([*before[:start], after])
    return street, rest


def read_query(text: str) -> Query:
    """Read a place search into postcode, street and place words.

    Parameters
    ----------
    text
        The search as typed; any length, any characters.
    """
    if len(text) > MAX_QUERY:
        found = _POSTCODE.search(text)
        return Query(text[:MAX_QUERY], found.group(1) if found else None, problem="too_long")
    cleaned, other_script, symbols = _cleaned(text)
    if not cleaned.strip(" ,.;:-/!?()[]{}<>'\"#*+=&%$§|\\~^`"):
        if other_script:
            return Query(text, problem="script")
        return Query(text, problem="nothing" if text.strip() else None)
    foreign = _FOREIGN.search(cleaned)
    if foreign:
        return Query(text, short_postcode=foreign.group(1), problem="foreign_postcode")
    bare = re.sub(r"[\s./-]", "", cleaned)
    if bare.isdigit():
        if len(bare) == 5:
            return Query(text, postcode=bare)
        return Query(text, short_postcode=bare if len(bare) == 4 else None, digits=bare)
    postcode = short = None
    found = _POSTCODE.search(cleaned)
    if found is None:
        found = _FOUR.search(cleaned)
        if found is not None and not _looks_like_house_number(cleaned, found):
            short = found.group(1)
        else:
            found = None
    else:
        postcode = found.group(1)
    streets: list[str] = []
    places: list[str] = []
    for segment in _segments(cleaned, found):
        street, rest = _split_street(segment)
        if street:
            streets.append(street)
        if rest.strip(" -"):
            places.append(rest.strip(" -"))
    words = _strip_chat(" ".join(places).split())
    place = " ".join(words)
    if not re.search(r"[^\W\d_]", place):
        place = ""
        if postcode is None and short is None:
            return Query(text, problem="script" if other_script else "nothing")
    return Query(
        text,
        postcode=postcode,
        short_postcode=short,
        street=", ".join(streets),
        place=place,
        problem="foreign_postcode" if short and not place else None,
    )


def _segments(text: str, postcode: re.Match[str] | None) -> list[str]:
    """The parts of a query apart from its postcode, split where the writer split them
    (commas, line breaks, the postcode itself)."""
    if postcode is not None:
        text = f"{text[: postcode.start()]},{text[postcode.end() :]}"
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


def _looks_like_house_number(text: str, found: re.Match[str]) -> bool:
    """A four-digit number right after a street word is a house number, not a postcode."""
    before = text[: found.start()].split()
    return bool(before) and bool(_STREET_WORD.search(before[-1]))

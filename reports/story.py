"""Stories: a saved sequence of map views to present, as a small TOML file.

A story file::

    titel = "Frühe Hilfen in NRW"
    beschreibung = "Für den Familienausschuss"   # optional

    [[folie]]
    titel = "Familienhebammen im Land"
    text = "Wo Familien eine Familienhebamme in 10 km erreichen"
    region = "05"                 # AGS of a Land or Kreis; "" or left out: Germany
    typen = ["familienhebamme"]   # service types; empty: all
    programme = ["familienmanager"]
    mass = "anteil"               # optional: a measure of the Planung page
    n = 10                        # km, for the measures
    diagramm = "typ"              # "typ", "kreis", "termine", "netzwerke" or "geburten"

Reading checks every field and names the line and field of the first faults,
so a hand-edited file gets a message a person can act on; nothing of a
rejected file is used.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

#: Where the shipped stories live (one TOML file each).
STORY_DIR = Path(__file__).parent / "stories"
#: Measures a slide may show (the Planung page's ``mass`` values).
STORY_MEASURES = (
    "anzahl",
    "je10000",
    "entfernung",
    "anteil",
    "2sfca",
    "unter18",
    "migration",
    "auslaender",
    "haushalt",
)
#: What a slide's bar chart shows: providers per type, per Kreis, or family dates per
#: 10,000 under 18 (the areas with the most and the fewest).
CHARTS = ("typ", "kreis", "termine", "netzwerke", "geburten")
MAX_SLIDES = 40
MAX_STORY_BYTES = 100_000
MAX_TITLE = 120
MAX_CAPTION = 300
DEFAULT_N_KM = 10


@dataclass(frozen=True)
class StoryView:
    """One slide: what the map shows and what is written on it."""

    title: str = ""
    caption: str = ""
    region: str | None = None
    types: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    measure: str | None = None
    n_km: int = DEFAULT_N_KM
    chart: str = "typ"


@dataclass(frozen=True)
class Story:
    """A titled sequence of slides."""

    title: str
    slides: tuple[StoryView, ...]
    description: str = ""
    ident: str = field(default="", compare=False)
    #: Old region keys the file used and what they were read as.
    notes: tuple[str, ...] = field(default=(), compare=False)


class StoryError(ValueError):
    """A story file that cannot be used; ``str()`` names line and field."""


@dataclass(frozen=True)
class Vocabulary:
    """What a story may refer to (regions as AGS, type and programme codes), and for
    an old region key today's key with a note (``None``: no such key, or split)."""

    regions: Container[str]
    types: Container[str]
    programmes: Container[str]
    successor: Callable[[str], tuple[str, str] | None] = field(
        default=lambda key: None, compare=False
    )


def _slide_lines(text: str) -> list[int]:
    """Line number of each ``[[folie]]`` header, in order."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if re.match(r"^\s*\[\[\s*folie\s*\]\]", line)
    ]


def _field_line(text: str, start: int, name: str) -> int:
    """The line of ``name = …`` in the slide whose header is line ``start`` (else ``start``)."""
    lines = text.splitlines()
    for number in range(start, len(lines)):  # the lines after the header (0-based)
        if lines[number].lstrip().startswith("["):
            break
        if re.match(rf"^\s*{re.escape(name)}\s*=", lines[number]):
            return number + 1
    return start


def _text(value: object, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = "".join(ch for ch in value if ch.isprintable() or ch == " ")
    return cleaned.strip()[:limit]


def read_story(data: bytes, vocabulary: Vocabulary, ident: str = "") -> Story:
    """Read and check a story file (see the module's description).

    Raises
    ------
    StoryError
        With "Zeile N, Feld „x“: …" for the first faults (at most five), or one
        message for a file that is no TOML at all.
    """
    if len(data) > MAX_STORY_BYTES:
        raise StoryError(f"Die Datei ist größer als {MAX_STORY_BYTES // 1000} kB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StoryError("Die Datei ist kein UTF-8-Text (eine Geschichte ist TOML).") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise StoryError(f"Kein gültiges TOML: {error}") from None
    except RecursionError:
        # Thousands of nested brackets: no story, and no reason to crash the page.
        raise StoryError("Kein gültiges TOML: zu tief verschachtelt (Zeile 1).") from None
    faults: list[str] = []
    title = _text(document.get("titel", ""), MAX_TITLE)
    if not title:
        faults.append("Zeile 1, Feld „titel“: die Geschichte braucht einen Titel")
    raw_slides = document.get("folie")
    if not isinstance(raw_slides, list) or not raw_slides:
        faults.append("Feld „folie“: keine Folie gefunden – jede beginnt mit [[folie]]")
        raw_slides = []
    if len(raw_slides) > MAX_SLIDES:
        faults.append(f"Feld „folie“: höchstens {MAX_SLIDES} Folien")
        raw_slides = raw_slides[:MAX_SLIDES]
    starts = _slide_lines(text)
    slides = []
    notes: list[str] = []
    for index, raw in enumerate(raw_slides):
        start = starts[index] if index < len(starts) else 1
        slide, problems = read_slide(raw, vocabulary, notes)
        faults += [
            f"Zeile {_field_line(text, start, name)}, Folie {index + 1}, Feld „{name}“: {problem}"
            for name, problem in problems
        ]
        slides.append(slide)
    if faults:
        more = f" (und {len(faults) - 5} weitere)" if len(faults) > 5 else ""
        raise StoryError("; ".join(faults[:5]) + more)
    description = _text(document.get("beschreibung", ""), MAX_CAPTION) or ""
    return Story(title or "", tuple(slides), description, ident, tuple(notes))


def read_slide(
    raw: object, vocabulary: Vocabulary, notes: list[str] | None = None
) -> tuple[StoryView, list[tuple[str, str]]]:
    """One slide from its table in a story (or from URL parameters in that form):
    the slide with every unknown value left out, and ``(field, problem)`` pairs."""
    problems: list[tuple[str, str]] = []
    if not isinstance(raw, dict):
        return StoryView(), [("folie", "eine Folie ist eine Tabelle [[folie]]")]
    known = {"titel", "text", "region", "typen", "programme", "mass", "n", "diagramm"}
    for name in sorted(set(raw) - known):
        problems.append((name, f"unbekanntes Feld (erlaubt: {', '.join(sorted(known))})"))
    title = _text(raw.get("titel", ""), MAX_TITLE)
    if not title:
        problems.append(("titel", "jede Folie braucht einen Titel"))
    caption = _text(raw.get("text", ""), MAX_CAPTION)
    if caption is None:
        problems.append(("text", "muss Text sein"))
    region = raw.get("region", "")
    if isinstance(region, str) and region and region not in vocabulary.regions:
        found = vocabulary.successor(region)
        if found is not None and found[0] in vocabulary.regions:
            region = found[0]
            if notes is not None:
                notes.append(found[1])
    if not isinstance(region, str) or (region and region not in vocabulary.regions):
        problems.append(("region", f"„{str(region)[:20]}“ ist kein bekanntes Land oder Kreis"))
        region = ""
    types = _codes(raw.get("typen", []), vocabulary.types, "typen", "Angebotsart", problems)
    programmes = _codes(
        raw.get("programme", []), vocabulary.programmes, "programme", "Programm", problems
    )
    measure = raw.get("mass")
    if measure is not None and measure not in STORY_MEASURES:
        problems.append(
            ("mass", f"„{str(measure)[:20]}“ unbekannt (erlaubt: {', '.join(STORY_MEASURES)})")
        )
        measure = None
    n_km = raw.get("n", DEFAULT_N_KM)
    if not isinstance(n_km, int) or isinstance(n_km, bool) or not 1 <= n_km <= 50:
        problems.append(("n", "eine ganze Zahl von 1 bis 50 (km)"))
        n_km = DEFAULT_N_KM
    chart = raw.get("diagramm", "typ")
    if chart not in CHARTS:
        allowed = ", ".join(CHARTS)
        problems.append(("diagramm", f"„{str(chart)[:20]}“ unbekannt (erlaubt: {allowed})"))
        chart = "typ"
    view = StoryView(
        title or "", caption or "", region or None, types, programmes, measure, n_km, chart
    )
    return view, problems


def _codes(value: object, allowed: Container[str], name: str, what: str, problems) -> tuple:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append((name, 'eine Liste von Codes, z. B. ["kita"]'))
        return ()
    unknown = [v for v in value if v not in allowed]
    if unknown:
        problems.append((name, f"{what} „{unknown[0][:30]}“ unbekannt"))
    return tuple(v for v in value if v in allowed)


def write_story(story: Story) -> bytes:
    """The story as TOML (UTF-8), in the format :func:`read_story` reads."""
    slides = []
    for slide in story.slides:
        entry: dict[str, object] = {"titel": slide.title}
        if slide.caption:
            entry["text"] = slide.caption
        entry["region"] = slide.region or ""
        entry["typen"] = list(slide.types)
        entry["programme"] = list(slide.programmes)
        if slide.measure:
            entry["mass"] = slide.measure
        entry["n"] = slide.n_km
        entry["diagramm"] = slide.chart
        slides.append(entry)
    document: dict[str, object] = {"titel": story.title}
    if story.description:
        document["beschreibung"] = story.description
    document["folie"] = slides
    return tomli_w.dumps(document).encode("utf-8")


def shipped_stories(vocabulary: Vocabulary) -> dict[str, Story]:
    """The stories shipped with the app, by file name without ``.toml``."""
    return {
        path.stem: read_story(path.read_bytes(), vocabulary, path.stem)
        for path in sorted(STORY_DIR.glob("*.toml"))
    }

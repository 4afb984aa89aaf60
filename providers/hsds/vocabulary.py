"""Familienkarte's words in HSDS terms: the two taxonomies (service types, life
stages) and the fixed texts for properties HSDS holds as text (application, access,
costs, sample entries), so the reader recognises its own writing."""

from __future__ import annotations

from dataclasses import dataclass

from providers.model import LIFE_STAGES
from providers.taxonomy import SERVICE_TYPES


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str
    terms: dict[str, tuple[str, str]]  # code → (name, description)


TYPES = Taxonomy(
    "familienkarte-angebotsarten",
    "Familienkarte: Angebotsarten",
    "Arten der Unterstützung für Familien: Familienmanager und die Partner der Netzwerke "
    "Frühe Hilfen.",
    {t.code: (t.label_de, t.description_de or t.label_de) for t in SERVICE_TYPES},
)
STAGES = Taxonomy(
    "familienkarte-lebensphasen",
    "Familienkarte: Lebensphasen",
    "Für welche Lebensphase der Familie ein Angebot da ist.",
    {code: (label, f"Für die Lebensphase „{label}“.") for code, label in LIFE_STAGES.items()},
)
TAXONOMIES = (TYPES, STAGES)
#: Ages (years) of the life stages that are ages.
STAGE_AGES: dict[str, tuple[int, int]] = {"0-1": (0, 1), "1-3": (1, 3)}

APPLICATION = {
    True: "Ohne Antrag: einfach hingehen oder anrufen.",
    False: "Nur mit Antrag.",
}
ACCESS = {True: "Barrierefrei zugänglich", False: "Nicht barrierefrei"}
COST = {True: "kostenlos", False: "kostenpflichtig"}
SAMPLE_ALERT = "Beispieleintrag (erfunden): Diese Stelle gibt es nicht."


def flag_of(texts: dict[bool, str], text: str | None) -> bool | None:
    """The flag a fixed text stands for; ``None`` for any other text."""
    folded = (text or "").strip().casefold()
    return next((flag for flag, known in texts.items() if known.casefold() == folded), None)

"""Maintain the translation catalogues: ``uv run python -m dashboard.i18n.catalogues``.

Writes ``dashboard/i18n/locale/messages.pot`` from the German messages of
:mod:`dashboard.i18n.texts` and merges it into every language's ``messages.po``:
new messages arrive untranslated (and the catalogue test fails until someone
translates them), changed German texts keep their old translation marked
fuzzy, removed ones become obsolete. Each message carries its key as
``msgctxt``, so a translator sees what a short word like "Kreis" labels.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from dashboard.i18n.texts import (
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    SOURCE_LANGUAGE,
    catalogue_path,
    messages,
)

_PLACEHOLDER = re.compile(r"\{(\w*)\}")


@dataclass(frozen=True)
class Gap:
    """A message a catalogue does not translate (well enough)."""

    key: str
    problem: str


def template() -> Catalog:
    """The catalogue template: every German message, keyed by its context."""
    catalogue = Catalog(domain=DOMAIN, project="Familienkarte", fuzzy=False)
    for key, german in messages():
        catalogue.add(german, context=key)
    return catalogue


def read(language: str) -> Catalog:
    """A language's catalogue as stored."""
    with catalogue_path(language).open("rb") as source:
        return read_po(source, locale=language, domain=DOMAIN)


def gaps(language: str) -> list[Gap]:
    """Messages of :func:`template` the language's catalogue lacks, leaves fuzzy, or
    translates with other placeholders (``{count}``) than the German text."""
    catalogue = read(language)
    found: list[Gap] = []
    for key, german in messages():
        entry = catalogue.get(german, context=key)
        if entry is None or not entry.string:
            found.append(Gap(key, "fehlt"))
        elif entry.fuzzy:
            found.append(Gap(key, "unsicher (fuzzy)"))
        elif set(_PLACEHOLDER.findall(german)) != set(_PLACEHOLDER.findall(entry.string)):
            found.append(Gap(key, "Platzhalter weichen ab"))
    return found


def update() -> None:
    """Write the template and merge it into every catalogue (creating missing ones)."""
    pot = template()
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as target:
        write_po(target, pot, width=100)
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        path = catalogue_path(language)
        if path.exists():
            catalogue = read(language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalogue = Catalog(locale=language, domain=DOMAIN, project="Familienkarte")
        catalogue.update(pot, no_fuzzy_matching=True)
        with path.open("wb") as target:
            write_po(target, catalogue, width=100, ignore_obsolete=True)


def main() -> int:
    """Update all catalogues and report what is left to translate."""
    update()
    left = {language: gaps(language) for language in LANGUAGES if language != SOURCE_LANGUAGE}
    for language, missing in left.items():
        print(
            f"{language}: {len(missing)} offen",
            *(f"  {g.key}: {g.problem}" for g in missing),
            sep="\n",
        )
    return 1 if any(left.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

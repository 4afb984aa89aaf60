"""The text catalogue: every text the pages ask for exists, and no text lies unused."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard import texts

ROOT = Path(__file__).parents[2]
# The pages' code, without the catalogue itself.
PAGES = [ROOT / "app.py", *(ROOT / "dashboard").glob("*.py")]
SOURCES = "\n".join(path.read_text(encoding="utf-8") for path in PAGES if path.name != "texts.py")
CATALOGUE = texts._CATALOGUE[texts.LANGUAGE]


def test_every_key_the_pages_ask_for_is_in_the_catalogue():
    asked = set(re.findall(r"\bt\(\s*[\"']([a-z_]+)[\"']", SOURCES))
    assert asked, "no t(...) call found"
    assert asked <= set(CATALOGUE), sorted(asked - set(CATALOGUE))


def test_no_text_in_the_catalogue_is_unused():
    unused = [key for key in CATALOGUE if not re.search(f"[\"']{key}[\"']", SOURCES)]
    assert unused == [], ", ".join(unused)

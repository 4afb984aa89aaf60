"""Web addresses of Gemeinden: ``siegburg``, ``halle-westf``, ``neuenkirchen-steinfurt``.

A family finds a Gemeinde's page from a search engine, a bookmark or a flyer, so an
address must stay valid: a Gemeinde that merged into another or was renamed keeps its
old address, which leads to today's (the table of former names is derived from the
BBSR reference of Gemeinden 2020–2023, ``python -m places.slugs --shared ../shared/data``;
the app never reads ``../shared``). A Gemeinde key (also one of an earlier Gebietsstand)
leads to the page as well.

A name several Gemeinden share gets its Kreis's name added; a name shared within
one Kreis, the key.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from geodata import KeyTable, is_valid_ags, load_keys, parent_ags

FORMER_NAMES_FILE = Path(__file__).parent / "data" / "fruehere_namen.csv"
FORMER_NAMES_SOURCE = (
    "BBSR, Referenz Gemeinden ab 2020 (Umsteigeschlüssel), auf Grundlage des "
    "Gemeindeverzeichnisses von Destatis, dl-de/by-2-0"
)
_SPELLED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe"})
_OTHER = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """``"Halle (Westf.)"`` → ``"halle-westf"``, ``"Görlitz"`` → ``"goerlitz"``."""
    spelled = name.translate(_SPELLED).replace("Ü", "ue")
    plain = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return _OTHER.sub("-", plain.lower()).strip("-")


@dataclass(frozen=True)
class Found:
    """What an address names.

    Attributes
    ----------
    ags
        The Gemeinde, or ``None`` (unknown, or a name several share: ``choices``).
    moved
        The address is not the Gemeinde's own (a former name, a key): send the visitor on.
    choices
        Gemeinden an ambiguous address may mean.
    """

    ags: str | None
    moved: bool = False
    choices: tuple[str, ...] = ()


class SlugTable:
    """Addresses of today's Gemeinden, and of the names and keys they had before."""

    def __init__(
        self,
        names: Mapping[str, str],
        kreis_names: Mapping[str, str],
        former: pd.DataFrame | None = None,
        keys: KeyTable | None = None,
    ) -> None:
        """``names``: Gemeinde key → name; ``kreis_names``: Kreis key → name;
        ``former``: ``name``, ``ags`` (today's) of former names (default: the
        embedded table)."""
        self._keys = keys or load_keys()
        base = {ags: slugify(name) for ags, name in names.items()}
        shared: dict[str, list[str]] = {}
        for ags, slug in base.items():
            shared.setdefault(slug, []).append(ags)
        self._slug: dict[str, str] = {}
        self._ambiguous: dict[str, tuple[str, ...]] = {}
        for slug, keys_ in shared.items():
            if len(keys_) == 1:
                self._slug[keys_[0]] = slug
                continue
            self._ambiguous[slug] = tuple(keys_)
            with_kreis = {
                ags: f"{slug}-{slugify(kreis_names.get(parent_ags(ags, 'kreis'), ags))}"
                for ags in keys_
            }
            for ags, longer in with_kreis.items():
                twice = sum(value == longer for value in with_kreis.values()) > 1
                self._slug[ags] = f"{longer}-{ags}" if twice else longer
        self._ags = {slug: ags for ags, slug in self._slug.items()}
        self._former: dict[str, str] = {}
        table = read_former_names() if former is None else former
        for name, ags in zip(table["name"], table["ags"], strict=True):
            slug = slugify(str(name))
            if slug and slug not in self._ags and slug not in self._ambiguous and ags in base:
                self._former.setdefault(slug, str(ags))

    def __len__(self) -> int:
        return len(self._slug)

    def __contains__(self, ags: object) -> bool:
        """Whether ``ags`` is a Gemeinde of today with a page."""
        return ags in self._slug

    def slug(self, ags: str) -> str:
        """The address of a Gemeinde of today."""
        return self._slug[ags]

    def items(self) -> list[tuple[str, str]]:
        """``(ags, slug)`` of every Gemeinde, in key order."""
        return sorted(self._slug.items())

    def find(self, slug: str) -> Found:
        """The Gemeinde an address names."""
        if slug in self._ags:
            return Found(self._ags[slug])
        if slug in self._ambiguous:
            return Found(None, choices=self._ambiguous[slug])
        if slug in self._former:
            return Found(self._former[slug], moved=True)
        if is_valid_ags(slug) and len(slug) == 8:
            current, _ = self._keys.resolve(slug, self._slug)
            if current in self._slug:
                return Found(current, moved=True)
        return Found(None)


@lru_cache(maxsize=1)
def read_former_names(path: Path = FORMER_NAMES_FILE) -> pd.DataFrame:
    """Former names of Gemeinden (``name``, ``ags`` of today, ``year``)."""
    if not path.exists():
        return pd.DataFrame({"name": [], "ags": [], "year": []})
    return pd.read_csv(path, dtype={"ags": str, "name": str})


def build_former_names(reference: Path, keys: KeyTable, today: Mapping[str, str]) -> pd.DataFrame:
    """Former names from the BBSR reference (one sheet per year: key and name before
    and after): every Gemeinde that went whole into one of today's, under a name other
    than today's."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(reference))
    rows = []
    for sheet in workbook.sheet_names:
        table = workbook.get_sheet_by_name(sheet).to_python()
        header = [str(cell) for cell in table[0]]
        name_at = next(i for i, cell in enumerate(header) if cell.startswith("Gemeindename"))
        share_at = next(i for i, cell in enumerate(header) if "fläche" in cell.lower())
        for row in table[1:]:
            if not row[0] or row[share_at] != 1.0:
                continue
            old = f"{int(row[0]):08d}"
            current, _ = keys.resolve(old, today)
            # the addition after a comma ("Flensburg, Stadt") is not said, as today's names
            name = str(row[name_at]).split(",")[0].strip()
            if current in today and slugify(name) != slugify(today[current]):
                rows.append({"name": name, "ags": current, "year": int(sheet) + 1})
    frame = pd.DataFrame(rows, columns=["name", "ags", "year"])
    return frame.drop_duplicates(["name", "ags"]).sort_values(["ags", "name"])


def main(argv: list[str] | None = None) -> int:
    """``python -m places.slugs --shared ../shared/data``: write the former names."""
    from geodata import load_boundaries

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, required=True, help="../shared/data")
    args = parser.parse_args(argv)
    gemeinden = load_boundaries("gemeinde")
    today = dict(zip(gemeinden["ags"], gemeinden["name"], strict=True))
    reference = args.shared / "gv_2023" / "ref-gemeinden-ab-2020.xlsx"
    frame = build_former_names(reference, load_keys(), today)
    FORMER_NAMES_FILE.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(FORMER_NAMES_FILE, index=False)
    print(f"{len(frame)} frühere Namen → {FORMER_NAMES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write the fictional programme list shipped with the app (``planning/data/``).

The real lists (certified Familienmanager, Audit familiengerechte Kommune, Lokale
Bündnisse für Familie) are kept by the ministry and the programme offices and are not
in the repository. The sample is made up and says so in its first line: its
Familienmanager are the Gemeinden where the provider sample has one; the audit and
the alliances are drawn at random, more often in NRW. Run::

    uv run python -m planning.programme_sample
"""

from __future__ import annotations

import csv
import random

from geodata import BoundarySet
from planning.programmes import SAMPLE_PROGRAMMES
from providers import load_providers

SEED = 20261125
NOTICE = "# Fiktive Beispieldaten zum Ausprobieren – keine echte Programmliste."
#: Share of Gemeinden with an audit / an alliance, in NRW and elsewhere.
AUDIT_SHARE = {"05": 0.08, "other": 0.01}
BUENDNIS_SHARE = {"05": 0.25, "other": 0.04}
_NOTES = ("", "", "", "Rezertifizierung beantragt", "Bündnis mit Nachbargemeinde")


def rows(seed: int = SEED) -> list[dict[str, str]]:
    """The sample's rows, deterministic for a seed, sorted by AGS and programme."""
    rng = random.Random(seed)
    gemeinden = BoundarySet().frame("gemeinde")
    providers = load_providers().frame
    managed = providers.loc[
        providers["service_types"].map(lambda codes: "familienmanager" in codes), "gemeinde_ags"
    ]
    out: list[dict[str, str]] = []
    for ags in sorted(set(managed)):
        out.append(_row(ags, "familienmanager", rng.randint(2012, 2025), ""))
    for ags, land in zip(gemeinden.index, gemeinden["land_ags"], strict=True):
        key = "05" if land == "05" else "other"
        if rng.random() < AUDIT_SHARE[key]:
            out.append(_row(ags, "audit", rng.randint(2008, 2025), rng.choice(_NOTES[:4])))
        if rng.random() < BUENDNIS_SHARE[key]:
            out.append(_row(ags, "buendnis", rng.randint(2004, 2020), rng.choice(_NOTES)))
    return sorted(out, key=lambda row: (row["ags"], row["programm"]))


def _row(ags: str, code: str, year: int, note: str) -> dict[str, str]:
    return {"ags": ags, "programm": code, "jahr": str(year), "hinweis": note}


def main() -> None:
    sample = rows()
    SAMPLE_PROGRAMMES.parent.mkdir(parents=True, exist_ok=True)
    with SAMPLE_PROGRAMMES.open("w", encoding="utf-8", newline="") as handle:
        handle.write(NOTICE + "\n")
        writer = csv.DictWriter(handle, fieldnames=["ags", "programm", "jahr", "hinweis"])
        writer.writeheader()
        writer.writerows(sample)
    print(f"{len(sample)} Zeilen nach {SAMPLE_PROGRAMMES}")


if __name__ == "__main__":
    main()

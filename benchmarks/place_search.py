"""The place search: time per query at the server, on the inputs families type.

``uv run python -m benchmarks.place_search [--rounds 5]``

Every input of ``tests/providers/data/place_queries.csv`` is searched ``rounds``
times with a warm gazetteer (as in a running app, built once per process). The
baseline in the same run is one bare fuzzy lookup of the input over every name
(``rapidfuzz.process.extractOne``), the least a typo-forgiving search must do;
the ratio says what reading the input, Ortsteile and postcodes add to it.
Goal: p95 and the slowest query under 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

from rapidfuzz import process
from rapidfuzz.distance import OSA

import geodata
from places import Gazetteer
from places.query import core, fold
from tests.harness.files import place_queries


def _times(function, inputs: list[str], rounds: int) -> list[float]:
    times = []
    for text in inputs:
        best = min(_once(function, text) for _ in range(rounds))
        times.append(best * 1000)
    return times


def _once(function, text: str) -> float:
    started = time.perf_counter()
    function(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    boundaries = geodata.BoundarySet()
    kreise = boundaries.frame("kreis")
    started = time.perf_counter()
    gazetteer = Gazetteer(
        boundaries.frame("gemeinde"),
        dict(zip(kreise["ags"], kreise["name"], strict=True)),
        inhabitants=geodata.load_population().inhabitants,
    )
    built = time.perf_counter() - started
    names = [core(fold(n)) for n in boundaries.frame("gemeinde")["name"]]
    inputs = [row["typed"] for row in place_queries()]

    def bare(text: str) -> object:
        return process.extractOne(core(fold(text)), names, scorer=OSA.normalized_similarity)

    searched = _times(gazetteer.search, inputs, args.rounds)
    baseline = _times(bare, inputs, args.rounds)
    ordered = sorted(searched)
    p50, p95 = statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]
    slowest = max(zip(searched, inputs, strict=True))
    print(f"Gazetteer gebaut in {built:.1f} s ({len(inputs)} Eingaben, {args.rounds} Runden)")
    print(f"Suche:    p50 {p50:.2f} ms, p95 {p95:.2f} ms, langsamste {slowest[0]:.2f} ms")
    print(f"          ({slowest[1]!r})")
    print(f"Basis:    p50 {statistics.median(baseline):.2f} ms (ein extractOne über alle Namen)")
    print(f"Verhältnis Suche / Basis (Median): {p50 / statistics.median(baseline):.2f}×")
    print(f"Ziel < 50 ms: {'erreicht' if slowest[0] < 50 else 'VERFEHLT'}")


if __name__ == "__main__":
    main()

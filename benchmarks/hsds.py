"""HSDS 3 export and API at 50,000 providers, against plain baselines in the same run.

``uv run python -m benchmarks.hsds``

- export: :func:`providers.write_hsds` of 50,000 providers spread over Germany (seeded)
  with 10,000 weekly Termine, against the Excel CSV of the same providers
  (:func:`providers.to_excel_csv`: one flat table, the least an export can do). Goal:
  under 10 s.
- API: a page of 50 services as JSON text (list entries, ``full=true``, a search),
  warm (median of 200), against ``json.dumps`` of 50 rows of the provider frame (the
  least any JSON answer costs). Goal: under 50 ms. The catalogue is built once per
  data version; its time is printed too.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
import time
from pathlib import Path

from benchmarks.timing import median_time
from events import read_event_file
from providers import HsdsCatalogue, hsds_tables, load_providers, to_excel_csv, write_hsds
from providers.sample import write_spread_sample

COUNT = 50_000
TERMINE = 10_000


def main() -> None:
    path = Path(tempfile.mkdtemp(prefix="fk-hsds-")) / f"verteilt-{COUNT}.csv"
    write_spread_sample(path, COUNT)
    frame = load_providers(path).frame
    weekly = next(e for e in read_event_file()[0] if e.rrule.startswith("FREQ=WEEKLY"))
    ids = list(frame["id"])
    events = [
        dataclasses.replace(weekly, id=f"b-{n}", provider_id=ids[n * 5 % len(ids)])
        for n in range(TERMINE)
    ]
    print(f"{len(frame):,} Anbieter, {len(events):,} Termine")

    started = time.perf_counter()
    package = write_hsds(frame, events)
    ours = time.perf_counter() - started
    started = time.perf_counter()
    flat = to_excel_csv(frame, "Quelle: Familienkarte").data
    baseline = time.perf_counter() - started
    print(
        f"Export HSDS-Paket {ours:5.2f} s ({len(package) / 1e6:.1f} MB) | Excel-CSV "
        f"{baseline:5.2f} s ({len(flat) / 1e6:.1f} MB) | {ours / baseline:.1f}× die CSV-Zeit | "
        f"Ziel < 10 s: {'erreicht' if ours < 10 else 'VERFEHLT'}"
    )

    started = time.perf_counter()
    catalogue = HsdsCatalogue(hsds_tables(frame, events))
    print(f"API-Katalog aufgebaut (einmal je Datenstand): {time.perf_counter() - started:.2f} s")
    rows = frame.drop(columns="geometry").head(50).astype(str).to_dict("records")
    plain = median_time(lambda: json.dumps(rows, ensure_ascii=False), 200, warm_up=True)
    print(f"Grundlinie json.dumps von 50 Zeilen: {plain * 1000:.2f} ms")
    for label, params in (
        ("Seite 50 Dienste", {"page": "7"}),
        ("Seite 50, full=true", {"page": "7", "full": "true"}),
        ("Suche „Familienzentrum“", {"search": "familienzentrum"}),
    ):
        took = median_time(
            lambda p=params: json.dumps(catalogue.services_page(p), ensure_ascii=False),
            200,
            warm_up=True,
        )
        print(
            f"{label:<26} {took * 1000:6.2f} ms | {took / plain:5.1f}× die Grundlinie | "
            f"Ziel < 50 ms: {'erreicht' if took < 0.05 else 'VERFEHLT'}"
        )


if __name__ == "__main__":
    main()

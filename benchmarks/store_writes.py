"""The store: imports and the map's read path on SQLite and PostgreSQL, same run.

``uv run python -m benchmarks.store_writes``

- Import of 50,000 spread providers (seeded) into an empty store, one
  transaction, on each backend.
- The read of all providers placed in their areas (``load_from_store``, done once
  per data version) and the filtered read the map needs per page view for one
  Kreis and for all Germany at 50,000: one ``Store.version()`` query plus the
  filter in memory.
- At 5,000 providers, that read path against today's in-memory path (filter
  alone); it must not be more than 2× slower.
- Rights: the same 50,000 rows imported by a Kreis account (most rows refused, row
  by row) against the import by a Betrieb account, each into an empty SQLite store;
  the Kreis import must stay within 1.2× (issue 37). Also what placing 50,000 rows in
  their Kreis costs (it is part of both).

PostgreSQL runs from Debian's packages in a temporary directory (as in the tests).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.timing import median_time
from geodata import load_boundaries
from providers import filter_providers, import_providers, records_from_frame
from providers.sample import write_spread_sample
from store import Editor, Rights, Role, Store, load_from_store, sqlite_url
from store.areas import kreise_at
from tests.harness.ports import free_port
from tests.harness.postgres import PostgresServer

RUNS = 5
KREIS = "05382"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="fk-store-"))
    gemeinden = load_boundaries("gemeinde")
    server = PostgresServer(free_port()).start()
    try:
        rows = {}
        for count in (5_000, 50_000):
            path = work / f"verteilt-{count}.csv"
            write_spread_sample(path, count)
            rows[count] = records_from_frame(import_providers(path).frame)
        print(f"{'Backend':<12} {'Import 50k s':>13} {'Lesen s':>9} {'Kreis ms':>9} {'DE ms':>8}")
        results = {}
        for backend in ("SQLite", "PostgreSQL"):
            url = sqlite_url(work / "s.sqlite") if backend == "SQLite" else server.database()
            store = Store(url)
            store.migrate()
            started = time.perf_counter()
            store.replace(rows[50_000], "benchmark")
            imported = time.perf_counter() - started
            read = median_time(lambda s=store: load_from_store(s, gemeinden), RUNS)
            frame = load_from_store(store, gemeinden).frame

            def kreis_view(s=store, f=frame):
                return s.version(), filter_providers(f, kreis=KREIS)

            def germany_view(s=store, f=frame):
                return s.version(), filter_providers(f)

            kreis = median_time(kreis_view, RUNS)
            germany = median_time(germany_view, RUNS)
            results[backend] = (imported, read, kreis, germany)
            print(
                f"{backend:<12} {imported:13.1f} {read:9.2f} {kreis * 1000:9.2f} "
                f"{germany * 1000:8.2f}"
            )
            store.engine.dispose()
        sqlite, postgres = results["SQLite"], results["PostgreSQL"]
        print(
            f"SQLite : PostgreSQL – Import {sqlite[0] / postgres[0]:.2f}, "
            f"Lesen {sqlite[1] / postgres[1]:.2f}, Kreis {sqlite[2] / postgres[2]:.2f}, "
            f"DE {sqlite[3] / postgres[3]:.2f}"
        )
        # The map's read path at 5,000 against the in-memory path of before.
        store = Store(sqlite_url(work / "5k.sqlite"))
        store.migrate()
        store.replace(rows[5_000], "benchmark")
        frame = load_from_store(store, gemeinden).frame
        memory = median_time(lambda: filter_providers(frame, kreis=KREIS), RUNS)
        ours = median_time(lambda: (store.version(), filter_providers(frame, kreis=KREIS)), RUNS)
        verdict = "ok" if ours <= 2 * memory else "ZU LANGSAM"
        print(
            f"5.000 Anbieter, Kreis: im Speicher {memory * 1000:.2f} ms, mit Store "
            f"{ours * 1000:.2f} ms ({ours / memory:.2f}×, Grenze 2×: {verdict})"
        )
        _rights(rows[50_000], work)
    finally:
        server.stop()


def _rights(rows: list, work: Path) -> None:
    """The import of ``rows`` by a Betrieb and by a Kreis account, one run each."""
    placed = time.perf_counter()
    kreise_at([r.lat for r in rows], [r.lon for r in rows])
    placed = time.perf_counter() - placed
    seconds = {}
    for role, areas in ((Role.BETRIEB, ()), (Role.KREIS, (KREIS,))):
        store = Store(sqlite_url(work / f"rechte-{role.value}.sqlite"))
        store.migrate()
        store.users.create(role.value, "ein langes Passwort", Rights(role, areas))
        started = time.perf_counter()
        change = store.replace(rows, Editor(role.value))
        seconds[role] = time.perf_counter() - started
        print(
            f"Import 50k als {role.value:8}: {seconds[role]:.1f} s, {change.added} gespeichert, "
            f"{len(change.refused)} abgelehnt"
        )
        store.engine.dispose()
    ratio = seconds[Role.KREIS] / seconds[Role.BETRIEB]
    verdict = "ok" if ratio <= 1.2 else "ZU LANGSAM"
    print(f"Kreis : Betrieb {ratio:.2f}× (Grenze 1,2×: {verdict}); Kreise zuordnen {placed:.2f} s")


if __name__ == "__main__":
    main()

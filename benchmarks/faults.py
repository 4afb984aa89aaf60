"""Faults under load, measured: a lock held on the providers for 30 s while visitors browse
and an editor saves; a restart while hundreds of sessions are open.

``uv run python -m benchmarks.faults sperre [--visitors 50] [--seconds 30] [--hold 30]``
  One app process on PostgreSQL (started here), visitors of the load generator
  (:class:`benchmarks.visitor_load.Visitor`, 5–15 s thinking). First ``--seconds`` as
  usual, then another session holds ``LOCK TABLE providers IN EXCLUSIVE MODE`` for
  ``--hold`` seconds (what a long import or an operator's lock does): the visitors'
  p50/p95 in both windows, what the editor who saves during the lock waits and reads,
  what ``/bereit`` says meanwhile, and whether anything was lost.

``uv run python -m benchmarks.faults neustart [--sessions 200]``
  One app process (SQLite, as the default install) with ``--sessions`` sessions open,
  each having seen the map at a Kreis; the process is stopped with SIGTERM (as
  ``systemctl restart`` does) and started again on the same port. Each page then does
  what Streamlit's client does – connect again until the process answers – and its
  visitor's next step (the same view) runs: how many come back, the errors and
  tracebacks they see, and the seconds until the last is served. That the browser's
  client reconnects by itself is held by ``tests/dashboard/test_restart.py``.

Only loopback addresses are served; every run is bounded in visitors and in time.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack

import gevent
from gevent.pool import Pool

from benchmarks.visitor_load import (
    ENV,
    KREISE,
    MAX_VISITORS,
    Visitor,
    ramp_up,
    source_address,
    start,
    step_figures,
    warm,
)
from tests.harness.balancer import unit_command
from tests.harness.browser import ROOT, start_app, stop_app
from tests.harness.files import TempFolders
from tests.harness.streamlit_protocol import StreamlitSession

#: The editor's change during the lock: a provider of the Rhein-Sieg-Kreis renamed.
_RENAMED = "Umbenannt während der Sperre"


def _hold(database: str, seconds: float) -> None:
    """Hold a write lock on the providers (a subprocess: psycopg blocks gevent's loop)."""
    import sqlalchemy as sa

    engine = sa.create_engine(database)
    with engine.connect() as connection, connection.begin():
        connection.execute(sa.text("LOCK TABLE providers IN EXCLUSIVE MODE"))
        print("gesperrt", flush=True)
        time.sleep(seconds)
    engine.dispose()


def _save(database: str) -> None:
    """An editor saves a renamed provider; prints seconds, outcome and message as JSON."""
    from store import Store, StoreRefused

    store = Store(database)
    record = next(r for r in store.records() if 50.78 < r.lat < 50.84 and 7.18 < r.lon < 7.32)
    started = time.monotonic()
    try:
        store.save(dataclasses.replace(record, name=_RENAMED), "lasttest")
        outcome, message = "gespeichert", ""
    except StoreRefused as refused:
        outcome, message = type(refused).__name__, str(refused)
    answer = {"sekunden": time.monotonic() - started, "ergebnis": outcome, "meldung": message}
    print(json.dumps(answer, ensure_ascii=False), flush=True)
    store.engine.dispose()


def _helper(*arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks.faults", *arguments],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _readiness(url: str) -> dict:
    try:
        with urllib.request.urlopen(f"{url}/bereit", timeout=30) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as error:
        return json.load(error)


def _print_steps(label: str, steps: dict) -> None:
    for name, (count, failures, p50, p95, _) in steps.items():
        print(f"  {label:14} {name:16} {count:6} {failures:6} {p50:7.2f} {p95:7.2f}", flush=True)


def lock(visitors: int, seconds: float, hold: float) -> None:
    """The lock of the module's description, with its figures printed."""
    folders = TempFolders()
    with ExitStack() as stack:
        app = start(stack, folders, 1, ROOT, database=True)
        assert app.database is not None
        before_count = len(_records(app.database))
        environment = ramp_up(app.url, Visitor, visitors)
        gevent.sleep(seconds)
        normal = step_figures(environment)
        environment.stats.reset_all()
        holder = _helper("halten", app.database, str(hold))
        holder.stdout.readline()  # "gesperrt"
        locked_at = time.monotonic()
        editor = _helper("speichern", app.database)
        answers = []
        while holder.poll() is None:
            answers.append(_readiness(app.url))
            gevent.sleep(1)
        during = step_figures(environment)
        held = time.monotonic() - locked_at
        saved = json.loads(editor.communicate()[0])
        environment.runner.quit()
        after = _helper("speichern", app.database)
        saved_after = json.loads(after.communicate()[0])
        records = _records(app.database)
    print(f"\nSperre auf providers {held:.0f} s, {visitors} Besucher (5–15 s Nachdenken)")
    print(f"  {'Fenster':14} {'Schritt':16} {'Läufe':>6} {'Fehler':>6} {'p50 s':>7} {'p95 s':>7}")
    _print_steps("ohne Sperre", normal)
    _print_steps("mit Sperre", during)
    slow = [a for a in answers if a.get("langsam")]
    waiting = max((a.get("wartende_schreibzugriffe", 0) for a in answers), default=0)
    print(
        f"  Redaktion speichert während der Sperre: nach {saved['sekunden']:.1f} s "
        f"{saved['ergebnis']} – „{saved['meldung']}“"
    )
    print(f"  danach noch einmal: {saved_after['ergebnis']} nach {saved_after['sekunden']:.2f} s")
    print(
        f"  /bereit: {len(answers)} Antworten, alle bereit: "
        f"{all(a.get('bereit') for a in answers)}, „langsam“ in {len(slow)}, wartende "
        f"Schreibzugriffe höchstens {waiting}"
    )
    renamed = sum(r.name == _RENAMED for r in records)
    print(
        f"  Anbieter vorher {before_count}, nachher {len(records)} (umbenannt: {renamed}); "
        f"verloren: {before_count - len(records)}"
    )


def _records(database: str) -> list:
    from store import Store

    store = Store(database)
    try:
        return store.records()
    finally:
        store.engine.dispose()


@dataclasses.dataclass
class Back:
    """One open page after the restart."""

    seconds: float
    errors: list[str]
    traceback: bool


def restart(count: int) -> None:
    """The restart of the module's description, with its figures printed."""
    folders = TempFolders()
    store = folders.mktemp("store") / "familienkarte.sqlite"
    env = ENV | {"FAMILIENKARTE_CACHE": str(folders.mktemp("cache"))}
    url, process = start_app(folders, store=store, env=env, command=unit_command)
    warm(url)
    pages = []
    for number in range(count):
        session = StreamlitSession(url, source=source_address())
        session.open("", f"kreis={KREISE[number % len(KREISE)]}")
        pages.append(session)
    stopped_at = time.monotonic()
    stop_app(process)
    down = time.monotonic() - stopped_at
    port = int(url.rsplit(":", 1)[1])
    url, process = start_app(folders, store=store, env=env, command=unit_command, port=port)
    up = time.monotonic() - stopped_at

    def come_back(page: StreamlitSession) -> Back:
        deadline = time.monotonic() + 120
        while True:
            try:
                again = StreamlitSession(url, source=source_address())
                break
            except OSError:
                if time.monotonic() > deadline:
                    return Back(time.monotonic() - stopped_at, ["keine Verbindung"], False)
                gevent.sleep(0.5)
        again.keep = True
        try:
            run = again.open(page.page, page.query)
        except Exception as error:  # a lost connection is an error of this page
            return Back(time.monotonic() - stopped_at, [type(error).__name__], False)
        seen = b"Traceback" in again.received
        again.close()
        return Back(time.monotonic() - stopped_at, run.errors, seen)

    try:
        backs = Pool(count).map(come_back, pages)
    finally:
        stop_app(process)
    served = [b for b in backs if not b.errors]
    print(f"\nNeustart mit {count} offenen Sitzungen (SIGTERM, derselbe Port)")
    print(f"  Prozess beendet nach {down:.1f} s, wieder bereit nach {up:.1f} s")
    print(
        f"  wieder bedient: {len(served)} von {count}; Fehler: {count - len(served)}; "
        f"Tracebacks: {sum(b.traceback for b in backs)}"
    )
    times = sorted(b.seconds for b in served)
    if times:
        print(
            f"  Sekunden nach dem Stopp bis bedient: Median {times[len(times) // 2]:.1f}, "
            f"die letzte {times[-1]:.1f}"
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "halten":
        _hold(sys.argv[2], float(sys.argv[3]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "speichern":
        _save(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fault", choices=("sperre", "neustart"))
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--hold", type=float, default=30)
    parser.add_argument("--sessions", type=int, default=200)
    args = parser.parse_args()
    if max(args.visitors, args.sessions) > MAX_VISITORS or max(args.seconds, args.hold) > 600:
        parser.error(f"höchstens {MAX_VISITORS} Besucher und 600 Sekunden")
    if args.fault == "sperre":
        lock(args.visitors, args.seconds, args.hold)
    else:
        restart(args.sessions)


if __name__ == "__main__":
    main()

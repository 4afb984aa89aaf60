"""Visitors under load: how many people one app process (or two behind nginx) serves.

``uv run python -m benchmarks.visitor_load [--visitors 10,50,100,200] [--seconds 60]
[--think 5,15] [--processes 1|2] [--burst] [--baseline DIR] [--idle 0,50,200]``

Starts the app on loopback (``--processes 2``: two app processes behind nginx with the
shipped configuration) and lets Locust run simulated visitors against it. Each speaks
Streamlit's WebSocket protocol (:mod:`testing.streamlit_protocol`); no browser.

A *visit* (a new session, as a new visitor): open the map at a Kreis (a link such as a
Kreis's website gives), think, choose a type of help (Frühe Hilfen), think, open "In
meiner Nähe", think, type a postcode; think, and the next visit, at another Kreis.
Thinking takes ``--think`` seconds (uniform). For each number of visitors, after the
ramp-up, ``--seconds`` of measurement: per step the p50/p95/p99 wait until the script
run has finished, errors, script runs per second, and the app processes' CPU (in cores)
and resident memory.

``--schlank``: readers of the lean family pages (every Gemeinde's page, some of one
kind of help; plain HTTP, compressed, no thinking) against one process, and the burst
of Streamlit runs right after on the same process, so that page views per second of
both are measured in one run.

``--burst``: no thinking; each visitor runs the map page at Kreis, Land and Germany
back to back (the probe of the issue), which gives the most runs a process can do.
``--baseline DIR``: the same levels first against another checkout (a ``git worktree``
of an older commit), so that before and after are measured in one run.
``--idle``: resident memory with that many idle sessions open (each has seen the map
once), and after all have closed.

Only loopback addresses are served; every run is bounded in visitors and in time.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import itertools
import random
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import gevent
import psutil
from locust import FastHttpUser, User, between, constant, events, task
from locust.env import Environment

from geodata import load_boundaries
from places import SlugTable
from providers import SERVICE_TYPES
from store import Store
from tests.harness.balancer import nginx_binary, start_nginx, unit_command
from tests.harness.browser import ROOT, start_app, stop_app
from tests.harness.files import TempFolders
from tests.harness.ports import free_port
from tests.harness.postgres import PostgresServer
from tests.harness.streamlit_protocol import Run, SessionFigures, StreamlitSession, session_figures

#: Kreise of several Länder, large and small; visitors take them in turn.
KREISE = ("05382", "05315", "05111", "05334", "05570", "09162", "01058", "03241", "08111")
#: Postcodes typed on "In meiner Nähe", in and outside NRW.
POSTCODES = ("53721", "50667", "40210", "52062", "48143", "80331", "24768", "30159", "70173")
#: The probe's three views of the map page.
BURST_VIEWS = ("kreis=05382", "land=05", "")
#: A load test stays a test: at most this many simulated visitors.
MAX_VISITORS = 1000
STEPS = ("Karte (Kreis)", "Filter ändern", "In meiner Nähe", "PLZ eingeben")
BURST_STEP = "Karte (ohne Pause)"
LEAN_STEP = "schlanke Seite"

_sources = itertools.count()
#: Seconds Streamlit keeps a closed session for a reconnect (default 120), shortened so
#: that the idle measurement sees closed sessions go.
_EXPIRY = 10
ENV = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(_EXPIRY)}


def source_address() -> str:
    """A loopback address per visitor; nginx's ``ip_hash`` looks at the first three octets."""
    number = next(_sources)
    return f"127.{1 + number // 250 % 250}.{number % 250}.1"


class _Visitor(User):
    abstract = True

    def on_start(self) -> None:
        self.session = StreamlitSession(self.host, source=source_address())

    def on_stop(self) -> None:
        self.session.close()

    def step(self, name: str, action: Callable[[], Run]) -> None:
        started = time.perf_counter()
        try:
            run = action()
        except Exception as error:  # a lost connection is an error of this step
            events.request.fire(
                request_type="WS",
                name=name,
                response_time=(time.perf_counter() - started) * 1000,
                response_length=0,
                exception=error,
            )
            self.session.close()
            self.session = StreamlitSession(self.host, source=source_address())
            return
        events.request.fire(
            request_type="WS",
            name=name,
            response_time=run.seconds * 1000,
            response_length=run.bytes,
            exception=RuntimeError(run.errors[0][:200]) if run.errors else None,
        )


class Visitor(_Visitor):
    """A family or a planner: a Kreis, a filter, a postcode, thinking in between."""

    wait_time = between(5, 15)
    visits = 0

    @task
    def visit(self) -> None:
        if self.visits:  # each visit is a visitor of her own, with a new session
            self.session.close()
            self.session = StreamlitSession(self.host, source=source_address())
        self.visits += 1
        kreis, postcode = random.choice(KREISE), random.choice(POSTCODES)
        self.step(STEPS[0], lambda: self.session.open("", f"kreis={kreis}"))
        self.wait()
        self.step(STEPS[1], lambda: self.session.choose("f_types_fruehe_hilfen"))
        self.wait()
        self.step(STEPS[2], lambda: self.session.open("naehe"))
        self.wait()
        self.step(STEPS[3], lambda: self.session.type_text("n_query", postcode))


class Burst(_Visitor):
    """The issue's probe: the map page at Kreis, Land and Germany, no thinking."""

    wait_time = constant(0)

    @task
    def views(self) -> None:
        for query in BURST_VIEWS:
            self.step(BURST_STEP, lambda query=query: self.session.open("", query))


@functools.cache
def lean_paths() -> list[str]:
    """Every Gemeinde's page, and for a third of them the page of one kind of help: a
    reader rarely meets a page the process has rendered before (the worst case)."""
    gemeinden = load_boundaries("gemeinde")
    kreise = load_boundaries("kreis")
    table = SlugTable(
        dict(zip(gemeinden["ags"], gemeinden["name"], strict=True)),
        dict(zip(kreise["ags"], kreise["name"], strict=True)),
    )
    kinds = [service.code for service in SERVICE_TYPES]
    chosen = random.Random(7)
    paths = []
    for _, slug in table.items():
        paths.append(f"/hilfe/{slug}")
        if chosen.random() < 1 / 3:
            paths.append(f"/hilfe/{slug}/{chosen.choice(kinds)}")
    return paths


class LeanReader(FastHttpUser):
    """A family (or a search engine) reading lean pages, no thinking, no session."""

    wait_time = constant(0)

    @task
    def read(self) -> None:
        path = random.choice(lean_paths())
        self.client.get(path, headers={"Accept-Encoding": "gzip"}, name=LEAN_STEP)


@dataclass
class Level:
    """One number of visitors, measured."""

    visitors: int
    seconds: float
    #: Per step: requests, failures, p50, p95, p99 (seconds).
    steps: dict[str, tuple[int, int, float, float, float]]
    cpu_cores: float
    rss_mb: float
    #: The load generator's own CPU (cores): near 1, it is what limits.
    generator_cores: float

    @property
    def runs_per_second(self) -> float:
        return sum(step[0] for step in self.steps.values()) / self.seconds


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    return sum(p.cpu_times().user + p.cpu_times().system for p in processes)


def _rss_mb(processes: list[psutil.Process]) -> float:
    return sum(p.memory_info().rss for p in processes) / 2**20


def ramp_up(url: str, user: type[User], visitors: int) -> Environment:
    """``visitors`` of class ``user`` started against ``url``, their first runs past;
    the statistics start from here."""
    environment = Environment(user_classes=[user], host=url, events=events)
    runner = environment.create_local_runner()
    runner.start(visitors, spawn_rate=max(visitors / 10, 1))
    deadline = time.monotonic() + visitors + 60
    while runner.user_count < visitors and time.monotonic() < deadline:
        gevent.sleep(0.5)
    # let the first runs of the last visitors pass, then start counting
    gevent.sleep(5 if user in (Burst, LeanReader) else 10)
    environment.stats.reset_all()
    return environment


def step_figures(environment: Environment) -> dict[str, tuple[int, int, float, float, float]]:
    """Per step since the last reset: runs, failures, p50, p95, p99 (seconds)."""
    steps = {}
    for (name, _), entry in sorted(environment.stats.entries.items()):
        steps[name] = (
            entry.num_requests,
            entry.num_failures,
            *(entry.get_response_time_percentile(p) / 1000 for p in (0.5, 0.95, 0.99)),
        )
    return steps


def measure(
    url: str,
    user: type[User],
    visitors: int,
    seconds: float,
    servers: list[psutil.Process],
    halfway: Callable[[], str] | None = None,
) -> Level:
    """``visitors`` of class ``user`` against ``url``: ramp up, then ``seconds`` measured;
    ``halfway`` is done in the middle of them and its answer printed."""
    environment = ramp_up(url, user, visitors)
    runner = environment.runner
    generator = [psutil.Process()]
    cpu, own = _cpu_seconds(servers), _cpu_seconds(generator)
    started = time.monotonic()
    if halfway is None:
        gevent.sleep(seconds)
    else:
        gevent.sleep(seconds / 2)
        print(f"  {visitors} Besucher: {halfway()}", flush=True)
        gevent.sleep(max(0.0, started + seconds - time.monotonic()))
    elapsed = time.monotonic() - started
    cpu = (_cpu_seconds(servers) - cpu) / elapsed
    own = (_cpu_seconds(generator) - own) / elapsed
    rss = _rss_mb(servers)
    steps = step_figures(environment)
    runner.quit()
    return Level(visitors, elapsed, steps, cpu, rss, own)


def edit_seen(database: str, backends: list[str]) -> tuple[float, int]:
    """Rename a provider of the Rhein-Sieg-Kreis in the shared store (as an editor on
    any process would); seconds until a visitor of every process sees the new name on
    her next map run, and how many processes did."""
    store = Store(database)
    record = next(r for r in store.records() if 50.78 < r.lat < 50.84 and 7.18 < r.lon < 7.32)
    name = f"Umbenannt unter Last {random.randrange(10**6)}"
    visitors = [StreamlitSession(url) for url in backends]
    for visitor in visitors:
        visitor.keep = True
        visitor.open("", "kreis=05382")
    store.save(dataclasses.replace(record, name=name), "lasttest")
    started = time.monotonic()
    waiting = set(range(len(visitors)))
    while waiting and time.monotonic() - started < 60:
        for number in sorted(waiting):
            visitors[number].open("", "kreis=05382")
            if name.encode() in visitors[number].received:
                waiting.discard(number)
    seconds = time.monotonic() - started
    for visitor in visitors:
        visitor.close()
    store.engine.dispose()
    return seconds, len(visitors) - len(waiting)


def idle_memory(
    url: str, counts: list[int], server: psutil.Process, expiry: float
) -> list[tuple[str, float, SessionFigures]]:
    """Resident memory (MB) and Streamlit's session figures with ``counts`` idle sessions,
    each having seen the map at a Kreis once; then with all closed, after ``expiry``
    seconds (Streamlit keeps a closed session that long for a reconnect); then with as
    many new ones."""
    sessions: list[StreamlitSession] = []
    rows = []
    for count in sorted(counts):
        while len(sessions) < count:
            session = StreamlitSession(url, source=source_address())
            session.open("", f"kreis={KREISE[len(sessions) % len(KREISE)]}")
            sessions.append(session)
        time.sleep(3)
        rows.append((f"{count} offene Sitzungen", _rss_mb([server]), session_figures(url)))
    for session in sessions:
        session.close()
    time.sleep(expiry + 5)
    rows.append(("alle geschlossen", _rss_mb([server]), session_figures(url)))
    # Python keeps freed memory for reuse rather than giving it back: the same number of
    # sessions again must fit into it.
    again = [StreamlitSession(url, source=source_address()) for _ in sessions]
    for number, session in enumerate(again):
        session.open("", f"kreis={KREISE[number % len(KREISE)]}")
    time.sleep(3)
    rows.append((f"wieder {len(again)} offen", _rss_mb([server]), session_figures(url)))
    for session in again:
        session.close()
    return rows


def warm(url: str) -> None:
    session = StreamlitSession(url)
    for query in BURST_VIEWS + tuple(f"kreis={k}" for k in KREISE):
        session.open("", query)
    session.choose("f_types_fruehe_hilfen")
    session.open("naehe")
    for postcode in POSTCODES:
        session.type_text("n_query", postcode)
    session.close()


@dataclass
class Started:
    """The app as started: its URL (nginx's with several processes), the processes,
    their own URLs, and the shared database (several processes only)."""

    url: str
    servers: list[psutil.Process]
    backends: list[str]
    database: str | None


def start(
    stack: ExitStack, folders: TempFolders, processes: int, root: Path, database: bool = False
) -> Started:
    """App processes from ``root`` as the systemd unit starts them; several (or one with
    ``database``) share one PostgreSQL (started here), several behind nginx with the
    shipped configuration."""
    url_of_database = None
    if processes > 1 or database:
        server = PostgresServer(free_port()).start()
        stack.callback(server.stop)
        url_of_database = server.database()
    started = []
    for _ in range(processes):
        url, process = start_app(
            folders, root=root, env=ENV, command=unit_command, database_url=url_of_database
        )
        stack.callback(stop_app, process)
        started.append((url, process))
    servers = [psutil.Process(process.pid) for _, process in started]
    backends = [url for url, _ in started]
    for url in backends:
        warm(url)
    if processes == 1:
        return Started(backends[0], servers, backends, url_of_database)
    port = free_port()
    hosts = [url.removeprefix("http://") for url in backends]
    nginx = start_nginx(nginx_binary() or "nginx", hosts, folders.mktemp("nginx"), port)
    stack.callback(nginx.terminate)
    return Started(f"http://127.0.0.1:{port}", servers, backends, url_of_database)


def _edit_report(app: Started) -> str:
    seconds, seen = edit_seen(app.database, app.backends)
    return (
        f"Umbenennung in der Datenbank von {seen} von {len(app.backends)} Prozessen "
        f"beim nächsten Kartenlauf gezeigt, nach {seconds:.2f} s"
    )


HEADER = (
    f"{'Besucher':>8} {'Schritt':22} {'Läufe':>6} {'Fehler':>6} {'p50 s':>7} {'p95 s':>7} "
    f"{'p99 s':>7} {'Läufe/s':>8} {'CPU':>5} {'RSS MB':>7} {'Last-CPU':>8}"
)


def report(level: Level) -> None:
    for number, (name, (count, failures, p50, p95, p99)) in enumerate(level.steps.items()):
        tail = (
            f"{level.runs_per_second:8.2f} {level.cpu_cores:5.2f} {level.rss_mb:7.0f} "
            f"{level.generator_cores:8.2f}"
            if number == 0
            else ""
        )
        print(
            f"{level.visitors:8} {name:22} {count:6} {failures:6} {p50:7.2f} {p95:7.2f} "
            f"{p99:7.2f} {tail}",
            flush=True,
        )


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", default="10,50,100,200")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", default="5,15", help="Sekunden Nachdenken: von,bis")
    parser.add_argument("--processes", type=int, default=1, choices=(1, 2, 3, 4))
    parser.add_argument("--burst", action="store_true")
    parser.add_argument("--schlank", action="store_true", help="schlanke Seiten gegen Läufe")
    parser.add_argument("--baseline", type=Path, help="ein anderer Checkout als Vergleich")
    parser.add_argument("--idle", default="", help="z. B. 0,50,200")
    args = parser.parse_args()
    if max(_numbers(args.visitors) + _numbers(args.idle)) > MAX_VISITORS or args.seconds > 600:
        parser.error(f"höchstens {MAX_VISITORS} Besucher und 600 Sekunden je Stufe")
    low, high = (float(part) for part in args.think.split(","))
    Visitor.wait_time = between(low, high)
    user = Burst if args.burst else Visitor
    folders = TempFolders()
    roots = ([("vorher", args.baseline.resolve())] if args.baseline else []) + [("jetzt", ROOT)]
    for label, root in roots:
        with ExitStack() as stack:
            app = start(stack, folders, args.processes, root)
            url, servers = app.url, app.servers
            halfway = None if app.database is None else functools.partial(_edit_report, app)
            if args.idle:
                print(f"\nSpeicher je Sitzung ({label}, ein Prozess):")
                print(f"  {'':22} {'RSS MB':>7} {'Sitzungen':>9} {'Sitzungszustand kB':>19}")
                rows = idle_memory(url, _numbers(args.idle), servers[0], _EXPIRY)
                for name, mb, figures in rows:
                    kb = figures.state_bytes / 1000
                    print(f"  {name:22} {mb:7.0f} {figures.active:9} {kb:19.1f}")
                continue
            if args.schlank:
                print(f"\n{label}: 1 Prozess, schlanke Seiten, dann Streamlit-Läufe\n{HEADER}")
                for visitors in _numbers(args.visitors):
                    lean = measure(app.backends[0], LeanReader, visitors, args.seconds, servers)
                    report(lean)
                    runs = measure(app.backends[0], Burst, visitors, args.seconds, servers)
                    report(runs)
                    ratio = lean.runs_per_second / max(runs.runs_per_second, 1e-9)
                    print(f"{'':8} Seitenaufrufe/s schlank ÷ Streamlit-Läufe/s: {ratio:.1f}×")
                continue
            kind = "Karte ohne Pause" if args.burst else f"Besuche, {args.think} s Nachdenken"
            print(f"\n{label}: {args.processes} Prozess(e), {kind}\n{HEADER}", flush=True)
            for visitors in _numbers(args.visitors):
                report(measure(url, user, visitors, args.seconds, servers, halfway))


if __name__ == "__main__":
    main()

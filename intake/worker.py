"""Parsing a stranger's file in a bounded worker process, never in the app's own.

The app process serves every visitor: a parse that takes a minute holds the GIL
for all of them, and one that takes gigabytes gets the process killed. Here each
parse runs in a fresh worker (forked from a server that has the libraries loaded,
so a start costs milliseconds) with a memory ceiling (``RLIMIT_AS``) and a time
limit; at most :data:`WORKERS` run at once. A worker that runs out of memory or
time, or dies, is ended and the caller gets a :class:`WorkerFailed`; the next
call starts a new one.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
from collections.abc import Callable
from multiprocessing import spawn
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")

#: Parses running at once; more wait for a free place (up to their time limit).
WORKERS = 2
#: Memory a worker may take on top of what the loaded libraries use.
MEMORY_BYTES = 768 * 1024 * 1024
#: Seconds a parse may take, waiting for a place included.
TIMEOUT_S = 30.0
#: Loaded once in the fork server, so each worker starts with them.
_PRELOAD = ["pandas", "python_calamine", "intake", "events", "networks", "providers", "planning"]
_WORKER_NAME = "familienkarte-parse"

_places = threading.BoundedSemaphore(WORKERS)
_context_lock = threading.Lock()
_context: Any = None


class WorkerFailed(RuntimeError):
    """The worker did not finish: ``code`` is ``memory``, ``timeout``, ``busy`` or
    ``crashed``."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            {
                "memory": "Die Datei braucht zum Lesen zu viel Speicher.",
                "timeout": "Das Lesen der Datei dauert zu lange.",
                "busy": "Gerade werden zu viele Dateien gelesen; bitte gleich noch einmal.",
                "crashed": "Beim Lesen der Datei ist der Leseprozess abgestürzt.",
            }[code]
        )


def _without_main(get_preparation_data: Callable[[str], dict]) -> Callable[[str], dict]:
    """``multiprocessing.spawn.get_preparation_data`` that leaves out the main module
    for our workers.

    A child normally runs the parent's ``__main__`` again. In Streamlit that is the
    page script being run (Streamlit puts it in ``sys.modules["__main__"]``): a worker
    would draw the whole page before parsing. Our workers need only the function's
    own module, which pickle imports.
    """

    def preparation_data(name: str) -> dict:
        data = get_preparation_data(name)
        if name.startswith(_WORKER_NAME):
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
        return data

    return preparation_data


def _mp_context():
    global _context
    with _context_lock:
        if _context is None:
            spawn.get_preparation_data = _without_main(spawn.get_preparation_data)
            _context = multiprocessing.get_context("forkserver")
            _context.set_forkserver_preload(_PRELOAD)
        return _context


def _virtual_size() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _work(connection: Connection, memory: int, func: Callable, args: tuple) -> None:
    try:
        ceiling = _virtual_size() + memory
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
        connection.send(("ok", func(*args)))
    except MemoryError:
        connection.send(("memory", None))
    except Exception as error:  # noqa: BLE001 - the caller raises it as its own
        connection.send(("error", error))
    finally:
        connection.close()


def start_workers() -> None:
    """Start the fork server in the background (it loads the libraries once, several
    seconds), so that the first parse does not wait for it. Returns at once."""

    def start() -> None:
        try:
            run_isolated(divmod, 1, 1)
        except WorkerFailed:
            pass  # the next parse starts it again and reports what goes wrong

    threading.Thread(target=start, name="familienkarte-parse-start", daemon=True).start()


def run_isolated(
    func: Callable[..., T],
    *args: object,
    timeout_s: float = TIMEOUT_S,
    memory_bytes: int = MEMORY_BYTES,
) -> T:
    """``func(*args)`` in a worker process; its exceptions are raised here.

    ``func`` and ``args`` travel by pickle: a module-level function and plain data
    (a set of keys, not a boundary set).

    Raises
    ------
    WorkerFailed
        When the worker ran out of memory or time, died, or found no free place.
    """
    if not _places.acquire(timeout=timeout_s):
        raise WorkerFailed("busy")
    try:
        receiving, sending = _mp_context().Pipe(duplex=False)
        worker = _mp_context().Process(
            target=_work, args=(sending, memory_bytes, func, args), daemon=True, name=_WORKER_NAME
        )
        worker.start()
        sending.close()
        try:
            if not receiving.poll(timeout_s):
                raise WorkerFailed("timeout")
            status, value = receiving.recv()
        except EOFError:
            raise WorkerFailed("crashed") from None
        finally:
            receiving.close()
            if worker.is_alive():
                worker.kill()
            worker.join(5)
    finally:
        _places.release()
    if status == "memory":
        raise WorkerFailed("memory")
    if status == "error":
        raise value
    return value

"""The one way in for a file from outside: checked, then read in a bounded worker.

Every upload (anonymous or an editor's), every import on the command line and
every HSDS package comes through :func:`read_guarded`: the file's size, its zip
directory and what it really unpacks to are checked against the limits of its
purpose (:mod:`intake.limits`) *before* any reader – calamine, json, csv,
icalendar – sees a byte, and the reader then runs in a worker process with a
memory ceiling and a time limit (:mod:`intake.worker`), never in the process that
serves the visitors.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TypeVar

from intake.guard import check_file, too_large
from intake.limits import LIMITS, Purpose
from intake.worker import run_isolated

T = TypeVar("T")


def read_guarded(data: bytes, purpose: Purpose, reader: Callable[..., T], *args: object) -> T:
    """``reader(data, *args)`` in a bounded worker, once the file passed the checks of
    ``purpose``. ``reader`` and ``args`` travel by pickle: a module-level function and
    plain data.

    Raises
    ------
    FileRefused
        Before any reader saw the file: too large, a zip bomb, an unsafe archive.
    WorkerFailed
        When the reader ran out of memory or time, or the worker died.
    ValueError
        The reader's own (a German message for the person who sent the file).
    """
    limits = LIMITS[purpose]
    check_file(data, limits)
    return run_isolated(
        reader, data, *args, timeout_s=limits.seconds, memory_bytes=limits.memory_bytes
    )


def read_path_guarded(path: Path, purpose: Purpose, reader: Callable[..., T], *args: object) -> T:
    """``reader(data, name, *args)`` as :func:`read_guarded` does it, for a file or a
    folder on disk (the command line); see :func:`read_path`."""
    data, name = read_path(path, purpose)
    return read_guarded(data, purpose, reader, name, *args)


def read_path(path: Path, purpose: Purpose) -> tuple[bytes, str]:
    """The bytes and name of a file, or of a folder as one zip (an unzipped HSDS
    package), its size checked from the file system before a byte is read.

    Raises
    ------
    FileRefused
        Larger than the limit of ``purpose``.
    OSError
        When the file system refuses.
    """
    limits = LIMITS[purpose]
    if path.is_dir():
        files = [p for p in sorted(path.iterdir()) if p.is_file()]
        if sum(p.stat().st_size for p in files) > limits.file_bytes:
            raise too_large(limits)
        return folder_as_zip((p.name, p.read_bytes()) for p in files), f"{path.name}.zip"
    return checked_path(path, purpose).read_bytes(), path.name


def checked_path(path: Path, purpose: Purpose) -> Path:
    """A file on disk that its reader streams itself (an OpenStreetMap extract of a
    Land): its size checked against ``purpose``, not a byte read.

    Raises
    ------
    FileRefused
        Larger than the limit of ``purpose``.
    """
    limits = LIMITS[purpose]
    if path.stat().st_size > limits.file_bytes:
        raise too_large(limits)
    return path


def folder_as_zip(files) -> bytes:
    """Files ``(name, bytes)`` of a folder as one zip, so a folder takes the same
    checked path as a zipped package. Subfolders are flattened (a package's reader
    looks at file names only); of two files with one name the first counts."""
    buffer = io.BytesIO()
    taken: set[str] = set()
    # Stored, not deflated: it never leaves memory, and the check reads it at once.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        for name, content in files:
            base = PurePosixPath(name.replace("\\", "/")).name
            if base and base not in taken:
                taken.add(base)
                package.writestr(base, content)
    return buffer.getvalue()

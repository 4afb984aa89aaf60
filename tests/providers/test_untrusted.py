"""Files from strangers: refused from their size and zip directory before any reader
sees them, and parsed in a worker that cannot take the app down."""

from __future__ import annotations

import dataclasses
import os
import sys
import time
import types

import pytest

from intake import LIMITS, FileRefused, WorkerFailed, check_file, run_isolated
from tests.harness.files import bomb
from tests.providers.test_hsds import zipped

#: Small limits, so small files show each rule.
SMALL = dataclasses.replace(
    LIMITS["kennzahlen"],
    file_bytes=2_000_000,
    unpacked_bytes=4_000_000,
    member_bytes=3_000_000,
    members=5,
)


def lying(data: bytes) -> bytes:
    """The zip with every member declaring 10 bytes unpacked (its directory lies)."""
    out = bytearray(data)
    start = 0
    while (found := out.find(b"PK\x01\x02", start)) >= 0:  # central directory entries
        out[found + 24 : found + 28] = (10).to_bytes(4, "little")
        start = found + 4
    start = 0
    while (found := out.find(b"PK\x03\x04", start)) >= 0:  # local headers
        out[found + 22 : found + 26] = (10).to_bytes(4, "little")
        start = found + 4
    return bytes(out)


def test_a_compressed_bomb_is_refused_from_its_directory():
    data = bomb(60)
    assert len(data) < 1_000_000  # a small upload …
    with pytest.raises(FileRefused) as refused:
        check_file(data, LIMITS["kennzahlen"])  # … that would unpack to 60 MB
    assert refused.value.code == "unpacked"
    assert "40 MB" in str(refused.value)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"x" * 2_000_001, "too_large"),
        (zipped({f"f{i}.csv": b"a" for i in range(6)}), "members"),
        (zipped({"../etc/passwd": b"a"}), "unsafe_path"),
        (zipped({"sheet.xml": b"a" * 3_500_000}), "unpacked"),
        (zipped({"a.xml": b"a" * 1_500_000, "b.xml": b"b" * 1_500_000}), "ratio"),
        (lying(zipped({"sheet.xml": b"a" * 3_500_000})), "damaged"),
        (b"PK\x03\x04 not really a zip", "damaged"),
    ],
    ids=["size", "members", "path", "member", "ratio", "lying-directory", "broken"],
)
def test_what_is_refused_before_reading(data, code):
    with pytest.raises(FileRefused) as refused:
        check_file(data, SMALL)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "data",
    [
        b"ags;Kinder unter 3\n05382060;1234\n",
        zipped({"xl/worksheets/sheet1.xml": os.urandom(200_000)}),
        b"",
    ],
    ids=["csv", "workbook", "empty"],
)
def test_ordinary_files_pass(data):
    check_file(data, SMALL)


def _sleep_then(value: int) -> int:
    time.sleep(value)
    return value


def test_a_worker_returns_its_result_and_raises_its_errors():
    assert run_isolated(divmod, 7, 2) == (3, 1)
    with pytest.raises(ValueError, match="invalid literal"):
        run_isolated(int, "sieben")


def test_a_worker_out_of_memory_is_ended_with_a_clear_code():
    with pytest.raises(WorkerFailed) as failed:
        run_isolated(bytearray, 4_000_000_000, memory_bytes=200_000_000)
    assert failed.value.code == "memory"
    assert run_isolated(divmod, 9, 4) == (2, 1)  # and the next one works


def test_a_slow_worker_is_stopped_and_a_dead_one_reported():
    with pytest.raises(WorkerFailed) as failed:
        run_isolated(_sleep_then, 30, timeout_s=1)
    assert failed.value.code == "timeout"
    with pytest.raises(WorkerFailed) as failed:
        run_isolated(os.abort)
    assert failed.value.code == "crashed"
    assert run_isolated(_sleep_then, 0) == 0


def test_a_worker_does_not_run_the_page_script_that_streamlit_made_main(monkeypatch, tmp_path):
    # Streamlit puts the page being run into sys.modules["__main__"]; a worker that
    # ran it again would draw the page (here: fail) before parsing anything.
    script = tmp_path / "seite.py"
    script.write_text("raise SystemExit('the page script ran in the worker')\n")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", page)
    assert run_isolated(divmod, 7, 2) == (3, 1)

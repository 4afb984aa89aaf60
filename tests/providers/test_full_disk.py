"""A backup meets a full disk (a 64 kB file system mounted for the test): a clear
message, no file left that looks like a backup, an older backup kept, the store intact."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import BackupError, Store, backup, seed_store, sqlite_url


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A tmpfs of 64 kB (needs root, as on CI)."""
    mount = tmp_path / "klein"
    mount.mkdir()
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("Der Test braucht root für ein kleines Dateisystem (mount -t tmpfs).")
        pytest.skip("braucht root für mount -t tmpfs")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_backup_on_a_full_disk_leaves_no_backup_that_looks_complete(small_disk, tmp_path):
    store = Store(sqlite_url(tmp_path / "daten.sqlite"))
    store.migrate()
    seed_store(store)
    before = store.count()
    older = small_disk / "sicherung.sqlite"
    older.write_bytes(b"die Sicherung von gestern")
    with pytest.raises(BackupError, match="kein Platz mehr auf dem Datenträger"):
        backup(store, older)
    assert older.read_bytes() == b"die Sicherung von gestern"  # the older one stays
    assert [p.name for p in small_disk.iterdir()] == ["sicherung.sqlite"]  # nothing partial
    assert store.count() == before  # the store is as it was and still reads
    store.engine.dispose()

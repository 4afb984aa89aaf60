"""A real PostgreSQL server with PostGIS for the tests, from Debian's packages,
started in a temporary directory on a free port (``initdb`` refuses root: the
server runs as the ``postgres`` user)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.harness.ports import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


class PostgresServer:
    """A throw-away server; :meth:`database` gives a fresh database's URL."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.base = Path(tempfile.mkdtemp(prefix="fk-pg-"))
        self.data = self.base / "data"
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as_postgres:
            shutil.chown(self.base, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self._as_postgres, *args], check=True, capture_output=True, text=True, timeout=120
        )

    def start(self) -> PostgresServer:
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.base / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        return self

    def stop(self) -> None:
        try:
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def drop(self, url: str) -> None:
        """Drop the database of ``url`` under its open connections: the database a
        running app uses is gone."""
        import psycopg

        name = url.rsplit("/", 1)[-1]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')

    def database(self) -> str:
        """A new, empty database with PostGIS; its SQLAlchemy URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname={name}", autocommit=True
        ) as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"


def available() -> bool:
    """Whether Debian's PostgreSQL 15 server binaries are installed."""
    return (PG_BIN / "initdb").exists()


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL + PostGIS server; missing or failing fails on CI, skips elsewhere."""
    message = "PostgreSQL fehlt: apt-get install postgresql postgresql-15-postgis-3"
    if not available():
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(free_port())
    try:
        server.start()
    except subprocess.CalledProcessError as error:
        pytest.fail(f"PostgreSQL startet nicht: {error.stderr}")
    yield server
    server.stop()

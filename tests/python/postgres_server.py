"""A throwaway PostgreSQL 15 server for the engine tests.

`postgres_server` (a pytest fixture, session scope) starts Debian's PostgreSQL 15 in a
temporary directory, listening on 127.0.0.1 on a free port, as an unprivileged OS user (the
server refuses to run as root: when the tests run as root, the user `pgtest` is created if
missing and runs initdb/pg_ctl through `runuser`). Password authentication (scram) on TCP, the
server's time zone UTC. The server is stopped and its directory removed afterwards. Start-up
takes about a second. Tests that need it skip only when the PostgreSQL binaries are absent.

Import the fixture into a test module: `from postgres_server import postgres_server`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PG_BIN_CANDIDATES = (
    Path("/usr/lib/postgresql/15/bin"),
    Path("/usr/lib/postgresql/16/bin"),
    Path("/usr/lib/postgresql/17/bin"),
)
SERVICE_USER = "pgtest"
SUPERUSER = "postgres"


def pg_bin_dir() -> Path | None:
    """The directory holding initdb and pg_ctl (PG_BIN_DIR overrides), or None."""
    override = os.environ.get("PG_BIN_DIR")
    candidates = (Path(override),) if override else PG_BIN_CANDIDATES
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_service_user(name: str = SERVICE_USER) -> None:
    """Create the unprivileged OS user the server runs as, if it does not exist."""
    found = subprocess.run(["id", "-u", name], capture_output=True, check=False)
    if found.returncode != 0:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            check=True,
            capture_output=True,
        )


@dataclass
class PostgresServer:
    """A running server: superuser `postgres` with a random password on 127.0.0.1:port."""

    bin_dir: Path
    base_dir: Path
    port: int
    password: str
    run_as: str | None
    host: str = "127.0.0.1"
    user: str = SUPERUSER

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    def command(self, *args: str) -> list[str]:
        """args as a command line run as the service user (when we are root)."""
        if self.run_as:
            return ["runuser", "-u", self.run_as, "--", *args]
        return list(args)

    def connect_params(self, dbname: str = "postgres", **overrides: Any) -> dict[str, Any]:
        params = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "dbname": dbname,
        }
        params.update(overrides)
        return params

    def connect(self, dbname: str = "postgres", **overrides: Any):
        import psycopg2

        connection = psycopg2.connect(**self.connect_params(dbname, **overrides))
        return connection

    def execute(self, sql: str, dbname: str = "postgres") -> list[tuple[Any, ...]]:
        """Run one statement in autocommit mode; rows when it returns any."""
        connection = self.connect(dbname)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def create_database(self, name: str) -> str:
        """A fresh, empty database (dropped first if it exists)."""
        self.execute(f'drop database if exists "{name}" with (force)')
        self.execute(f'create database "{name}"')
        return name

    def dbt_env(self, dbname: str, schema: str = "public") -> dict[str, str]:
        """The environment profiles.yml's `postgres` target reads."""
        return {
            "DBT_TARGET": "postgres",
            "DBT_POSTGRES_HOST": self.host,
            "DBT_POSTGRES_PORT": str(self.port),
            "DBT_POSTGRES_USER": self.user,
            "DBT_POSTGRES_PASSWORD": self.password,
            "DBT_POSTGRES_DBNAME": dbname,
            "DBT_POSTGRES_SCHEMA": schema,
            "PGTZ": "UTC",
        }

    def stop(self) -> None:
        subprocess.run(
            self.command(
                str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"
            ),
            capture_output=True,
            check=False,
        )


def start_server(bin_dir: Path, attempts: int = 5) -> PostgresServer:
    """initdb + pg_ctl start in a fresh temporary directory; raises when it cannot start."""
    run_as = None
    if os.geteuid() == 0:
        ensure_service_user()
        run_as = SERVICE_USER
    # Not pytest's tmp_path: its parents are private to root, the service user must enter.
    base_dir = Path(tempfile.mkdtemp(prefix="annotation-ops-pg-"))
    password = secrets.token_hex(16)
    server = PostgresServer(bin_dir, base_dir, 0, password, run_as)
    password_file = base_dir / "password"
    password_file.write_text(password + "\n")
    if run_as:
        shutil.chown(base_dir, run_as, run_as)
        shutil.chown(password_file, run_as, run_as)
    initdb = subprocess.run(
        server.command(
            str(bin_dir / "initdb"),
            "-D",
            str(server.data_dir),
            "-U",
            SUPERUSER,
            "--pwfile",
            str(password_file),
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    if initdb.returncode != 0:
        shutil.rmtree(base_dir, ignore_errors=True)
        raise RuntimeError(f"initdb failed:\n{initdb.stdout}\n{initdb.stderr}")
    last_error = ""
    for _ in range(attempts):
        server.port = free_port()
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-c port={server.port}",
                f"-c unix_socket_directories={base_dir}",
                "-c timezone=UTC",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=50",
            ]
        )
        started = subprocess.run(
            server.command(
                str(bin_dir / "pg_ctl"),
                "-D",
                str(server.data_dir),
                "-l",
                str(base_dir / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "30",
                "start",
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        if started.returncode == 0:
            return server
        log = base_dir / "server.log"
        last_error = started.stdout + started.stderr + (log.read_text() if log.exists() else "")
    shutil.rmtree(base_dir, ignore_errors=True)
    raise RuntimeError(f"PostgreSQL did not start:\n{last_error}")


def running_server() -> Iterator[PostgresServer]:
    """Start a server, yield it, stop it and remove its directory."""
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed")
    server = start_server(bin_dir)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.base_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    yield from running_server()

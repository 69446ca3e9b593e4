"""The pytest harness: build the dbt project into a temporary DuckDB file from a temporary
landing zone, then query what it produced."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
SAMPLE_DIR = PROJECT_DIR / "data" / "sample"
SAMPLE_AS_OF_DATE = "2026-11-15"
DBT = Path(sys.executable).with_name("dbt")


@dataclass
class DbtRun:
    """One dbt invocation against a temporary warehouse."""

    returncode: int
    output: str
    database: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.sql(sql).fetchall()

    def scalar(self, sql: str) -> Any:
        rows = self.query(sql)
        return rows[0][0] if rows else None


def run_dbt(
    work_dir: Path,
    args: list[str],
    data_dir: Path | None = None,
    variables: dict[str, Any] | None = None,
) -> DbtRun:
    """Run `dbt <args>` on the project with its own DuckDB file, target and log folders."""
    work_dir.mkdir(parents=True, exist_ok=True)
    database = work_dir / "warehouse.duckdb"
    all_vars: dict[str, Any] = {"as_of_date": SAMPLE_AS_OF_DATE}
    if data_dir is not None:
        all_vars["data_dir"] = str(data_dir)
    all_vars.update(variables or {})
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_DUCKDB_PATH": str(database),
        "DBT_TARGET": "duckdb",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        str(DBT),
        *args,
        "--vars",
        json.dumps(all_vars),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
    ]
    completed = subprocess.run(
        command,
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return DbtRun(completed.returncode, completed.stdout + completed.stderr, database)


@pytest.fixture
def landing_zone(tmp_path: Path) -> Path:
    """An empty landing zone; tests write the vendor files they need into it."""
    zone = tmp_path / "landing"
    zone.mkdir()
    return zone


def write_file(zone: Path, relative: str, content: str | bytes) -> Path:
    """Write a landing-zone file (str is written as UTF-8 without changing line ends)."""
    path = zone / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., DbtRun]:
    """build(landing_zone, select=None, variables=None, args=None) -> DbtRun.

    Runs `dbt build` (or the given args) into a fresh DuckDB file under tmp_path. Pass
    `select` to limit the build to what the test needs (seeds are always included)."""
    counter = iter(range(1_000_000))

    def _build(
        zone: Path,
        select: str | None = None,
        variables: dict[str, Any] | None = None,
        args: list[str] | None = None,
    ) -> DbtRun:
        command = list(args) if args else ["build"]
        if select and not args:
            # cautious: tests that also touch models outside the selection stay out.
            command += [
                "--select",
                select,
                "resource_type:seed",
                "--indirect-selection",
                "cautious",
            ]
        return run_dbt(tmp_path / f"run{next(counter)}", command, zone, variables)

    return _build


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DbtRun]:
    """The whole project built once from the bundled sample, shared by the tests that read it."""
    if not SAMPLE_DIR.is_dir():
        pytest.skip("the bundled sample data/sample is missing")
    work_dir = tmp_path_factory.mktemp("sample_build")
    run = run_dbt(work_dir, ["build"], SAMPLE_DIR)
    assert run.ok, run.output[-5000:]
    yield run
    shutil.rmtree(work_dir, ignore_errors=True)

"""The pytest harness: build the dbt project into a temporary DuckDB file from a temporary
landing zone, then query what it produced."""

from __future__ import annotations

import csv
import fcntl
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

from annotation_ops.generator import generate
from annotation_ops.loader import landing

# The longest modules first (each builds the warehouse several times): `make test` runs four
# workers by module (--dist loadfile --no-loadscope-reorder), and a long module started last
# would end the run alone.
LONGEST_MODULES_FIRST = (
    "test_engine_spark.py",
    "test_landing_archive.py",
    "test_engine_postgres.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: position for position, name in enumerate(LONGEST_MODULES_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


PROJECT_DIR = Path(__file__).resolve().parents[2]
SAMPLE_DIR = PROJECT_DIR / "data" / "sample"
SAMPLE_AS_OF_DATE = "2026-11-15"
DBT = Path(sys.executable).with_name("dbt")
# run_dbt's dbt: one parse of the project serves every build of a pytest worker
DBT_REUSING_PARSE = Path(__file__).with_name("dbt_reusing_parse.py")
SAVED_PARSES: dict[str, Path] = {}


@pytest.fixture(scope="session", autouse=True)
def saved_parse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Where this worker's first build saves its parse of the project for the next ones;
    the loader's `dbt run-operation` (in this process) takes it too."""
    SAVED_PARSES["duckdb"] = tmp_path_factory.getbasetemp() / "saved_parses_duckdb"
    reusing = (
        "import runpy, sys; "
        f"sys.argv = [{str(DBT_REUSING_PARSE)!r}, {str(SAVED_PARSES['duckdb'])!r}, *sys.argv[1:]]; "
        f"runpy.run_path({str(DBT_REUSING_PARSE)!r}, run_name='__main__')"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(landing, "DBT_MAIN", reusing)
        yield


@dataclass
class DbtRun:
    """One dbt invocation against a temporary warehouse, from the landing zone `data_dir`."""

    returncode: int
    output: str
    database: Path
    data_dir: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def truth_dir(self) -> Path:
        """Where a generated landing zone keeps the true figures."""
        return self.data_dir / "_truth"

    def read_truth(self, name: str) -> list[dict[str, str]]:
        """The rows of one truth file of the landing zone, as written by the generator."""
        with (self.truth_dir / name).open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

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
    data_tests: bool = True,
) -> DbtRun:
    """Run `dbt <args>` on the project with its own DuckDB file, target and log folders (a
    `build` without the unit tests; without the data tests too when data_tests is False: a
    step that only prepares the warehouse another step is checked on)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    database = work_dir / "warehouse.duckdb"
    all_vars: dict[str, Any] = {"as_of_date": SAMPLE_AS_OF_DATE}
    if data_dir is not None:
        all_vars["data_dir"] = str(data_dir)
    all_vars.update(variables or {})
    # the landing zone dbt reads: the data_dir var (relative to the project), else its default
    landing = PROJECT_DIR / all_vars.get("data_dir", SAMPLE_DIR)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_DUCKDB_PATH": str(database),
        "DBT_TARGET": "duckdb",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    if args and args[0] == "build":
        # Unit tests read inline fixtures, never a landing zone: `make test` runs them once,
        # in its build of the sample (and each engine test on its engine), not in every build.
        args = [*args, "--exclude-resource-type", "unit_test", *([] if data_tests else ["test"])]
    command = [
        sys.executable,
        str(DBT_REUSING_PARSE),
        str(SAVED_PARSES["duckdb"]),
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
    return DbtRun(completed.returncode, completed.stdout + completed.stderr, database, landing)


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


def copy_of_warehouse(work_dir: Path, zone: Path, destination: Path) -> tuple[Path, Path]:
    """A built warehouse (its folder: DuckDB file and target) and its landing zone, copied
    into destination for a test to go on from (file times kept, so the archive finds every
    file unchanged); the copy's archive is told its landing zone moved."""
    zone_copy = destination / "landing"
    shutil.copytree(zone, zone_copy, ignore=shutil.ignore_patterns("_truth"))
    work_copy = destination / "dbt"
    shutil.copytree(work_dir, work_copy, ignore=shutil.ignore_patterns("logs"))
    with duckdb.connect(str(work_copy / "warehouse.duckdb")) as connection:
        connection.execute("update raw._landing_zone set data_dir = ?", [str(zone_copy)])
    return zone_copy, work_copy


# The sample's newest exports of the incremental file kinds: they arrive after a first build
# and overlap the older exports' dates (engine tests build before and after them).
NEWEST_EXPORTS = (
    "superannotate/annotation_status/raw-data-annotation-status_2026-08-04_2026-11-15.csv",
    "superannotate/editor_activity/editor-time-tracking_2026-08-04_2026-11-15.csv",
    "superannotate/status_daily/status-daily_2026-08-04_2026-11-15.csv",
    "crowdai/annotation_csv/retail-shelf-skus_annotation-feedback_2026-08-04_2026-11-15.csv",
    "labelbox/export_v2/export-v2_2026-08-04_2026-11-15.ndjson",
    "dataloop/items/fruit-quality-grading_items_2026-08-04_2026-11-15.json",
    "dataloop/analytics/analytics_fruit-quality-grading_2026-08-04_2026-11-15.json",
)


def sample_without_newest_exports(root: Path) -> tuple[Path, Callable[[], None]]:
    """A copy of the sample without NEWEST_EXPORTS, and the call that puts them in place."""
    zone = root / "landing"
    shutil.copytree(SAMPLE_DIR, zone, ignore=shutil.ignore_patterns("_truth"))
    for relative in NEWEST_EXPORTS:
        (zone / relative).unlink()

    def put_newest_in_place() -> None:
        for relative in NEWEST_EXPORTS:
            shutil.copy2(SAMPLE_DIR / relative, zone / relative)

    return zone, put_newest_in_place


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


@dataclass(frozen=True)
class SampleSet:
    """A landing zone the whole project is built from and compared with its `_truth/`:
    the bundled data/sample (seed None), or one generated afresh with the default dates, so
    that SAMPLE_AS_OF_DATE keeps it inside the retention window."""

    id: str
    seed: int | None = None
    scale: float = 1.0


SAMPLE_SETS = (
    SampleSet("bundled"),
    # Seed 307 because at scale 3 its SuperAnnotate project with a 120 s max inactivity gets
    # the bundled sample's project ID, 190675, which seeds/settings/project_settings.csv
    # carries; most seeds give another ID and their editor time could not come out right.
    SampleSet("generated_x3", seed=307, scale=3),
)


@pytest.fixture(scope="session")
def sample_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], DbtRun]]:
    """sample_builds(id) -> the DbtRun of the whole project built from that SAMPLE_SETS
    landing zone. Each set is generated (if need be) and built once per pytest run, by the
    first worker that asks, in the folder the workers share; every worker gets its own copy
    of the warehouse file and target folder (`mf` opens the file for writing, which would
    lock the others out)."""
    sets = {sample.id: sample for sample in SAMPLE_SETS}
    runs: dict[str, DbtRun] = {}
    copies: list[Path] = []
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base

    def get(set_id: str) -> DbtRun:
        if set_id not in runs:
            sample = sets[set_id]
            if sample.seed is None and not SAMPLE_DIR.is_dir():
                pytest.skip("the bundled sample data/sample is missing")
            built = shared_sample_build(sample, shared / f"sample_build_{set_id}")
            copy = tmp_path_factory.mktemp(f"sample_build_{set_id}") / "dbt"
            copies.append(copy.parent)
            # the warehouse file (with its write-ahead log, if any) and the target folder
            shutil.copytree(built.database.parent, copy, ignore=shutil.ignore_patterns("logs"))
            runs[set_id] = DbtRun(
                built.returncode, built.output, copy / built.database.name, built.data_dir
            )
        run = runs[set_id]
        assert run.ok, f"{set_id}: {run.output[-5000:]}"
        return run

    yield get
    for copy in copies:
        shutil.rmtree(copy, ignore_errors=True)


def shared_sample_build(sample: SampleSet, work_dir: Path) -> DbtRun:
    """The build of one sample set in work_dir, made by the first caller of any worker (under
    a lock) and recorded in `run.json` for the others."""
    work_dir.mkdir(parents=True, exist_ok=True)
    record = work_dir / "run.json"
    with (work_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.is_file():
            if sample.seed is None:
                data_dir = SAMPLE_DIR
            else:
                data_dir = work_dir / "landing"
                generate(data_dir, seed=sample.seed, scale=sample.scale, progress=False)
            run = run_dbt(work_dir / "dbt", ["build"], data_dir)
            fields = {"returncode": run.returncode, "output": run.output}
            paths = {"database": str(run.database), "data_dir": str(run.data_dir)}
            record.write_text(json.dumps({**fields, **paths}), encoding="utf-8")
    saved = json.loads(record.read_text(encoding="utf-8"))
    return DbtRun(
        saved["returncode"], saved["output"], Path(saved["database"]), Path(saved["data_dir"])
    )


@pytest.fixture(scope="session", params=SAMPLE_SETS, ids=lambda sample: sample.id)
def sample_build(request: pytest.FixtureRequest, sample_builds) -> DbtRun:
    """The whole project built from each of SAMPLE_SETS in turn, shared by the tests that
    compare the marts with the set's truth (`run.read_truth(...)`)."""
    return sample_builds(request.param.id)


# The engine tests' first build, before the newest exports, builds what their second build
# reads of its own past: the incremental models and what they are built from (on Spark the
# base and editor models; the tables are built whole in the second build anyway).
BEFORE_NEWEST_EXPORTS = ("--select", "+config.materialized:incremental")


def dbt_build_on_target(
    target: str,
    work_dir: Path,
    env: dict[str, str],
    variables: dict[str, Any] | None = None,
    extra_args: tuple[str, ...] = (),
    tests: bool = True,
) -> str:
    """`dbt build --target <target>` of the sample window with env's connection (plus
    variables and extra_args); every data and unit test must pass. Without tests, seeds and
    models only (a build another one is checked after). Returns dbt's output."""
    completed = subprocess.run(
        [
            str(DBT),
            "build",
            "--target",
            target,
            *extra_args,
            *([] if tests else ["--exclude-resource-type", "test", "unit_test"]),
            "--vars",
            json.dumps({"as_of_date": SAMPLE_AS_OF_DATE, **(variables or {})}),
            "--target-path",
            str(work_dir / "target"),
            "--log-path",
            str(work_dir / "logs"),
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-5000:]
    assert "ERROR=0" in output and "SKIP=0" in output, output[-3000:]
    return output


@pytest.fixture(scope="module")
def duckdb_build(sample_builds) -> DbtRun:
    """The bundled sample built on DuckDB, for the other engines' builds to be compared with
    (the copy shared with the tests that compare it with its truth)."""
    return sample_builds("bundled")

"""The serving copy readers open: only the marts, with their descriptions, readable by a
DuckDB 1.x client, replaced atomically after a successful build, never holding up a build;
and `annotation-ops query` answering failures in one line."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, SAMPLE_AS_OF_DATE, SAMPLE_DIR, DbtRun, write_file

from annotation_ops.serving import ServingError, publish

# The client most BI drivers embed today (toolchain: DuckDB 2.0's default format is refused).
OLD_CLIENT = "duckdb==1.4.5"
CLI = Path(sys.executable).with_name("annotation-ops")


@pytest.fixture(scope="module")
def published(sample_builds, tmp_path_factory) -> tuple[DbtRun, Path]:
    run = sample_builds("bundled")
    target = tmp_path_factory.mktemp("serving") / "published.duckdb"
    report = publish(run.database, target)
    assert report.path == target
    return run, target


def relations(database: Path) -> dict[str, set[str]]:
    """schema -> relation names (tables and views) of a DuckDB file."""
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.sql(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    found: dict[str, set[str]] = {}
    for schema, name in rows:
        found.setdefault(schema, set()).add(name)
    return found


def test_copy_holds_the_marts_and_nothing_else(published):
    run, target = published
    built = relations(run.database)
    assert {"raw", "staging", "intermediate", "marts"} <= set(built), built.keys()
    assert relations(target) == {"marts": built["marts"]}


def test_descriptions_reach_the_copy(published):
    """Table and column comments are the models' YAML descriptions (persist_docs), so a BI
    tool shows them; compared with dbt's manifest, not with the database."""
    run, target = published
    manifest = json.loads((run.database.parent / "target" / "manifest.json").read_text())
    marts = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    }
    with duckdb.connect(str(target), read_only=True) as connection:
        tables = dict(
            connection.sql(
                "select table_name, comment from duckdb_tables() where schema_name = 'marts'"
            ).fetchall()
        )
        columns = {
            (table, column): comment
            for table, column, comment in connection.sql(
                "select table_name, column_name, comment from duckdb_columns() "
                "where schema_name = 'marts'"
            ).fetchall()
        }
    assert set(tables) == set(marts)
    for name, node in marts.items():
        assert tables[name] == node["description"], name
        for column, spec in node["columns"].items():
            assert columns[(name, column)] == spec["description"], (name, column)


def test_duckdb_1_4_client_reads_every_mart(published, tmp_path):
    """A throw-away environment with the old client opens the copy and counts every mart."""
    run, target = published
    environment = tmp_path / "old_client"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", OLD_CLIENT], check=True, timeout=600
    )
    script = textwrap.dedent(
        """
        import json, sys
        import duckdb
        connection = duckdb.connect(sys.argv[1], read_only=True)
        tables = connection.sql(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
        counts = {
            f"{schema}.{name}": connection.sql(
                f'select count(*) from "{schema}"."{name}"'
            ).fetchone()[0]
            for schema, name in tables
        }
        print(json.dumps({"version": duckdb.__version__, "counts": counts}))
        """
    )
    completed = subprocess.run(
        [str(python), "-c", script, str(target)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    answer = json.loads(completed.stdout)
    assert answer["version"].startswith("1.4.")
    with duckdb.connect(str(run.database), read_only=True) as connection:
        expected = {
            f"marts.{name}": connection.execute(f'select count(*) from marts."{name}"').fetchone()[
                0
            ]
            for (name,) in connection.sql(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
    assert answer["counts"] == expected
    assert any(count > 0 for count in expected.values())


def cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args],
        cwd=PROJECT_DIR,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_build_runs_while_a_reader_holds_the_copy(sample_builds, tmp_path):
    """A reader (another process, like the dashboard) keeps the copy open through
    `annotation-ops build`: the build succeeds, the copy is replaced by a new file, and the
    reader still reads the one it opened."""
    database = tmp_path / "warehouse.duckdb"
    shutil.copyfile(sample_builds("bundled").database, database)
    env = {
        "DBT_DUCKDB_PATH": str(database),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    copy = tmp_path / "warehouse_marts.duckdb"
    published_first = cli(["publish"], env)
    assert published_first.returncode == 0, published_first.stderr
    assert str(copy) in published_first.stdout
    count = "select count(*) from marts.fct_annotator_daily"
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys\n"
            "connection = duckdb.connect(sys.argv[1], read_only=True)\n"
            "print(connection.execute(sys.argv[2]).fetchone()[0], flush=True)\n"
            "sys.stdin.readline()\n"
            "print(connection.execute(sys.argv[2]).fetchone()[0], flush=True)\n",
            str(copy),
            count,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdin is not None
        rows_seen = int(reader.stdout.readline())
        inode_before = copy.stat().st_ino
        # An earlier as_of_date: the rebuilt copy has other figures than the one being read.
        # Models only: the build's checks are not this test's subject.
        rebuilt = cli(
            ["build", "--data-dir", str(SAMPLE_DIR), "--as-of-date", "2026-08-31"]
            + ["--exclude-resource-type", "test", "unit_test"],
            env,
        )
        assert rebuilt.returncode == 0, rebuilt.stdout[-3000:] + rebuilt.stderr[-3000:]
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert int(reader.stdout.readline()) == rows_seen
    finally:
        reader.kill()
        reader.wait()
    assert copy.stat().st_ino != inode_before
    with duckdb.connect(str(copy), read_only=True) as connection:
        last_day, rows_now = connection.execute(
            "select max(activity_date), count(*) from marts.fct_annotator_daily"
        ).fetchone()
    assert str(last_day) <= "2026-08-31"
    # the reader above kept its own figures while the new copy has others
    assert rows_now != rows_seen


def test_failed_build_keeps_the_last_copy(tmp_path):
    """A build that stops (a CSV without a required column) publishes nothing: readers keep
    the last good copy."""
    env = {
        "DBT_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
        "ANNOTATION_OPS_SERVING_PATH": str(tmp_path / "published.duckdb"),
    }
    copy = tmp_path / "published.duckdb"
    copy.write_bytes(b"last good copy")
    zone = tmp_path / "landing"
    write_file(
        zone,
        "crowdai/annotation_csv/broken.csv",
        "Workflow ID,Task Status,Phase,Project Name\nw1,submitted,image_boxing,P\n",
    )
    failed = cli(["build", "--data-dir", str(zone), "--as-of-date", SAMPLE_AS_OF_DATE], env)
    assert failed.returncode != 0
    assert "Published" not in failed.stdout
    assert copy.read_bytes() == b"last good copy"


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("selec 1", "syntax error"),
        ("select * from marts.no_such_mart", "no_such_mart"),
        ("select * from staging.stg_labelbox__labels", "staging"),
    ],
    ids=["bad_query", "missing_table", "staging_not_published"],
)
def test_query_errors_are_one_line(published, sql, message):
    _, target = published
    completed = cli(["query", sql], {"ANNOTATION_OPS_SERVING_PATH": str(target)})
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines


def test_copy_named_like_the_schema_is_refused(published, tmp_path):
    run, _ = published
    with pytest.raises(ServingError, match="ambiguous"):
        publish(run.database, tmp_path / "marts.duckdb")


def test_query_without_a_warehouse(tmp_path):
    completed = cli(
        ["query", "select 1"], {"ANNOTATION_OPS_SERVING_PATH": str(tmp_path / "none.duckdb")}
    )
    assert completed.returncode == 1
    assert completed.stderr.strip().splitlines() == [
        f"error: no published warehouse at {tmp_path / 'none.duckdb'}: run `annotation-ops "
        "demo`, `annotation-ops build` or `annotation-ops publish` first"
    ]


def test_query_reads_the_copy(published):
    run, target = published
    completed = cli(
        ["query", "select count(*) as reviews from fct_reviews"],
        {"ANNOTATION_OPS_SERVING_PATH": str(target)},
    )
    assert completed.returncode == 0, completed.stderr
    assert f"{run.scalar('select count(*) from marts.fct_reviews')}" in completed.stdout


def test_query_into_a_closed_pipe_is_quiet(published):
    """`annotation-ops query ... | head -3`: the reader stops early; no traceback, exit 0."""
    _, target = published
    env = {**os.environ, "ANNOTATION_OPS_SERVING_PATH": str(target)}
    completed = subprocess.run(
        f"'{CLI}' query 'select * from marts.fct_status_transitions' | head -3",
        shell=True,
        executable="/bin/bash",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert len(completed.stdout.splitlines()) == 3
    assert completed.stderr == "", completed.stderr


def test_export_writes_every_mart_sorted(published, tmp_path):
    run, target = published
    completed = cli(["export", str(tmp_path / "out")], {"ANNOTATION_OPS_SERVING_PATH": str(target)})
    assert completed.returncode == 0, completed.stderr
    marts = {
        name
        for (name,) in run.query(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        )
    }
    files = {path.stem: path for path in (tmp_path / "out").glob("*.csv")}
    assert set(files) == marts
    for mart, path in files.items():
        with path.open(newline="", encoding="utf-8") as handle:
            header, *rows = list(csv.reader(handle))
        assert len(rows) == run.scalar(f"select count(*) from marts.{mart}"), mart
        assert header == [
            name
            for (name,) in run.query(
                "select column_name from information_schema.columns where table_schema = 'marts'"
                f" and table_name = '{mart}' order by ordinal_position"
            )
        ], mart
        assert len(rows) == len({tuple(row) for row in rows}) or mart.startswith("audit_"), mart


def test_export_ignores_last_bit_noise_and_shows_real_differences(tmp_path):
    """Two builds that add the same seconds in another order differ in the last bits of a
    double: the export rounds to 12 significant digits, so only real differences show; the
    rows come sorted whatever order the table holds them in."""
    from annotation_ops.serving import export_marts

    def copy(name: str, rows: list[tuple[str, float]]) -> Path:
        path = tmp_path / f"{name}.duckdb"
        with duckdb.connect(str(path)) as connection:
            connection.execute("create schema marts")
            connection.execute("create table marts.fct_x (k varchar, seconds double)")
            connection.executemany("insert into marts.fct_x values (?, ?)", rows)
        return path

    total = sum([0.1] * 10)  # 0.9999999999999999
    exports = {}
    for name, rows in {
        "before": [("a", 1.0), ("b", 1234.5)],
        "reordered": [("b", 1234.5), ("a", total)],
        "changed": [("a", 1.0), ("b", 1234.6)],
    }.items():
        export_marts(tmp_path / name, copy(name, rows))
        exports[name] = (tmp_path / name / "fct_x.csv").read_text(encoding="utf-8")
    assert total != 1.0
    assert exports["reordered"] == exports["before"]
    assert exports["changed"] != exports["before"]
    assert exports["before"].splitlines() == ["k,seconds", "a,1.0", "b,1234.5"]

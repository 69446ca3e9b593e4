"""The same project on Apache Spark (a local session, dbt-spark `method: session`): load the
bundled sample with the loader's Spark path, `dbt build --target spark` (every data and unit
test passing), and the marts agree with DuckDB's build of the same sample - row counts and
the sums of every numeric column.

Each step runs in its own process, one after the other: Spark's embedded Derby metastore
admits one process at a time. Warehouse and metastore live in a temporary folder. Skipped
when pyspark (the `spark` optional dependency group) is not installed. Slow: a Spark build of
the sample takes several minutes (mostly fixed per-statement overhead).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import (
    BEFORE_NEWEST_EXPORTS,
    PROJECT_DIR,
    dbt_build_on_target,
    sample_without_newest_exports,
)

pytest.importorskip("pyspark")
pytest.importorskip("dbt.adapters.spark")

NUMERIC_TYPES = ("DOUBLE", "BIGINT", "INTEGER", "HUGEINT", "FLOAT")


@pytest.fixture(scope="module")
def spark_env(tmp_path_factory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("spark")
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_SPARK_WAREHOUSE_DIR": str(home / "warehouse"),
        "DBT_SPARK_METASTORE_DIR": str(home / "metastore_db"),
        "DBT_SPARK_SCHEMA": "annotation_ops",
        "PYSPARK_PYTHON": sys.executable,
    }


def run(command: list[str], env: dict[str, str]) -> str:
    completed = subprocess.run(
        command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-5000:]
    return completed.stdout


@pytest.fixture(scope="module")
def spark_build(spark_env, tmp_path_factory) -> dict[str, str]:
    """The sample without its newest exports loaded by `annotation-ops load --target spark`
    and built with dbt (its incremental models and what they are built from); then the
    newest exports loaded and the whole project built, every test included (the incremental
    path: insert_overwrite of the files and dates the new files touch)."""
    cli = Path(sys.executable).with_name("annotation-ops")
    zone, put_newest_in_place = sample_without_newest_exports(tmp_path_factory.mktemp("spark_zone"))
    load = [str(cli), "load", "--target", "spark", "--data-dir", str(zone)]
    run(load, spark_env)
    work_dir: Path = tmp_path_factory.mktemp("spark_build")
    dbt_build_on_target("spark", work_dir, spark_env, extra_args=BEFORE_NEWEST_EXPORTS, tests=False)
    put_newest_in_place()
    run(load, spark_env)
    dbt_build_on_target("spark", work_dir, spark_env)
    return spark_env


def spark_figures(env: dict[str, str], queries: dict[str, str]) -> dict[str, list]:
    """Run each query in one Spark session (its own process) and return its first row."""
    script = textwrap.dedent(
        """
        import json, sys
        from annotation_ops.loader import spark_conf_from_profile, spark_session
        spark = spark_session(spark_conf_from_profile())
        spark.sparkContext.setLogLevel("ERROR")
        queries = json.loads(sys.stdin.read())
        result = {}
        for name, sql in queries.items():
            row = spark.sql(sql).collect()[0]
            result[name] = [None if value is None else float(value) for value in row]
        print("FIGURES " + json.dumps(result))
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=env,
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, (completed.stdout + completed.stderr)[-5000:]
    line = next(line for line in completed.stdout.splitlines() if line.startswith("FIGURES "))
    return json.loads(line.removeprefix("FIGURES "))


def test_spark_marts_match_duckdb(spark_build, duckdb_build):
    tables = [
        name
        for (name,) in duckdb_build.query(
            "select table_name from information_schema.tables"
            " where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
        )
    ]
    assert tables, "the DuckDB build has no marts"
    expected: dict[str, tuple] = {}
    queries: dict[str, str] = {}
    columns_of: dict[str, list[str]] = {}
    for table in tables:
        columns = [
            name
            for (name,) in duckdb_build.query(
                "select column_name from information_schema.columns"
                f" where table_schema = 'marts' and table_name = '{table}'"
                f" and data_type in {NUMERIC_TYPES} order by ordinal_position"
            )
        ]
        columns_of[table] = columns
        expected[table] = duckdb_build.query(
            "select "
            + ", ".join(["count(*)", *(f'sum("{c}")' for c in columns)])
            + f" from marts.{table}"
        )[0]
        queries[table] = (
            "select "
            + ", ".join(["count(*)", *(f"sum(`{c}`)" for c in columns)])
            + f" from marts.`{table}`"
        )
    actual = spark_figures(spark_build, queries)
    mismatches = []
    for table in tables:
        for name, want, got in zip(
            ["rows", *columns_of[table]], expected[table], actual[table], strict=True
        ):
            same = (want is None and got is None) or (
                want is not None
                and got is not None
                and math.isclose(float(want), float(got), rel_tol=1e-9, abs_tol=1e-6)
            )
            if not same:
                mismatches.append((table, name, want, got))
    assert mismatches == []

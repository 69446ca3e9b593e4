"""The same project on PostgreSQL: load the bundled sample with the loader, `dbt build
--target postgres` (every data and unit test passing), and the marts agree with DuckDB's
build of the same sample - row counts and the sums of every numeric column."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from conftest import (
    BEFORE_NEWEST_EXPORTS,
    PROJECT_DIR,
    DbtRun,
    dbt_build_on_target,
    sample_without_newest_exports,
)
from postgres_server import PostgresServer, postgres_server  # noqa: F401 (the fixture)

from annotation_ops.loader import load


@pytest.fixture(scope="module")
def postgres_build(postgres_server: PostgresServer, tmp_path_factory):  # noqa: F811
    """The sample without its newest exports loaded into a fresh database and built (its
    incremental models and what they are built from); then the newest exports loaded and the
    whole project built, every test included (the incremental path: delete+insert of the rows
    the new files bring or decide again); yields the database name."""
    database = postgres_server.create_database("engine_sample")
    zone, put_newest_in_place = sample_without_newest_exports(
        tmp_path_factory.mktemp("postgres_zone")
    )
    load(zone, postgres_server.connect_params(database), progress=False)
    work_dir: Path = tmp_path_factory.mktemp("postgres_build")
    env = {
        **os.environ,
        **postgres_server.dbt_env(database),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    dbt_build_on_target("postgres", work_dir, env, extra_args=BEFORE_NEWEST_EXPORTS, tests=False)
    put_newest_in_place()
    load(zone, postgres_server.connect_params(database), progress=False)
    dbt_build_on_target("postgres", work_dir, env)
    return database


def mart_tables(sample_build: DbtRun) -> list[str]:
    rows = sample_build.query(
        "select table_name from information_schema.tables"
        " where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
    )
    return [name for (name,) in rows]


def test_postgres_marts_match_duckdb(postgres_server, postgres_build, duckdb_build):  # noqa: F811
    sample_build = duckdb_build
    tables = mart_tables(sample_build)
    assert tables, "the DuckDB build has no marts"
    on_postgres = {
        name
        for (name,) in postgres_server.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'",
            postgres_build,
        )
    }
    assert set(tables) <= on_postgres
    mismatches = []
    for table in tables:
        columns = [
            name
            for (name,) in sample_build.query(
                "select column_name from information_schema.columns"
                f" where table_schema = 'marts' and table_name = '{table}'"
                " and data_type in ('DOUBLE', 'BIGINT', 'INTEGER', 'HUGEINT', 'FLOAT')"
                " order by ordinal_position"
            )
        ]
        figures = ", ".join(["count(*)", *(f'sum("{column}")' for column in columns)])
        expected = sample_build.query(f"select {figures} from marts.{table}")[0]
        actual = postgres_server.execute(f"select {figures} from marts.{table}", postgres_build)[0]
        for name, want, got in zip(["rows", *columns], expected, actual, strict=True):
            same = (want is None and got is None) or (
                want is not None
                and got is not None
                and math.isclose(float(want), float(got), rel_tol=1e-9, abs_tol=1e-6)
            )
            if not same:
                mismatches.append((table, name, want, got))
    assert mismatches == []

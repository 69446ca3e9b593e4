"""The same project on PostgreSQL: load the bundled sample with the loader, `dbt build
--target postgres` (every data and unit test passing), and the marts agree with DuckDB's
build of the same sample - row counts and the sums of every numeric column.

The same build grants the read-only BI role: a role named by the var `bi_reader_role` (a
non-default name here, to prove it is configurable) connects with its own password, can
select every table in the marts schema and nothing in raw, staging, intermediate, seeds or
any other schema (permission denied), and the dashboard's data layer reads through it what
it reads on DuckDB."""

from __future__ import annotations

import math
import os
import secrets
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

ROLE = "bi_dashboards"
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


@pytest.fixture(scope="module")
def postgres_build(postgres_server: PostgresServer, tmp_path_factory):  # noqa: F811
    """The sample without its newest exports loaded into a fresh database and built (its
    incremental models and what they are built from); then the newest exports loaded and the
    whole project built, every test included (the incremental path: delete+insert of the rows
    the new files bring or decide again). The BI role exists beforehand, as a warehouse
    administrator would create it (LOGIN with a password); yields (database, password)."""
    database = postgres_server.create_database("engine_sample")
    password = secrets.token_hex(16)
    # The role is cluster-wide: another test's build may have created it (NOLOGIN) already.
    exists = postgres_server.execute(f"select 1 from pg_roles where rolname = '{ROLE}'")
    verb = "alter" if exists else "create"
    postgres_server.execute(f"{verb} role {ROLE} login password '{password}'")
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
    role = {"bi_reader_role": ROLE}
    dbt_build_on_target(
        "postgres", work_dir, env, role, extra_args=BEFORE_NEWEST_EXPORTS, tests=False
    )
    put_newest_in_place()
    load(zone, postgres_server.connect_params(database), progress=False)
    dbt_build_on_target("postgres", work_dir, env, role)
    return database, password


def mart_tables(sample_build: DbtRun) -> list[str]:
    rows = sample_build.query(
        "select table_name from information_schema.tables"
        " where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
    )
    return [name for (name,) in rows]


def test_postgres_marts_match_duckdb(postgres_server, postgres_build, duckdb_build):  # noqa: F811
    sample_build = duckdb_build
    database, _password = postgres_build
    tables = mart_tables(sample_build)
    assert tables, "the DuckDB build has no marts"
    on_postgres = {
        name
        for (name,) in postgres_server.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'",
            database,
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
        actual = postgres_server.execute(f"select {figures} from marts.{table}", database)[0]
        for name, want, got in zip(["rows", *columns], expected, actual, strict=True):
            same = (want is None and got is None) or (
                want is not None
                and got is not None
                and math.isclose(float(want), float(got), rel_tol=1e-9, abs_tol=1e-6)
            )
            if not same:
                mismatches.append((table, name, want, got))
    assert mismatches == []


def tables(server: PostgresServer, database: str) -> dict[str, list[str]]:
    """Every base table of the database by schema (system schemas left out)."""
    rows = server.execute(
        "select table_schema, table_name from information_schema.tables"
        " where table_type = 'BASE TABLE' and table_schema not in"
        f" ({', '.join(repr(name) for name in SYSTEM_SCHEMAS)}) order by 1, 2",
        database,
    )
    by_schema: dict[str, list[str]] = {}
    for schema, name in rows:
        by_schema.setdefault(schema, []).append(name)
    return by_schema


def select_as_role(server: PostgresServer, database: str, password: str, relation: str):
    """(True, None) when the role can read the relation, else (False, the error)."""
    import psycopg2

    connection = server.connect(database, user=ROLE, password=password)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"select * from {relation} limit 1")
            cursor.fetchall()
        return True, None
    except psycopg2.Error as error:
        return False, error
    finally:
        connection.close()


def test_bi_reader_selects_every_mart_and_nothing_else(postgres_server, postgres_build):  # noqa: F811
    database, password = postgres_build
    by_schema = tables(postgres_server, database)
    assert by_schema.get("marts"), f"no mart tables were built: {sorted(by_schema)}"
    for layer in ("raw", "staging", "intermediate"):
        assert by_schema.get(layer), f"no {layer} tables to check: {sorted(by_schema)}"

    # Every mart table, not only those dbt built in this run.
    unreadable = {}
    for name in by_schema["marts"]:
        ok, error = select_as_role(postgres_server, database, password, f'marts."{name}"')
        if not ok:
            unreadable[name] = str(error).strip()
    assert unreadable == {}

    # Every table outside the marts: raw, staging, intermediate, seeds and the rest.
    readable = []
    other_errors = {}
    for schema, names in sorted(by_schema.items()):
        if schema == "marts":
            continue
        for name in names:
            ok, error = select_as_role(postgres_server, database, password, f'"{schema}"."{name}"')
            if ok:
                readable.append(f"{schema}.{name}")
            elif error.pgcode != "42501":  # insufficient_privilege: "permission denied"
                other_errors[f"{schema}.{name}"] = str(error).strip()
            else:
                assert "permission denied" in str(error)
    assert readable == []
    assert other_errors == {}


# PostgreSQL column types -> DuckDB, to copy the marts the role reads into a DuckDB file.
DUCKDB_TYPES = {
    "bigint": "bigint",
    "integer": "integer",
    "double precision": "double",
    "numeric": "double",
    "boolean": "boolean",
    "date": "date",
    "timestamp without time zone": "timestamp",
}


def _rows(frame) -> list[tuple]:
    """A frame's rows in a fixed order, floats rounded (the engines' last bits differ)."""
    rows = [
        tuple(round(value, 6) if isinstance(value, float) else value for value in row)
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False)
    ]
    return sorted(rows, key=repr)


def test_dashboard_data_layer_as_the_bi_role_matches_duckdb(
    postgres_server,  # noqa: F811
    postgres_build,
    tmp_path,
):
    """The dashboard's data layer with `--engine postgres`, connected as the BI role from the
    ANNOTATION_OPS_PG* variables, runs every query of every page and gets what it gets on
    DuckDB from the same rows: the marts the role reads are copied into a DuckDB file, so
    the comparison isolates the dashboard's SQL (test_postgres_marts_match_duckdb compares
    the marts of the two engines' builds)."""
    import datetime as dt

    import duckdb

    from annotation_ops.dashboard import data

    database, password = postgres_build
    environ = {
        "ANNOTATION_OPS_PGHOST": postgres_server.host,
        "ANNOTATION_OPS_PGPORT": str(postgres_server.port),
        "ANNOTATION_OPS_PGUSER": ROLE,
        "ANNOTATION_OPS_PGPASSWORD": password,
        "ANNOTATION_OPS_PGDATABASE": database,
    }
    postgres = data.PostgresSource(data.postgres_params(environ))
    columns = postgres.query(
        "select table_name, column_name, data_type from information_schema.columns"
        " where table_schema = 'marts' order by table_name, ordinal_position"
    )
    copy = tmp_path / "bi_reader_marts.duckdb"
    with duckdb.connect(str(copy)) as connection:
        connection.execute("create schema marts")
        for table, table_columns in columns.groupby("table_name", sort=False):
            definition = ", ".join(
                f'"{name}" {DUCKDB_TYPES.get(kind, "varchar")}'
                for name, kind in zip(
                    table_columns["column_name"], table_columns["data_type"], strict=True
                )
            )
            connection.execute(f'create table marts."{table}" ({definition})')
            connection.register("frame", postgres.query(f'select * from marts."{table}"'))
            connection.execute(f'insert into marts."{table}" select * from frame')
            connection.unregister("frame")
    duck = data.DuckDBSource(copy)

    window = data.retention_window(postgres)
    assert window == data.retention_window(duck) == (dt.date(2026, 5, 17), dt.date(2026, 11, 15))
    marts = data.mart_columns(postgres)
    assert marts == data.mart_columns(duck)
    assert _rows(data.projects(postgres)) == _rows(data.projects(duck))
    queries = [
        data.weekly_labeled,
        data.vendor_breakdown,
        data.person_vendors,
        data.vendor_reported,
        data.status_flow,
        data.weekly_status_moves,
        data.time_in_status,
        data.project_quality,
        data.annotator_quality,
        data.scored_labels,
        data.rejected_rows,
        data.rejected_records,
        data.reconciliation,
        data.freshness,
    ]
    if data.STUCK_COLUMNS <= marts.get("fct_item_current_status", set()):
        queries.append(data.stuck_items)
    for filters in (
        data.Filters(*window),
        data.Filters(dt.date(2026, 10, 17), window[1], vendor="superannotate"),
        data.Filters(*window, vendor="labelbox", project_id="cl30qwew846ob3s8ko1yh2nay"),
    ):
        on_postgres = _rounded(data.figures(postgres, filters))
        assert on_postgres.items_labeled > 0
        assert on_postgres.items_reviewed > 0 and on_postgres.active_annotators > 0
        assert on_postgres == _rounded(data.figures(duck, filters)), filters
        board = data.leaderboard(postgres, filters, marts["fct_annotator_performance"])
        assert not board.empty
        assert _rows(board) == _rows(
            data.leaderboard(duck, filters, marts["fct_annotator_performance"])
        ), filters
        for query in queries:
            assert _rows(query(postgres, filters)) == _rows(query(duck, filters)), (
                query.__name__,
                filters,
            )


def _rounded(figures):
    """Figures with the hours rounded (the engines' float sums differ in the last bits)."""
    from dataclasses import replace

    hours = figures.editor_hours
    return replace(figures, editor_hours=None if hours is None else round(hours, 6))

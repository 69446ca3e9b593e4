"""The read-only BI role on PostgreSQL: after `dbt build --target postgres` of the sample, a
role named by the var `bi_reader_role` (a non-default name here, to prove it is configurable)
connects with its own password and can select every table in the marts schema, and nothing in
raw, staging, intermediate, seeds or any other schema (permission denied)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, SAMPLE_DIR, dbt_build_on_target
from postgres_server import PostgresServer, postgres_server  # noqa: F401 (the fixture)

from annotation_ops.loader import load

ROLE = "bi_dashboards"
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


@pytest.fixture(scope="module")
def bi_reader_build(postgres_server: PostgresServer, tmp_path_factory):  # noqa: F811
    """The sample loaded and built in a fresh database with the role created beforehand (as a
    warehouse administrator would: LOGIN with a password); yields (database, password)."""
    database = postgres_server.create_database("bi_reader_sample")
    password = secrets.token_hex(16)
    # The role is cluster-wide: another test's build may have created it (NOLOGIN) already.
    exists = postgres_server.execute(f"select 1 from pg_roles where rolname = '{ROLE}'")
    verb = "alter" if exists else "create"
    postgres_server.execute(f"{verb} role {ROLE} login password '{password}'")
    load(SAMPLE_DIR, postgres_server.connect_params(database), progress=False)
    work_dir: Path = tmp_path_factory.mktemp("bi_reader_build")
    env = {
        **os.environ,
        **postgres_server.dbt_env(database),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    # The raw-to-marts chain: every mart and everything upstream (seeds included).
    dbt_build_on_target("postgres", work_dir, env, {"bi_reader_role": ROLE}, ("--select", "+marts"))
    return database, password


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


def test_bi_reader_selects_every_mart_and_nothing_else(postgres_server, bi_reader_build):  # noqa: F811
    database, password = bi_reader_build
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

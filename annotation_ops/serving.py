"""The serving copy: the marts of the last successful build, in a DuckDB file of their own.

dbt writes the build's file (raw archive, staging, intermediate, marts) and holds it while it
runs; a reader holding that file would block the next build. Readers - the dashboard,
`annotation-ops query`, BI tools - open this copy instead: only the `marts` schema, with the
tables' and columns' descriptions, written in DuckDB's v1.4 storage format so that the DuckDB
1.x drivers most BI tools embed can open it, and replaced atomically (a reader that has the
old copy open keeps reading it; the next one opens the new).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "annotation_ops.duckdb"
SERVING_SCHEMA = "marts"
# The oldest storage format DuckDB 2.0 writes that the 1.4 clients read.
STORAGE_VERSION = "v1.4.0"


class ServingError(Exception):
    """The serving copy cannot be made or opened; the message says what to do."""


@dataclass(frozen=True)
class PublishReport:
    path: Path
    tables: dict[str, int]


def _resolve(path: str | Path) -> Path:
    path = Path(path)
    return path if path.is_absolute() else PROJECT_DIR / path


def build_database_path() -> Path:
    """The DuckDB file the duckdb target writes: DBT_DUCKDB_PATH, else the default."""
    return _resolve(os.environ.get("DBT_DUCKDB_PATH", DEFAULT_DATABASE))


def serving_path(build_database: Path | None = None) -> Path:
    """ANNOTATION_OPS_SERVING_PATH, else `<build file stem>_marts.duckdb` beside the build's."""
    configured = os.environ.get("ANNOTATION_OPS_SERVING_PATH")
    if configured:
        return _resolve(configured)
    build_database = build_database or build_database_path()
    return build_database.with_name(f"{build_database.stem}_marts.duckdb")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def publish(build_database: Path | None = None, target: Path | None = None) -> PublishReport:
    """Copy the build's marts (tables, descriptions) into a new file, then swap it in."""
    build_database = build_database or build_database_path()
    target = target or serving_path(build_database)
    if not build_database.exists():
        raise ServingError(
            f"no warehouse at {build_database}: run `annotation-ops demo` or "
            "`annotation-ops build` first"
        )
    if target.stem == SERVING_SCHEMA:
        # DuckDB names the catalog after the file: `marts.x` would be ambiguous to readers.
        raise ServingError(
            f"{target}: a serving copy named {SERVING_SCHEMA}.duckdb makes "
            f"`{SERVING_SCHEMA}.<table>` ambiguous in DuckDB; choose another file name"
        )
    staging = target.with_name(f".{target.name}.publishing")
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    tables: dict[str, int] = {}
    with duckdb.connect(":memory:") as connection:
        connection.execute(f"attach {_literal(str(build_database))} as build (read_only)")
        connection.execute(
            f"attach {_literal(str(staging))} as serving (storage_version '{STORAGE_VERSION}')"
        )
        marts = connection.execute(
            "select table_name, comment from duckdb_tables() "
            "where database_name = 'build' and schema_name = ? order by table_name",
            [SERVING_SCHEMA],
        ).fetchall()
        if not marts:
            raise ServingError(
                f"{build_database} has no tables in schema {SERVING_SCHEMA}: the build did "
                "not finish; run it again"
            )
        columns = connection.execute(
            "select table_name, column_name, comment from duckdb_columns() "
            "where database_name = 'build' and schema_name = ? and comment is not null",
            [SERVING_SCHEMA],
        ).fetchall()
        schema = _quote(SERVING_SCHEMA)
        connection.execute(f"create schema serving.{schema}")
        for table, comment in marts:
            name = f"{schema}.{_quote(table)}"
            connection.execute(f"create table serving.{name} as from build.{name}")
            if comment:
                connection.execute(f"comment on table serving.{name} is {_literal(comment)}")
            tables[table] = connection.execute(f"select count(*) from serving.{name}").fetchone()[0]
        for table, column, comment in columns:
            connection.execute(
                f"comment on column serving.{schema}.{_quote(table)}.{_quote(column)} "
                f"is {_literal(comment)}"
            )
        connection.execute("detach serving")
    os.replace(staging, target)
    return PublishReport(target, tables)


def connect_serving(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the serving copy, `marts` as the default schema.

    The copy is attached to an in-memory catalog under a fixed name, so `marts.<table>`
    means the schema whatever the file is called."""
    path = path or serving_path()
    if not path.exists():
        raise ServingError(
            f"no published warehouse at {path}: run `annotation-ops demo`, "
            "`annotation-ops build` or `annotation-ops publish` first"
        )
    connection = duckdb.connect(":memory:")
    try:
        connection.execute(f"attach {_literal(str(path))} as serving (read_only)")
        connection.execute(f"use serving.{_quote(SERVING_SCHEMA)}")
    except duckdb.Error:
        connection.close()
        raise
    return connection


# Doubles are written to this many significant digits: two builds that sum the same figures
# in another order differ in the last bits, which is not a difference worth a diff line.
EXPORT_SIGNIFICANT_DIGITS = 12


def export_marts(out_dir: Path, path: Path | None = None) -> dict[str, int]:
    """Every mart of the serving copy as `<out_dir>/<mart>.csv`, rows sorted by all columns
    and doubles rounded to EXPORT_SIGNIFICANT_DIGITS, so that `diff -r` of two exports shows
    exactly the rows two builds disagree on. Returns rows written per mart."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    with connect_serving(path) as connection:
        columns = connection.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_catalog = 'serving' and table_schema = ? "
            "order by table_name, ordinal_position",
            [SERVING_SCHEMA],
        ).fetchall()
        by_table: dict[str, list[str]] = {}
        for table, column, data_type in columns:
            name = _quote(column)
            if data_type in ("DOUBLE", "FLOAT", "REAL"):
                # significant digits, not decimals: seconds and shares alike keep their detail
                name = f"cast({name} as double)"
                name = (
                    f"case when {name} = 0 or not isfinite({name}) then {name} else "
                    f"round({name}, {EXPORT_SIGNIFICANT_DIGITS} - 1 "
                    f"- cast(floor(log10(abs({name}))) as integer)) end as {_quote(column)}"
                )
            by_table.setdefault(table, []).append(name)
        for table, selected in by_table.items():
            target = out_dir / f"{table}.csv"
            connection.execute(
                f"copy (select {', '.join(selected)} from serving.{_quote(SERVING_SCHEMA)}."
                f"{_quote(table)} order by all) to {_literal(str(target))} (header)"
            )
            written[table] = connection.execute(
                f"select count(*) from serving.{_quote(SERVING_SCHEMA)}.{_quote(table)}"
            ).fetchone()[0]
    return written

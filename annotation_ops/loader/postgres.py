"""PostgreSQL raw tables, filled by COPY ... FROM STDIN (format csv) from DuckDB's CSV."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from .landing import Exported
from .sources import LOADED_FILES_TABLE, LandingFile, LoaderError, RawSource, check_identifier

COPY_CHUNK = 1 << 20


def postgres_params_from_env(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The connection profiles.yml's `postgres` target uses (same env vars and defaults)."""
    missing = [
        name
        for name in ("DBT_POSTGRES_USER", "DBT_POSTGRES_PASSWORD", "DBT_POSTGRES_DBNAME")
        if name not in environ
    ]
    if missing:
        raise LoaderError(f"Set {', '.join(missing)} (see profiles.yml, target postgres)")
    return {
        "host": environ.get("DBT_POSTGRES_HOST", "127.0.0.1"),
        "port": int(environ.get("DBT_POSTGRES_PORT", "5432")),
        "user": environ["DBT_POSTGRES_USER"],
        "password": environ["DBT_POSTGRES_PASSWORD"],
        "dbname": environ["DBT_POSTGRES_DBNAME"],
        "options": "-c TimeZone=UTC",
    }


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PostgresLoader:
    """One transaction per file: its old rows go, its new rows and its _loaded_files row
    come in together."""

    rows_format = "csv"

    def __init__(self, connection, raw_schema: str) -> None:
        self.connection = connection
        self.schema = check_identifier(raw_schema, "raw_schema")
        # DuckDB writes UTF-8, whatever the server's default client encoding.
        connection.set_client_encoding("UTF8")

    @classmethod
    def connect(cls, target: str | Mapping[str, Any], raw_schema: str) -> PostgresLoader:
        """target: "postgres" (the DBT_POSTGRES_* env vars) or psycopg2.connect() arguments."""
        import psycopg2

        if isinstance(target, str):
            if target != "postgres":
                raise LoaderError(
                    f"The loader supports the postgres and spark targets, not {target!r}"
                )
            params = postgres_params_from_env()
        else:
            params = {"options": "-c TimeZone=UTC", **dict(target)}
        check_identifier(raw_schema, "raw_schema")
        return cls(psycopg2.connect(**params), raw_schema)

    def table(self, name: str) -> str:
        return f"{_quote(self.schema)}.{_quote(name)}"

    def prepare(self, sources: list[RawSource]) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"create schema if not exists {_quote(self.schema)}")
            cursor.execute(
                f"create table if not exists {self.table(LOADED_FILES_TABLE)} ("
                " source text not null, source_file text not null, size bigint not null,"
                " sha256 text not null, row_count bigint not null,"
                " loaded_at timestamptz not null default now(),"
                " primary key (source, source_file))"
            )
            # Ledgers written before these columns existed gain them.
            for column in (
                "modified_at timestamptz",
                "first_loaded_at timestamptz not null default now()",
                "is_present boolean not null default true",
            ):
                ledger = self.table(LOADED_FILES_TABLE)
                cursor.execute(f"alter table {ledger} add column if not exists {column}")
            for source in sources:
                self._ensure_table(cursor, source)
        self.connection.commit()

    def _ensure_table(self, cursor, source: RawSource) -> None:
        """Create the raw table; rebuild it when its columns no longer match the YAML."""
        wanted = [(column.name, column.sql_type) for column in source.columns]
        cursor.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_schema = %s and table_name = %s order by ordinal_position",
            (self.schema, source.identifier),
        )
        existing = cursor.fetchall()
        if existing and existing != wanted:
            cursor.execute(f"drop table {self.table(source.identifier)}")
            cursor.execute(
                f"delete from {self.table(LOADED_FILES_TABLE)} where source = %s",
                (source.key,),
            )
        if existing != wanted:
            definition = ", ".join(f"{_quote(name)} {kind}" for name, kind in wanted)
            cursor.execute(f"create table {self.table(source.identifier)} ({definition})")

    def loaded_files(self, source: RawSource) -> dict[str, tuple[int, str]]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"select source_file, size, sha256 from {self.table(LOADED_FILES_TABLE)}"
                " where source = %s",
                (source.key,),
            )
            return {name: (size, sha) for name, size, sha in cursor.fetchall()}

    def load_file(self, file: LandingFile, exported: Exported) -> int:
        import psycopg2

        source = file.source
        columns = ", ".join(_quote(column.name) for column in source.columns)
        rows = 0
        try:
            with self.connection.cursor() as cursor:
                if file.replace:
                    cursor.execute(
                        f"delete from {self.table(source.identifier)} where source_file = %s",
                        (file.relative,),
                    )
                for part in exported.parts:
                    with part.open("rb") as handle:
                        cursor.copy_expert(
                            f"copy {self.table(source.identifier)} ({columns})"
                            " from stdin with (format csv)",
                            handle,
                            size=COPY_CHUNK,
                        )
                    rows += cursor.rowcount
                cursor.execute(
                    f"insert into {self.table(LOADED_FILES_TABLE)}"
                    " (source, source_file, size, sha256, row_count, modified_at)"
                    " values (%s, %s, %s, %s, %s, %s)"
                    " on conflict (source, source_file) do update set size = excluded.size,"
                    " sha256 = excluded.sha256, row_count = excluded.row_count,"
                    " modified_at = excluded.modified_at, loaded_at = now(), is_present = true",
                    (source.key, file.relative, file.size, file.sha256, rows, file.modified_at),
                )
            self.connection.commit()
        except psycopg2.Error as error:
            self.connection.rollback()
            raise LoaderError(
                f"PostgreSQL refused the rows of landing zone file {file.path}: {error}"
            ) from error
        except BaseException:
            self.connection.rollback()
            raise
        return rows

    def prune(self, source: RawSource, keep: set[str]) -> int:
        gone = sorted(set(self.loaded_files(source)) - keep)
        with self.connection.cursor() as cursor:
            for relative in gone:
                cursor.execute(
                    f"delete from {self.table(source.identifier)} where source_file = %s",
                    (relative,),
                )
                cursor.execute(
                    f"delete from {self.table(LOADED_FILES_TABLE)}"
                    " where source = %s and source_file = %s",
                    (source.key, relative),
                )
        self.connection.commit()
        return len(gone)

    def mark_present(self, source: RawSource, present: set[str]) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"update {self.table(LOADED_FILES_TABLE)}"
                " set is_present = (source_file = any(%s)) where source = %s",
                (sorted(present), source.key),
            )
        self.connection.commit()

    def finish(self) -> None:
        """Every file was committed as it was loaded."""

    def close(self) -> None:
        self.connection.close()

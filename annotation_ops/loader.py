"""`annotation-ops load`: put a landing zone into a server engine's raw tables.

The raw tables have exactly the shape of the DuckDB raw views (macros/landing_zone/
create_landing_zone_views.sql), read from the same sources YAML
(models/staging/*/_*__sources.yml, tables with meta.file_format):

- one table `<raw_schema>.<identifier>` per file kind, its columns in the YAML's order, all
  text except source_row (bigint);
- csv: one row per data row; headers matched case-insensitively, ignoring surrounding spaces
  and a UTF-8 BOM; CRLF and quoted commas/newlines are fine; extra columns are ignored, a
  missing optional column is NULL, a missing required column stops the load naming the file
  and the column; empty fields are NULL; source_row is the data row number;
- ndjson: one row per non-empty line (raw_record = the line, CRs removed), source_row = line
  number; json: one row per file (raw_record = the whole text), source_row = 1;
- source_file: the file's path relative to the landing zone root.

Bulk paths only: on PostgreSQL each file is streamed in with COPY; on Spark (target "spark",
a local session configured exactly as profiles.yml's `spark` target) the records the same
parsing code yields are staged as JSON lines and read by Spark's JSON reader with an all-text
schema into parquet tables. Idempotent: the table `<raw_schema>._loaded_files` records
(source, source_file, size, sha256) of every file loaded; a file already loaded with the
same content is skipped, a changed file is reloaded (its old rows replaced), a new file adds
its rows. Rows of files no longer in the landing zone are kept unless `prune=True`. When the
YAML's columns of a table change, the table is rebuilt. Spark tables cannot delete rows: a
source with a changed or pruned file is rewritten (kept rows plus new ones into a fresh
table that then takes the old one's name).
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
SOURCES_GLOB = "models/staging/*/_*__sources.yml"
LOADED_FILES_TABLE = "_loaded_files"
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
COPY_CHUNK = 1 << 20
CSV_FIELD_LIMIT = 1 << 30


class LoaderError(Exception):
    """A landing zone that cannot be loaded: the message names the file and the problem."""


@dataclass(frozen=True)
class RawColumn:
    name: str
    header: str | None = None
    required: bool = False

    @property
    def sql_type(self) -> str:
        return "bigint" if self.name == "source_row" else "text"


@dataclass(frozen=True)
class RawSource:
    """One file kind of the landing zone: a source table with meta.file_format."""

    source_name: str
    table_name: str
    identifier: str
    landing_path: str
    file_format: str
    columns: tuple[RawColumn, ...]

    @property
    def key(self) -> str:
        return f"{self.source_name}.{self.table_name}"

    @property
    def folder(self) -> str:
        return self.landing_path.rsplit("/", 1)[0] if "/" in self.landing_path else ""

    def relative_path(self, file: Path) -> str:
        return f"{self.folder}/{file.name}" if self.folder else file.name


@dataclass
class SourceReport:
    source: RawSource
    files_loaded: int = 0
    files_skipped: int = 0
    rows_loaded: int = 0
    files_pruned: int = 0


@dataclass
class LoadReport:
    sources: list[SourceReport] = field(default_factory=list)

    @property
    def files_loaded(self) -> int:
        return sum(report.files_loaded for report in self.sources)

    @property
    def files_skipped(self) -> int:
        return sum(report.files_skipped for report in self.sources)

    @property
    def rows_loaded(self) -> int:
        return sum(report.rows_loaded for report in self.sources)


# --- the sources YAML ------------------------------------------------------------------


def read_sources(project_dir: Path = PROJECT_DIR) -> list[RawSource]:
    """Every source table with meta.file_format, in a stable order."""
    found: list[RawSource] = []
    for path in sorted(project_dir.glob(SOURCES_GLOB)):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in document.get("sources") or []:
            for table in source.get("tables") or []:
                meta = table.get("meta") or {}
                file_format = meta.get("file_format")
                if not file_format:
                    continue
                if file_format not in ("csv", "ndjson", "json"):
                    raise LoaderError(f"{path}: unknown file_format {file_format!r}")
                identifier = table.get("identifier") or table["name"]
                columns = tuple(
                    RawColumn(
                        name=column["name"],
                        header=(column.get("meta") or {}).get("header"),
                        required=bool((column.get("meta") or {}).get("required")),
                    )
                    for column in table.get("columns") or []
                )
                for name in [identifier, *(column.name for column in columns)]:
                    if not IDENTIFIER.match(name):
                        raise LoaderError(f"{path}: {name!r} is not a plain SQL identifier")
                found.append(
                    RawSource(
                        source_name=source["name"],
                        table_name=table["name"],
                        identifier=identifier,
                        landing_path=meta["landing_path"],
                        file_format=file_format,
                        columns=columns,
                    )
                )
    return sorted(found, key=lambda raw: raw.key)


def landing_files(data_dir: Path, source: RawSource) -> list[Path]:
    """The files of one file kind, in path order (as DuckDB's glob lists them)."""
    pattern = str(data_dir / source.landing_path)
    return sorted((Path(name) for name in glob.glob(pattern)), key=str)


def file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(COPY_CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


# --- reading files in the raw views' shape ---------------------------------------------


class _CountingReader(io.RawIOBase):
    """A binary file that reports the bytes read to a callback (the progress bar)."""

    def __init__(self, handle: io.BufferedReader, on_read) -> None:
        self._handle = handle
        self._on_read = on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._handle.readinto(buffer)
        if count:
            self._on_read(count)
        return count or 0


def _open_text(path: Path, on_read, newline: str | None) -> io.TextIOWrapper:
    raw = _CountingReader(path.open("rb"), on_read)
    return io.TextIOWrapper(
        io.BufferedReader(raw, COPY_CHUNK), encoding="utf-8-sig", newline=newline
    )


def csv_records(
    source: RawSource, path: Path, relative: str, on_read=lambda n: None
) -> Iterator[list[str | None]]:
    """The rows of one CSV file in the table's column order."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with _open_text(path, on_read, newline="") as handle:
        reader = csv.reader(handle, delimiter=",", quotechar='"', doublequote=True, strict=False)
        header = next(reader, None)
        if header is None:
            return
        by_header: dict[str, int] = {}
        for index, name in enumerate(header):
            by_header[name.strip().lower()] = index
        positions: list[int | None] = []
        for column in source.columns:
            if column.header is None:
                positions.append(None)
                continue
            position = by_header.get(column.header.strip().lower())
            if position is None and column.required:
                raise LoaderError(
                    f"Landing zone file {path} has no column '{column.header}', which "
                    f"{source.key} requires. Found columns: {', '.join(header)}"
                )
            positions.append(position)
        row_number = 0
        for fields in reader:
            if not fields:
                continue  # a blank line
            row_number += 1
            record: list[str | None] = []
            for column, position in zip(source.columns, positions, strict=True):
                if column.name == "source_file":
                    record.append(relative)
                elif column.name == "source_row":
                    record.append(str(row_number))
                elif position is None or position >= len(fields) or fields[position] == "":
                    record.append(None)
                else:
                    record.append(fields[position])
            yield record


def check_csv_header(source: RawSource, path: Path) -> None:
    """Raise LoaderError now when the file lacks a required column (nothing loaded yet)."""
    next(iter(csv_records(source, path, "")), None)


def json_records(
    source: RawSource, path: Path, relative: str, on_read=lambda n: None
) -> Iterator[list[str | None]]:
    """ndjson: one row per non-empty line; json: one row for the whole file."""

    def shaped(raw_record: str, row_number: int) -> list[str | None]:
        values = {"raw_record": raw_record, "source_file": relative, "source_row": str(row_number)}
        return [values.get(column.name) for column in source.columns]

    # newline="\n": split on LF only (as DuckDB's string_split on chr(10)); CRs are removed.
    with _open_text(path, on_read, newline="\n") as handle:
        if source.file_format == "json":
            yield shaped(handle.read().lstrip("\ufeff"), 1)
            return
        for line_number, line in enumerate(handle, start=1):
            if line_number == 1:
                line = line.lstrip("\ufeff")
            text = line.replace("\r", "").removesuffix("\n")
            if text.strip(" ") != "":
                yield shaped(text, line_number)


def records(
    source: RawSource, path: Path, relative: str, on_read=lambda n: None
) -> Iterator[list[str | None]]:
    if source.file_format == "csv":
        return csv_records(source, path, relative, on_read)
    return json_records(source, path, relative, on_read)


def copy_csv_line(record: Iterable[str | None]) -> str:
    """One line of COPY ... (format csv): NULL unquoted and empty, text always quoted."""
    return (
        ",".join("" if value is None else '"' + value.replace('"', '""') + '"' for value in record)
        + "\n"
    )


class RecordStream(io.TextIOBase):
    """A file-like object COPY reads from, filled lazily from an iterator of records."""

    def __init__(self, rows: Iterator[list[str | None]], path: Path) -> None:
        self._rows = rows
        self._path = path
        self._buffer = ""
        self.count = 0
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        try:
            return self._read(size)
        except BaseException as error:  # COPY wraps it: keep it to raise it again
            self.error = error
            raise

    def _read(self, size: int | None) -> str:
        limit = COPY_CHUNK if size is None or size < 0 else size
        parts = [self._buffer]
        length = len(self._buffer)
        while length < limit:
            row = next(self._rows, None)
            if row is None:
                break
            line = copy_csv_line(row)
            if "\x00" in line:
                raise LoaderError(
                    f"Landing zone file {self._path}: record {self.count + 1} contains a NUL "
                    "character, which PostgreSQL text cannot hold"
                )
            self.count += 1
            parts.append(line)
            length += len(line)
        text = "".join(parts)
        self._buffer = text[limit:]
        return text[:limit]

    def readline(self, size: int | None = -1) -> str:  # pragma: no cover - COPY uses read
        return self.read(size)


# --- PostgreSQL ------------------------------------------------------------------------


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
    def __init__(self, connection, raw_schema: str) -> None:
        if not IDENTIFIER.match(raw_schema):
            raise LoaderError(f"raw_schema {raw_schema!r} is not a plain SQL identifier")
        self.connection = connection
        self.schema = raw_schema

    def table(self, name: str) -> str:
        return f"{_quote(self.schema)}.{_quote(name)}"

    def prepare(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"create schema if not exists {_quote(self.schema)}")
            cursor.execute(
                f"create table if not exists {self.table(LOADED_FILES_TABLE)} ("
                " source text not null, source_file text not null, size bigint not null,"
                " sha256 text not null, row_count bigint not null,"
                " loaded_at timestamptz not null default now(),"
                " primary key (source, source_file))"
            )
        self.connection.commit()

    def ensure_table(self, source: RawSource) -> None:
        """Create the raw table; rebuild it when its columns no longer match the YAML."""
        wanted = [(column.name, column.sql_type) for column in source.columns]
        with self.connection.cursor() as cursor:
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
        self.connection.commit()

    def loaded_files(self, source: RawSource) -> dict[str, tuple[int, str]]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"select source_file, size, sha256 from {self.table(LOADED_FILES_TABLE)}"
                " where source = %s",
                (source.key,),
            )
            return {name: (size, sha) for name, size, sha in cursor.fetchall()}

    def load_file(
        self,
        source: RawSource,
        path: Path,
        relative: str,
        size: int,
        sha256: str,
        replace: bool,
        on_read,
    ) -> int:
        """COPY one file's records in one transaction (replacing its old rows)."""
        columns = ", ".join(_quote(column.name) for column in source.columns)
        stream = RecordStream(records(source, path, relative, on_read), path)
        try:
            with self.connection.cursor() as cursor:
                if replace:
                    cursor.execute(
                        f"delete from {self.table(source.identifier)} where source_file = %s",
                        (relative,),
                    )
                cursor.copy_expert(
                    f"copy {self.table(source.identifier)} ({columns})"
                    " from stdin with (format csv)",
                    stream,
                    size=COPY_CHUNK,
                )
                cursor.execute(
                    f"insert into {self.table(LOADED_FILES_TABLE)}"
                    " (source, source_file, size, sha256, row_count) values (%s, %s, %s, %s, %s)"
                    " on conflict (source, source_file) do update set size = excluded.size,"
                    " sha256 = excluded.sha256, row_count = excluded.row_count,"
                    " loaded_at = now()",
                    (source.key, relative, size, sha256, stream.count),
                )
            self.connection.commit()
        except BaseException as error:
            self.connection.rollback()
            cause = stream.error or error
            if isinstance(cause, UnicodeDecodeError):
                raise LoaderError(f"Landing zone file {path} is not UTF-8 text: {cause}") from cause
            if cause is not error:
                raise cause from error
            raise
        return stream.count

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


# --- Spark -----------------------------------------------------------------------------


def spark_conf_from_profile(
    environ: Mapping[str, str] = os.environ, project_dir: Path = PROJECT_DIR
) -> dict[str, str]:
    """The `server_side_parameters` of profiles.yml's `spark` target, env vars rendered the
    way dbt renders them, relative warehouse/metastore paths made absolute from project_dir
    (where dbt runs). The loader's Spark session thus opens the warehouse and metastore the
    dbt builds use."""
    import jinja2

    profiles_dir = Path(environ.get("DBT_PROFILES_DIR") or project_dir)
    path = profiles_dir / "profiles.yml"
    if not path.is_file():
        path = project_dir / "profiles.yml"
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        output = profile["annotation_ops"]["outputs"]["spark"]
    except (KeyError, TypeError) as error:
        raise LoaderError(f"{path} has no `spark` target for the annotation_ops profile") from error

    def env_var(name: str, default: str | None = None) -> str:
        if name in environ:
            return environ[name]
        if default is None:
            raise LoaderError(f"Set {name} (see profiles.yml, target spark)")
        return default

    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
    conf: dict[str, str] = {}
    for key, value in (output.get("server_side_parameters") or {}).items():
        conf[str(key)] = jinja.from_string(str(value)).render(env_var=env_var)
    conf["spark.sql.ansi.enabled"] = "false"  # as dbt-spark forces it

    def absolute(text: str) -> str:
        return text if os.path.isabs(text) else str(project_dir / text)

    if "spark.sql.warehouse.dir" in conf:
        conf["spark.sql.warehouse.dir"] = absolute(conf["spark.sql.warehouse.dir"])
    for key, pattern in (
        ("spark.hadoop.javax.jdo.option.ConnectionURL", r"(databaseName=)([^;]+)"),
        ("spark.driver.extraJavaOptions", r"(-Dderby\.[a-z.]+=)(\S+)"),
    ):
        if key in conf:
            conf[key] = re.sub(
                pattern, lambda match: match.group(1) + absolute(match.group(2)), conf[key]
            )
    return conf


def spark_session(conf: Mapping[str, str]):
    """A Hive-enabled SparkSession with the profile's settings (as dbt-spark builds it)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _spark_quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class SparkLoader:
    """Parquet raw tables in the Spark warehouse. Files are staged per source as JSON lines
    (the records of the shared parsing code) and written with one Spark job per source in
    finish(); _loaded_files is rewritten last, so a load that dies half way leaves files
    that are loaded again next time (their rows replaced, never doubled)."""

    def __init__(self, spark, raw_schema: str) -> None:
        if not IDENTIFIER.match(raw_schema):
            raise LoaderError(f"raw_schema {raw_schema!r} is not a plain SQL identifier")
        self.spark = spark
        self.schema = raw_schema
        self.staging_dir = Path(tempfile.mkdtemp(prefix="annotation_ops_spark_load_"))
        self._sources: dict[str, RawSource] = {}
        self._staged: dict[str, list[str]] = {}  # source key -> relative paths staged
        self._removed: dict[str, set[str]] = {}  # source key -> files whose rows go
        self._bookkeeping: dict[tuple[str, str], tuple[int, str, int]] = {}

    def table(self, name: str) -> str:
        return f"{_spark_quote(self.schema)}.{_spark_quote(name)}"

    def _exists(self, name: str) -> bool:
        return bool(self.spark.catalog.tableExists(f"{self.schema}.{name}"))

    def prepare(self) -> None:
        self.spark.sql(f"create database if not exists {_spark_quote(self.schema)}")
        if self._exists(LOADED_FILES_TABLE):
            for row in self.spark.table(self.table(LOADED_FILES_TABLE)).collect():
                self._bookkeeping[(row["source"], row["source_file"])] = (
                    row["size"],
                    row["sha256"],
                    row["row_count"],
                )

    def ensure_table(self, source: RawSource) -> None:
        self._sources[source.key] = source
        wanted = [
            (column.name, "bigint" if column.sql_type == "bigint" else "string")
            for column in source.columns
        ]
        existing: list[tuple[str, str]] = []
        if self._exists(source.identifier):
            existing = [
                (field.name, field.dataType.simpleString())
                for field in self.spark.table(self.table(source.identifier)).schema.fields
            ]
        if existing and existing != wanted:
            self.spark.sql(f"drop table {self.table(source.identifier)}")
            for key in [key for key in self._bookkeeping if key[0] == source.key]:
                del self._bookkeeping[key]
        if existing != wanted:
            definition = ", ".join(f"{_spark_quote(name)} {kind}" for name, kind in wanted)
            self.spark.sql(
                f"create table {self.table(source.identifier)} ({definition}) using parquet"
            )

    def loaded_files(self, source: RawSource) -> dict[str, tuple[int, str]]:
        return {
            relative: (size, sha)
            for (key, relative), (size, sha, _) in self._bookkeeping.items()
            if key == source.key
        }

    def load_file(
        self,
        source: RawSource,
        path: Path,
        relative: str,
        size: int,
        sha256: str,
        replace: bool,
        on_read,
    ) -> int:
        """Stage one file's records (JSON lines); Spark writes them in finish()."""
        staged = self.staging_dir / f"{source.identifier}.jsonl"
        names = [column.name for column in source.columns]
        count = 0
        try:
            with staged.open("a", encoding="utf-8") as out:
                for record in records(source, path, relative, on_read):
                    row = dict(zip(names, record, strict=True))
                    if "source_row" in row and row["source_row"] is not None:
                        row["source_row"] = int(row["source_row"])
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
        except UnicodeDecodeError as error:
            raise LoaderError(f"Landing zone file {path} is not UTF-8 text: {error}") from error
        self._staged.setdefault(source.key, []).append(relative)
        if replace:
            self._removed.setdefault(source.key, set()).add(relative)
        self._bookkeeping[(source.key, relative)] = (size, sha256, count)
        return count

    def prune(self, source: RawSource, keep: set[str]) -> int:
        gone = sorted(set(self.loaded_files(source)) - keep)
        for relative in gone:
            self._removed.setdefault(source.key, set()).add(relative)
            del self._bookkeeping[(source.key, relative)]
        return len(gone)

    def _write_source(self, source: RawSource) -> None:
        from pyspark.sql import functions as F
        from pyspark.sql.types import LongType, StringType, StructField, StructType

        staged_files = self._staged.get(source.key, [])
        removed = set(self._removed.get(source.key, set()))
        table = self.table(source.identifier)
        if staged_files:
            # Rows of a staged file already in the table (a load that died before its
            # bookkeeping) are replaced too.
            present = {
                row[0]
                for row in self.spark.table(table)
                .where(F.col("source_file").isin(staged_files))
                .select("source_file")
                .distinct()
                .collect()
            }
            removed |= present
        if not staged_files and not removed:
            return
        schema = StructType(
            [
                StructField(
                    column.name,
                    LongType() if column.name == "source_row" else StringType(),
                    True,
                )
                for column in source.columns
            ]
        )
        new_rows = None
        if staged_files:
            new_rows = (
                self.spark.read.schema(schema)
                .option("mode", "FAILFAST")
                .option("multiLine", "false")
                .option("encoding", "UTF-8")
                .json(str(self.staging_dir / f"{source.identifier}.jsonl"))
            )
        if not removed:
            new_rows.write.insertInto(table)
            return
        kept = self.spark.table(table).where(~F.col("source_file").isin(sorted(removed)))
        rows = kept if new_rows is None else kept.unionByName(new_rows)
        rebuilt = self.table(source.identifier + "__rebuild")
        self.spark.sql(f"drop table if exists {rebuilt}")
        rows.write.format("parquet").saveAsTable(rebuilt)
        self.spark.sql(f"drop table {table}")
        self.spark.sql(f"alter table {rebuilt} rename to {table}")

    def finish(self) -> None:
        from pyspark.sql.types import LongType, StringType, StructField, StructType

        for key, source in self._sources.items():
            if key in self._staged or key in self._removed:
                self._write_source(source)
        schema = StructType(
            [
                StructField("source", StringType(), False),
                StructField("source_file", StringType(), False),
                StructField("size", LongType(), False),
                StructField("sha256", StringType(), False),
                StructField("row_count", LongType(), False),
            ]
        )
        rows = [
            (key, relative, size, sha, count)
            for (key, relative), (size, sha, count) in sorted(self._bookkeeping.items())
        ]
        frame = self.spark.createDataFrame(rows, schema)
        frame.write.format("parquet").mode("overwrite").saveAsTable(self.table(LOADED_FILES_TABLE))

    def close(self) -> None:
        shutil.rmtree(self.staging_dir, ignore_errors=True)


def _connect(target: str | Mapping[str, Any]):
    import psycopg2

    if isinstance(target, str):
        if target != "postgres":
            raise LoaderError(f"The loader supports the postgres and spark targets, not {target!r}")
        params = postgres_params_from_env()
    else:
        params = {"options": "-c TimeZone=UTC", **dict(target)}
    return psycopg2.connect(**params)


def load(
    data_dir: str | Path,
    target: str | Mapping[str, Any] = "postgres",
    raw_schema: str = "raw",
    *,
    prune: bool = False,
    progress: bool | None = None,
    project_dir: Path = PROJECT_DIR,
) -> LoadReport:
    """Load every file of the landing zone at data_dir into the raw tables of target.

    target: "postgres" (connection from the DBT_POSTGRES_* env vars profiles.yml reads), a
    mapping of psycopg2.connect() arguments, or "spark" (a local Spark session with the
    settings of profiles.yml's `spark` target, DBT_SPARK_* env vars included).
    progress: None = a progress bar on a terminal.
    """
    from tqdm import tqdm

    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise LoaderError(f"No landing zone at {data_dir}")
    sources = read_sources(project_dir)
    report = LoadReport()
    if target == "spark":
        spark = spark_session(spark_conf_from_profile(project_dir=project_dir))
        loader: PostgresLoader | SparkLoader = SparkLoader(spark, raw_schema)
        close = loader.close
    else:
        connection = _connect(target)
        loader = PostgresLoader(connection, raw_schema)
        close = connection.close
    try:
        loader.prepare()
        plan: list[tuple[RawSource, Path, str, int, str, bool]] = []
        for source in sources:
            loader.ensure_table(source)
            source_report = SourceReport(source)
            report.sources.append(source_report)
            done = loader.loaded_files(source)
            files = landing_files(data_dir, source)
            for path in files:
                relative = source.relative_path(path)
                size, sha256 = file_digest(path)
                if done.get(relative) == (size, sha256):
                    source_report.files_skipped += 1
                    continue
                plan.append((source, path, relative, size, sha256, relative in done))
            if prune:
                kept = {source.relative_path(path) for path in files}
                source_report.files_pruned = loader.prune(source, kept)
        # Like DuckDB's build, a file missing a required column stops everything up front.
        for source, path, *_ in plan:
            if source.file_format == "csv":
                check_csv_header(source, path)
        by_source = {id(item.source): item for item in report.sources}
        total = sum(item[3] for item in plan)
        with tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            desc="loading",
            disable=(None if progress is None else not progress),
        ) as bar:
            for source, path, relative, size, sha256, replace in plan:
                bar.set_postfix_str(relative[-40:], refresh=False)
                rows = loader.load_file(source, path, relative, size, sha256, replace, bar.update)
                source_report = by_source[id(source)]
                source_report.files_loaded += 1
                source_report.rows_loaded += rows
        if isinstance(loader, SparkLoader):
            loader.finish()
    finally:
        close()
    return report

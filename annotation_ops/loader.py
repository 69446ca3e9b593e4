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

Bulk path only: each file is streamed into PostgreSQL with COPY. Idempotent: the table
`<raw_schema>._loaded_files` records (source, source_file, size, sha256) of every file loaded;
a file already loaded with the same content is skipped, a changed file is reloaded (its old
rows replaced), a new file adds its rows. Rows of files no longer in the landing zone are kept
unless `prune=True`. When the YAML's columns of a table change, the table is rebuilt.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import os
import re
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


def _connect(target: str | Mapping[str, Any]):
    import psycopg2

    if isinstance(target, str):
        if target != "postgres":
            raise LoaderError(f"The loader supports the postgres target, not {target!r}")
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

    target: "postgres" (connection from the DBT_POSTGRES_* env vars profiles.yml reads) or a
    mapping of psycopg2.connect() arguments. progress: None = a progress bar on a terminal.
    """
    from tqdm import tqdm

    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise LoaderError(f"No landing zone at {data_dir}")
    sources = read_sources(project_dir)
    report = LoadReport()
    connection = _connect(target)
    try:
        loader = PostgresLoader(connection, raw_schema)
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
    finally:
        connection.close()
    return report

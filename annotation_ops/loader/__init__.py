"""`annotation-ops load`: put a landing zone into a server engine's raw tables.

The landing zone has one parser: DuckDB, through macros/landing_zone/
create_landing_zone_views.sql. The loader does not read CSV or JSON itself:

1. It lists each file kind's files (the macro's glob) and skips those `_loaded_files` holds
   with the same size and sha256.
2. When something is left to load, `dbt run-operation create_landing_zone_views` (the
   project's duckdb target, DBT_DUCKDB_PATH on a throw-away file, data_dir = the zone) builds
   the raw views with the parser a DuckDB build reads its archive with - BOM, CR, header
   matching, required columns, row numbers. Its errors (a missing required column names the
   file and the column) stop the load before any row is written.
3. Per file kind, DuckDB selects the rows of the files to load from its view (in the YAML's
   column order) and writes them, one folder per file, in the engine's format: CSV for
   PostgreSQL's `COPY ... FROM STDIN (format csv)` (postgres.py), Parquet for Spark's Parquet
   reader (spark.py). Both use only what the duckdb wheel has built in.

The raw tables thus have exactly the shape of the DuckDB build's raw tables: one table
`<raw_schema>.<identifier>` per file kind, its columns in the YAML's order, all text except
source_row (bigint). Idempotent: `<raw_schema>._loaded_files` records (source, source_file,
size, sha256, row_count, modified_at, first_loaded_at, loaded_at, is_present) of every file
loaded - the same ledger a DuckDB build keeps; a file already loaded with the same content is
skipped, a changed file is reloaded (its old rows replaced), a new file adds its rows. Rows of
files no longer in the landing zone are kept (is_present false) unless `prune=True`. When the
YAML's columns of a table change, the table is rebuilt. Spark tables cannot delete rows: a
source with a changed or pruned file is rewritten (kept rows plus new ones into a fresh table
that then takes the old one's name).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .landing import Exported, Landing
from .postgres import PostgresLoader, postgres_params_from_env
from .sources import (
    PROJECT_DIR,
    LandingFile,
    LoaderError,
    RawColumn,
    RawSource,
    check_identifier,
    file_digest,
    modified_at,
    read_sources,
)
from .spark import SparkLoader, spark_conf_from_profile, spark_session

__all__ = [
    "LoadReport",
    "LoaderError",
    "RawColumn",
    "RawSource",
    "SourceReport",
    "load",
    "postgres_params_from_env",
    "read_sources",
    "spark_conf_from_profile",
    "spark_session",
]


class Loader(Protocol):
    """One server engine's raw tables."""

    rows_format: str  # what DuckDB writes for it: "csv" or "parquet"

    def prepare(self, sources: list[RawSource]) -> None:
        """Create the schema, `_loaded_files` and every raw table (rebuilt on new columns)."""

    def loaded_files(self, source: RawSource) -> dict[str, tuple[int, str]]:
        """source_file -> (size, sha256) of the files loaded so far."""

    def load_file(self, file: LandingFile, exported: Exported) -> int:
        """Put one file's rows in (replacing its old ones); returns the row count."""

    def prune(self, source: RawSource, keep: set[str]) -> int:
        """Remove the rows of loaded files not in keep; returns how many files went."""

    def mark_present(self, source: RawSource, present: set[str]) -> None:
        """Set the ledger's is_present: whether each loaded file is still in the zone."""

    def finish(self) -> None:
        """Write what load_file and prune left pending."""

    def close(self) -> None: ...


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


def open_loader(
    target: str | Mapping[str, Any], raw_schema: str, project_dir: Path = PROJECT_DIR
) -> Loader:
    if target == "spark":
        conf = spark_conf_from_profile(project_dir=project_dir)
        return SparkLoader(spark_session(conf), raw_schema)
    return PostgresLoader.connect(target, raw_schema)


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
    data_dir = Path(data_dir).absolute()
    if not data_dir.is_dir():
        raise LoaderError(f"No landing zone at {data_dir}")
    check_identifier(raw_schema, "raw_schema")
    sources = read_sources(project_dir)
    landing = Landing(data_dir, project_dir)
    try:
        loader = open_loader(target, raw_schema, project_dir)
        try:
            report = _load(landing, loader, sources, prune, progress)
            loader.finish()
        finally:
            loader.close()
    finally:
        landing.close()
    return report


def _load(
    landing: Landing,
    loader: Loader,
    sources: list[RawSource],
    prune: bool,
    progress: bool | None,
) -> LoadReport:
    from tqdm import tqdm

    report = LoadReport()
    loader.prepare(sources)
    plan: list[LandingFile] = []
    present: dict[str, set[str]] = {}
    for source in sources:
        source_report = SourceReport(source)
        report.sources.append(source_report)
        done = loader.loaded_files(source)
        present[source.key] = set()
        for path in landing.files(source):
            relative = source.relative_path(path)
            present[source.key].add(relative)
            size, sha256 = file_digest(path)
            if done.get(relative) == (size, sha256):
                source_report.files_skipped += 1
                continue
            plan.append(
                LandingFile(
                    source, path, relative, size, sha256, relative in done, modified_at(path)
                )
            )
    if plan:
        landing.read()
    for source_report in report.sources:
        source = source_report.source
        if prune:
            source_report.files_pruned = loader.prune(source, present[source.key])
        loader.mark_present(source, present[source.key])
    with tqdm(
        total=sum(file.size for file in plan),
        unit="B",
        unit_scale=True,
        desc="loading",
        disable=(None if progress is None else not progress),
    ) as bar:
        for source_report in report.sources:
            files = [file for file in plan if file.source is source_report.source]
            if not files:
                continue
            bar.set_postfix_str(source_report.source.key, refresh=True)
            exported = landing.export(source_report.source, files, loader.rows_format)
            for file in files:
                rows = loader.load_file(file, exported[file.relative])
                source_report.files_loaded += 1
                source_report.rows_loaded += rows
                bar.update(file.size)
    return report

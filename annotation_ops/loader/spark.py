"""Spark raw tables (parquet, in the warehouse of profiles.yml's `spark` target), filled by
Spark's Parquet reader from DuckDB's Parquet."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path

import yaml

from .landing import Exported
from .sources import (
    LOADED_FILES_TABLE,
    PROJECT_DIR,
    LandingFile,
    LoaderError,
    RawSource,
    check_identifier,
)


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
    """Each file's Parquet is staged; finish() writes every source with new or removed rows
    in one Spark job, then rewrites _loaded_files last, so a load that dies half way leaves
    files that are loaded again next time (their rows replaced, never doubled)."""

    rows_format = "parquet"

    def __init__(self, spark, raw_schema: str) -> None:
        self.spark = spark
        self.schema = check_identifier(raw_schema, "raw_schema")
        self._sources: dict[str, RawSource] = {}
        self._staged: dict[str, list[tuple[str, tuple[Path, ...]]]] = {}  # key -> files, parts
        self._removed: dict[str, set[str]] = {}  # source key -> files whose rows go
        # (source key, file) -> (size, sha256, rows, modified_at, first_loaded_at, loaded_at,
        # is_present): the _loaded_files row
        self._bookkeeping: dict[tuple[str, str], tuple] = {}

    def table(self, name: str) -> str:
        return f"{_spark_quote(self.schema)}.{_spark_quote(name)}"

    def _exists(self, name: str) -> bool:
        return bool(self.spark.catalog.tableExists(f"{self.schema}.{name}"))

    def prepare(self, sources: list[RawSource]) -> None:
        self.spark.sql(f"create database if not exists {_spark_quote(self.schema)}")
        if self._exists(LOADED_FILES_TABLE):
            for row in self.spark.table(self.table(LOADED_FILES_TABLE)).collect():
                fields = row.asDict()
                self._bookkeeping[(row["source"], row["source_file"])] = (
                    row["size"],
                    row["sha256"],
                    row["row_count"],
                    fields.get("modified_at"),
                    fields.get("first_loaded_at") or fields.get("loaded_at"),
                    fields.get("loaded_at"),
                    True if fields.get("is_present") is None else fields["is_present"],
                )
        for source in sources:
            self._ensure_table(source)

    def _ensure_table(self, source: RawSource) -> None:
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
            for (key, relative), (size, sha, *_) in self._bookkeeping.items()
            if key == source.key
        }

    def load_file(self, file: LandingFile, exported: Exported) -> int:
        """Stage one file's Parquet; Spark writes it in finish()."""
        if exported.rows is None:
            raise RuntimeError("DuckDB's Parquet export reports its row counts")
        key = file.source.key
        self._staged.setdefault(key, []).append((file.relative, exported.parts))
        if file.replace:
            self._removed.setdefault(key, set()).add(file.relative)
        now = datetime.now(timezone.utc)
        previous = self._bookkeeping.get((key, file.relative))
        first_loaded_at = previous[4] if previous and previous[4] else now
        self._bookkeeping[(key, file.relative)] = (
            file.size,
            file.sha256,
            exported.rows,
            file.modified_at,
            first_loaded_at,
            now,
            True,
        )
        return exported.rows

    def prune(self, source: RawSource, keep: set[str]) -> int:
        gone = sorted(set(self.loaded_files(source)) - keep)
        for relative in gone:
            self._removed.setdefault(source.key, set()).add(relative)
            del self._bookkeeping[(source.key, relative)]
        return len(gone)

    def mark_present(self, source: RawSource, present: set[str]) -> None:
        for key, entry in list(self._bookkeeping.items()):
            if key[0] == source.key:
                self._bookkeeping[key] = (*entry[:6], key[1] in present)

    def _write_source(self, source: RawSource) -> None:
        from pyspark.sql import functions as F
        from pyspark.sql.types import LongType, StringType, StructField, StructType

        staged = self._staged.get(source.key, [])
        staged_files = [relative for relative, _ in staged]
        parts = [str(part) for _, file_parts in staged for part in file_parts]
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
        if not parts and not removed:
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
        new_rows = self.spark.read.schema(schema).parquet(*parts) if parts else None
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
        from pyspark.sql.types import (
            BooleanType,
            LongType,
            StringType,
            StructField,
            StructType,
            TimestampType,
        )

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
                StructField("modified_at", TimestampType(), True),
                StructField("first_loaded_at", TimestampType(), True),
                StructField("loaded_at", TimestampType(), True),
                StructField("is_present", BooleanType(), False),
            ]
        )
        rows = [
            (key, relative, *entry) for (key, relative), entry in sorted(self._bookkeeping.items())
        ]
        frame = self.spark.createDataFrame(rows, schema)
        frame.write.format("parquet").mode("overwrite").saveAsTable(self.table(LOADED_FILES_TABLE))

    def close(self) -> None:
        """Nothing to release: the session lives as long as the process, and the staged
        Parquet is in the landing zone's work folder."""

"""The landing zone as DuckDB reads it: the raw views of macros/landing_zone/, built by
`dbt run-operation create_landing_zone_views` into a throw-away DuckDB file, and the rows of
chosen files written out from those views for a server engine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .sources import LandingFile, LoaderError, RawSource

# The raw_schema of the throw-away DuckDB file (the engine's own raw_schema may differ).
VIEW_SCHEMA = "raw"
FILE_INDEX = "_file_index"
DBT_MAIN = "import sys; from dbt.cli.main import cli; sys.exit(cli())"
ROW_FORMATS = {
    # force_quote: every value quoted, NULL left empty, so COPY ... (format csv) tells NULL from
    # an empty string and never takes a value for its end-of-data marker.
    "csv": "format csv, header false, force_quote *",
    "parquet": "format parquet, return_stats",
}


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Exported:
    """One file's rows as DuckDB wrote them; rows is known when the writer reports it."""

    parts: tuple[Path, ...]
    rows: int | None


class Landing:
    def __init__(self, data_dir: Path, project_dir: Path) -> None:
        self.data_dir = data_dir
        self.project_dir = project_dir
        self.work_dir = Path(tempfile.mkdtemp(prefix="annotation_ops_landing_"))
        self.database = self.work_dir / "landing.duckdb"
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._exports = 0

    def files(self, source: RawSource) -> list[Path]:
        """The files of one file kind, listed by the glob the landing-zone macro uses."""
        pattern = f"{self.data_dir}/{source.landing_path}"
        with duckdb.connect() as connection:
            found = connection.execute("select file from glob(?) order by file", [pattern])
            return [Path(name) for (name,) in found.fetchall()]

    def read(self) -> None:
        """Build the raw views over the whole zone; dbt's error (a missing required column
        names the file and the column) becomes a LoaderError."""
        env = {
            **os.environ,
            "DBT_DUCKDB_PATH": str(self.database),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        command = [
            sys.executable,
            "-c",
            DBT_MAIN,
            "run-operation",
            "create_landing_zone_views",
            "--project-dir",
            str(self.project_dir),
            "--profiles-dir",
            str(self.project_dir),
            "--target",
            "duckdb",
            "--vars",
            json.dumps({"data_dir": str(self.data_dir), "raw_schema": VIEW_SCHEMA}),
            "--target-path",
            str(self.work_dir / "target"),
            "--log-path",
            str(self.work_dir / "logs"),
            "--log-format",
            "json",
        ]
        completed = subprocess.run(
            command,
            cwd=self.project_dir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise LoaderError(dbt_error(completed.stdout + completed.stderr))
        self._connection = duckdb.connect(str(self.database), read_only=True)
        self._connection.execute("set enable_progress_bar = false")  # tqdm shows progress

    def export(
        self, source: RawSource, files: list[LandingFile], row_format: str
    ) -> dict[str, Exported]:
        """Write the rows of files from the source's raw view, one folder per file, in the
        YAML's column order; returns what was written for each file's relative path."""
        if self._connection is None:
            raise RuntimeError("read() the landing zone first")
        self._exports += 1
        folder = self.work_dir / f"{self._exports}_{source.identifier}"
        names = ", ".join(sql_string(file.relative) for file in files)
        numbered = ", ".join(
            f"({sql_string(file.relative)}, {index})" for index, file in enumerate(files)
        )
        columns = ", ".join(f'rows."{column.name}"' for column in source.columns)
        # The IN list lets DuckDB skip the other files' CSV readers; the join numbers the files.
        sql = (
            f"copy (select {columns}, files.{FILE_INDEX}"
            f" from {VIEW_SCHEMA}.{source.identifier} as rows"
            f" inner join (values {numbered}) as files (source_file, {FILE_INDEX})"
            f" on rows.source_file = files.source_file"
            f" where rows.source_file in ({names}))"
            f" to {sql_string(str(folder))}"
            f" ({ROW_FORMATS[row_format]}, partition_by ({FILE_INDEX}))"
        )
        try:
            result = self._connection.execute(sql).fetchall()
        except duckdb.Error as error:
            raise LoaderError(
                f"DuckDB could not read the {source.key} files to load: {error}"
            ) from error
        counts: dict[str, int] = {}
        if row_format == "parquet":
            counts = {str(Path(row[0])): int(row[1]) for row in result}
        exported: dict[str, Exported] = {}
        for index, file in enumerate(files):
            parts = tuple(sorted((folder / f"{FILE_INDEX}={index}").glob("*")))
            rows: int | None = None
            if not parts:
                rows = 0
            elif row_format == "parquet":
                rows = sum(counts[str(part)] for part in parts)
            exported[file.relative] = Exported(parts, rows)
        return exported

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        shutil.rmtree(self.work_dir, ignore_errors=True)


def dbt_error(output: str) -> str:
    """The error messages of a dbt run logged as JSON lines, without dbt's macro traceback."""
    messages: list[str] = []
    for line in output.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        info = event.get("info") or {}
        if info.get("level") != "error":
            continue
        text = (event.get("data") or {}).get("exc") or info.get("msg") or ""
        kept = [
            part.strip()
            for part in text.splitlines()
            if part.strip() and not part.strip().startswith(">")
        ]
        if len(kept) > 1 and kept[0].startswith("Compilation Error in macro"):
            kept = kept[1:]
        message = " ".join(kept)
        if message and message not in messages:
            messages.append(message)
    if not messages:
        return "DuckDB could not read the landing zone: " + output[-2000:].strip()
    return "DuckDB could not read the landing zone: " + "; ".join(messages)

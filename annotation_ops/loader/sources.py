"""The file kinds of the landing zone, read from the sources YAML, and what the loaders share."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
SOURCES_GLOB = "models/staging/*/_*__sources.yml"
LOADED_FILES_TABLE = "_loaded_files"
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
FILE_FORMATS = ("csv", "ndjson", "json")
READ_CHUNK = 1 << 20


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
        """source_file of a file: as the landing-zone macro writes it."""
        return f"{self.folder}/{file.name}" if self.folder else file.name


@dataclass(frozen=True)
class LandingFile:
    """A file of the landing zone to load; replace: rows of an older version are loaded."""

    source: RawSource
    path: Path
    relative: str
    size: int
    sha256: str
    replace: bool
    modified_at: datetime


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
                if file_format not in FILE_FORMATS:
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


def check_identifier(name: str, what: str) -> str:
    if not IDENTIFIER.match(name):
        raise LoaderError(f"{what} {name!r} is not a plain SQL identifier")
    return name


def modified_at(path: Path) -> datetime:
    """The file's modification time, UTC (the ledger's modified_at, as DuckDB's read_blob)."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)


def file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(READ_CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()

"""`annotation-ops benchmark`: what the DuckDB build costs on a generated landing zone.

For each scale: generate a landing zone, hold back its last day from every vendor's exports
(each held-back file is a new export that also repeats the day before, as real downloads
overlap), run a full `dbt build`, put the new day in place and run the daily `dbt build`.
Beside them, on the same files: the floor (DuckDB reading every file once into typed tables),
the build of what the three SuperAnnotate marts need on a landing zone of SuperAnnotate files
only, and the same three figures computed by a pandas script (annotation_ops.pandas_baseline).
With --spark-scales, the same for a local Spark session (load, full build, load of the new
day, daily build). Prints the Markdown tables and writes them with the raw numbers of every
step (JSON) to --out.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from annotation_ops.cli import PROJECT_DIR
from annotation_ops.generator import generate
from annotation_ops.generator.runner import DEFAULT_END

AS_OF_DATE = DEFAULT_END.isoformat()
SUPERANNOTATE_MARTS = (
    "fct_daily_status_flow",
    "fct_editor_time_daily",
    "fct_annotator_performance",
)
RANGE_SUFFIX = re.compile(r"_(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- the new day --------------------------------------------------------------------------


@dataclass(frozen=True)
class NewDayFile:
    """One held-back export: the last day's records plus the overlap day's."""

    kind: str  # landing-zone folder, e.g. "superannotate/editor_activity"
    path: Path  # where it waits, outside the landing zone
    last_day: str
    records: int
    last_day_records: int


def _stem_and_ext(name: str) -> tuple[str, str]:
    stem, dot, ext = name.partition(".")
    return stem, dot + ext


def _family(name: str) -> str:
    """Files of one download series share this: the name without its date range."""
    stem, _ = _stem_and_ext(name)
    return RANGE_SUFFIX.sub("", stem)


def _range_end(name: str) -> str | None:
    match = RANGE_SUFFIX.search(_stem_and_ext(name)[0])
    return match.group(2) if match else None


def _families(folder: Path, pattern: str) -> dict[str, list[Path]]:
    """Download series of a folder, each in name order (the warehouse's newest-wins order)."""
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.glob(pattern)):
        found.setdefault(_family(path.name), []).append(path)
    return found


def _new_name(family: str, ext: str, overlap: str, last: str, existing: list[Path]) -> str:
    name = f"{family}_{overlap}_{last}{ext}"
    if any(path.name >= name for path in existing):
        raise ValueError(f"{name} would not sort after every export of {family}")
    return name


def _latest(days: Iterator[str | None]) -> str | None:
    return max((day for day in days if day), default=None)


def _valid_day(text: str) -> str | None:
    """`YYYY-MM-DD` when it is a date of the calendar (`2026-11-32` is a defect, no day)."""
    try:
        return date.fromisoformat(text).isoformat() if ISO_DATE.match(text) else None
    except ValueError:
        return None


def _day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def _may_hold(path: Path, overlap: str) -> bool:
    """False for a file whose name says its range ends before the overlap day."""
    end = _range_end(path.name)
    return end is None or end >= overlap


@dataclass
class _CsvFile:
    """A CSV export read as the vendor wrote it (byte order mark and line ends kept)."""

    path: Path
    bom: bool = False
    terminator: str = "\n"
    header: list[str] = field(default_factory=list)
    _indexes: dict[str, int | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        with self.path.open("rb") as handle:
            head = handle.read(65536)
        self.bom = head.startswith(b"\xef\xbb\xbf")
        self.terminator = "\r\n" if b"\r\n" in head else "\n"

    @property
    def encoding(self) -> str:
        return "utf-8-sig" if self.bom else "utf-8"

    def index(self, name: str) -> int | None:
        """Position of a column in the header (read by rows()), looked up once per file."""
        if name not in self._indexes:
            self._indexes[name] = _column(self.header, name)
        return self._indexes[name]

    def rows(self) -> Iterator[list[str]]:
        with self.path.open(newline="", encoding=self.encoding) as handle:
            reader = csv.reader(handle)
            self.header = next(reader, [])
            yield from reader

    def writer(self, path: Path, header: list[str]) -> tuple[Any, Any]:
        handle = path.open("w", newline="", encoding=self.encoding)
        writer = csv.writer(handle, lineterminator=self.terminator)
        writer.writerow(header)
        return handle, writer


def _column(header: list[str], name: str) -> int | None:
    wanted = name.strip().lower()
    for index, column in enumerate(header):
        if column.strip().lower() == wanted:
            return index
    return None


def keep_rest(rest: Path, path: Path, removed: int) -> None:
    """The export without its held-back records replaces the file; untouched, it is dropped."""
    if removed:
        os.replace(rest, path)
    else:
        rest.unlink()


def _split_csv_folder(
    zone: Path,
    held_dir: Path,
    kind: str,
    last: str | None,
    day_of: Callable[[_CsvFile, list[str]], str | None],
    held_header: Callable[[_CsvFile], list[str]] = lambda source: source.header,
    held_row: Callable[[_CsvFile, list[str]], list[str]] = lambda source, row: row,
) -> list[NewDayFile]:
    """Per download series: the newest export's last and overlap days go to a new file;
    every export of the series loses its last-day rows."""
    folder = zone / kind
    families = _families(folder, "*.csv")
    # the kind's own latest day unless the caller names one
    last = last or _latest(
        day_of(source, row)
        for source in (_CsvFile(paths[-1]) for paths in families.values())
        for row in source.rows()
    )
    if last is None:
        return []
    overlap = _day_before(last)
    held: list[NewDayFile] = []
    for family, paths in families.items():
        newest = paths[-1]
        target: Path | None = None
        held_handle = held_writer = None
        records = last_records = 0
        for path in paths:
            if not _may_hold(path, overlap):
                continue
            source = _CsvFile(path)
            rest = path.with_name(f".{path.name}.rest")
            rest_handle = rest_writer = None
            removed = 0
            for row in source.rows():
                if rest_writer is None:
                    rest_handle, rest_writer = source.writer(rest, source.header)
                day = day_of(source, row)
                if path == newest and day in (last, overlap):
                    if held_writer is None:
                        ext = _stem_and_ext(path.name)[1]
                        target = held_dir / kind / _new_name(family, ext, overlap, last, paths)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        held_handle, held_writer = source.writer(target, held_header(source))
                    held_writer.writerow(held_row(source, row))
                    records += 1
                    last_records += day == last
                if day == last:
                    removed += 1
                else:
                    rest_writer.writerow(row)
            if rest_handle is not None:
                rest_handle.close()
                keep_rest(rest, path, removed)
        if held_handle is not None and target is not None:
            held_handle.close()
            held.append(NewDayFile(kind, target, last, records, last_records))
    return held


def _date_column_day(column: str) -> Callable[[_CsvFile, list[str]], str | None]:
    """The day of a row: the first ten characters of its date or time column."""

    def day_of(source: _CsvFile, row: list[str]) -> str | None:
        index = source.index(column)
        if index is None or index >= len(row):
            return None
        return _valid_day(row[index].strip()[:10])

    return day_of


def split_superannotate(zone: Path, held_dir: Path, last: str | None = None) -> list[NewDayFile]:
    """Status changes and editor samples by their time, the daily aggregation by its date."""
    return [
        *_split_csv_folder(
            zone,
            held_dir,
            "superannotate/annotation_status",
            last,
            _date_column_day("time"),
        ),
        *_split_csv_folder(
            zone, held_dir, "superannotate/editor_activity", last, _date_column_day("time")
        ),
        *_split_csv_folder(
            zone, held_dir, "superannotate/status_daily", last, _date_column_day("date")
        ),
    ]


def split_crowdai(zone: Path, held_dir: Path, last: str | None = None) -> list[NewDayFile]:
    """Workflow rows by `Completed At`; rows not completed yet have no day and stay."""
    return _split_csv_folder(
        zone, held_dir, "crowdai/annotation_csv", last, _date_column_day("Completed At")
    )


def split_roboflow(zone: Path, held_dir: Path, last: str | None = None) -> list[NewDayFile]:
    """Labeler Statistics are per-period totals that cannot be cut by day: a row belongs to
    the day its period ends. The new file writes the period as `Start Date,End Date` columns,
    since its own name (the download's days) is not the period."""

    def period(source: _CsvFile, row: list[str]) -> tuple[str | None, str | None]:
        start, end = source.index("Start Date"), source.index("End Date")
        if start is not None and end is not None:
            return row[start].strip(), row[end].strip()
        match = RANGE_SUFFIX.search(_stem_and_ext(source.path.name)[0])
        return (match.group(1), match.group(2)) if match else (None, None)

    def has_period(source: _CsvFile) -> bool:
        return _column(source.header, "End Date") is not None

    return _split_csv_folder(
        zone,
        held_dir,
        "roboflow/annotation_insights",
        last,
        lambda source, row: _valid_day(period(source, row)[1] or ""),
        held_header=lambda source: (
            source.header if has_period(source) else [*source.header, "Start Date", "End Date"]
        ),
        held_row=lambda source, row: (
            row if has_period(source) else [*row, *(value or "" for value in period(source, row))]
        ),
    )


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        yield from handle


def _labelbox_day(line: str) -> str | None:
    try:
        details = json.loads(line)["data_row"]["details"]
        return _valid_day(str(details["last_activity_at"])[:10])
    except (ValueError, KeyError, TypeError):
        return None  # not JSON or no activity date: the line stays where it is


def split_labelbox(zone: Path, held_dir: Path, last: str | None = None) -> list[NewDayFile]:
    """Data rows (one NDJSON line each) by `data_row.details.last_activity_at`."""
    kind = "labelbox/export_v2"
    families = _families(zone / kind, "*.ndjson")
    # the kind's own latest day unless the caller names one
    last = last or _latest(
        _labelbox_day(line) for paths in families.values() for line in _lines(paths[-1])
    )
    if last is None:
        return []
    overlap = _day_before(last)
    held: list[NewDayFile] = []
    for family, paths in families.items():
        newest = paths[-1]
        target = held_dir / kind / _new_name(family, ".ndjson", overlap, last, paths)
        records = last_records = 0
        out = None
        for path in paths:
            if not _may_hold(path, overlap):
                continue
            rest = path.with_name(f".{path.name}.rest")
            removed = 0
            with (
                path.open(encoding="utf-8", newline="") as source,
                rest.open("w", encoding="utf-8", newline="") as kept,
            ):
                for line in source:
                    day = _labelbox_day(line) if line.strip() else None
                    if path == newest and day in (last, overlap):
                        if out is None:
                            target.parent.mkdir(parents=True, exist_ok=True)
                            out = target.open("w", encoding="utf-8", newline="")
                        out.write(line if line.endswith("\n") else line + "\n")
                        records += 1
                        last_records += day == last
                    if day == last:
                        removed += 1
                    else:
                        kept.write(line)
            keep_rest(rest, path, removed)
        if out is not None:
            out.close()
            held.append(NewDayFile(kind, target, last, records, last_records))
    return held


def dataloop_item_day(item: Any) -> str | None:
    """An item's day: the latest of its creation, its annotations' creation and update, and
    its task status log entries."""
    if not isinstance(item, dict):
        return None
    stamps = [item.get("createdAt"), item.get("updatedAt")]
    for annotation in item.get("annotations") or []:
        if isinstance(annotation, dict):
            stamps += [annotation.get("createdAt"), annotation.get("updatedAt")]
    system = ((item.get("metadata") or {}).get("system")) or {}
    for entry in system.get("taskStatusLog") or []:
        if isinstance(entry, dict):
            stamps.append((entry.get("status") or {}).get("timestamp"))
    return _latest(_valid_day(stamp[:10]) for stamp in stamps if isinstance(stamp, str))


def _iter_items(path: Path) -> Iterator[Any]:
    """The items of a Dataloop file: a list export read one item a line (as it is written),
    else the whole document; a file that is not JSON gives none."""
    with path.open(encoding="utf-8") as handle:
        if handle.readline().strip() == "[":
            try:
                for line in handle:
                    text = line.strip().rstrip(",")
                    if text and text != "]":
                        yield json.loads(text)
                return
            except ValueError:
                pass  # laid out otherwise: parse the whole file below
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return
    yield from document if isinstance(document, list) else [document]


def _is_list_file(path: Path) -> bool:
    with path.open(encoding="utf-8") as handle:
        return handle.read(64).lstrip().startswith("[")


class _ItemList:
    """A JSON array written one item a line, as Dataloop's list exports are."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = path.open("w", encoding="utf-8", newline="\n")
        self._handle.write("[")
        self.count = 0

    def write(self, item: Any) -> None:
        self._handle.write(
            ("\n" if self.count == 0 else ",\n") + json.dumps(item, ensure_ascii=False)
        )
        self.count += 1

    def close(self) -> None:
        self._handle.write("\n]\n" if self.count else "]\n")
        self._handle.close()


def split_dataloop(zone: Path, held_dir: Path, last: str | None = None) -> list[NewDayFile]:
    """Items by their latest activity. A series is a list export (`<dataset>_items_<range>`)
    or a dataset's one-item files (`<dataset>_item_<id>`); the new file is a list export
    `<dataset>_items_<overlap>_<last>.json`, which sorts after both."""
    kind = "dataloop/items"
    folder = zone / kind
    series: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.json")):
        family = _family(path.name)
        prefix = re.sub(r"_items?(_[0-9a-f]+)?$", "", family)
        series.setdefault(prefix, []).append(path)
    # the kind's own latest day unless the caller names one
    last = last or _latest(
        dataloop_item_day(item)
        for paths in series.values()
        for path in paths
        for item in _iter_items(path)
    )
    if last is None:
        return []
    overlap = _day_before(last)
    held: list[NewDayFile] = []
    for prefix, paths in series.items():
        newest_copy: dict[str, tuple[Any, str | None]] = {}
        for path in paths:
            if not _may_hold(path, overlap):
                continue
            is_list = _is_list_file(path)
            rest = path.with_name(f".{path.name}.rest")
            kept = _ItemList(rest) if is_list else None
            removed = 0
            for item in _iter_items(path):
                day = dataloop_item_day(item)
                key = str(item.get("id")) if isinstance(item, dict) else repr(item)
                newest_copy[key] = (item, day)  # name order: the later file wins
                if day == last:
                    removed += 1
                elif kept is not None:
                    kept.write(item)
            if kept is not None:
                kept.close()
                keep_rest(rest, path, removed)
            elif removed:
                path.unlink()  # a one-item file of the last day moves whole
        chosen = [(item, day) for item, day in newest_copy.values() if day in (last, overlap)]
        if not chosen:
            continue
        target = held_dir / kind / _new_name(f"{prefix}_items", ".json", overlap, last, paths)
        new_list = _ItemList(target)
        for item, _ in chosen:
            new_list.write(item)
        new_list.close()
        last_records = sum(day == last for _, day in chosen)
        held.append(NewDayFile(kind, target, last, len(chosen), last_records))
    return held


NEW_DAY_SPLITTERS = (
    split_crowdai,
    split_dataloop,
    split_labelbox,
    split_roboflow,
    split_superannotate,
)


def hold_back_new_day(zone: Path, held_dir: Path, last_day: str | None = None) -> list[NewDayFile]:
    """Take the last day out of every vendor's exports; the new exports wait in held_dir.
    Without last_day, each file kind's own latest day: a quiet kind still gets a new day."""
    held: list[NewDayFile] = []
    for split in NEW_DAY_SPLITTERS:
        held += split(zone, held_dir, last_day)
    return held


def put_new_day_in_place(zone: Path, held: list[NewDayFile]) -> None:
    for new_file in held:
        shutil.move(str(new_file.path), str(zone / new_file.kind / new_file.path.name))


# --- steps ---------------------------------------------------------------------------------


@dataclass
class Step:
    seconds: float
    peak_mb: float | None
    detail: dict[str, Any] = field(default_factory=dict)
    failed: str | None = None  # why a step allowed to fail did not finish
    # (epoch seconds, resident MB) of the child every SAMPLE_SECONDS (Linux), read by
    # dbt_build to say which models ran when memory peaked; not kept in the results
    memory_samples: list[tuple[float, float]] = field(default_factory=list, repr=False)


def step_figures(step: Step) -> dict[str, Any]:
    """A step as benchmark.json keeps it (without its memory samples)."""
    figures = asdict(step)
    del figures["memory_samples"]
    return figures


SAMPLE_SECONDS = 0.25


def sample_memory(pid: int, samples: list[tuple[float, float]], done: threading.Event) -> None:
    """Append the resident size of process pid until done is set or it has exited."""
    status = Path(f"/proc/{pid}/status")
    while not done.is_set():
        try:
            text = status.read_text()
        except OSError:
            return
        match = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
        if match is None:  # exited, not yet reaped
            return
        samples.append((time.time(), int(match.group(1)) / 1024))
        done.wait(SAMPLE_SECONDS)


def _epoch(timestamp: str) -> float:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()


def memory_by_model(
    results: list[dict[str, Any]], samples: list[tuple[float, float]], top: int = 5
) -> dict[str, float]:
    """The models that ran when the build's memory was highest: for each model, the largest
    resident size sampled while it executed (models run concurrently, so a peak is shared by
    every model running then); the top ones, largest first."""
    largest: dict[str, float] = {}
    for result in results:
        if not result["unique_id"].startswith("model."):
            continue
        spans = [timing for timing in result.get("timing", []) if timing.get("name") == "execute"]
        if not spans or not spans[0].get("started_at") or not spans[0].get("completed_at"):
            continue
        started, completed = _epoch(spans[0]["started_at"]), _epoch(spans[0]["completed_at"])
        during = [mb for at, mb in samples if started <= at <= completed]
        if during:
            largest[result["unique_id"].split(".")[-1]] = round(max(during), 1)
    ranked = sorted(largest.items(), key=lambda item: -item[1])[:top]
    return dict(ranked)


def run_measured(
    command: list[str], env: dict[str, str], log: Path, memory_limit_mb: int | None = None
) -> Step:
    """Wall time and peak resident memory of one child process (and what it waited for).
    With memory_limit_mb, the child's address space is capped there and running out of it
    is a result (Step.failed), not the end of the benchmark."""

    def cap_memory() -> None:
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=cap_memory if memory_limit_mb else None,
        )
        samples: list[tuple[float, float]] = []
        done = threading.Event()
        sampler = threading.Thread(target=sample_memory, args=(process.pid, samples, done))
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    divisor = 1024 * 1024 if platform.system() == "Darwin" else 1024
    step = Step(seconds, usage.ru_maxrss / divisor, memory_samples=samples)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        if memory_limit_mb and ("MemoryError" in tail or "out of memory" in tail):
            step.failed = f"out of memory at its {memory_limit_mb:,} MB limit"
            return step
        raise SystemExit(f"{' '.join(command[:2])} failed (log {log}):\n{tail}")
    return step


def dbt_build(
    work_dir: Path, zone: Path, name: str, *flags: str, engine: dict[str, str] | None = None
) -> Step:
    """`dbt build` into work_dir's DuckDB file, or on the engine its environment names."""
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(
            engine
            or {"DBT_DUCKDB_PATH": str(work_dir / "warehouse.duckdb"), "DBT_TARGET": "duckdb"}
        ),
    }
    target = work_dir / "target"
    command = [
        str(Path(sys.executable).with_name("dbt")),
        "build",
        *flags,
        "--vars",
        json.dumps({"data_dir": str(zone), "as_of_date": AS_OF_DATE}),
        "--target-path",
        str(target),
        "--log-path",
        str(work_dir / "logs"),
    ]
    step = run_measured(command, env, work_dir / "logs" / f"{name}.out")
    results = json.loads((target / "run_results.json").read_text())["results"]
    models = [result for result in results if result["unique_id"].startswith("model.")]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    incremental = {
        unique_id
        for unique_id, node in nodes.items()
        if node.get("config", {}).get("materialized") == "incremental"
    }
    step.detail = {
        "nodes": len(results),
        "seconds_by_layer": seconds_by_layer(results, nodes),
        "incremental_model_seconds": sum(
            result["execution_time"] for result in models if result["unique_id"] in incremental
        ),
        "slowest_models": {
            result["unique_id"].split(".")[-1]: round(result["execution_time"], 2)
            for result in sorted(models, key=lambda result: -result["execution_time"])[:5]
        },
        "memory_by_model": memory_by_model(results, step.memory_samples),
    }
    step.memory_samples = []
    return step


def seconds_by_layer(results: list[dict[str, Any]], nodes: dict[str, Any]) -> dict[str, float]:
    """Execution time summed per models' folder (staging, intermediate, marts...) and for data
    and unit tests: where a build's time goes (threads overlap, so the sum exceeds the wall)."""
    totals: dict[str, float] = {}
    for result in results:
        unique_id = result["unique_id"]
        if unique_id.startswith("model."):
            layer = nodes[unique_id]["path"].split("/")[0] + " models"
        elif unique_id.startswith("test."):
            layer = "data tests"
        elif unique_id.startswith("unit_test."):
            layer = "unit tests"
        else:
            continue
        totals[layer] = totals.get(layer, 0.0) + result["execution_time"]
    return {layer: round(seconds, 1) for layer, seconds in totals.items()}


# Each kind read as its files are: CSV with the columns the warehouse types (the rest as the
# reader detects them), JSON documents as JSON values. Records that do not parse are skipped.
FLOOR_CSV = {
    "crowdai/annotation_csv": {
        "Workflow ID": "BIGINT",
        "Media ID": "BIGINT",
        "Time to Complete": "DOUBLE",
        "TimeSecs": "DOUBLE",
        "Completed At": "TIMESTAMP",
        "Frame Count": "BIGINT",
    },
    "crowdai/media": {},
    "identity": {},
    "roboflow/annotation_insights": {"Start Date": "DATE", "End Date": "DATE"},
    "superannotate/annotation_status": {"time": "TIMESTAMP", "user_role": "INTEGER"},
    "superannotate/editor_activity": {"time": "TIMESTAMP"},
    "superannotate/status_daily": {
        "date": "DATE",
        "item_count_in": "BIGINT",
        "item_count_out": "BIGINT",
        "item_count_eop": "BIGINT",
    },
}
FLOOR_NDJSON = ("labelbox/export_v2",)
FLOOR_JSON = ("dataloop/items", "dataloop/analytics", "superannotate/annotations")


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def floor_statements(zone: Path) -> dict[str, str]:
    """One `create table` per file kind present in the landing zone."""
    statements: dict[str, str] = {}
    for kind, types in FLOOR_CSV.items():
        if any((zone / kind).glob("*.csv")):
            typed = ", ".join(
                f"{_sql_text(name)}: {_sql_text(kind)}" for name, kind in types.items()
            )
            statements[kind] = (
                f"select * from read_csv({_sql_text(str(zone / kind / '*.csv'))}, "
                f"union_by_name = true, filename = true, ignore_errors = true, "
                f"types = {{{typed}}})"
            )
    for kind in FLOOR_NDJSON:
        if any((zone / kind).glob("*.ndjson")):
            statements[kind] = (
                f"select * from read_json_objects({_sql_text(str(zone / kind / '*.ndjson'))}, "
                "format = 'newline_delimited', ignore_errors = true, filename = true)"
            )
    for kind in FLOOR_JSON:
        if any((zone / kind).glob("*.json")):
            statements[kind] = (
                "select filename, try_cast(content as json) as document "
                f"from read_text({_sql_text(str(zone / kind / '*.json'))})"
            )
    return statements


def read_floor(zone: Path, database: Path) -> Step:
    """DuckDB reading every file of the landing zone once into typed tables, in this process
    (the memory figure is this process's peak so far, so it is not reported)."""
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    rows: dict[str, int] = {}
    with duckdb.connect(str(database)) as connection:
        for kind, select in floor_statements(zone).items():
            table = kind.replace("/", "__")
            connection.execute(f"create table {table} as {select}")
            rows[kind] = connection.sql(f"select count(*) from {table}").fetchall()[0][0]
    seconds = time.perf_counter() - started
    database.unlink(missing_ok=True)
    return Step(seconds, None, {"rows": rows})


def superannotate_zone(zone: Path, target: Path) -> Path:
    """A landing zone holding only the SuperAnnotate files (hard links where possible)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    try:
        shutil.copytree(zone / "superannotate", target / "superannotate", copy_function=os.link)
    except OSError:
        shutil.rmtree(target / "superannotate", ignore_errors=True)
        shutil.copytree(zone / "superannotate", target / "superannotate")
    return target


def pandas_run(zone: Path, work_dir: Path) -> Step:
    """The pandas script as its own process, started like dbt is: imports included."""
    command = [
        sys.executable,
        "-m",
        "annotation_ops.pandas_baseline",
        str(zone),
        "--as-of-date",
        AS_OF_DATE,
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH")])
        ),
    }
    log = work_dir / "logs" / "pandas.out"
    step = run_measured(command, env, log, memory_limit_mb=pandas_memory_limit_mb())
    if step.failed:
        return step
    step.detail = {"rows": json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])}
    return step


def pandas_memory_limit_mb() -> int:
    """All but 2 GB of the machine's memory: pandas holds every row in memory, and at a large
    scale it would otherwise end in the kernel's out-of-memory killer."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    return max(total - 2048, 1024)


def count_records(zone: Path) -> int:
    """Records in a landing zone: CSV rows, NDJSON lines, JSON files."""
    total = 0
    for path in zone.rglob("*"):
        if "_truth" in path.parts or not path.is_file():
            continue
        if path.suffix == ".json":
            total += 1
        else:
            with path.open("rb") as handle:
                lines = sum(1 for _ in handle)
            total += lines - 1 if path.suffix == ".csv" else lines
    return total


# --- one scale -------------------------------------------------------------------------------


def benchmark(scale: float, seed: int, work_root: Path, full_refresh: bool) -> dict[str, Any]:
    work_dir = work_root / f"scale_{scale:g}"
    shutil.rmtree(work_dir, ignore_errors=True)
    zone = work_dir / "landing"
    print(f"scale {scale:g}: generating {zone}", flush=True)
    started = time.perf_counter()
    generate(zone, seed=seed, scale=scale, progress=False)
    generate_seconds = time.perf_counter() - started
    records = count_records(zone)

    print(f"scale {scale:g}: holding back the last day of every file kind", flush=True)
    started = time.perf_counter()
    held = hold_back_new_day(zone, work_dir / "new_day")
    hold_back_seconds = time.perf_counter() - started
    steps: dict[str, Step] = {}
    print(f"scale {scale:g}: full dbt build", flush=True)
    steps["full_build"] = dbt_build(work_dir, zone, "full_build")
    put_new_day_in_place(zone, held)
    print(f"scale {scale:g}: daily dbt build", flush=True)
    steps["daily_build"] = dbt_build(work_dir, zone, "daily_build")
    if full_refresh:
        print(f"scale {scale:g}: dbt build --full-refresh", flush=True)
        steps["full_refresh"] = dbt_build(work_dir, zone, "full_refresh", "--full-refresh")
    print(f"scale {scale:g}: floor (DuckDB reading every file once)", flush=True)
    steps["floor"] = read_floor(zone, work_dir / "floor.duckdb")

    sa_zone = superannotate_zone(zone, work_dir / "landing_superannotate")
    sa_dir = work_dir / "superannotate_only"
    print(f"scale {scale:g}: SuperAnnotate-only dbt build", flush=True)
    # cautious: tests that also read models outside the selection stay out
    selection = [
        "--select",
        *(f"+{mart}" for mart in SUPERANNOTATE_MARTS),
        "--indirect-selection",
        "cautious",
    ]
    steps["superannotate_build"] = dbt_build(sa_dir, sa_zone, "superannotate_build", *selection)
    print(f"scale {scale:g}: pandas", flush=True)
    steps["pandas"] = pandas_run(sa_zone, sa_dir)
    return {
        "scale": scale,
        "seed": seed,
        "as_of_date": AS_OF_DATE,
        "input_records": records,
        "superannotate_records": count_records(sa_zone),
        "generate_seconds": generate_seconds,
        "hold_back_seconds": hold_back_seconds,
        "new_day": [
            {**asdict(new_file), "path": str(zone / new_file.kind / new_file.path.name)}
            for new_file in held
        ],
        "steps": {name: step_figures(step) for name, step in steps.items()},
    }


def spark_engine(work_dir: Path) -> dict[str, str]:
    """A local Spark session (profiles.yml's `spark` target) with its warehouse and metastore
    in work_dir."""
    return {
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET": "spark",
        "DBT_SPARK_WAREHOUSE_DIR": str(work_dir / "spark" / "warehouse"),
        "DBT_SPARK_METASTORE_DIR": str(work_dir / "spark" / "metastore_db"),
        "DBT_SPARK_SCHEMA": "annotation_ops",
        "PYSPARK_PYTHON": sys.executable,
    }


def spark_load(work_dir: Path, zone: Path, name: str) -> Step:
    """`annotation-ops load --target spark`: the landing zone's files into the raw tables
    (a file already loaded is not read again)."""
    command = [
        str(Path(sys.executable).with_name("annotation-ops")),
        "load",
        "--target",
        "spark",
        "--data-dir",
        str(zone),
    ]
    env = {**os.environ, **spark_engine(work_dir)}
    return run_measured(command, env, work_dir / "logs" / f"{name}.out")


def spark_benchmark(scale: float, seed: int, work_root: Path) -> dict[str, Any]:
    """The same landing zone and new day as the DuckDB benchmark, on Spark: load and full
    build, then load of the new day and the daily build. Peak memory is not reported: the
    Spark JVM is not a process dbt waits for."""
    work_dir = work_root / f"spark_scale_{scale:g}"
    shutil.rmtree(work_dir, ignore_errors=True)
    zone = work_dir / "landing"
    print(f"Spark, scale {scale:g}: generating {zone}", flush=True)
    generate(zone, seed=seed, scale=scale, progress=False)
    records = count_records(zone)
    held = hold_back_new_day(zone, work_dir / "new_day")
    engine = spark_engine(work_dir)
    steps: dict[str, Step] = {}
    print(f"Spark, scale {scale:g}: load and full dbt build", flush=True)
    steps["load"] = spark_load(work_dir, zone, "load")
    steps["full_build"] = dbt_build(work_dir, zone, "full_build", engine=engine)
    put_new_day_in_place(zone, held)
    print(f"Spark, scale {scale:g}: load of the new day and daily dbt build", flush=True)
    steps["daily_load"] = spark_load(work_dir, zone, "daily_load")
    steps["daily_build"] = dbt_build(work_dir, zone, "daily_build", engine=engine)
    return {
        "engine": "spark",
        "scale": scale,
        "seed": seed,
        "input_records": records,
        "steps": {name: step_figures(step) for name, step in steps.items()},
    }


SPARK_TABLE_HEADER = (
    "| scale | input records | load | full build | load of the new day | daily build "
    "| DuckDB full build | DuckDB daily build |\n|---|---|---|---|---|---|---|---|"
)


def spark_table_row(result: dict[str, Any], duckdb_results: list[dict[str, Any]]) -> str:
    steps = result["steps"]
    same_scale = [other["steps"] for other in duckdb_results if other["scale"] == result["scale"]]
    duckdb_cells = [
        f"{same_scale[0][step]['seconds']:.1f} s" if same_scale else "not in this run"
        for step in ("full_build", "daily_build")
    ]
    return (
        f"| {result['scale']:g} | {result['input_records']:,} "
        + "".join(
            f"| {steps[step]['seconds']:.1f} s "
            for step in ("load", "full_build", "daily_load", "daily_build")
        )
        + f"| {duckdb_cells[0]} | {duckdb_cells[1]} |"
    )


TABLE_HEADER = (
    "| scale | input records | full build | daily build | floor | full / floor "
    "| daily peak memory | full peak memory | SuperAnnotate-only build | pandas "
    "| build / pandas |\n|---|---|---|---|---|---|---|---|---|---|---|"
)


def table_row(result: dict[str, Any]) -> str:
    steps = result["steps"]
    full, daily, floor = steps["full_build"], steps["daily_build"], steps["floor"]
    sa_build, pandas = steps["superannotate_build"], steps["pandas"]
    if pandas.get("failed"):
        pandas_cell = f"{pandas['failed']} after {pandas['seconds']:.1f} s"
        ratio = "-"
    else:
        pandas_cell = f"{pandas['seconds']:.1f} s"
        ratio = f"{sa_build['seconds'] / pandas['seconds']:.1f}x"
    return (
        f"| {result['scale']:g} | {result['input_records']:,} | {full['seconds']:.1f} s "
        f"| {daily['seconds']:.1f} s | {floor['seconds']:.1f} s "
        f"| {full['seconds'] / floor['seconds']:.0f}x "
        f"| {daily['peak_mb']:,.0f} MB | {full['peak_mb']:,.0f} MB "
        f"| {sa_build['seconds']:.1f} s | {pandas_cell} | {ratio} |"
    )


def machine() -> str:
    import dbt.version

    return (
        f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}, dbt-core {dbt.version.__version__}, "
        "threads from profiles.yml"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="annotation-ops benchmark", description=__doc__)
    parser.add_argument("--scales", default="10,100", help="comma-separated generator scales")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/annotation-ops-benchmark"))
    parser.add_argument(
        "--out",
        type=Path,
        help="the Markdown table's file (default WORK_DIR/benchmark.md); the raw numbers go "
        "beside it with the suffix .json",
    )
    parser.add_argument(
        "--full-refresh", action="store_true", help="also time `dbt build --full-refresh`"
    )
    parser.add_argument(
        "--spark-scales",
        default="",
        help="comma-separated scales to build on Spark too (a local session; needs the "
        "`spark` dependency group: make setup-spark)",
    )
    args = parser.parse_args(argv)
    scales = [float(text) for text in args.scales.split(",") if text]
    spark_scales = [float(text) for text in args.spark_scales.split(",") if text]
    out = args.out or args.work_dir / "benchmark.md"
    results: list[dict[str, Any]] = []
    spark_results: list[dict[str, Any]] = []
    report = {
        "machine": machine(),
        "date": date.today().isoformat(),
        "results": results,
        "spark_results": spark_results,
    }

    def write_report() -> None:
        tables = [
            "\n".join([TABLE_HEADER, *(table_row(result) for result in results)]),
        ]
        if spark_results:
            rows = (spark_table_row(result, results) for result in spark_results)
            tables.append("Spark (local[2]):\n\n" + "\n".join([SPARK_TABLE_HEADER, *rows]))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            f"{report['machine']} ({report['date']})\n\n" + "\n\n".join(tables) + "\n",
            encoding="utf-8",
        )
        out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    for scale in scales:
        results.append(benchmark(scale, args.seed, args.work_dir, args.full_refresh))
        write_report()
    for scale in spark_scales:
        spark_results.append(spark_benchmark(scale, args.seed, args.work_dir))
        write_report()
    print()
    print(out.read_text(encoding="utf-8"))
    print(f"Wrote {out} and {out.with_suffix('.json')}")
    return 0

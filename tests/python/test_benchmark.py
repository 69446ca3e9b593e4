"""The benchmark's new day: every file kind of a generated landing zone gives up its last day
to a new export that also repeats the day before, and keeps everything else."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sys
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from annotation_ops.benchmark import (
    hold_back_new_day,
    memory_by_model,
    run_measured,
    seconds_by_layer,
    spark_table_row,
    step_figures,
    table_row,
)
from annotation_ops.generator import generate

CSV_DAY_COLUMNS = {
    "crowdai/annotation_csv": "completed at",
    "roboflow/annotation_insights": "end date",
    "superannotate/annotation_status": "time",
    "superannotate/editor_activity": "time",
    "superannotate/status_daily": "date",
}
KINDS = (*CSV_DAY_COLUMNS, "labelbox/export_v2", "dataloop/items")
NAME_RANGE = re.compile(r"_(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})\.\w+$")
ISO_DAY = re.compile(r'"(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}')

Record = tuple[str, str | None]  # (the record as text, its day)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    assert all(len(row) == len(header) for row in rows), f"{path}: ragged rows"
    keys = [column.strip().lower() for column in header]
    return header, [dict(zip(keys, row, strict=True)) for row in rows]


def valid_day(text: str) -> str | None:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def csv_records(kind: str, path: Path, columns: list[str] | None = None) -> list[Record]:
    """Rows as JSON text of the given columns (default all), each with its day: its date
    column, else for Labeler Statistics without one the end of the range in the file name."""
    header, rows = read_csv(path)
    columns = columns or [column.strip().lower() for column in header]
    records = []
    for row in rows:
        text = row.get(CSV_DAY_COLUMNS[kind])
        if text is None and kind == "roboflow/annotation_insights":
            text = NAME_RANGE.search(path.name).group(2)
        day = valid_day((text or "").strip()[:10])
        records.append((json.dumps([row.get(column) for column in columns]), day))
    return records


def ndjson_records(path: Path) -> list[Record]:
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            day = json.loads(line)["data_row"]["details"]["last_activity_at"][:10]
        except ValueError:
            day = None
        records.append((line, day))
    return records


def item_records(path: Path) -> list[Record]:
    """Dataloop items, each dated by the latest timestamp written anywhere in it."""
    document = json.loads(path.read_text(encoding="utf-8"))
    items = document if isinstance(document, list) else [document]
    records = []
    for item in items:
        text = json.dumps(item, sort_keys=True)
        records.append((text, max(ISO_DAY.findall(text), default=None)))
    return records


def records_of(kind: str, path: Path, columns: list[str] | None = None) -> list[Record]:
    if kind == "labelbox/export_v2":
        return ndjson_records(path)
    if kind == "dataloop/items":
        return item_records(path)
    return csv_records(kind, path, columns)


def series_of(kind: str, name: str) -> str:
    """The download series a file belongs to (Dataloop: the dataset's list and item files)."""
    stem = NAME_RANGE.sub("", name).split(".")[0]
    return re.sub(r"_items?(_[0-9a-f]+)?$", "", stem) if kind == "dataloop/items" else stem


def day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("new_day")
    original = root / "original"
    generate(original, seed=11, scale=0.5, progress=False)
    zone = root / "landing"
    shutil.copytree(original, zone)
    held = hold_back_new_day(zone, root / "held")
    yield original, zone, held
    shutil.rmtree(root, ignore_errors=True)


def test_every_file_kind_gets_a_new_export_of_its_last_day(split) -> None:
    original, _, held = split
    assert {new_file.kind for new_file in held} == set(KINDS)
    for new_file in held:
        days = [
            day
            for path in (original / new_file.kind).iterdir()
            for _, day in records_of(new_file.kind, path)
            if day
        ]
        assert new_file.last_day == max(days), new_file.kind
        assert new_file.last_day_records > 0, new_file.kind


def test_new_exports_parse_as_their_kind(split) -> None:
    original, _, held = split
    for new_file in held:
        assert not new_file.path.name.startswith(".")
        if new_file.kind == "labelbox/export_v2":
            for line in new_file.path.read_text(encoding="utf-8").splitlines():
                assert json.loads(line)["data_row"]["id"]
        elif new_file.kind == "dataloop/items":
            items = json.loads(new_file.path.read_text(encoding="utf-8"))
            assert isinstance(items, list) and all(item["id"] for item in items)
        else:
            header, _ = read_csv(new_file.path)
            series = series_of(new_file.kind, new_file.path.name)
            newest = sorted(
                path
                for path in (original / new_file.kind).iterdir()
                if series_of(new_file.kind, path.name) == series
            )[-1]
            original_header, _ = read_csv(newest)
            if new_file.kind == "roboflow/annotation_insights":
                # the period, from the old file's name, as columns: the new name is the download's
                assert [c.lower() for c in header[-2:]] in (
                    ["start date", "end date"],
                    [c.lower() for c in original_header[-2:]],
                )
                header = [c for c in header if c.lower() not in ("start date", "end date")]
                original_header = [
                    c for c in original_header if c.lower() not in ("start date", "end date")
                ]
            assert header == original_header, new_file.path


def test_new_exports_sort_after_their_series(split) -> None:
    original, _, held = split
    for new_file in held:
        series = series_of(new_file.kind, new_file.path.name)
        older = [
            path.name
            for path in (original / new_file.kind).iterdir()
            if series_of(new_file.kind, path.name) == series
        ]
        assert older, new_file.path.name
        assert all(name < new_file.path.name for name in older), new_file.path.name


def test_new_exports_hold_the_last_day_and_the_day_before(split) -> None:
    original, _, held = split
    for new_file in held:
        last, overlap = new_file.last_day, day_before(new_file.last_day)
        series = series_of(new_file.kind, new_file.path.name)
        paths = sorted(
            path
            for path in (original / new_file.kind).iterdir()
            if series_of(new_file.kind, path.name) == series
        )
        if new_file.kind == "dataloop/items":
            # an item's newest copy, by file name, over the dataset's files
            newest: dict[str, Record] = {}
            for path in paths:
                for text, day in item_records(path):
                    newest[json.loads(text)["id"]] = (text, day)
            source = list(newest.values())
        else:
            source = records_of(new_file.kind, paths[-1])
        expected = Counter(text for text, day in source if day in (last, overlap))
        columns = None
        if new_file.kind in CSV_DAY_COLUMNS:
            header, _ = read_csv(paths[-1])
            columns = [column.strip().lower() for column in header]
        got = Counter(text for text, _ in records_of(new_file.kind, new_file.path, columns))
        assert got == expected, new_file.kind
        assert sum(got.values()) == new_file.records
        last_count = sum(1 for _, day in source if day == last)
        assert last_count == new_file.last_day_records


def test_the_landing_zone_keeps_all_but_the_last_day(split) -> None:
    original, zone, held = split
    for new_file in held:
        last = new_file.last_day
        before = Counter(
            record
            for path in (original / new_file.kind).iterdir()
            for record in records_of(new_file.kind, path)
        )
        after = Counter(
            record
            for path in (zone / new_file.kind).iterdir()
            for record in records_of(new_file.kind, path)
        )
        assert not any(day == last for _, day in after), new_file.kind
        assert after == Counter({record: n for record, n in before.items() if record[1] != last})


def test_a_step_that_runs_out_of_its_memory_limit_is_a_result(tmp_path: Path) -> None:
    grab = "import sys; blocks = [bytearray(64 * 1024 * 1024) for _ in range(64)]"
    step = run_measured(
        [sys.executable, "-c", grab], dict(os.environ), tmp_path / "out", memory_limit_mb=1024
    )
    assert step.failed == "out of memory at its 1,024 MB limit"

    row = {"seconds": 10.0, "peak_mb": 100.0}
    result = {
        "scale": 3000,
        "input_records": 1,
        "steps": {
            "full_build": row,
            "daily_build": row,
            "floor": {"seconds": 1.0, "peak_mb": None},
            "superannotate_build": row,
            "pandas": {"seconds": 5.0, "peak_mb": 1024.0, "failed": step.failed},
        },
    }
    assert "| out of memory at its 1,024 MB limit after 5.0 s | - |" in table_row(result)


def test_a_step_that_fails_otherwise_stops_the_benchmark(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="boom"):
        run_measured(
            [sys.executable, "-c", "raise ValueError('boom')"],
            dict(os.environ),
            tmp_path / "out",
            memory_limit_mb=1024,
        )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_a_steps_memory_is_sampled_while_it_runs(tmp_path: Path) -> None:
    grab = "import time; block = bytearray(300 * 1024 * 1024); time.sleep(1.5)"
    step = run_measured([sys.executable, "-c", grab], dict(os.environ), tmp_path / "out")
    assert max(mb for _, mb in step.memory_samples) > 300
    assert "memory_samples" not in step_figures(step)


def test_the_models_running_when_memory_peaked_are_named() -> None:
    def ran(unique_id: str, start: str, end: str) -> dict:
        day = "2026-12-01T10:00:"
        return {
            "unique_id": unique_id,
            "timing": [
                {"name": "compile", "started_at": day + "00Z", "completed_at": day + "01Z"},
                {
                    "name": "execute",
                    "started_at": day + start + "Z",
                    "completed_at": day + end + "Z",
                },
            ],
        }

    def at(second: int) -> float:
        return datetime(2026, 12, 1, 10, 0, second, tzinfo=timezone.utc).timestamp()

    results = [
        ran("model.p.small", "01", "05"),
        ran("model.p.large", "04", "09"),
        ran("model.p.before_any_sample", "00", "01"),
        ran("test.p.on_large", "05", "09"),
    ]
    samples = [(at(2), 500.0), (at(3), 700.0), (at(6), 4200.0), (at(8), 900.0)]
    assert memory_by_model(results, samples) == {"large": 4200.0, "small": 700.0}
    assert memory_by_model(results, samples, top=1) == {"large": 4200.0}


def test_a_builds_time_is_summed_per_layer() -> None:
    nodes = {
        "model.p.a": {"path": "staging/x/a.sql"},
        "model.p.b": {"path": "marts/b.sql"},
        "model.p.c": {"path": "staging/c.sql"},
    }
    results = [
        {"unique_id": "model.p.a", "execution_time": 1.25},
        {"unique_id": "model.p.b", "execution_time": 2.0},
        {"unique_id": "model.p.c", "execution_time": 0.5},
        {"unique_id": "test.p.t1", "execution_time": 0.25},
        {"unique_id": "test.p.t2", "execution_time": 0.5},
        {"unique_id": "unit_test.p.m.u", "execution_time": 3.0},
        {"unique_id": "seed.p.s", "execution_time": 9.0},
    ]
    assert seconds_by_layer(results, nodes) == {
        "staging models": 1.8,
        "marts models": 2.0,
        "data tests": 0.8,
        "unit tests": 3.0,
    }


def test_the_spark_table_sets_each_build_beside_duckdbs_of_the_same_scale() -> None:
    def seconds(**steps: float) -> dict:
        return {name: {"seconds": value, "peak_mb": None} for name, value in steps.items()}

    spark = {
        "scale": 100,
        "input_records": 1_941_190,
        "steps": seconds(load=31.0, full_build=602.5, daily_load=4.25, daily_build=250.0),
    }
    duckdb_runs = [
        {"scale": 10, "steps": seconds(full_build=48.0, daily_build=45.0)},
        {"scale": 100, "steps": seconds(full_build=71.0, daily_build=52.5)},
    ]
    cells = [cell.strip() for cell in spark_table_row(spark, duckdb_runs).strip("|").split("|")]
    assert cells == [
        "100", "1,941,190", "31.0 s", "602.5 s", "4.2 s", "250.0 s", "71.0 s", "52.5 s"
    ]  # fmt: skip
    alone = spark_table_row(spark, duckdb_runs[:1])
    assert alone.endswith("| not in this run | not in this run |")

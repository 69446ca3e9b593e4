"""`annotation-ops benchmark`: how long the DuckDB build takes on a generated landing zone.

For each scale: generate a landing zone, hold back the last day of SuperAnnotate editor
samples (the biggest stream), run a full `dbt build`, put the day back and run `dbt build`
again (the daily run: incremental models recompute the recent dates only), then
`dbt build --full-refresh` for comparison. Prints one Markdown table of wall times, peak
memory and the time of the incremental models in each run (BENCHMARKS.md holds results).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from annotation_ops.cli import PROJECT_DIR
from annotation_ops.generator import generate

AS_OF_DATE = "2026-11-15"
EDITOR_FOLDER = Path("superannotate") / "editor_activity"
INCREMENTAL_MODELS = ("int_editor_samples_sessionized", "int_editor_time_hourly")


@dataclass
class Step:
    seconds: float
    incremental_model_seconds: float


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


def hold_back_last_day(zone: Path, held_back_dir: Path) -> tuple[int, Path]:
    """Move the last day of the newest editor export into a file of its own, kept aside."""
    newest = sorted((zone / EDITOR_FOLDER).glob("*.csv"))[-1]
    with newest.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    last_day = max(row[0][:10] for row in body)
    keep = [row for row in body if row[0][:10] != last_day]
    day = [row for row in body if row[0][:10] == last_day]
    with newest.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *keep])
    held_back_dir.mkdir(parents=True, exist_ok=True)
    held = held_back_dir / f"{newest.stem}_zz_{last_day}.csv"  # sorts after every export
    with held.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *day])
    return len(day), held


def dbt_build(work_dir: Path, zone: Path, *flags: str) -> Step:
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_DUCKDB_PATH": str(work_dir / "warehouse.duckdb"),
        "DBT_TARGET": "duckdb",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    variables = {"data_dir": str(zone), "as_of_date": AS_OF_DATE}
    target = work_dir / "target"
    command = [
        str(Path(sys.executable).with_name("dbt")),
        "build",
        *flags,
        "--vars",
        json.dumps(variables),
        "--target-path",
        str(target),
        "--log-path",
        str(work_dir / "logs"),
    ]
    started = time.perf_counter()
    completed = subprocess.run(
        command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"dbt build failed:\n{completed.stdout[-4000:]}{completed.stderr}")
    results = json.loads((target / "run_results.json").read_text())["results"]
    model_seconds = sum(
        result["execution_time"]
        for result in results
        if result["unique_id"].split(".")[-1] in INCREMENTAL_MODELS
        and result["unique_id"].startswith("model.")
    )
    return Step(seconds, model_seconds)


def peak_child_memory_mb() -> float:
    """Peak resident memory of any child process so far (dbt with DuckDB in it)."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (1024 * 1024) if platform.system() == "Darwin" else peak / 1024


def benchmark(scale: float, seed: int, work_root: Path) -> str:
    work_dir = work_root / f"scale_{scale:g}"
    shutil.rmtree(work_dir, ignore_errors=True)
    zone = work_dir / "landing"
    started = time.perf_counter()
    generate(zone, seed=seed, scale=scale, progress=False)
    generate_seconds = time.perf_counter() - started
    records = count_records(zone)
    day_rows, held = hold_back_last_day(zone, work_dir / "held_back")

    full = dbt_build(work_dir, zone)
    shutil.move(held, zone / EDITOR_FOLDER / held.name)
    daily = dbt_build(work_dir, zone)
    refresh = dbt_build(work_dir, zone, "--full-refresh")
    return (
        f"| {scale:g} | {records:,} | {generate_seconds:.0f} s | {full.seconds:.0f} s "
        f"| {day_rows:,} | {daily.seconds:.0f} s ({daily.incremental_model_seconds:.1f} s) "
        f"| {refresh.seconds:.0f} s ({refresh.incremental_model_seconds:.1f} s) "
        f"| {peak_child_memory_mb():,.0f} MB |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="annotation-ops benchmark", description=__doc__)
    parser.add_argument("--scales", default="10,100", help="comma-separated generator scales")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/annotation-ops-benchmark"))
    args = parser.parse_args(argv)
    print(f"{platform.platform()}, {os.cpu_count()} CPUs, dbt threads from profiles.yml")
    print(
        "| scale | input records | generate | full build | new day (editor samples) "
        "| daily build (incremental models) | full refresh (incremental models) "
        "| peak memory |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for scale in (float(text) for text in args.scales.split(",")):
        print(benchmark(scale, args.seed, args.work_dir), flush=True)
    return 0

"""The editor-time models are incremental by date: a run after new exports arrive recomputes
only the dates from `lookback_days` before the newest stored date, and then agrees with a
full rebuild; data older than that waits for `--full-refresh`."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SAMPLE_DIR, DbtRun, run_dbt

# The editor-time chain and every mart that reads it.
SELECT = "+fct_editor_time_daily +fct_item_annotation_time +fct_active_annotators +dim_annotators"
SAMPLES = "intermediate.int_editor_samples_sessionized"
HOURS = "intermediate.int_editor_time_hourly"
MARTS = (
    "marts.fct_editor_time_daily",
    "marts.fct_item_annotation_time",
    "marts.fct_active_annotators",
    "marts.dim_annotators",
)
EDITOR_FOLDER = "superannotate/editor_activity"
HEADER = "time,user_id,item_id,project_id,folder_id,team_id\n"


def copy_sample(destination: Path) -> Path:
    shutil.copytree(SAMPLE_DIR, destination, ignore=shutil.ignore_patterns("_truth"))
    return destination


def build(work_dir: Path, zone: Path, *flags: str) -> DbtRun:
    selection = ["--select", SELECT, "resource_type:seed", "--indirect-selection", "cautious"]
    run = run_dbt(work_dir, ["build", *selection, *flags], zone)
    assert run.ok, run.output[-4000:]
    return run


def snapshot(run: DbtRun) -> dict[str, list[tuple]]:
    """Every row of the incremental models and their marts, in a stable order."""
    return {
        relation: sorted(run.query(f"select * from {relation}"), key=repr)
        for relation in (SAMPLES, HOURS, *MARTS)
    }


def test_a_run_after_a_new_export_equals_a_full_rebuild(tmp_path):
    zone = copy_sample(tmp_path / "landing")
    exports = sorted((zone / EDITOR_FOLDER).glob("*.csv"))
    held_back = tmp_path / exports[-1].name
    shutil.move(exports[-1], held_back)

    work_dir = tmp_path / "dbt"
    first = build(work_dir, zone)
    first_end = first.scalar(f"select max(activity_date) from {SAMPLES}")
    shutil.move(held_back, exports[-1])

    incremental = build(work_dir, zone)
    assert "incremental model" in incremental.output  # not rebuilt as a table
    newest = incremental.scalar(f"select max(activity_date) from {SAMPLES}")
    assert newest > first_end
    after_incremental = snapshot(incremental)

    rebuilt = snapshot(build(work_dir, zone, "--full-refresh"))
    for relation, rows in rebuilt.items():
        assert rows, relation
        assert after_incremental[relation] == rows, relation


def test_samples_older_than_the_lookback_wait_for_a_full_refresh(tmp_path):
    zone = copy_sample(tmp_path / "landing")
    work_dir = tmp_path / "dbt"
    newest = build(work_dir, zone).scalar(f"select max(activity_date) from {HOURS}")

    # A late export (lookback_days is 3 by default): one user's samples on the newest date
    # and on a date weeks earlier.
    late, recent = "2026-10-01", newest.isoformat()
    rows = [
        f"{day}T10:00:{second:02d}Z,late.user@example.test,99000001,190233,1,1\n"
        for day in (late, recent)
        for second in (0, 20)
    ]
    (zone / EDITOR_FOLDER / "editor-time-tracking_9999-late.csv").write_text(HEADER + "".join(rows))

    def late_user_days(run: DbtRun) -> list[str]:
        return [
            day.isoformat()
            for (day,) in run.query(
                f"select distinct activity_date from {HOURS}"
                " where user_id = 'late.user@example.test' order by 1"
            )
        ]

    assert late_user_days(build(work_dir, zone)) == [recent]
    assert late_user_days(build(work_dir, zone, "--full-refresh")) == [late, recent]

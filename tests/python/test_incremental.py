"""The editor-time models are incremental by date: a run after new exports arrive recomputes
the dates from `lookback_days` before the newest stored date and the older dates the new
files touch, and then agrees with a full rebuild - a late export included. Tests that start
from the whole sample go on from a copy of its shared build."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import duckdb
from conftest import SAMPLE_DIR, DbtRun, copy_of_warehouse, run_dbt

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


def build(work_dir: Path, zone: Path, *flags: str, variables=None) -> DbtRun:
    """Seeds and the editor-time models (what these tests compare are rows; `make test`'s
    build of the sample runs the data tests)."""
    selection = ["--select", SELECT, "resource_type:seed"]
    run = run_dbt(work_dir, ["build", *selection, *flags], zone, variables, data_tests=False)
    assert run.ok, run.output[-4000:]
    return run


def snapshot(run: DbtRun) -> dict[str, list[tuple]]:
    """Every row of the incremental models (but the time of the run that wrote them) and
    their marts, in a stable order."""
    columns = {SAMPLES: "* exclude (sessionized_at)", HOURS: "* exclude (sessionized_at)"}
    return {
        relation: sorted(
            run.query(f"select {columns.get(relation, '*')} from {relation}"), key=repr
        )
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


def copy_of_sample_build(duckdb_build: DbtRun, tmp_path: Path) -> tuple[Path, Path, DbtRun]:
    """The bundled sample's shared build and landing zone, copied: (zone, work_dir, run)."""
    zone, work_dir = copy_of_warehouse(duckdb_build.database.parent, SAMPLE_DIR, tmp_path)
    return zone, work_dir, DbtRun(0, "", work_dir / duckdb_build.database.name, zone)


def test_a_late_export_is_picked_up_by_the_next_run(duckdb_build, tmp_path):
    zone, work_dir, first = copy_of_sample_build(duckdb_build, tmp_path)
    newest = first.scalar(f"select max(activity_date) from {HOURS}")

    # A late export (lookback_days is 3 by default): a new user's samples on the newest date
    # and on a date weeks earlier; and, in an existing series, a sample just before its first
    # sample of an old date - the gap of the series' sample on an earlier date now ends there.
    late, recent = "2026-10-01", newest.isoformat()
    rows = [
        f"{day}T10:00:{second:02d}Z,late.user@example.test,99000001,190233,1,1\n"
        for day in (late, recent)
        for second in (0, 20)
    ]
    series = first.query(
        f"""
        with days as (
            select project_id, user_id, item_id, activity_date, min(sampled_at) as first_at
            from {SAMPLES}
            where activity_date < date '{newest}' - 10
            group by all
        ),
        paired as (
            select
                *,
                lag(activity_date) over (
                    partition by project_id, user_id, item_id order by activity_date
                ) as previous_date
            from days
        )
        select project_id, user_id, item_id, first_at from paired
        where previous_date is not null and hour(first_at) > 0
        order by all
        limit 1
        """
    )
    assert series, "the sample has a series active on two old dates"
    project, user, item, first_at = series[0]
    inserted = first_at - timedelta(seconds=5)
    rows.append(f"{inserted:%Y-%m-%dT%H:%M:%S}Z,{user},{item},{project},,\n")
    (zone / EDITOR_FOLDER / "editor-time-tracking_9999-late.csv").write_text(HEADER + "".join(rows))

    def late_user_days(run: DbtRun) -> list[str]:
        return [
            day.isoformat()
            for (day,) in run.query(
                f"select distinct activity_date from {HOURS}"
                " where user_id = 'late.user@example.test' order by 1"
            )
        ]

    incremental = build(work_dir, zone)
    assert late_user_days(incremental) == [late, recent]
    after_incremental = snapshot(incremental)
    rebuilt = snapshot(build(work_dir, zone, "--full-refresh"))
    for relation, rows_rebuilt in rebuilt.items():
        assert after_incremental[relation] == rows_rebuilt, relation


def test_a_table_from_an_older_version_asks_for_a_full_refresh(duckdb_build, tmp_path):
    """A stored table without the columns an incremental run reads (as an older version of
    the project built it) stops the run naming the --full-refresh that rebuilds it."""
    zone, work_dir, _ = copy_of_sample_build(duckdb_build, tmp_path)
    with duckdb.connect(str(work_dir / "warehouse.duckdb")) as connection:
        connection.execute(f"alter table {HOURS} drop column sessionized_at")
    selection = ["--select", SELECT, "resource_type:seed"]
    stale = run_dbt(work_dir, ["build", *selection], zone, data_tests=False)
    assert not stale.ok
    assert "was built by an older version of this project (it has no sessionized_at)" in (
        stale.output
    )
    assert "dbt build --full-refresh --select int_editor_time_hourly+" in stale.output

    # The union still has the input_hash the first build gave it (the run above failed only
    # in the editor-time chain and what reads it).
    with duckdb.connect(str(work_dir / "warehouse.duckdb")) as connection:
        connection.execute(
            "alter table intermediate.int_annotator_activities_unioned drop input_hash"
        )
    stale_by_key = run_dbt(work_dir, ["run", "--select", "int_annotator_activities_unioned"], zone)
    assert not stale_by_key.ok
    assert "(it has no input_hash)" in stale_by_key.output
    assert (
        "dbt build --full-refresh --select int_annotator_activities_unioned+" in stale_by_key.output
    )


def test_a_changed_max_inactivity_recomputes_every_date(duckdb_build, tmp_path):
    """The gap rule's limit (var max_inactivity_seconds, seed project_settings) decides every
    stored date's credited seconds: a run after either changed recomputes all dates, as a
    full rebuild with the same settings does."""
    zone, work_dir, first = copy_of_sample_build(duckdb_build, tmp_path)
    credited = f"select activity_date, sum(credited_seconds) from {SAMPLES} group by 1 order by 1"
    stored = first.query(credited)

    shorter = {"max_inactivity_seconds": 15}
    changed_var = build(work_dir, zone, variables=shorter)
    recomputed = changed_var.query(credited)
    oldest_dates = set(stored[:10])
    assert oldest_dates - set(recomputed), "the oldest dates were computed again"
    after_incremental = snapshot(changed_var)
    rebuilt = build(work_dir, zone, "--full-refresh", variables=shorter)
    assert snapshot(rebuilt) == after_incremental

    # The seed as a user edits it (a run, not a build, keeps the edited table).
    with duckdb.connect(str(work_dir / "warehouse.duckdb")) as connection:
        connection.execute("update seeds.project_settings set max_inactivity_seconds = 5")
    models = ["--select", "int_editor_samples_sessionized", "int_editor_time_hourly"]
    changed_seed = run_dbt(work_dir, ["run", *models], zone, shorter)
    assert changed_seed.ok, changed_seed.output[-4000:]
    after_seed = {relation: snapshot(changed_seed)[relation] for relation in (SAMPLES, HOURS)}
    assert after_seed[SAMPLES] != after_incremental[SAMPLES]
    rebuilt_seed = run_dbt(work_dir, ["run", *models, "--full-refresh"], zone, shorter)
    assert rebuilt_seed.ok, rebuilt_seed.output[-4000:]
    assert {relation: snapshot(rebuilt_seed)[relation] for relation in (SAMPLES, HOURS)} == (
        after_seed
    )

"""The landing zone is an archive read once (DuckDB): a run reads only new and changed files,
a changed file replaces its own rows, a file that leaves the landing zone keeps its rows, an
unchanged file is not opened, and a run after new exports equals a full build of the same
files. The ledger (audit_landing_files) says what was read."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLE_DIR, DbtRun, copy_of_warehouse, run_dbt

HELD_BACK = (  # the newest exports, which arrive in the daily run (overlapping the older)
    "superannotate/annotation_status/raw-data-annotation-status_2026-08-04_2026-11-15.csv",
    "superannotate/editor_activity/editor-time-tracking_2026-08-04_2026-11-15.csv",
    "superannotate/status_daily/status-daily_2026-08-04_2026-11-15.csv",
    "labelbox/export_v2/export-v2_2026-08-04_2026-11-15.ndjson",
    "dataloop/items/fruit-quality-grading_items_2026-08-04_2026-11-15.json",
    "dataloop/analytics/analytics_fruit-quality-grading_2026-08-04_2026-11-15.json",
)
CHANGED = "crowdai/annotation_csv/retail-shelf-skus_annotation-feedback_2026-08-04_2026-11-15.csv"
# An older export that loses its last rows in the daily run: their rows must go too.
SHRUNK = "superannotate/annotation_status/raw-data-annotation-status_2026-04-01_2026-08-29.csv"
REMOVED = "superannotate/status_daily/status-daily_2026-04-01_2026-08-29.csv"


def build(work_dir: Path, zone: Path, *flags: str, variables=None, data_tests=True) -> DbtRun:
    return run_dbt(work_dir, ["build", *flags], zone, variables, data_tests)


def built(work_dir: Path, zone: Path, *flags: str, variables=None, data_tests=True) -> DbtRun:
    run = build(work_dir, zone, *flags, variables=variables, data_tests=data_tests)
    assert run.ok, run.output[-4000:]
    return run


def compiled(work_dir: Path, model: str) -> str:
    """The SQL the last run in work_dir compiled for a staging model."""
    found = list((work_dir / "target" / "compiled").rglob(f"models/staging/*/{model}.sql"))
    assert len(found) == 1, found
    return found[0].read_text(encoding="utf-8")


def rounded(row: tuple) -> tuple:
    """Doubles to 12 significant digits: an average may differ in its last bit with the
    order the rows were read in."""
    return tuple(float(f"{value:.12g}") if isinstance(value, float) else value for value in row)


def marts(run: DbtRun) -> dict[str, list[tuple]]:
    """Every mart, its rows sorted; but the ledger, whose read times are the runs' own."""
    names = [
        row[0]
        for row in run.query(
            "select table_name from information_schema.tables where table_schema = 'marts'"
            " and table_name != 'audit_landing_files'"
        )
    ]
    assert len(names) > 20
    return {
        name: sorted((rounded(row) for row in run.query(f"select * from marts.{name}")), key=repr)
        for name in names
    }


def ledger(run: DbtRun) -> dict[str, tuple]:
    rows = run.query(
        "select source_file, rows_read, is_in_landing_zone, first_ingested_at,"
        " last_ingested_at from marts.audit_landing_files"
    )
    return {row[0]: row[1:] for row in rows}


def lines(path: Path) -> int:
    """Records of a file: CSV rows after the header, NDJSON non-empty lines, the items of a
    Dataloop item list, the response rows of a Dataloop analytics call."""
    if path.suffix == ".json":
        document = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(document, list):
            return len(document)
        return sum(len(element.get("response", [])) for element in document["response"])
    text = path.read_text(encoding="utf-8").splitlines()
    return len(text) - 1 if path.suffix == ".csv" else sum(1 for line in text if line.strip())


@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    """A first build over an older landing zone, then a daily run after new, changed and
    removed files (every data test passing after it); and a full build over the final files
    plus the removed one."""
    root = tmp_path_factory.mktemp("archive")
    zone = root / "landing"
    shutil.copytree(SAMPLE_DIR, zone, ignore=shutil.ignore_patterns("_truth"))
    aside = root / "aside"
    held = [zone / relative for relative in HELD_BACK]
    for path in held:
        (aside / path.relative_to(zone)).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, aside / path.relative_to(zone))
    changed = zone / CHANGED
    full_text = changed.read_text(encoding="utf-8")
    changed.write_text("".join(full_text.splitlines(keepends=True)[:-5]), encoding="utf-8")

    work_dir = root / "daily"
    first = built(work_dir, zone, data_tests=False)
    before = ledger(first)

    for path in held:
        shutil.move(aside / path.relative_to(zone), path)
    changed.write_text(full_text, encoding="utf-8")
    shrunk = zone / SHRUNK
    shrunk.write_text(
        "".join(shrunk.read_text(encoding="utf-8").splitlines(keepends=True)[:-5]),
        encoding="utf-8",
    )
    removed_copy = root / "removed.csv"
    shutil.move(zone / REMOVED, removed_copy)
    second = built(work_dir, zone)

    full_zone = root / "full"
    shutil.copytree(zone, full_zone)
    shutil.copy(removed_copy, full_zone / REMOVED)
    full = built(root / "full_build", full_zone, data_tests=False)
    return {
        "zone": zone,
        "work_dir": work_dir,
        "held": held,
        "before": before,
        "second": second,
        "full": full,
        "removed_copy": removed_copy,
    }


def test_a_daily_run_equals_a_full_build_of_the_same_files(daily):
    assert "Landing zone: 6 new, 2 changed," in daily["second"].output
    assert "1 missing files" in daily["second"].output
    assert marts(daily["second"]) == marts(daily["full"])


def test_the_ledger_says_what_was_read(daily):
    after = ledger(daily["second"])
    zone = daily["zone"]
    changed = after[CHANGED]
    assert changed[0] == lines(zone / CHANGED)  # replaced, not doubled
    assert changed[2] == daily["before"][CHANGED][2]  # first read kept
    assert changed[3] > daily["before"][CHANGED][3]  # read again
    for path in daily["held"]:
        relative = path.relative_to(zone).as_posix()
        assert relative not in daily["before"]
        assert after[relative][:2] == (lines(path), True)
    assert after[REMOVED][:2] == (lines(daily["removed_copy"]), False)
    unchanged = "crowdai/media/media-lineage_2026-04-01_2026-08-29.csv"
    assert after[unchanged][1:] == daily["before"][unchanged][1:]  # not read again
    raw_rows = daily["second"].scalar(
        f"select count(*) from raw.crowdai__annotation_csv where source_file = '{CHANGED}'"
    )
    assert raw_rows == lines(zone / CHANGED)
    shrunk_rows = daily["second"].scalar(
        "select count(*) from staging.base_superannotate__annotation_status"
        f" where source_file = '{SHRUNK}'"
    )
    assert shrunk_rows == lines(zone / SHRUNK)  # the rows it lost are gone


def test_an_unchanged_file_is_not_opened(daily, tmp_path):
    """Other bytes of the same size and modification time: the run must not see them."""
    zone, work_dir = copy_of_warehouse(daily["work_dir"], daily["zone"], tmp_path)
    target = zone / "crowdai" / "media" / "media-lineage_2026-04-01_2026-08-29.csv"
    stat = (daily["zone"] / target.relative_to(zone)).stat()
    original = target.read_bytes()
    swapped = original.replace(b",", b";")
    assert swapped != original and len(swapped) == len(original)
    target.write_bytes(swapped)
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    run = run_dbt(work_dir, ["run", "--select", "base_crowdai__media"], zone)  # reads the zone
    assert run.ok, run.output[-4000:]
    assert "Landing zone: 0 new, 0 changed," in run.output
    semicolons = run.scalar(
        "select count(*) from raw.crowdai__media"
        " where source_file = 'crowdai/media/media-lineage_2026-04-01_2026-08-29.csv'"
        " and media_id like '%;%'"
    )
    assert semicolons == 0


def test_a_new_file_missing_a_required_column_stops_the_run_before_anything_is_read(
    daily, tmp_path
):
    zone, work_dir = copy_of_warehouse(daily["work_dir"], daily["zone"], tmp_path)
    good = zone / "crowdai" / "media" / "media-lineage_2026-11-16_2026-11-16.csv"
    good.write_text("Media ID,Parent Media ID,Dataset ID\nm-new,,d\n", encoding="utf-8")
    bad = zone / "crowdai" / "annotation_csv" / "late_annotation-feedback_2026-11-16.csv"
    bad.write_text("Workflow ID,Task Status\nw,done\n", encoding="utf-8")
    run = build(work_dir, zone)
    assert not run.ok
    assert "late_annotation-feedback_2026-11-16.csv" in run.output
    assert "Media ID" in run.output or "requires" in run.output
    read = run.query(
        "select source_file from raw._loaded_files where source_file like '%2026-11-16%'"
    )
    assert read == []
    assert run.scalar("select count(*) from raw.crowdai__media where media_id = 'm-new'") == 0


def test_full_refresh_keeps_the_archive_and_rebuild_archive_reads_the_files_again(daily, tmp_path):
    zone, work_dir = copy_of_warehouse(daily["work_dir"], daily["zone"], tmp_path)
    removed_rows = daily["second"].scalar(
        f"select rows_read from marts.audit_row_reconciliation where source_file = '{REMOVED}'"
    )
    assert removed_rows and removed_rows > 0

    refreshed = built(work_dir, zone, "--full-refresh", data_tests=False)
    assert (
        refreshed.scalar(
            f"select rows_read from marts.audit_row_reconciliation where source_file = '{REMOVED}'"
        )
        == removed_rows
    )

    rebuilt = built(work_dir, zone, variables={"rebuild_archive": True}, data_tests=False)
    assert "Landing zone: " in rebuilt.output and " 0 missing files" in rebuilt.output
    assert (
        rebuilt.query(f"select * from marts.audit_landing_files where source_file = '{REMOVED}'")
        == []
    )
    assert (
        rebuilt.query(
            f"select * from marts.audit_row_reconciliation where source_file = '{REMOVED}'"
        )
        == []
    )
    assert marts(rebuilt)["fct_labels"] == marts(daily["second"])["fct_labels"]


def test_a_warehouse_refuses_another_landing_zone(daily, tmp_path):
    work_dir = tmp_path / "dbt"
    shutil.copytree(daily["work_dir"], work_dir)
    other = tmp_path / "other"
    shutil.copytree(daily["zone"], other)
    run = build(work_dir, other)
    assert not run.ok
    assert f"archives the landing zone {daily['zone']}, not {other}" in run.output
    assert "rebuild_archive" in run.output


def test_a_changed_vocabulary_maps_the_stored_rows_again(daily, tmp_path):
    """Staging models incremental by base record read only the records written since their
    last run - unless a vocabulary seed they map values through changed: then every record
    is mapped again. (Stored values are spoiled to see which rows a run rewrote.)"""
    zone, work_dir = copy_of_warehouse(daily["work_dir"], daily["zone"], tmp_path)
    with duckdb.connect(str(work_dir / "warehouse.duckdb")) as connection:
        connection.execute("update staging.stg_superannotate__status_changes set to_status = 'x'")
        connection.execute("update staging.stg_labelbox__workflow_history set review_outcome = 'x'")
        connection.execute(
            "update raw._incremental_state set vocabulary_checksum = 'an older status_map'"
            " where model_name = 'stg_superannotate__status_changes'"
        )
    models = ["stg_superannotate__status_changes", "stg_labelbox__workflow_history"]
    run = run_dbt(work_dir, ["run", "--select", *models], zone)
    assert run.ok, run.output[-4000:]
    remapped = (
        "select count(*) from staging.stg_superannotate__status_changes where to_status = 'x'"
    )
    assert run.scalar(remapped) == 0
    untouched = run.query(
        "select count(*), count(*) filter (where review_outcome = 'x')"
        " from staging.stg_labelbox__workflow_history"
    )
    assert untouched[0][0] > 0
    assert untouched[0][0] == untouched[0][1]


def test_a_staging_model_with_no_rows_reads_only_new_records(daily):
    """The state of what a model has read does not depend on its rows: a model that stayed
    empty (the sample's Labelbox exports hold no label reviews) still reads only the records
    written since its last run."""
    state = daily["second"].query(
        "select state.base_written_at = base.newest"
        " from raw._incremental_state as state,"
        " (select max(written_at) as newest from staging.base_labelbox__export_v2) as base"
        " where state.model_name = 'stg_labelbox__label_reviews'"
    )
    assert state == [(True,)]
    assert "where written_at > cast(" in compiled(daily["work_dir"], "stg_labelbox__label_reviews")


def test_the_checks_of_large_incremental_models_cover_what_a_run_wrote(daily, tmp_path):
    """A daily run checks a large incremental model where its newest write went (the tests'
    newest_write argument), not every stored row - and still finds what went wrong there: a
    record of a file the run read missing from its base model, a file lost whole, a sample
    doubled on a date the run re-sessionized."""
    zone, work_dir = copy_of_warehouse(daily["work_dir"], daily["zone"], tmp_path)
    new_file = HELD_BACK[1]  # editor samples, read by the daily run
    older_file = "superannotate/editor_activity/editor-time-tracking_2026-04-01_2026-08-29.csv"
    with duckdb.connect(str(work_dir / "warehouse.duckdb")) as connection:
        assert (
            connection.sql(
                "select count(*) from staging.base_superannotate__editor_activity"
                f" where source_file = '{older_file}'"
            ).fetchall()[0][0]
            > 0
        )
        connection.execute(
            "delete from staging.base_superannotate__editor_activity"
            f" where source_file = '{new_file}' and source_row = 7"
            f" or source_file = '{older_file}'"
        )
        connection.execute(
            "insert into intermediate.int_editor_samples_sessionized"
            " select * from intermediate.int_editor_samples_sessionized"
            " where sessionized_at = (select max(sessionized_at)"
            " from intermediate.int_editor_samples_sessionized) limit 1"
        )
    covers = "base_superannotate__editor_activity,test_name:covers_raw_records"
    run = run_dbt(work_dir, ["test", "--select", covers], zone)
    assert not run.ok
    missing = run.query(
        "select source_file, count(*) from raw.superannotate__editor_activity as raw_records"
        " where not exists (select 1 from staging.base_superannotate__editor_activity as base"
        " where base.source_file = raw_records.source_file"
        " and base.source_row = raw_records.source_row) group by 1 order by 1"
    )
    assert [file for file, _ in missing] == sorted([new_file, older_file])
    assert f"Got {sum(count for _, count in missing)} results" in run.output

    unique_samples = "int_editor_samples_sessionized,test_name:unique_combination_of_columns"
    unique = run_dbt(work_dir, ["test", "--select", unique_samples], zone)
    assert not unique.ok
    assert "Got 1 result" in unique.output


@pytest.mark.parametrize(
    "model",
    ["intermediate.int_status_transitions_unioned", "marts.fct_status_transitions"],
)
def test_a_model_incremental_by_key_recomputes_the_keys_whose_input_changed(
    daily, tmp_path, monkeypatch, model
):
    """int_status_transitions_unioned computes an item's transitions together, and so does
    the mart over it: a run recomputes the items whose input rows changed, drops the items
    gone from its input, and leaves the others as stored - until a setting it computes with
    (pii_mode) changes. The mart keeps its keys' hashes beside it (`raw._key_hashes`): one per
    item it holds, and a lost hash means a recomputed item, not a stale one.
    (Stored values are spoiled to see which rows a run rewrote.)"""
    zone, work_dir = copy_of_warehouse(daily["work_dir"], daily["zone"], tmp_path)
    vendor_model = "intermediate.int_superannotate__transitions"
    selection = ["--select", "int_status_transitions_unioned", model.split(".")[1]]
    is_mart = model.startswith("marts.")
    with duckdb.connect(str(work_dir / "warehouse.duckdb")) as connection:
        unchanged, changed, gone, unhashed = (
            row[0]
            for row in connection.sql(
                f"select item_id from {vendor_model} group by item_id order by item_id limit 4"
            ).fetchall()
        )
        connection.execute(f"update {model} set to_status_raw = 'spoiled'")
        connection.execute(
            f"update {vendor_model} set changed_by_user_id = 'someone.else@example.com'"
            f" where item_id = '{changed}'"
        )
        connection.execute(f"delete from {vendor_model} where item_id = '{gone}'")
        if is_mart:
            connection.execute(
                "delete from raw._key_hashes where model_name = 'fct_status_transitions'"
                " and incremental_key in (select distinct incremental_key"
                f" from intermediate.int_status_transitions_unioned where item_id = '{unhashed}')"
            )

    def transitions(run: DbtRun, item_id: str) -> list[tuple]:
        return run.query(
            f"select to_status_raw, changed_by_user_id from {model} where item_id = '{item_id}'"
        )

    run = run_dbt(work_dir, ["run", *selection], zone)
    assert run.ok, run.output[-4000:]
    assert {row[0] for row in transitions(run, unchanged)} == {"spoiled"}
    recomputed = transitions(run, changed)
    assert recomputed and "spoiled" not in {row[0] for row in recomputed}
    assert {row[1] for row in recomputed} == {"someone.else@example.com"}
    assert transitions(run, gone) == []
    assert run.scalar(f"select count(*) from {model} where to_status_raw = 'spoiled'") > 100
    if is_mart:
        assert "spoiled" not in {row[0] for row in transitions(run, unhashed)}
        items = "select distinct vendor, project_id, item_id from marts.fct_status_transitions"
        assert run.scalar(
            "select count(*) from raw._key_hashes where model_name = 'fct_status_transitions'"
        ) == run.scalar(f"select count(*) from ({items}) as items")

    monkeypatch.setenv("ANNOTATION_OPS_PII_KEY", "a key of at least sixteen characters")
    hashed = run_dbt(work_dir, ["run", *selection], zone, {"pii_mode": "hash"})
    assert hashed.ok, hashed.output[-4000:]
    assert hashed.scalar(f"select count(*) from {model} where to_status_raw = 'spoiled'") == 0

    if is_mart:  # its columns are its contract: a stored one without them asks for a rebuild
        with duckdb.connect(str(work_dir / "warehouse.duckdb")) as connection:
            connection.execute(f"alter table {model} drop column actor_role")
        stale = run_dbt(work_dir, ["run", *selection], zone, {"pii_mode": "hash"})
        assert not stale.ok
        assert "(it has no actor_role)" in stale.output
        assert "--full-refresh --select fct_status_transitions+" in stale.output


def test_the_reconciliation_counts_again_only_the_files_whose_records_a_run_wrote(daily, tmp_path):
    """audit_row_reconciliation counts a file again when a run wrote its base records (new,
    changed or superseded), counts the small streams rebuilt whole every run, and drops the
    files the ledger no longer holds; the other stored counts stay as they are.
    (Stored counts are spoiled to see which rows a run rewrote.)"""
    zone, work_dir = copy_of_warehouse(daily["work_dir"], daily["zone"], tmp_path)
    rewritten = HELD_BACK[0]
    untouched = "superannotate/editor_activity/editor-time-tracking_2026-04-01_2026-08-29.csv"
    rebuilt = "crowdai/media/media-lineage_2026-04-01_2026-08-29.csv"  # a table every run
    with duckdb.connect(str(work_dir / "warehouse.duckdb")) as connection:
        connection.execute("update marts.audit_row_reconciliation set rows_read = -1")
        connection.execute(
            "insert into marts.audit_row_reconciliation"
            " values ('crowdai', 'media', 'crowdai/media/forgotten.csv', 1, 1, 0, 0)"
        )
        connection.execute(
            "update staging.base_superannotate__annotation_status"
            " set written_at = cast(current_timestamp as timestamp)"
            f" where source_file = '{rewritten}' and source_row = 3"
        )
    run = run_dbt(work_dir, ["run", "--select", "audit_row_reconciliation"], zone)
    assert run.ok, run.output[-4000:]

    def rows_read(source_file: str) -> list[tuple]:
        return run.query(
            "select rows_read from marts.audit_row_reconciliation"
            f" where source_file = '{source_file}'"
        )

    assert rows_read(rewritten) == [(lines(zone / rewritten),)]
    assert rows_read(rebuilt) == [(lines(zone / rebuilt),)]
    assert rows_read(untouched) == [(-1,)]
    assert rows_read("crowdai/media/forgotten.csv") == []
    assert "where written_at > cast(" in (
        next((work_dir / "target" / "compiled").rglob("audit_row_reconciliation.sql")).read_text()
    )

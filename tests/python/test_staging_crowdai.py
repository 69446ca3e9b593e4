"""CrowdAI staging on crafted landing zones: bad input is rejected naming the field, unknown
statuses stay as `custom`, overlapping exports keep the newest copy, and every record read is
staged, rejected or counted as a duplicate."""

from __future__ import annotations

import csv
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, SAMPLE_DIR, run_dbt, write_file

HEADER = (
    "Workflow ID,Media ID,Dataset ID,Task Status,Task URL,Phase,Annotator Name,"
    "Time to Complete,Project Name,TimeSecs,Completed At,Frame Count\n"
)
SHARED_SAMPLE = PROJECT_DIR.parent / "shared" / "samples" / "crowdai"
SELECT = ["--select", "path:models/staging/crowdai", "resource_type:seed"]
# Cautious: other vendors' tests that merely touch a seed are not pulled into this build.
BUILD = ["build", *SELECT, "--indirect-selection", "cautious"]

OLDER = (
    HEADER
    # 1: valid, but w1 is in the newer export too -> duplicate
    + "w1,m1,d1,assigned,https://x/w1,image_boxing,Ann,1.5,Cars,90,,\n"
    # 2: valid review rejection, phase spelled as in the docs
    + "w2,m1,d1,Rejected,https://x/w2,Image_boxing_review,Rev,2,Cars,120,2026-05-01T11:00:00Z,\n"
    # 3: empty required ID
    + ",m2,d1,submitted,https://x/w3,image_boxing,Ann,1,Cars,60,2026-05-01 10:00:00,\n"
    # 4: unparseable timestamp
    + "w4,m2,d1,submitted,https://x/w4,image_boxing,Ann,1,Cars,60,next tuesday,\n"
    # 5: unparseable number
    + "w5,m2,d1,submitted,https://x/w5,image_boxing,Ann,1,Cars,sixty,,\n"
    # 6: unknown status (kept as custom), open phase (no Completed At), quoted project
    + 'w6,m3,d1,  On Hold ,https://x/w6,Final_Review,,,"Cars, trucks",,,\n'
)
NEWER = (
    HEADER
    + "w1,m1,d1,submitted,https://x/w1,image_boxing,Ann,1.5,Cars,95,2026-05-08 09:00:00,\n"
    + "w7,m3,d1,submitted,https://x/w7,IMAGE_BOXING,Ann,0.5,Cars,30,"
    + "2026-05-08T09:30:00.500+00:00,120\n"
    # minutes and seconds disagree: kept, a warning test reports it
    + "w8,m4,d2,submitted,https://x/w8,image_boxing,Ann,5,Cars,100,1778230800000,\n"
)
MEDIA_OLDER = "Media ID,Parent Media ID,Dataset ID\nm1,,d1\nm2,m1,d1\n,m1,d1\n"
MEDIA_NEWER = "Media ID,Parent Media ID,Dataset ID\nm2,m1,d9\nm5,,\n"


@pytest.fixture(scope="module")
def bad_input_run(tmp_path_factory: pytest.TempPathFactory):
    zone = tmp_path_factory.mktemp("crowdai_zone")
    write_file(zone, "crowdai/annotation_csv/cars_2026-05-01.csv", OLDER)
    write_file(zone, "crowdai/annotation_csv/cars_2026-05-08.csv", NEWER.replace("\n", "\r\n"))
    write_file(zone, "crowdai/annotation_csv/header_only.csv", HEADER)
    if SHARED_SAMPLE.is_dir():
        for sample in SHARED_SAMPLE.glob("*.csv"):
            shutil.copy(sample, zone / "crowdai" / "annotation_csv" / f"real_{sample.name}")
    write_file(zone, "crowdai/media/media_2026-05-01.csv", MEDIA_OLDER)
    write_file(zone, "crowdai/media/media_2026-05-08.csv", MEDIA_NEWER)
    run = run_dbt(tmp_path_factory.mktemp("crowdai_run"), BUILD, zone)
    assert run.ok, run.output[-5000:]
    return run


def test_valid_rows_stage_with_canonical_values(bad_input_run):
    rows = bad_input_run.query(
        "select workflow_id, task_id, phase, status_raw, status, review_outcome, work_seconds, "
        "completed_at, frame_count, media_type, source_file, source_row "
        "from staging.stg_crowdai__workflow_phases order by workflow_id"
    )
    newer, older = (
        "crowdai/annotation_csv/cars_2026-05-08.csv",
        "crowdai/annotation_csv/cars_2026-05-01.csv",
    )
    assert rows == [
        ("w1", "Cars/m1", "annotate", "submitted", "done", None, 95.0,
         datetime(2026, 5, 8, 9, 0), None, "image", newer, 1),
        ("w2", "Cars/m1", "review", "Rejected", "in_rework", "reject", 120.0,
         datetime(2026, 5, 1, 11, 0), None, "image", older, 2),
        ("w6", "Cars, trucks/m3", "final_review", "On Hold", "custom", None, None,
         None, None, "image", older, 6),
        ("w7", "Cars/m3", "annotate", "submitted", "done", None, 30.0,
         datetime(2026, 5, 8, 9, 30, 0, 500000), 120, "video", newer, 2),
        ("w8", "Cars/m4", "annotate", "submitted", "done", None, 100.0,
         datetime(2026, 5, 8, 9, 0), None, "image", newer, 3),
    ]  # fmt: skip


def test_bad_rows_are_rejected_naming_the_field(bad_input_run):
    rows = bad_input_run.query(
        "select source_row, rejection_reason, raw_record from staging.base_crowdai__annotation_csv "
        "where rejection_reason is not null order by source_file, source_row"
    )
    assert rows == [
        (
            3,
            "missing_workflow_id",
            ",m2,d1,submitted,https://x/w3,image_boxing,Ann,1,Cars,60,2026-05-01 10:00:00,",
        ),
        (
            4,
            "unparseable_completed_at",
            "w4,m2,d1,submitted,https://x/w4,image_boxing,Ann,1,Cars,60,next tuesday,",
        ),
        (
            5,
            "unparseable_time_secs",
            "w5,m2,d1,submitted,https://x/w5,image_boxing,Ann,1,Cars,sixty,,",
        ),
    ]
    media = bad_input_run.query(
        "select source_file, source_row, rejection_reason from staging.base_crowdai__media "
        "where rejection_reason is not null"
    )
    assert media == [("crowdai/media/media_2026-05-01.csv", 3, "missing_media_id")]


def test_unknown_status_and_time_disagreement_only_warn(bad_input_run):
    output = bad_input_run.output
    warned = [line for line in output.splitlines() if "WARN" in line and "crowdai" in line]
    assert any(
        "unmapped_vocabulary_values_stg_crowdai__workflow_phases_status" in line for line in warned
    )
    assert any("crowdai_time_to_complete_agrees_with_time_secs" in line for line in warned)
    assert not any("crowdai_task_has_at_most" in line for line in warned)


def test_media_lineage_newest_export_wins(bad_input_run):
    rows = bad_input_run.query(
        "select media_id, parent_media_id, dataset_id, source_file "
        "from staging.stg_crowdai__media order by media_id"
    )
    assert rows == [
        ("m1", None, "d1", "crowdai/media/media_2026-05-01.csv"),
        ("m2", "m1", "d9", "crowdai/media/media_2026-05-08.csv"),
        ("m5", None, None, "crowdai/media/media_2026-05-08.csv"),
    ]


RECONCILIATION = """
    select
        base.source_file,
        (
            select count(*) from raw.{raw} as raw_rows
            where raw_rows.source_file = base.source_file
        ) as rows_read,
        count(*) filter (where rejection_reason is null and not is_duplicate) as rows_staged,
        count(*) filter (where rejection_reason is not null) as rows_rejected,
        count(*) filter (where is_duplicate) as rows_duplicate
    from staging.{base} as base
    group by base.source_file
    order by base.source_file
"""


def test_rows_read_equal_staged_plus_rejected_plus_duplicate(bad_input_run):
    csv_counts = bad_input_run.query(
        RECONCILIATION.format(raw="crowdai__annotation_csv", base="base_crowdai__annotation_csv")
    )
    assert csv_counts == [
        ("crowdai/annotation_csv/cars_2026-05-01.csv", 6, 2, 3, 1),
        ("crowdai/annotation_csv/cars_2026-05-08.csv", 3, 3, 0, 0),
    ]
    media_counts = bad_input_run.query(
        RECONCILIATION.format(raw="crowdai__media", base="base_crowdai__media")
    )
    assert media_counts == [
        ("crowdai/media/media_2026-05-01.csv", 3, 1, 1, 1),
        ("crowdai/media/media_2026-05-08.csv", 2, 2, 0, 0),
    ]
    for _, read, staged, rejected, duplicate in csv_counts + media_counts:
        assert read == staged + rejected + duplicate
    # Header-only files (the help-center sample is one) read nothing and break nothing.
    assert (
        bad_input_run.scalar(
            "select count(*) from raw.crowdai__annotation_csv where source_file not like '%cars_%'"
        )
        == 0
    )


def read_truth(sample: Path, name: str) -> list[dict[str, str]]:
    with (sample / "_truth" / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_bundled_sample_stages_as_the_truth_says(build):
    # STAGING_SAMPLE_DIR points this test at another generated landing zone.
    sample = Path(os.environ.get("STAGING_SAMPLE_DIR", SAMPLE_DIR))
    if not (sample / "crowdai").is_dir() or not (sample / "_truth" / "source_files.csv").is_file():
        pytest.skip("no generated CrowdAI sample")
    run = build(sample, args=BUILD)
    assert run.ok, run.output[-5000:]
    counts = ("rows_read", "rows_staged", "rows_rejected", "rows_duplicate")
    expected_files = sorted(
        (row["file_name"], *(int(row[name]) for name in counts))
        for row in read_truth(sample, "source_files.csv")
        if row["vendor"] == "crowdai"
    )
    actual_files = sorted(
        run.query(
            RECONCILIATION.format(
                raw="crowdai__annotation_csv", base="base_crowdai__annotation_csv"
            )
        )
        + run.query(RECONCILIATION.format(raw="crowdai__media", base="base_crowdai__media"))
    )
    assert actual_files == expected_files

    expected_defects = sorted(
        (row["file_name"], int(row["record"]), row["kind"])
        for row in read_truth(sample, "defects.csv")
        if row["vendor"] == "crowdai"
    )
    actual_defects = run.query(
        "select source_file, source_row, rejection_reason "
        "from staging.base_crowdai__annotation_csv where rejection_reason is not null union all "
        "select source_file, source_row, rejection_reason "
        "from staging.base_crowdai__media where rejection_reason is not null order by 1, 2"
    )
    assert actual_defects == expected_defects

    def seconds(text: str) -> float | None:
        return float(text) if text else None

    def moment(text: str) -> datetime | None:
        return (
            datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
            if text
            else None
        )

    expected_steps = sorted(
        (row["project"], row["media_id"], row["workflow_id"], row["phase"], row["status"],
         row["annotator"], moment(row["completed_at"]), seconds(row["time_secs"]))
        for row in read_truth(sample, "workflow_steps.csv")
    )  # fmt: skip
    actual_steps = run.query(
        "select project_id, media_id, workflow_id, phase, status_raw, annotator_id, completed_at, "
        "time_secs_seconds from staging.stg_crowdai__workflow_phases order by all"
    )
    assert actual_steps == expected_steps

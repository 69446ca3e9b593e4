"""Roboflow staging on crafted landing zones: approval rates become fractions, the period comes
from the date columns or the file name (else stays unknown), missing counts stay NULL, bad rows
are rejected naming the field, overlapping exports keep the newest copy, and every record read
is staged, rejected or counted as a duplicate."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, SAMPLE_DIR, run_dbt, write_file

HEADER = (
    "Labeler,Project,Images Labeled,Net Annotations,Total Annotations Added,"
    "Total Annotations Removed,Total Annotations Updated,Model Assisted,Marked Null,Approved,"
    "Rejected,Approval Rate\n"
)
FOLDER = "roboflow/annotation_insights"
SHARED_SAMPLE = (
    PROJECT_DIR.parent
    / "shared"
    / "samples"
    / "roboflow"
    / "annotation_insights_v2_stats_response_example.json"
)
SELECT = ["--select", "path:models/staging/roboflow", "resource_type:seed"]
BUILD = ["build", *SELECT, "--indirect-selection", "cautious"]

# May, range from the file name (no date columns).
OLDER = (
    HEADER
    + "ann@x.com,Cars,10,5,7,2,1,3,1,8,2,87.5%\n"  # 1: superseded by the newer export
    + "bob@x.com,Cars,4,4,4,0,0,0,0,4,0,100\n"  # 2: staged, 100 -> 1.0
    + ",Cars,1,1,1,0,0,0,0,1,0,100\n"  # 3: missing_labeler
    + "carl@x.com,Cars,3.5,1,1,0,0,0,0,1,0,100\n"  # 4: unparseable_images_labeled
    + "dana@x.com,Cars,2,2,2,0,0,0,0,1,1,fifty\n"  # 5: unparseable_approval_rate
)
# Date columns, another column order, no Model Assisted / Marked Null columns at all.
NEWER = (
    "Project,Labeler,Start Date,End Date,Images Labeled,Net Annotations,Total Annotations Added,"
    "Total Annotations Removed,Total Annotations Updated,Approved,Rejected,Approval Rate\r\n"
    "Cars,ann@x.com,2026-05-01,2026-05-31,11,6,8,2,1,9,2,87.5\r\n"  # 1: wins over OLDER row 1
    "Cars,ann@x.com,2026-06-01,2026-06-30,20,15,18,3,4,16,1,0.875\r\n"  # 2: another period
    "Trucks,erin@x.com,2026-06-01,2026-06-30,,,,,,,,\r\n"  # 3: blank counts -> NULL
    "Trucks,fay@x.com,2026-06-01,2026-06-31,1,1,1,0,0,1,0,100\r\n"  # 4: unparseable_end_date
)
NO_RANGE = HEADER + "gus@x.com,Cars,1,1,1,0,0,0,0,1,0,1\n"


def api_sample_as_csv() -> str:
    """Roboflow's documented v2 stats response written as the Labeler Statistics CSV."""
    response = json.loads(SHARED_SAMPLE.read_text())
    emails = {labeler["id"]: labeler["email"] for labeler in response["labelers"]}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "Labeler",
            "Project",
            "Images Labeled",
            "Model Assisted",
            "Marked Null",
            "Approved",
            "Rejected",
            "Approval Rate",
        ]
    )
    for row in response["data"]:
        writer.writerow(
            [emails[row["labelerId"]], row["projectName"], row["imagesLabeled"],
             row["modelAssisted"], row["markedNull"], row["approved"], row["rejected"],
             row["approvalRate"]]
        )  # fmt: skip
    return out.getvalue()


@pytest.fixture(scope="module")
def roboflow_run(tmp_path_factory: pytest.TempPathFactory):
    zone = tmp_path_factory.mktemp("roboflow_zone")
    write_file(zone, f"{FOLDER}/labeler_stats_2026-05-01_2026-05-31.csv", OLDER)
    write_file(zone, f"{FOLDER}/stats_export_2026-07-01.csv", "\ufeff" + NEWER)
    write_file(zone, f"{FOLDER}/no_range.csv", NO_RANGE)
    write_file(zone, f"{FOLDER}/header_only_2026-07-01_2026-07-31.csv", HEADER)
    if SHARED_SAMPLE.is_file():
        write_file(zone, f"{FOLDER}/real_api_v2_example.csv", api_sample_as_csv())
    run = run_dbt(tmp_path_factory.mktemp("roboflow_run"), BUILD, zone)
    assert run.ok, run.output[-5000:]
    return run


def test_labeler_statistics_stage_as_fractions_and_periods(roboflow_run):
    rows = roboflow_run.query(
        "select labeler, project, period_start_date, period_end_date, has_known_period, "
        "period_source, images_labeled, net_annotations, model_assisted, marked_null, approved, "
        "rejected, approval_rate, source_file from staging.stg_roboflow__labeler_statistics "
        "where labeler <> 'lenny@roboflow.foo' order by labeler, period_start_date"
    )
    may, june = (date(2026, 5, 1), date(2026, 5, 31)), (date(2026, 6, 1), date(2026, 6, 30))
    newer, older = (
        f"{FOLDER}/stats_export_2026-07-01.csv",
        f"{FOLDER}/labeler_stats_2026-05-01_2026-05-31.csv",
    )
    assert rows == [
        ("ann@x.com", "Cars", *may, True, "columns", 11, 6, None, None, 9, 2, 0.875, newer),
        ("ann@x.com", "Cars", *june, True, "columns", 20, 15, None, None, 16, 1, 0.875, newer),
        ("bob@x.com", "Cars", *may, True, "file_name", 4, 4, 0, 0, 4, 0, 1.0, older),
        ("erin@x.com", "Trucks", *june, True, "columns",
         None, None, None, None, None, None, None, newer),
        ("gus@x.com", "Cars", None, None, False, "unknown",
         1, 1, 0, 0, 1, 0, 1.0, f"{FOLDER}/no_range.csv"),
    ]  # fmt: skip


def test_real_api_sample_stages_with_a_percent_rate(roboflow_run):
    if not SHARED_SAMPLE.is_file():
        pytest.skip("shared Roboflow sample absent")
    rows = roboflow_run.query(
        "select project, images_labeled, net_annotations, model_assisted, marked_null, approved, "
        "rejected, approval_rate, has_known_period from staging.stg_roboflow__labeler_statistics "
        "where labeler = 'lenny@roboflow.foo'"
    )
    assert rows == [("My CV Project", 73, None, 1, 8, 73, 0, 1.0, False)]
    assert roboflow_run.scalar(
        "select count(*) from staging.base_roboflow__annotation_insights "
        f"where source_file = '{FOLDER}/real_api_v2_example.csv' and rejection_reason is not null"
    ) == 0  # fmt: skip


def test_bad_rows_are_rejected_naming_the_field(roboflow_run):
    rows = roboflow_run.query(
        "select source_file, source_row, rejection_reason "
        "from staging.base_roboflow__annotation_insights where rejection_reason is not null "
        "order by source_file, source_row"
    )
    older, newer = (
        f"{FOLDER}/labeler_stats_2026-05-01_2026-05-31.csv",
        f"{FOLDER}/stats_export_2026-07-01.csv",
    )
    assert rows == [
        (older, 3, "missing_labeler"),
        (older, 4, "unparseable_images_labeled"),
        (older, 5, "unparseable_approval_rate"),
        (newer, 4, "unparseable_end_date"),
    ]


def test_rows_read_equal_staged_plus_rejected_plus_duplicate(roboflow_run):
    counts = roboflow_run.query(
        """
        select
            base.source_file,
            (
                select count(*) from raw.roboflow__annotation_insights as raw_rows
                where raw_rows.source_file = base.source_file
            ) as rows_read,
            count(*) filter (where rejection_reason is null and not is_duplicate) as rows_staged,
            count(*) filter (where rejection_reason is not null) as rows_rejected,
            count(*) filter (where is_duplicate) as rows_duplicate
        from staging.base_roboflow__annotation_insights as base
        group by base.source_file
        order by base.source_file
        """
    )
    expected = [
        (f"{FOLDER}/labeler_stats_2026-05-01_2026-05-31.csv", 5, 1, 3, 1),
        (f"{FOLDER}/no_range.csv", 1, 1, 0, 0),
        (f"{FOLDER}/stats_export_2026-07-01.csv", 4, 3, 1, 0),
    ]
    if SHARED_SAMPLE.is_file():
        expected.insert(2, (f"{FOLDER}/real_api_v2_example.csv", 1, 1, 0, 0))
    assert counts == expected
    for _, read, staged, rejected, duplicate in counts:
        assert read == staged + rejected + duplicate
    # The header-only file reads nothing and breaks nothing.
    assert roboflow_run.scalar(
        "select count(*) from raw.roboflow__annotation_insights "
        "where source_file like '%header_only%'"
    ) == 0  # fmt: skip


def read_truth(sample: Path, name: str) -> list[dict[str, str]]:
    with (sample / "_truth" / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_bundled_sample_stages_as_the_truth_says(build):
    # STAGING_SAMPLE_DIR points this test at another generated landing zone.
    sample = Path(os.environ.get("STAGING_SAMPLE_DIR", SAMPLE_DIR))
    if not (sample / "roboflow").is_dir() or not (sample / "_truth" / "source_files.csv").is_file():
        pytest.skip("no generated Roboflow sample")
    run = build(sample, args=BUILD)
    assert run.ok, run.output[-5000:]
    names = ("rows_read", "rows_staged", "rows_rejected", "rows_duplicate")
    expected_files = sorted(
        (row["file_name"], *(int(row[name]) for name in names))
        for row in read_truth(sample, "source_files.csv")
        if row["vendor"] == "roboflow"
    )
    actual_files = run.query(
        """
        select
            base.source_file,
            (
                select count(*) from raw.roboflow__annotation_insights as raw_rows
                where raw_rows.source_file = base.source_file
            ),
            count(*) filter (where rejection_reason is null and not is_duplicate),
            count(*) filter (where rejection_reason is not null),
            count(*) filter (where is_duplicate)
        from staging.base_roboflow__annotation_insights as base
        group by base.source_file
        order by base.source_file
        """
    )
    assert actual_files == expected_files

    counts = (
        "images_labeled", "net_annotations", "annotations_added", "annotations_removed",
        "annotations_updated", "model_assisted", "marked_null", "approved", "rejected",
    )  # fmt: skip

    def number(text: str) -> int | None:
        return int(text) if text else None

    expected_rows = sorted(
        (row["labeler"], row["project"], date.fromisoformat(row["start_date"]),
         date.fromisoformat(row["end_date"]), *(number(row[name]) for name in counts),
         round(float(row["approval_rate"]), 6) if row["approval_rate"] else None, row["file_name"])
        for row in read_truth(sample, "roboflow_labeler_stats.csv")
    )  # fmt: skip
    actual_rows = run.query(
        "select labeler, project, period_start_date, period_end_date, "
        + ", ".join(counts)
        + ", round(approval_rate, 6), source_file "
        "from staging.stg_roboflow__labeler_statistics order by all"
    )
    assert actual_rows == expected_rows

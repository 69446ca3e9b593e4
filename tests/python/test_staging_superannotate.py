"""SuperAnnotate staging: the telemetry status log, editor activity samples, the vendor's daily
status aggregation and item annotation JSON, fed bad rows, overlapping exports and the real
item JSON samples from SuperAnnotate's own SDK. One landing zone holds every case, so the
project is built once for the whole module."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import DbtRun, run_dbt, write_file

SELECT = "path:models/staging/superannotate"
# Cautious indirect selection: selecting the seeds must not pull in other vendors' tests on
# them (their models are not built here). --store-failures keeps what the warning tests found.
BUILD_ARGS = [
    "build",
    "--select",
    SELECT,
    "resource_type:seed",
    "--indirect-selection",
    "cautious",
    "--store-failures",
]
REAL_SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "superannotate"
REAL_FILES = sorted(REAL_SAMPLES.glob("*.json")) if REAL_SAMPLES.is_dir() else []

STATUS_HEADER = (
    "time,item_id,item_name,folder_id,project_id,team_id,organization_id,source,user_id,"
    "user_role,user_role_name,status_from,status_to,assignment_from_role,assignment_from_id,"
    "assignment_to_role,assignment_to_id"
)
ACTIVITY_HEADER = "time,user_id,item_id,project_id,folder_id,team_id"
DAILY_HEADER = (
    "id,date,folder_id,project_id,team_id,organization_id,status,item_count_in,"
    "item_count_out,item_count_eop"
)

STATUS_OLD = "superannotate/annotation_status/status_2026-05-01.csv"
STATUS_NEW = "superannotate/annotation_status/status_2026-05-02.csv"
STATUS_EMPTY = "superannotate/annotation_status/status_2026-05-03.csv"
ACTIVITY_OLD = "superannotate/editor_activity/activity_2026-05-01.csv"
ACTIVITY_NEW = "superannotate/editor_activity/activity_2026-05-02.csv"
DAILY_OLD = "superannotate/status_daily/daily_2026-05-01.csv"
DAILY_NEW = "superannotate/status_daily/daily_2026-05-02.csv"
ITEM_OLD = "superannotate/annotations/car_2026-05-01.json"
ITEM_NEW = "superannotate/annotations/car_2026-05-02.json"
ITEM_BROKEN = "superannotate/annotations/broken.json"
BROKEN_TEXT = '{"metadata": {"name": "cut.jpg", "projectId": 7, "status": '
REAL_PATHS = [f"superannotate/annotations/{sample.name}" for sample in REAL_FILES]

# (time, item_id, user_id, user_role, status_from, status_to) of the status log files.
STATUS_OLD_ROWS = [
    # 1: identical to row 7 of this file: the same event exported twice
    ("2026-05-01T10:00:00Z", "1", "a@x.com", "1", "Not Started", "InProgress"),
    # 2: a custom status and a custom role: kept
    ("2026-05-01T10:05:00Z", "1", "a@x.com", "7", "In Progress", "Needs Second Look"),
    # 3: empty item_id
    ("2026-05-01T10:06:00Z", "", "a@x.com", "1", "1", "2"),
    # 4: a time that does not parse
    ("May 1st", "3", "a@x.com", "1", "1", "2"),
    # 5: a role that is not an integer
    ("2026-05-01T10:07:00Z", "3", "a@x.com", "QA", "1", "2"),
    # 6: also in the newer export, written differently there
    ("2026-05-01T11:00:00Z", "2", "a@x.com", "1", "In Progress", "Quality Check"),
    # 7: identical to row 1
    ("2026-05-01T10:00:00Z", "1", "a@x.com", "1", "Not Started", "InProgress"),
]
STATUS_NEW_ROWS = [
    ("2026-05-01 11:00:00.000+00:00", "2", "a@x.com", "1", "InProgress", "quality check"),
    ("2026-05-01T12:00:00Z", "2", "q@x.com", "2", "3", "5"),
]


def ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def status_csv(rows: list[tuple[str, ...]], line_end: str = "\n") -> str:
    lines = [STATUS_HEADER]
    for time, item, user, role, status_from, status_to in rows:
        lines.append(
            f"{time},{item},img{item}.jpg,f1,p1,t1,o1,Editor,{user},{role},Role {role},"
            f"{status_from},{status_to},,,,"
        )
    return line_end.join(lines) + line_end


def item_json(status: str, email: str) -> str:
    return json.dumps(
        {
            "metadata": {
                "name": "car.jpg",
                "projectId": 7,
                "status": status,
                "annotatorEmail": email,
                "qaEmail": None,
                "lastAction": {"email": email, "timestamp": 1777629600000},
            },
            "instances": [
                {
                    "type": "bbox",
                    "className": "car",
                    "createdAt": "2026-05-01T09:00:00.000Z",
                    "createdBy": {"email": email, "role": "Annotator"},
                    "creationType": "Preannotation",
                    "updatedAt": "2026-05-01T09:30:00Z",
                    "updatedBy": {"email": "q@x.com", "role": "QA"},
                }
            ],
        }
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> DbtRun:
    """Every case in one landing zone, built once."""
    zone = tmp_path_factory.mktemp("superannotate_zone")
    write_file(zone, STATUS_OLD, status_csv(STATUS_OLD_ROWS))
    write_file(zone, STATUS_NEW, status_csv(STATUS_NEW_ROWS, line_end="\r\n"))
    write_file(zone, STATUS_EMPTY, STATUS_HEADER + "\n")
    write_file(
        zone,
        ACTIVITY_OLD,
        ACTIVITY_HEADER + "\n"
        "2026-05-01T10:00:00Z,a@x.com,1,p1,f1,t1\n"
        "2026-05-01T10:00:10Z,a@x.com,1,p1,f1,t1\n"
        "2026-05-01T10:00:10Z,a@x.com,1,p1,f1,t1\n"  # identical sample in one file: kept
        "2026-05-01T10:00:20Z,a@x.com,1,p1,f1,t1\n"  # also in the newer file: duplicate
        "2026-05-01T10:00:30Z,,1,p1,f1,t1\n",  # empty user_id
    )
    write_file(
        zone,
        ACTIVITY_NEW,
        ACTIVITY_HEADER + "\n"
        "2026-05-01 10:00:20+00:00,a@x.com,1,p1,f1,t1\n"
        "2026-05-01T10:00:40Z,a@x.com,1,p1,f1,t1\n"
        "2026-05-01T10:00:40Z,a@x.com,1,p1,f1,t1\n"
        "10:00:50,a@x.com,1,p1,f1,t1\n",  # no date: does not parse
    )
    write_file(
        zone,
        DAILY_OLD,
        DAILY_HEADER + "\n"
        "1,2026-05-01,f1,p1,t1,o1,In Progress,1,1,0\n"
        "2,2026-05-01,f1,p1,t1,o1,Completed,1,abc,1\n"  # a count that does not parse
        "3,2026-05-01,f1,p1,t1,o1,Needs Second Look,1,0,1\n"
        "4,2026-05-02,f1,p1,t1,o1,Completed,1,0,1\n",  # replaced by the newer export
    )
    write_file(
        zone,
        DAILY_NEW,
        DAILY_HEADER + "\n"
        "1,2026-05-02,f1,p1,t1,o1,Completed,1,0,2\n"
        "2,,f1,p1,t1,o1,Completed,1,0,2\n",  # empty date
    )
    write_file(zone, ITEM_OLD, item_json("InProgress", "old@x.com"))
    write_file(zone, ITEM_NEW, item_json("Quality Check", "new@x.com"))
    write_file(zone, ITEM_BROKEN, BROKEN_TEXT)
    for sample in REAL_FILES:
        target = zone / "superannotate" / "annotations" / sample.name
        shutil.copyfile(sample, target)
    result = run_dbt(tmp_path_factory.mktemp("superannotate_build"), BUILD_ARGS, zone)
    assert result.ok, result.output[-5000:]
    return result


def rejections(run: DbtRun, model: str) -> list[tuple]:
    return run.query(
        f"select source_file, source_row, rejection_reason from staging.{model} "
        "where rejection_reason is not null order by source_file, source_row"
    )


def test_status_log_rejects_empty_fields_and_unparseable_values(run):
    assert rejections(run, "base_superannotate__annotation_status") == [
        (STATUS_OLD, 3, "missing_item_id"),
        (STATUS_OLD, 4, "unparseable_time"),
        (STATUS_OLD, 5, "unparseable_user_role"),
    ]


def test_status_log_keeps_one_copy_of_each_event(run):
    rows = run.query(
        "select source_file, source_row, item_id, changed_at, from_status_raw, from_status,"
        " to_status_raw, to_status, user_role, actor_role"
        " from staging.stg_superannotate__status_changes order by changed_at"
    )
    assert rows == [
        (
            STATUS_OLD, 7, "1", ts("2026-05-01 10:00:00"),
            "Not Started", "not_started", "InProgress", "in_progress", "1", "annotator",
        ),
        (
            STATUS_OLD, 2, "1", ts("2026-05-01 10:05:00"),
            "In Progress", "in_progress", "Needs Second Look", "custom", "7", None,
        ),
        (
            STATUS_NEW, 1, "2", ts("2026-05-01 11:00:00"),
            "InProgress", "in_progress", "quality check", "in_review", "1", "annotator",
        ),
        (
            STATUS_NEW, 2, "2", ts("2026-05-01 12:00:00"),
            "3", "in_review", "5", "done", "2", "reviewer",
        ),
    ]  # fmt: skip
    duplicates = run.query(
        "select source_file, source_row from staging.base_superannotate__annotation_status"
        " where is_duplicate order by 1, 2"
    )
    assert duplicates == [(STATUS_OLD, 1), (STATUS_OLD, 6)]


def test_unknown_status_and_role_are_listed_by_the_warning_tests(run):
    for test_name in [
        "unmapped_vocabulary_values_stg_superannotate__status_changes_to_status__to_status_raw",
        "unmapped_vocabulary_values_stg_superannotate__status_changes_actor_role__user_role",
        "unmapped_vocabulary_values_stg_superannotate__status_daily_status__status_raw",
    ]:
        assert f"WARN 1 {test_name}" in run.output
    assert "WARN 1 unmapped_vocabulary_values_stg_superannotate__status_changes_from" not in (
        run.output
    )
    # What the warnings list (stored by --store-failures; dbt hashes the long table names).
    listed = []
    for schema, table in run.query(
        "select table_schema, table_name from information_schema.tables"
        " where table_name like 'unmapped_vocabulary_values_stg%'"
    ):
        listed += run.query(f'select unmapped_value, occurrences from "{schema}"."{table}"')
    assert sorted(listed) == [("7", 1), ("Needs Second Look", 1), ("Needs Second Look", 1)]


def test_editor_samples_dedupe_across_files_but_not_within_one(run):
    rows = run.query(
        "select source_file, source_row, sampled_at from staging.stg_superannotate__editor_samples"
        " order by source_file, source_row"
    )
    assert rows == [
        (ACTIVITY_OLD, 1, ts("2026-05-01 10:00:00")),
        (ACTIVITY_OLD, 2, ts("2026-05-01 10:00:10")),
        (ACTIVITY_OLD, 3, ts("2026-05-01 10:00:10")),
        (ACTIVITY_NEW, 1, ts("2026-05-01 10:00:20")),
        (ACTIVITY_NEW, 2, ts("2026-05-01 10:00:40")),
        (ACTIVITY_NEW, 3, ts("2026-05-01 10:00:40")),
    ]
    assert rejections(run, "base_superannotate__editor_activity") == [
        (ACTIVITY_OLD, 5, "missing_user_id"),
        (ACTIVITY_NEW, 4, "unparseable_time"),
    ]
    duplicates = run.query(
        "select source_file, source_row from staging.base_superannotate__editor_activity"
        " where is_duplicate"
    )
    assert duplicates == [(ACTIVITY_OLD, 4)]


def test_status_daily_counts_and_newest_export(run):
    rows = run.query(
        "select aggregation_date, status_raw, status, item_count_in, item_count_out,"
        " item_count_eop, source_file from staging.stg_superannotate__status_daily"
        " order by aggregation_date, status_raw"
    )
    assert rows == [
        (dt.date(2026, 5, 1), "In Progress", "in_progress", 1, 1, 0, DAILY_OLD),
        (dt.date(2026, 5, 1), "Needs Second Look", "custom", 1, 0, 1, DAILY_OLD),
        (dt.date(2026, 5, 2), "Completed", "done", 1, 0, 2, DAILY_NEW),
    ]
    assert rejections(run, "base_superannotate__status_daily") == [
        (DAILY_OLD, 2, "unparseable_item_count_out"),
        (DAILY_NEW, 2, "missing_date"),
    ]


def test_annotation_json_invalid_file_and_newest_export(run):
    assert rejections(run, "base_superannotate__annotations") == [(ITEM_BROKEN, 1, "invalid_json")]
    raw = run.scalar(
        "select raw_record from staging.base_superannotate__annotations"
        f" where source_file = '{ITEM_BROKEN}'"
    )
    assert raw == BROKEN_TEXT
    items = run.query(
        "select project_id, item_name, status_raw, status, annotator_email, last_action_at,"
        " source_file from staging.stg_superannotate__items where project_id = '7'"
    )
    assert items == [
        (
            "7",
            "car.jpg",
            "Quality Check",
            "in_review",
            "new@x.com",
            ts("2026-05-01 10:00"),
            ITEM_NEW,
        )
    ]
    instances = run.query(
        "select instance_index, created_by_email, created_at, updated_by_email,"
        " is_model_assisted, source_file"
        " from staging.stg_superannotate__item_instances where project_id = '7'"
    )
    assert instances == [(1, "new@x.com", ts("2026-05-01 09:00"), "q@x.com", True, ITEM_NEW)]


def test_rows_read_equal_staged_plus_rejected_plus_duplicate(run):
    counts = {}
    for source in ["annotation_status", "editor_activity", "status_daily", "annotations"]:
        read = run.scalar(f"select count(*) from raw.superannotate__{source}")
        assert run.scalar(f"select count(*) from staging.base_superannotate__{source}") == read
        for source_file, staged, rejected, duplicate in run.query(
            "select source_file,"
            " count(*) filter (where rejection_reason is null and not is_duplicate),"
            " count(*) filter (where rejection_reason is not null),"
            " count(*) filter (where is_duplicate)"
            f" from staging.base_superannotate__{source} group by source_file"
        ):
            counts[source_file] = (staged, rejected, duplicate)
    assert counts == {
        STATUS_OLD: (2, 3, 2),  # 7 rows read; the header-only file has none
        STATUS_NEW: (2, 0, 0),
        ACTIVITY_OLD: (3, 1, 1),
        ACTIVITY_NEW: (3, 1, 0),
        DAILY_OLD: (2, 1, 1),
        DAILY_NEW: (1, 1, 0),
        ITEM_OLD: (0, 0, 1),
        ITEM_NEW: (1, 0, 0),
        ITEM_BROKEN: (0, 1, 0),
        **{path: (1, 0, 0) for path in REAL_PATHS},
    }
    assert run.scalar("select count(*) from staging.stg_superannotate__status_changes") == 4


@pytest.mark.skipif(not REAL_FILES, reason="the shared SuperAnnotate samples are absent")
def test_real_item_json_samples_stage_with_nothing_rejected(run):
    rejected = run.scalar(
        "select count(*) from staging.base_superannotate__annotations"
        f" where source_file in ({', '.join(repr(path) for path in REAL_PATHS)})"
        " and (rejection_reason is not null or is_duplicate)"
    )
    assert rejected == 0
    items = run.query(
        "select project_id, item_name, status_raw, status, annotator_email, qa_email,"
        " last_action_email, last_action_at"
        " from staging.stg_superannotate__items where project_id <> '7' order by project_id"
    )
    assert items == [
        (
            "160158", "text_file_example_1", "Completed", "done", None, None,
            "shab.prog@gmail.com", ts("2021-10-22 10:40:29.953"),
        ),
        (
            "79598", "file_example.jpg", "InProgress", "in_progress",
            "automation_sa@mailinator.com", None, "arturn@superannotate.com",
            ts("2023-02-12 15:16:39.521"),
        ),
    ]  # fmt: skip
    instances = run.query(
        "select project_id, count(*), count(created_at), count(updated_at),"
        " count(created_by_email), count(*) filter (where creation_type = 'Manual'"
        " and not is_model_assisted), min(created_at), max(updated_at)"
        " from staging.stg_superannotate__item_instances where project_id <> '7'"
        " group by project_id order by project_id"
    )
    assert instances == [
        ("160158", 1, 1, 1, 1, 1, ts("2021-10-22 10:40:26.151"), ts("2021-10-22 10:40:29.953")),
        ("79598", 8, 8, 8, 8, 8, ts("2022-04-04 11:49:22.636"), ts("2023-02-12 15:01:57.999")),
    ]

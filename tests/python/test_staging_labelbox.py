"""Labelbox Export v2 staging: bad lines, overlapping exports, Catalog rows in several projects,
nested values that do not parse, and a real label object from Labelbox's own SDK examples."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import run_dbt, write_file

SELECT = "path:models/staging/labelbox"
# What conftest's build(select=...) runs, for the module-scoped build shared by several tests.
BUILD_ARGS = ["build", "--select", SELECT, "resource_type:seed", "--indirect-selection", "cautious"]
REAL_LABEL = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "samples"
    / "labelbox"
    / "export_v2_label_object_with_performance_details.json"
)

OLD = "labelbox/export_v2/export_2026-01-01.ndjson"
NEW = "labelbox/export_v2/export_2026-02-01.ndjson"


def line(record: dict) -> str:
    return json.dumps(record, separators=(",", ":"))


def data_row(data_row_id: str, projects: dict | None = None, **details: str) -> dict:
    record: dict = {
        "data_row": {
            "id": data_row_id,
            "row_data": f"https://example.com/{data_row_id}.jpg",
            "details": {"dataset_id": "ds1", "dataset_name": "Streets", **details},
        },
        "media_attributes": {"mime_type": "image/jpeg"},
    }
    if projects is not None:
        record["projects"] = projects
    return record


TRUNCATED = (
    '{"data_row":{"id":"dr_cut","row_data":"https://example.com/cut.jpg"},"projects":{"p1":{"na'
)

OLD_LINES = [
    # 1: dr1, superseded by the newer export
    line(
        data_row(
            "dr1", {"p1": {"name": "Old name", "labels": []}}, created_at="2026-01-01T08:00:00Z"
        )
    ),
    # 2: not JSON (a truncated download)
    TRUNCATED,
    # 3: valid JSON without data_row.id
    line({"data_row": {"global_key": "orphan"}, "projects": {}}),
    # 4: a Catalog row in two projects; unparseable nested values; an unknown workflow status
    line(
        data_row(
            "dr2",
            {
                "p1": {
                    "name": "Streets",
                    "labels": [
                        {
                            "id": "l21",
                            "label_kind": "Default",
                            "label_details": {
                                "created_at": "not-a-time",
                                "updated_at": "2026-01-05T10:00:00.000+00:00",
                                "created_by": "ann@example.com",
                                "reviews": [],
                            },
                            "performance_details": {
                                "seconds_to_create": "abc",
                                "seconds_to_review": 4,
                                "skipped": False,
                                "consensus_score": -1,
                            },
                            "annotations": {"objects": [], "classifications": []},
                        }
                    ],
                    "project_details": {
                        "task_id": "t1",
                        "task_name": "Initial review task",
                        "batch_id": "b1",
                        "batch_name": "Batch one",
                        "workflow_status": "ON_HOLD",
                        "priority": 2,
                        "consensus_expected_label_count": 1,
                        "workflow_history": [],
                    },
                },
                "p2": {"project_name": "Streets QA", "labels": []},
            },
            created_at="2026-01-02T09:30:00.250Z",
        )
    ),
]
NEW_LINES = [
    line(
        data_row(
            "dr1",
            {
                "p1": {
                    "name": "New name",
                    "labels": [],
                    "project_details": {"workflow_status": "DONE", "batch_id": "b1"},
                }
            },
            created_at="2026-01-01T08:00:00+00:00",
        )
    ),
    line(data_row("dr3")),
]


@pytest.fixture(scope="module")
def bad_input_run(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("labelbox_bad_input")
    zone = base / "landing"
    # A blank line is skipped by the raw layer but still counts in the line numbers.
    write_file(zone, OLD, "\n".join(OLD_LINES[:2]) + "\n\n" + "\n".join(OLD_LINES[2:]) + "\n")
    write_file(zone, NEW, "\r\n".join(NEW_LINES) + "\r\n")
    run = run_dbt(base / "run", BUILD_ARGS, zone)
    assert run.ok, run.output[-5000:]
    return run


def test_bad_lines_are_rejected_with_their_text_and_the_rest_loads(bad_input_run):
    rows = bad_input_run.query(
        "select source_file, source_row, data_row_id, rejection_reason, is_duplicate, raw_record "
        "from staging.base_labelbox__export_v2 order by source_file, source_row"
    )
    assert [row[:5] for row in rows] == [
        (OLD, 1, "dr1", None, True),
        (OLD, 2, None, "invalid_json", False),
        (OLD, 4, None, "missing_data_row_id", False),
        (OLD, 5, "dr2", None, False),
        (NEW, 1, "dr1", None, False),
        (NEW, 2, "dr3", None, False),
    ]
    assert rows[1][5] == TRUNCATED
    assert rows[2][5] == OLD_LINES[2]


def test_rows_read_equal_staged_plus_rejected_plus_duplicate_per_file(bad_input_run):
    rows = bad_input_run.query(
        """
        select
            raw.source_file,
            count(*) as rows_read,
            count(*) filter (
                where base.rejection_reason is null and not base.is_duplicate
            ) as staged,
            count(*) filter (where base.rejection_reason is not null) as rejected,
            count(*) filter (where base.is_duplicate) as duplicate
        from raw.labelbox__export_v2 as raw
        left join staging.base_labelbox__export_v2 as base
            on raw.source_file = base.source_file and raw.source_row = base.source_row
        group by 1
        order by 1
        """
    )
    assert rows == [(OLD, 4, 1, 2, 1), (NEW, 2, 2, 0, 0)]


def test_newest_export_wins_for_a_data_row(bad_input_run):
    rows = bad_input_run.query(
        "select data_row_id, source_file, created_at "
        "from staging.stg_labelbox__data_rows order by 1"
    )
    assert rows == [
        ("dr1", NEW, dt.datetime(2026, 1, 1, 8, 0)),
        ("dr2", OLD, dt.datetime(2026, 1, 2, 9, 30, 0, 250000)),
        ("dr3", NEW, None),
    ]


def test_a_data_row_in_two_projects_has_two_memberships(bad_input_run):
    rows = bad_input_run.query(
        "select data_row_id, project_id, project_name, batch_id, "
        "workflow_status_raw, status, priority "
        "from staging.stg_labelbox__project_memberships order by 1, 2"
    )
    assert rows == [
        ("dr1", "p1", "New name", "b1", "DONE", "done", None),
        ("dr2", "p1", "Streets", "b1", "ON_HOLD", "custom", 2.0),
        ("dr2", "p2", "Streets QA", None, None, None, None),
    ]
    # The unknown status is kept as custom and named by a warning.
    assert "labelbox_memberships_unmapped_workflow_status" in (bad_input_run.output)


def test_unparseable_nested_values_are_null_and_flagged_not_rejected(bad_input_run):
    rows = bad_input_run.query(
        "select label_id, project_id, data_row_id, created_at, created_at_raw, updated_at, "
        "seconds_to_create, seconds_to_create_raw, seconds_to_review, consensus_score, "
        "invalid_fields "
        "from staging.stg_labelbox__labels"
    )
    assert rows == [
        (
            "l21",
            "p1",
            "dr2",
            None,
            "not-a-time",
            dt.datetime(2026, 1, 5, 10, 0),
            None,
            "abc",
            4.0,
            None,
            "created_at,seconds_to_create",
        )
    ]
    assert "labelbox_labels_values_parse" in bad_input_run.output


def test_real_label_object_stages_with_nothing_rejected(landing_zone, build):
    if not REAL_LABEL.is_file():
        pytest.skip("the shared Labelbox sample is missing")
    label = json.loads(REAL_LABEL.read_text(encoding="utf-8"))
    record = {
        "data_row": {
            "id": "clx23qkq60000real0datarow",
            "global_key": "sample.jpg",
            "row_data": "https://storage.googleapis.com/labelbox-datasets/sample.jpg",
            "details": {
                "dataset_id": "clx23qdataset",
                "dataset_name": "SDK examples",
                "created_at": "2024-06-05T17:20:00.000+00:00",
                "updated_at": "2024-06-05T17:20:00.000+00:00",
                "last_activity_at": "2024-06-05T17:27:55.000+00:00",
                "created_by": "gunderwood@labelbox.com",
            },
        },
        "media_attributes": {"mime_type": "image/jpeg", "height": 2000, "width": 3000},
        "projects": {
            "clx23qproject": {
                "name": "Exporting to CSV",
                "labels": [label],
                "project_details": {
                    "task_id": "clx23qtask",
                    "task_name": "Done",
                    "batch_id": "clx23qbatch",
                    "batch_name": "Batch 1",
                    "workflow_status": "DONE",
                    "priority": 5,
                    "consensus_expected_label_count": 1,
                    "workflow_history": [],
                },
            }
        },
    }
    write_file(landing_zone, "labelbox/export_v2/real.ndjson", json.dumps(record) + "\n")
    run = build(landing_zone, select=SELECT)
    assert run.ok, run.output[-5000:]
    assert run.query(
        "select count(*), count(rejection_reason), count(*) filter (where is_duplicate) "
        "from staging.base_labelbox__export_v2"
    ) == [(1, 0, 0)]
    assert run.query(
        "select label_id, created_by, created_at, seconds_to_create, seconds_to_review, "
        "is_skipped, "
        "object_count, classification_count, review_count, invalid_fields "
        "from staging.stg_labelbox__labels"
    ) == [
        (
            "clx23qla80li41964li0fjxgl",
            "gunderwood@labelbox.com",
            dt.datetime(2024, 6, 5, 17, 27, 55),
            0.0,
            0.0,
            False,
            2,
            4,
            0,
            None,
        )
    ]
    assert run.query(
        "select data_row_id, media_type, invalid_fields from staging.stg_labelbox__data_rows"
    ) == [("clx23qkq60000real0datarow", "image", None)]
    assert run.query(
        "select project_id, status from staging.stg_labelbox__project_memberships"
    ) == [("clx23qproject", "done")]

"""Dataloop staging on crafted landing zones: bad input gets a clear answer, nothing is lost."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_DIR, run_dbt, write_file

SAMPLES = Path("/work/shared/samples/dataloop")
REAL_ITEM = SAMPLES / "export_item_json_FruitImage_apple_1.json"
SELECT = [
    "build",
    "--select",
    "path:models/staging/dataloop",
    "resource_type:seed",
    # Tests of other vendors' models that hang off the seeds stay out of this build.
    "--indirect-selection",
    "cautious",
]


def _item(item_id: str, **fields: object) -> dict[str, object]:
    return {"id": item_id, "filename": f"/{item_id}.jpg", "datasetId": "ds1", **fields}


def _log_entry(
    task_id: str, status: str, timestamp: object, creator: str = "u@x.io"
) -> dict[str, object]:
    return {
        "action": "create",
        "status": {
            "taskId": task_id,
            "assignmentId": f"as-{task_id}",
            "status": status,
            "creator": creator,
            "timestamp": timestamp,
        },
    }


SHAPES_ITEMS = [_item("i20"), [1], _item("i21", annotations=[])]
SHAPES_ANALYTICS = {
    "request": {
        "startTime": 1777593600000,
        "context": {"projectId": ["p1"]},
        "measures": [
            {"measureType": "itemAnnotationDuration"},
            {"measureType": "activeUsers", "timeGranularity": ["day"]},
        ],
    },
    "response": [
        {
            "response": [
                {"itemId": "i30", "userId": "u1", "duration": 1000},
                {"itemId": "i31", "userId": "u1", "duration": 2000},
            ],
            "hasNext": True,
        },
        {"response": [{"time": "2026-05-09T00:00:00Z", "userId": "u1"}]},
    ],
}


def _write_bad_input_zone(zone: Path) -> None:
    older = [
        _item(
            "i1",
            annotations=[
                {"id": "a1-old", "creator": "u@x.io", "createdAt": "2026-05-01T09:00:00Z"}
            ],
        ),
        {"_id": "i2", "filename": "/i2.jpg"},
        {"filename": "/no-id.jpg", "annotations": []},
    ]
    newer = [
        _item(
            "i1",
            annotations=[
                {
                    "id": "a1",
                    "creator": "u@x.io",
                    "createdAt": "2026-05-01T09:00:00.500Z",
                    "updatedBy": "q@x.io",
                    "updatedAt": "2026-05-02T09:00:00+00:00",
                    "label": "car",
                    "type": "box",
                    "metadata": {"system": {"status": "issue", "automated": False}},
                }
            ],
            metadata={
                "system": {
                    "mimetype": "image/jpeg",
                    "taskStatusLog": [
                        _log_entry("qa1", "on hold", "2026-05-03T10:00:00Z", "q@x.io"),
                        _log_entry("t1", "completed", 1777629600000),
                    ],
                }
            },
        ),
        _item("i4", annotations=[{"id": "a4", "createdAt": "last tuesday"}]),
    ]
    write_file(zone, "dataloop/items/export_2026-05-01.json", json.dumps(older))
    write_file(zone, "dataloop/items/export_2026-05-08.json", json.dumps(newer))
    write_file(zone, "dataloop/items/broken.json", '{"id": "i9", "annotations": [')
    analytics = {
        "request": {
            "startTime": 1777593600000,
            "endTime": None,
            "context": {"projectId": ["p1"]},
            "measures": [{"measureType": "itemAnnotationDuration", "page": 0, "pageSize": 1000}],
        },
        "response": [
            {
                "response": [
                    {"itemId": "i1", "userId": "u1", "duration": 90500},
                    {"itemId": "i2", "userId": "u1", "duration": "abc"},
                    {"itemId": "", "userId": "u1", "duration": 1000},
                ],
                "hasNext": False,
            }
        ],
    }
    write_file(zone, "dataloop/analytics/durations_2026-05-08.json", json.dumps(analytics))
    # Shapes the parser splits (or reads whole): a pretty-printed list with a BOM and CRLF
    # whose second element is not an item, an empty list; an analytics call whose second
    # element answers the second measure, one whose elements are not objects, one without rows.
    write_file(
        zone,
        "dataloop/items/shapes_list.json",
        "\ufeff" + json.dumps(SHAPES_ITEMS, indent=2).replace("\n", "\r\n"),
    )
    write_file(zone, "dataloop/items/empty.json", "[ ]")
    write_file(zone, "dataloop/analytics/shapes_2026-05-09.json", json.dumps(SHAPES_ANALYTICS))
    write_file(
        zone,
        "dataloop/analytics/odd.json",
        json.dumps({"request": SHAPES_ANALYTICS["request"], "response": [5, "x"]}),
    )
    write_file(
        zone,
        "dataloop/analytics/no_rows.json",
        json.dumps({"request": SHAPES_ANALYTICS["request"], "response": [{"response": []}]}),
    )
    if REAL_ITEM.is_file():
        write_file(zone, f"dataloop/items/{REAL_ITEM.name}", REAL_ITEM.read_bytes())


@pytest.fixture(scope="module")
def bad_input_run(tmp_path_factory):
    """One build over a landing zone holding every bad-input case below."""
    zone = tmp_path_factory.mktemp("dataloop_landing")
    _write_bad_input_zone(zone)
    run = run_dbt(tmp_path_factory.mktemp("dataloop_run"), SELECT, zone)
    assert run.ok, run.output[-5000:]
    return run


def test_invalid_json_file_is_one_invalid_json_record(bad_input_run):
    rows = bad_input_run.query(
        "select source_row, rejection_reason, raw_record from staging.base_dataloop__items "
        "where source_file = 'dataloop/items/broken.json'"
    )
    assert rows == [(1, "invalid_json", '{"id": "i9", "annotations": [')]


def test_list_file_gives_one_record_per_item_with_id_fallback_and_missing_id(bad_input_run):
    rows = bad_input_run.query(
        "select source_row, item_id, rejection_reason, is_duplicate "
        "from staging.base_dataloop__items "
        "where source_file = 'dataloop/items/export_2026-05-01.json' order by source_row"
    )
    assert rows == [
        (1, "i1", None, True),  # superseded by the newer export
        (2, "i2", None, False),  # `_id` stands in for `id`
        (3, None, "missing_item_id", False),
    ]


def test_unparseable_annotation_timestamp_rejects_the_item(bad_input_run):
    rows = bad_input_run.query(
        "select item_id, rejection_reason from staging.base_dataloop__items "
        "where source_file = 'dataloop/items/export_2026-05-08.json' order by source_row"
    )
    assert rows == [("i1", None), ("i4", "unparseable_annotation_created_at")]
    assert (
        bad_input_run.scalar(
            "select count(*) from staging.stg_dataloop__annotations where item_id = 'i4'"
        )
        == 0
    )


def test_same_item_in_two_files_newest_wins(bad_input_run):
    items = bad_input_run.query(
        "select item_id, source_file, mimetype from staging.stg_dataloop__items "
        "where item_id in ('i1', 'i2', 'i4') order by 1"
    )
    assert items == [
        ("i1", "dataloop/items/export_2026-05-08.json", "image/jpeg"),
        ("i2", "dataloop/items/export_2026-05-01.json", None),
    ]
    annotations = bad_input_run.query(
        "select annotation_id, item_id, creator, created_at, updated_at, annotation_status, "
        "review_outcome, is_automated from staging.stg_dataloop__annotations "
        "where item_id like 'i%'"
    )
    assert [row[:3] for row in annotations] == [("a1", "i1", "u@x.io")]
    assert str(annotations[0][3]) == "2026-05-01 09:00:00.500000"
    assert str(annotations[0][4]) == "2026-05-02 09:00:00"
    assert annotations[0][5:] == ("issue", "reject", False)


def test_task_status_log_orders_by_time_and_keeps_unknown_status_as_custom(bad_input_run):
    rows = bad_input_run.query(
        "select entry_sequence, task_id, status_raw, status, cast(changed_at as varchar), "
        "is_followed_by_other_task "
        "from staging.stg_dataloop__task_status_log order by entry_sequence"
    )
    assert rows == [
        (1, "t1", "completed", "done", "2026-05-01 10:00:00", True),
        (2, "qa1", "on hold", "custom", "2026-05-03 10:00:00", False),
    ]


def test_analytics_rows_unparseable_and_empty_values_are_rejected(bad_input_run):
    rows = bad_input_run.query(
        "select source_row, measure_type, rejection_reason "
        "from staging.base_dataloop__analytics "
        "where source_file = 'dataloop/analytics/durations_2026-05-08.json' order by source_row"
    )
    assert rows == [
        (1, "itemAnnotationDuration", None),
        (2, "itemAnnotationDuration", "unparseable_duration"),
        (3, "itemAnnotationDuration", "missing_item_id"),
    ]
    staged = bad_input_run.query(
        "select item_id, user_id, duration_seconds "
        "from staging.stg_dataloop__item_annotation_durations "
        "where source_file = 'dataloop/analytics/durations_2026-05-08.json'"
    )
    assert staged == [("i1", "u1", 90.5)]


def test_rows_read_equal_staged_plus_rejected_plus_duplicate_per_file(bad_input_run):
    counts = bad_input_run.query(
        """
        with base as (
            select source_file, rejection_reason, is_duplicate
            from staging.base_dataloop__items
            union all
            select source_file, rejection_reason, is_duplicate
            from staging.base_dataloop__analytics
        ),
        staged as (
            select source_file, count(*) as n from staging.stg_dataloop__items group by 1
            union all
            select source_file, count(*)
            from staging.stg_dataloop__item_annotation_durations
            group by 1
            union all
            select source_file, count(*) from staging.stg_dataloop__active_users group by 1
        )
        select
            base.source_file,
            count(*) as rows_read,
            coalesce(max(staged.n), 0) as rows_staged,
            count(*) filter (where base.rejection_reason is not null) as rows_rejected,
            count(*) filter (where base.is_duplicate) as rows_duplicate
        from base
        left join (
            select source_file, sum(n) as n from staged group by 1
        ) as staged on base.source_file = staged.source_file
        where base.source_file not like '%FruitImage%'  -- the real sample, tested below
        group by 1
        order by 1
        """
    )
    assert counts == [
        ("dataloop/analytics/durations_2026-05-08.json", 3, 1, 2, 0),
        ("dataloop/analytics/no_rows.json", 1, 0, 1, 0),
        ("dataloop/analytics/odd.json", 1, 0, 1, 0),
        ("dataloop/analytics/shapes_2026-05-09.json", 3, 3, 0, 0),
        ("dataloop/items/broken.json", 1, 0, 1, 0),
        ("dataloop/items/empty.json", 1, 0, 1, 0),
        ("dataloop/items/export_2026-05-01.json", 3, 1, 1, 1),
        ("dataloop/items/export_2026-05-08.json", 2, 1, 1, 0),
        ("dataloop/items/shapes_list.json", 3, 2, 1, 0),
    ]
    for _file, read, staged, rejected, duplicate in counts:
        assert read == staged + rejected + duplicate


def test_a_list_of_items_is_archived_one_record_per_item(bad_input_run):
    archived = bad_input_run.query(
        "select source_row, list_index, raw_record from raw.dataloop__items "
        "where source_file = 'dataloop/items/shapes_list.json' order by source_row"
    )
    assert [(row[0], row[1], json.loads(row[2])) for row in archived] == [
        (position + 1, str(position), item) for position, item in enumerate(SHAPES_ITEMS)
    ]
    items = bad_input_run.query(
        "select source_file, source_row, item_id, rejection_reason "
        "from staging.base_dataloop__items "
        "where source_file in ('dataloop/items/shapes_list.json', 'dataloop/items/empty.json') "
        "order by 1, 2"
    )
    assert items == [
        ("dataloop/items/empty.json", 1, None, "empty_item_list"),
        ("dataloop/items/shapes_list.json", 1, "i20", None),
        ("dataloop/items/shapes_list.json", 2, None, "missing_item_id"),
        ("dataloop/items/shapes_list.json", 3, "i21", None),
    ]


def test_an_analytics_call_is_archived_one_record_per_response_row(bad_input_run):
    archived = bad_input_run.query(
        "select source_row, response_index, row_index, has_next, request_json, raw_record "
        "from raw.dataloop__analytics "
        "where source_file = 'dataloop/analytics/shapes_2026-05-09.json' order by source_row"
    )
    expected = [
        (number, str(element_index), str(row_index), element.get("hasNext"), row)
        for number, (element_index, row_index, element, row) in enumerate(
            (
                (element_index, row_index, element, row)
                for element_index, element in enumerate(SHAPES_ANALYTICS["response"])
                for row_index, row in enumerate(element["response"])
            ),
            start=1,
        )
    ]
    assert [
        (row[0], row[1], row[2], None if row[3] is None else json.loads(row[3]), json.loads(row[5]))
        for row in archived
    ] == expected
    assert {json.loads(row[4]) == SHAPES_ANALYTICS["request"] for row in archived} == {True}
    rows = bad_input_run.query(
        "select replace(source_file, 'dataloop/analytics/', ''), source_row, measure_type, "
        "time_granularity, has_next, rejection_reason from staging.base_dataloop__analytics "
        "where source_file in ('dataloop/analytics/shapes_2026-05-09.json', "
        "'dataloop/analytics/odd.json', 'dataloop/analytics/no_rows.json') order by 1, 2"
    )
    assert rows == [
        ("no_rows.json", 1, None, None, None, "empty_response"),
        ("odd.json", 1, None, None, None, "empty_response"),
        ("shapes_2026-05-09.json", 1, "itemAnnotationDuration", None, True, None),
        ("shapes_2026-05-09.json", 2, "itemAnnotationDuration", None, True, None),
        ("shapes_2026-05-09.json", 3, "activeUsers", "day", None, None),
    ]


@pytest.mark.skipif(not REAL_ITEM.is_file(), reason="the shared Dataloop samples are absent")
def test_real_item_export_stages_with_nothing_rejected(bad_input_run):
    real_file = f"dataloop/items/{REAL_ITEM.name}"
    assert bad_input_run.query(
        f"select source_row, rejection_reason, is_duplicate from staging.base_dataloop__items "
        f"where source_file = '{real_file}'"
    ) == [(1, None, False)]
    assert bad_input_run.query(
        "select item_id, dataset_id, filename, media_type from staging.stg_dataloop__items "
        f"where source_file = '{real_file}'"
    ) == [("6110d1859a1c5445b7b7ac3b", "6110d173f2428d3b2ae2dafc", "/train/apple_1.jpg", "image")]
    assert bad_input_run.query(
        "select annotation_id, item_id, creator, cast(created_at as varchar), label, "
        "annotation_type, is_automated "
        f"from staging.stg_dataloop__annotations where source_file = '{real_file}'"
    ) == [
        (
            "6110d1e9cdfa5c25de3cedbb",
            "6110d1859a1c5445b7b7ac3b",
            "or@dataloop.ai",
            "2021-08-09 06:57:45.877",
            "apple",
            "box",
            True,
        )
    ]


@pytest.mark.skipif(
    not (SAMPLE_DIR / "dataloop").is_dir(), reason="the generated sample data/sample is absent"
)
def test_generated_sample_matches_the_generators_row_counts(landing_zone, build):
    shutil.copytree(SAMPLE_DIR / "dataloop", landing_zone / "dataloop")
    run = build(landing_zone, args=SELECT)
    assert run.ok, run.output[-5000:]
    got = {
        row[0]: row[1:]
        for row in run.query(
            """
            select source_file, count(*),
                count(*) filter (where rejection_reason is null and not is_duplicate),
                count(*) filter (where rejection_reason is not null),
                count(*) filter (where is_duplicate)
            from (
                select source_file, rejection_reason, is_duplicate
                from staging.base_dataloop__items
                union all
                select source_file, rejection_reason, is_duplicate
                from staging.base_dataloop__analytics
            ) as base
            group by 1
            """
        )
    }
    with (SAMPLE_DIR / "_truth" / "source_files.csv").open(encoding="utf-8") as handle:
        expected = {
            row["file_name"]: tuple(
                int(row[column])
                for column in ("rows_read", "rows_staged", "rows_rejected", "rows_duplicate")
            )
            for row in csv.DictReader(handle)
            if row["vendor"] == "dataloop"
        }
    assert got == expected

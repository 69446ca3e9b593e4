"""Quality and time marts built from each sample set (conftest.SAMPLE_SETS), compared with
its truth files: fct_labels (every Labelbox row against labels.csv, CrowdAI rows against the
submitted labeling steps of workflow_steps.csv), fct_quality_summary (recomputed from
labels.csv), fct_editor_time_daily (every SuperAnnotate row of the window against
editor_time_daily.csv), fct_annotator_agreement (against annotator_agreement.csv) and its
per-annotator summary (rolled up here from that truth); and the agreement of crafted files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import SAMPLE_AS_OF_DATE, DbtRun, write_file

RETENTION_DAYS = 183
QUALITY_THRESHOLD = 0.7
AS_OF = dt.date.fromisoformat(SAMPLE_AS_OF_DATE)
WINDOW_START = AS_OF - dt.timedelta(days=RETENTION_DAYS - 1)
NUMERIC_COLUMNS = {"seconds_to_create", "seconds_to_review", "benchmark_score", "consensus_score"}


def annotator_key(vendor: str, user: str) -> str:
    """The annotator_id macro on DuckDB: md5 of `vendor|lower(trim(user))`."""
    return hashlib.md5(f"{vendor}|{user.strip().lower()}".encode()).hexdigest()


def parse_time(text: str) -> dt.datetime | None:
    """Truth timestamps are `YYYY-MM-DDTHH:MM:SS.fffZ` (UTC); empty = none."""
    if not text:
        return None
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")


def as_naive_millis(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def number(text: str) -> float | None:
    return float(text) if text != "" else None


def boolean(text: str) -> bool | None:
    return {"true": True, "false": False}.get(text.strip().lower())


def close(left: float | None, right: float | None) -> bool:
    if left is None or right is None:
        return left is None and right is None
    return abs(left - right) < 1e-6


def query_dicts(run: DbtRun, sql: str) -> list[dict[str, Any]]:
    with duckdb.connect(str(run.database), read_only=True) as connection:
        result = connection.sql(sql)
        columns = result.columns
        return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


@pytest.fixture(scope="module")
def truth_labels(sample_build) -> list[dict[str, str]]:
    return sample_build.read_truth("labels.csv")


@pytest.fixture(scope="module")
def mart_labels(sample_build) -> list[dict[str, Any]]:
    return query_dicts(sample_build, "select * from marts.fct_labels")


def test_labelbox_labels_match_truth_row_by_row(truth_labels, mart_labels):
    expected = {
        row["label_id"]: {
            "project_id": row["project_id"],
            "item_id": row["data_row_id"],
            "labeler_id": annotator_key("labelbox", row["created_by"]),
            "created_at": as_naive_millis(parse_time(row["created_at"])),
            "seconds_to_create": number(row["seconds_to_create"]),
            "seconds_to_review": number(row["seconds_to_review"]),
            "is_skipped": boolean(row["is_skipped"]),
            "benchmark_score": number(row["benchmark_score"]),
            "consensus_score": number(row["consensus_score"]),
            "is_benchmark_reference": boolean(row["is_benchmark_reference"]),
        }
        for row in truth_labels
    }
    actual = {row["label_id"]: row for row in mart_labels if row["vendor"] == "labelbox"}
    assert sorted(actual) == sorted(expected)
    mismatches = []
    for label_id, want in expected.items():
        got = actual[label_id]
        for column, value in want.items():
            have = got[column]
            if column == "created_at":
                have = as_naive_millis(have)
            if column in NUMERIC_COLUMNS:
                same = close(value, None if have is None else float(have))
            else:
                same = value == have
            if not same:
                mismatches.append((label_id, column, value, have))
    assert mismatches == []


def test_scores_are_fractions_and_null_outside_labelbox(mart_labels):
    for row in mart_labels:
        for column in ("benchmark_score", "consensus_score"):
            value = row[column]
            if row["vendor"] != "labelbox":
                assert value is None, row
            elif value is not None:
                assert 0 <= value <= 1, row


def test_crowdai_labels_are_the_submitted_labeling_steps(sample_build, mart_labels):
    steps = sample_build.read_truth("workflow_steps.csv")
    expected = {
        row["workflow_id"]: (
            row["project"],
            row["media_id"],
            annotator_key("crowdai", row["annotator"]),
            float(row["time_secs"]),
            row["status"].strip().lower() == "skipped",
        )
        for row in steps
        if row["phase"] == "annotate"
        and row["status"].strip().lower() in {"submitted", "skipped", "rejected"}
    }
    actual = {
        row["label_id"]: (
            row["project_id"],
            row["item_id"],
            row["labeler_id"],
            float(row["seconds_to_create"]),
            row["is_skipped"],
        )
        for row in mart_labels
        if row["vendor"] == "crowdai"
    }
    assert actual == expected


def test_quality_summary_recomputed_from_truth(sample_build, truth_labels):
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in truth_labels:
        groups[(row["project_id"], annotator_key("labelbox", row["created_by"]))].append(row)
    expected = {}
    for key, rows in groups.items():
        benchmarks = [float(r["benchmark_score"]) for r in rows if r["benchmark_score"]]
        consensus = [float(r["consensus_score"]) for r in rows if r["consensus_score"]]
        below = sum(
            1
            for r in rows
            if (r["benchmark_score"] and float(r["benchmark_score"]) < QUALITY_THRESHOLD)
            or (r["consensus_score"] and float(r["consensus_score"]) < QUALITY_THRESHOLD)
        )
        expected[key] = (
            len(rows),
            len(benchmarks),
            sum(benchmarks) / len(benchmarks) if benchmarks else None,
            min(benchmarks) if benchmarks else None,
            len(consensus),
            sum(consensus) / len(consensus) if consensus else None,
            below,
        )
    summary = query_dicts(
        sample_build, "select * from marts.fct_quality_summary where vendor = 'labelbox'"
    )
    actual = {
        (row["project_id"], row["annotator_id"]): (
            row["labels_total"],
            row["labels_with_benchmark"],
            row["avg_benchmark_score"],
            row["min_benchmark_score"],
            row["labels_with_consensus"],
            row["avg_consensus_score"],
            row["labels_below_threshold"],
        )
        for row in summary
    }
    assert sorted(actual) == sorted(expected)
    for key, want in expected.items():
        got = actual[key]
        assert got[0:2] == want[0:2] and got[4] == want[4] and got[6] == want[6], (key, got, want)
        for index in (2, 3, 5):
            assert close(got[index], want[index]), (key, index, got, want)


def test_superannotate_editor_time_matches_truth_row_by_row(sample_build):
    truth = sample_build.read_truth("editor_time_daily.csv")
    expected = {
        (
            row["project_id"],
            annotator_key("superannotate", row["user_id"]),
            row["item_id"],
            dt.date.fromisoformat(row["activity_date"]),
        ): (float(row["active_seconds"]), int(row["sample_count"]))
        for row in truth
        if row["vendor"] == "superannotate"
        and WINDOW_START <= dt.date.fromisoformat(row["activity_date"]) <= AS_OF
    }
    assert expected, "the sample has SuperAnnotate editor time inside the window"
    rows = query_dicts(
        sample_build,
        "select * from marts.fct_editor_time_daily where vendor = 'superannotate'",
    )
    actual = {
        (row["project_id"], row["annotator_id"], row["item_id"], row["activity_date"]): (
            float(row["active_seconds"]),
            row["sample_count"],
        )
        for row in rows
    }
    assert sorted(actual) == sorted(expected)
    mismatches = [
        (key, want, actual[key])
        for key, want in expected.items()
        if not (close(want[0], actual[key][0]) and want[1] == actual[key][1])
    ]
    # A project whose rows all differ usually has another max inactivity in the truth's
    # project_settings.csv than in seeds/settings/project_settings.csv.
    projects = sorted({key[0] for key, _, _ in mismatches})
    assert mismatches == [], f"{len(mismatches)} rows differ, projects {projects}"


def test_dataloop_editor_time_is_active_durations_without_samples(sample_build):
    rows = query_dicts(
        sample_build,
        "select * from marts.fct_editor_time_daily where vendor = 'dataloop'",
    )
    assert rows, "the sample has Dataloop active durations inside the window"
    for row in rows:
        assert row["sample_count"] is None
        assert row["active_seconds"] > 0
        assert WINDOW_START <= row["activity_date"] <= AS_OF


# --- annotator agreement ---------------------------------------------------------------------

AGREEMENT_TRUTH = "annotator_agreement.csv"
AgreementKey = tuple[str, str, str, str, str]


def read_agreement_truth(run: DbtRun) -> list[dict[str, str]]:
    path = run.truth_dir / AGREEMENT_TRUTH
    if not path.is_file():
        pytest.fail(f"no truth file {path}: the generator must write {AGREEMENT_TRUTH}")
    return run.read_truth(AGREEMENT_TRUTH)


@pytest.fixture(scope="module")
def annotator_ids(sample_build) -> dict[tuple[str, str], str]:
    """(vendor, lower-cased vendor user ID) -> annotator_id, from dim_annotators."""
    rows = sample_build.query(
        "select vendor, lower(vendor_user_id), annotator_id from marts.dim_annotators"
    )
    return {(vendor, user): annotator_id for vendor, user, annotator_id in rows}


@pytest.fixture(scope="module")
def truth_agreement(sample_build, annotator_ids) -> dict[AgreementKey, tuple]:
    """The truth's pairs keyed like the mart: a before b by annotator_id (the truth orders
    them by user ID)."""
    truth = read_agreement_truth(sample_build)
    assert truth, f"{AGREEMENT_TRUTH} has no pairs"
    expected: dict[AgreementKey, tuple] = {}
    for row in truth:
        vendor = row["vendor"]
        users = (row["annotator_a"], row["annotator_b"])
        missing = [user for user in users if (vendor, user.lower()) not in annotator_ids]
        assert not missing, (vendor, missing)
        first, second = sorted(annotator_ids[(vendor, user.lower())] for user in users)
        key = (vendor, row["project_id"], row["question"], first, second)
        assert key not in expected, key
        expected[key] = (
            int(row["items_in_common"]),
            int(row["answers_agreed"]),
            float(row["observed_agreement"]),
            float(row["expected_agreement"]),
            number(row["cohens_kappa"]),
        )
    return expected


def close_to_six_decimals(want: float | None, have: float | None) -> bool:
    """The truth writes ratios to six decimals."""
    if want is None or have is None:
        return want is None and have is None
    return abs(want - have) <= 5.1e-7


def test_annotator_agreement_matches_truth(sample_build, truth_agreement):
    rows = query_dicts(sample_build, "select * from marts.fct_annotator_agreement")
    actual = {
        (
            row["vendor"],
            row["project_id"],
            row["question"],
            row["annotator_id_a"],
            row["annotator_id_b"],
        ): row
        for row in rows
    }
    assert sorted(actual) == sorted(truth_agreement)
    mismatches = []
    for key, (items, agreed, observed, expected, kappa) in truth_agreement.items():
        got = actual[key]
        if (got["items_in_common"], got["answers_agreed"]) != (items, agreed) or not all(
            close_to_six_decimals(want, got[column])
            for want, column in (
                (observed, "observed_agreement"),
                (expected, "expected_agreement"),
                (kappa, "cohens_kappa"),
            )
        ):
            mismatches.append((key, (items, agreed, observed, expected, kappa), got))
    assert mismatches == []
    assert {key[0] for key in truth_agreement} == {"labelbox", "dataloop", "superannotate"}


def test_annotator_agreement_summary_rolls_up_truth(sample_build, truth_agreement):
    per_annotator: dict[tuple[str, str], list[tuple[str, tuple]]] = defaultdict(list)
    for (vendor, _, _, first, second), figures in truth_agreement.items():
        per_annotator[(vendor, first)].append((second, figures))
        per_annotator[(vendor, second)].append((first, figures))
    expected = {}
    for key, rows in per_annotator.items():
        kappas = [figures[4] for _, figures in rows if figures[4] is not None]
        expected[key] = (
            len(rows),
            len({peer for peer, _ in rows}),
            sum(figures[0] for _, figures in rows),
            sum(kappas) / len(kappas) if kappas else None,
            sum(figures[2] for _, figures in rows) / len(rows),
        )
    summary = query_dicts(sample_build, "select * from marts.fct_annotator_agreement_summary")
    actual = {
        (row["vendor"], row["annotator_id"]): (
            row["peer_pairs"],
            row["peers"],
            row["items_compared"],
            row["mean_cohens_kappa"],
            row["mean_observed_agreement"],
        )
        for row in summary
    }
    assert sorted(actual) == sorted(expected)
    for key, want in expected.items():
        got = actual[key]
        assert got[:3] == want[:3], (key, got, want)
        assert close_to_six_decimals(want[3], got[3]), (key, got, want)
        assert close_to_six_decimals(want[4], got[4]), (key, got, want)


def _classification_zone(zone: Path) -> None:
    """Labelbox, Dataloop and SuperAnnotate files whose agreement is worked out by hand in
    test_annotator_agreement_on_crafted_files."""

    def radio(question: str, answer: str, nested: tuple = ()) -> dict:
        return {
            "value": question,
            "radio_answer": {"value": answer, "classifications": list(nested)},
        }

    def checklist(question: str, options: list[str]) -> dict:
        return {"value": question, "checklist_answers": [{"value": o} for o in options]}

    def label(label_id: str, user: str, created_at: str, classifications: list) -> dict:
        return {
            "id": label_id,
            "label_details": {"created_by": user, "created_at": created_at},
            "annotations": {"objects": [], "classifications": classifications},
        }

    def data_row(data_row_id: str, labels: list) -> str:
        return json.dumps(
            {"data_row": {"id": data_row_id}, "projects": {"p1": {"name": "P", "labels": labels}}}
        )

    day1, day2 = "2026-05-01T10:00:00Z", "2026-05-02T10:00:00Z"
    text = {"value": "note", "text_answer": {"content": "free text"}}
    lines = [
        data_row(
            "dr1",
            [
                label(
                    "l1a",
                    "a@x.io",
                    day1,
                    [radio("q1", "yes", (radio("sub", "foo"),)), checklist("q2", ["x", "y"]), text],
                ),
                label(
                    "l1b",
                    "B@x.io",
                    day1,
                    [radio("q1", "yes", (radio("sub", "foo"),)), checklist("q2", ["y", "x"]), text],
                ),
                label("l1c-old", "c@x.io", day1, [radio("q1", "no")]),
                label("l1c-new", "c@x.io", day2, [radio("q1", "yes")]),
            ],
        ),
        data_row(
            "dr2",
            [
                label("l2a", "a@x.io", day1, [radio("q1", "no"), checklist("q2", ["x"])]),
                label("l2b", "b@x.io", day1, [radio("q1", "yes"), checklist("q2", ["x", "y"])]),
                label("l2c", "c@x.io", day1, [radio("q1", "no")]),
            ],
        ),
        data_row(
            "dr3",
            [
                label("l3a", "a@x.io", day1, [radio("q1", "yes"), checklist("q2", [])]),
                label("l3b", "b@x.io", day1, [radio("q1", "yes"), checklist("q2", [])]),
            ],
        ),
    ]
    write_file(zone, "labelbox/export_v2/export_2026-05-03.ndjson", "\n".join(lines) + "\n")

    def annotation(annotation_id: str, creator: str, label_: str, kind: str = "class") -> dict:
        return {"id": annotation_id, "creator": creator, "createdAt": day1, "label": label_,
                "type": kind}  # fmt: skip

    items = [
        {"id": "i1", "filename": "/i1.jpg", "datasetId": "ds1", "annotations": [
            annotation("n1", "d1@x.io", "cat"), annotation("n2", "d1@x.io", "dog"),
            annotation("n3", "d2@x.io", "dog"), annotation("n4", "d2@x.io", "cat"),
            annotation("n5", "d2@x.io", "cat", "box")]},
        {"id": "i2", "filename": "/i2.jpg", "datasetId": "ds1", "annotations": [
            annotation("n6", "d1@x.io", "cat"), annotation("n7", "d2@x.io", "cat"),
            annotation("n8", "d2@x.io", "dog")]},
    ]  # fmt: skip
    write_file(zone, "dataloop/items/items_2026-05-03.json", json.dumps(items))

    def tag(user: str, attributes: list[tuple[str, str]]) -> dict:
        return {
            "type": "tag",
            "className": "scene",
            "createdAt": "2026-05-01T10:00:00.000Z",
            "createdBy": {"email": user, "role": "Annotator"},
            "attributes": [{"groupName": group, "name": name} for group, name in attributes],
        }

    sa_items = {
        "s1.jpg": [
            tag("s1@x.io", [("weather", "rain"), ("time", "day")]),
            tag("s1@x.io", [("weather", "fog")]),
            tag("s2@x.io", [("weather", "fog"), ("weather", "rain"), ("time", "night")]),
        ],
        "s2.jpg": [
            tag("s1@x.io", [("weather", "rain")]),
            tag("s2@x.io", [("weather", "rain"), ("time", "day")]),
        ],
    }
    for name, instances in sa_items.items():
        document = {"metadata": {"name": name, "projectId": 77}, "instances": instances}
        write_file(zone, f"superannotate/annotations/{name}.json", json.dumps(document))


def test_annotator_agreement_on_crafted_files(landing_zone, build):
    _classification_zone(landing_zone)
    run = build(landing_zone, select="+fct_annotator_agreement_summary")
    assert run.ok, run.output[-4000:]

    def pair(vendor: str, project: str, question: str, user_a: str, user_b: str) -> AgreementKey:
        first, second = sorted(annotator_key(vendor, user) for user in (user_a, user_b))
        return (vendor, project, question, first, second)

    third = 1 / 3
    expected = {
        # q1: a yes/no/yes, b yes/yes/yes on dr1-3 -> p_o 2/3, p_e (2*3 + 1*0)/9 = 2/3, kappa 0
        pair("labelbox", "p1", "q1", "a@x.io", "b@x.io"): (3, 2, 2 * third, 2 * third, 0.0),
        # c's later label on dr1 (yes) replaces the earlier one (no): agrees with a on dr1, dr2
        pair("labelbox", "p1", "q1", "a@x.io", "c@x.io"): (2, 2, 1.0, 0.5, 1.0),
        pair("labelbox", "p1", "q1", "b@x.io", "c@x.io"): (2, 1, 0.5, 0.5, 0.0),
        # nested under q1 = yes, both foo: p_e = 1, kappa undefined
        pair("labelbox", "p1", "q1/yes/sub", "a@x.io", "b@x.io"): (1, 1, 1.0, 1.0, None),
        # q2: {x,y} = {y,x}, {x} <> {x,y}, {} = {} -> p_o 2/3; a x|y, x, '' and b x|y, x|y, ''
        # -> p_e (1*2 + 1*1)/9 = 1/3, kappa (2/3 - 1/3) / (2/3) = 0.5; text is no question
        pair("labelbox", "p1", "q2", "a@x.io", "b@x.io"): (3, 2, 2 * third, third, 0.5),
        # cat|dog = dog|cat (the box is no class), cat <> cat|dog -> p_e 2/4, kappa 0
        pair("dataloop", "ds1", "class", "d1@x.io", "d2@x.io"): (2, 1, 0.5, 0.5, 0.0),
        # s1's weather over two tags is fog|rain like s2's, then rain = rain -> kappa 1
        pair("superannotate", "77", "scene/weather", "s1@x.io", "s2@x.io"): (2, 2, 1.0, 0.5, 1.0),
        # only s1.jpg has both times: day <> night
        pair("superannotate", "77", "scene/time", "s1@x.io", "s2@x.io"): (1, 0, 0.0, 0.0, 0.0),
    }
    rows = query_dicts(run, "select * from marts.fct_annotator_agreement")
    actual = {
        (r["vendor"], r["project_id"], r["question"], r["annotator_id_a"], r["annotator_id_b"]): (
            r["items_in_common"],
            r["answers_agreed"],
            r["observed_agreement"],
            r["expected_agreement"],
            r["cohens_kappa"],
        )
        for r in rows
    }
    assert sorted(actual) == sorted(expected)
    for key, want in expected.items():
        got = actual[key]
        assert got[:2] == want[:2], (key, got, want)
        assert all(close(w, g) for w, g in zip(want[2:], got[2:], strict=True)), (key, got, want)

"""Lineage marts built from each sample set (conftest.SAMPLE_SETS), compared with its truth files:
fct_status_transitions (every row, by vendor), fct_workflow_steps (CrowdAI rows; Labelbox and
Dataloop steps against the transitions they end) and dim_media."""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from collections import Counter, defaultdict
from typing import Any

import pytest
from conftest import SAMPLE_AS_OF_DATE

STATUS_VENDORS = ["superannotate", "labelbox", "dataloop"]


def parse_time(text: str) -> dt.datetime | None:
    """Truth timestamps are `YYYY-MM-DDTHH:MM:SS.fffZ` (UTC); empty = none."""
    if not text:
        return None
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")


def as_naive(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def annotator_key(vendor: str, user: str) -> str:
    """The annotator_id macro on DuckDB: md5 of `vendor|lower(trim(user))`."""
    return hashlib.md5(f"{vendor}|{user.strip().lower()}".encode()).hexdigest()


def millis(value: dt.datetime | None) -> dt.datetime | None:
    """Timestamps compared to the millisecond (the files carry no finer digits)."""
    if value is None:
        return None
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


@pytest.fixture(scope="module")
def truth_transitions(sample_build) -> list[dict[str, str]]:
    return sample_build.read_truth("transitions.csv")


@pytest.fixture(scope="module")
def mart_transitions(sample_build) -> list[dict[str, Any]]:
    columns = [
        "vendor",
        "project_id",
        "folder_id",
        "item_id",
        "from_status",
        "to_status",
        "from_status_raw",
        "to_status_raw",
        "changed_at",
        "changed_by",
        "changed_by_user_id",
        "transition_sequence",
        "seconds_in_from_status",
    ]
    rows = sample_build.query(f"select {', '.join(columns)} from marts.fct_status_transitions")
    return [dict(zip(columns, row, strict=True)) for row in rows]


def transition_key(
    row: dict[str, Any], changed_at: dt.datetime | None, user: str
) -> tuple[Any, ...]:
    return (
        row["vendor"],
        row["project_id"],
        row["folder_id"],
        row["item_id"],
        row["from_status"],
        row["to_status"],
        row["from_status_raw"] or "",
        row["to_status_raw"] or "",
        millis(changed_at),
        user,
    )


@pytest.mark.parametrize("vendor", STATUS_VENDORS)
def test_status_transitions_equal_the_truth(vendor, truth_transitions, mart_transitions):
    expected = Counter(
        transition_key(row, parse_time(row["changed_at"]), row["changed_by"])
        for row in truth_transitions
        if row["vendor"] == vendor
    )
    actual = Counter(
        transition_key(row, as_naive(row["changed_at"]), row["changed_by_user_id"])
        for row in mart_transitions
        if row["vendor"] == vendor
    )
    assert expected, f"the truth has no {vendor} transitions"
    missing = expected - actual
    extra = actual - expected
    assert not missing and not extra, (
        f"{vendor}: {sum(missing.values())} truth rows missing, {sum(extra.values())} extra; "
        f"e.g. missing {list(missing)[:2]}, extra {list(extra)[:2]}"
    )


def test_no_transitions_for_vendors_without_a_status_log(truth_transitions, mart_transitions):
    assert {row["vendor"] for row in mart_transitions} == {
        row["vendor"] for row in truth_transitions
    }


def test_changed_by_is_the_annotator_key(mart_transitions):
    for row in mart_transitions:
        assert row["changed_by"] == annotator_key(row["vendor"], row["changed_by_user_id"]), row


def test_seconds_in_from_status_from_the_truth(truth_transitions, mart_transitions):
    """Expected: per item, the time since its previous transition (truth order by time)."""
    expected: dict[tuple[Any, ...], float | None] = {}
    by_item: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for row in truth_transitions:
        by_item[(row["vendor"], row["project_id"], row["item_id"])].append(row)
    for item, rows in by_item.items():
        times = sorted(parse_time(row["changed_at"]) for row in rows)
        for position, moment in enumerate(times, start=1):
            previous = times[position - 2] if position > 1 else None
            expected[(*item, position)] = (moment - previous).total_seconds() if previous else None
    actual = {
        (row["vendor"], row["project_id"], row["item_id"], row["transition_sequence"]): row[
            "seconds_in_from_status"
        ]
        for row in mart_transitions
    }
    assert actual.keys() == expected.keys()
    for key, seconds in expected.items():
        if seconds is None:
            assert actual[key] is None, key
        else:
            assert actual[key] == pytest.approx(seconds, abs=0.002), key


def test_from_status_is_never_null(mart_transitions):
    """Each transition leaves one status and enters another (in = out per folder-day)."""
    assert all(row["from_status"] is not None for row in mart_transitions)


@pytest.fixture(scope="module")
def mart_steps(sample_build) -> list[dict[str, Any]]:
    columns = [
        "vendor",
        "project_id",
        "task_id",
        "media_id",
        "workflow_id",
        "phase",
        "phase_raw",
        "status",
        "status_raw",
        "annotator_id",
        "annotator_user_id",
        "completed_at",
        "work_seconds",
    ]
    rows = sample_build.query(f"select {', '.join(columns)} from marts.fct_workflow_steps")
    return [dict(zip(columns, row, strict=True)) for row in rows]


def test_crowdai_workflow_steps_equal_the_truth(sample_build, mart_steps):
    def key(project, media, workflow, phase, status, annotator, completed, seconds):
        return (project, media, workflow, phase, status, annotator, completed, seconds)

    expected = Counter(
        key(
            row["project"],
            row["media_id"],
            row["workflow_id"],
            row["phase"],
            row["status"],
            row["annotator"],
            parse_time(row["completed_at"]),
            float(row["time_secs"]) if row["time_secs"] else None,
        )
        for row in sample_build.read_truth("workflow_steps.csv")
    )
    actual = Counter(
        key(
            row["project_id"],
            row["media_id"],
            row["workflow_id"],
            row["phase"],
            row["status_raw"],
            row["annotator_user_id"],
            millis(as_naive(row["completed_at"])),
            row["work_seconds"],
        )
        for row in mart_steps
        if row["vendor"] == "crowdai"
    )
    assert sum(expected.values()) > 0
    assert expected == actual, (list(expected - actual)[:2], list(actual - expected)[:2])


def test_crowdai_task_ids_are_project_and_media(mart_steps):
    for row in mart_steps:
        if row["vendor"] == "crowdai":
            assert row["task_id"] == f"{row['project_id']}/{row['media_id']}"


def test_labelbox_and_dataloop_steps_end_at_their_transitions(truth_transitions, mart_steps):
    """One Labelbox step per workflow_history entry and one Dataloop step per status log
    entry: each step ends where a truth transition happens, by the same person."""
    for vendor in ("labelbox", "dataloop"):
        expected = Counter(
            (
                row["project_id"],
                row["item_id"],
                parse_time(row["changed_at"]),
                annotator_key(vendor, row["changed_by"]),
            )
            for row in truth_transitions
            if row["vendor"] == vendor
        )
        actual = Counter(
            (
                row["project_id"],
                row["media_id"],
                millis(as_naive(row["completed_at"])),
                row["annotator_id"],
            )
            for row in mart_steps
            if row["vendor"] == vendor
        )
        assert expected == actual, vendor


def test_labelbox_labeling_steps_carry_the_labelers_seconds_to_create(
    sample_build, truth_transitions, mart_steps
):
    """Expected from the truth: a labeling step (a move out of the labeling task) is credited
    with seconds_to_create of the label its user created on that data row (nearest in time)."""
    labels: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for label in sample_build.read_truth("labels.csv"):
        labels[(label["project_id"], label["data_row_id"], label["created_by"].lower())].append(
            label
        )
    expected = Counter()
    for row in truth_transitions:
        if row["vendor"] != "labelbox" or row["from_status_raw"] != "Initial labeling task":
            continue
        moment = parse_time(row["changed_at"])
        candidates = labels.get((row["project_id"], row["item_id"], row["changed_by"].lower()), [])
        seconds = None
        if candidates:
            nearest = min(
                candidates,
                key=lambda label: abs((parse_time(label["created_at"]) - moment).total_seconds()),
            )
            seconds = float(nearest["seconds_to_create"]) if nearest["seconds_to_create"] else None
        expected[(row["project_id"], row["item_id"], moment, seconds)] += 1
    actual = Counter(
        (
            row["project_id"],
            row["media_id"],
            millis(as_naive(row["completed_at"])),
            row["work_seconds"],
        )
        for row in mart_steps
        if row["vendor"] == "labelbox" and row["phase_raw"] == "Initial labeling task"
    )
    assert sum(expected.values()) > 0
    assert expected == actual


def test_dim_media_covers_every_task_media_with_crowdai_parents(sample_build, mart_steps):
    media = {
        (vendor, media_id): (parent, media_type, frame_count)
        for vendor, media_id, parent, media_type, frame_count in sample_build.query(
            "select vendor, media_id, parent_media_id, media_type, frame_count from marts.dim_media"
        )
    }
    for row in mart_steps:
        assert (row["vendor"], row["media_id"]) in media, row
    truth_media = {
        (row["project"], row["media_id"]) for row in sample_build.read_truth("workflow_steps.csv")
    }
    assert {media_id for _, media_id in truth_media} <= {
        key[1] for key in media if key[0] == "crowdai"
    }
    parents = [value[0] for key, value in media.items() if key[0] == "crowdai" and value[0]]
    assert parents, "the sample's media lineage file gives transformed media"
    assert all(("crowdai", parent) in media for parent in parents)


def test_item_current_status_matches_truth(sample_build):
    """Every item's status at the end of as_of_date (the last simulated day), since when, its
    last transition and who made it, its transitions and its entries into in_rework."""
    expected = {
        (row["vendor"], row["project_id"], row["item_id"]): (
            row["folder_id"],
            row["current_status"],
            parse_time(row["status_since"]),
            parse_time(row["last_changed_at"]),
            annotator_key(row["vendor"], row["last_changed_by"]),
            int(row["transition_count"]),
            int(row["rework_count"]),
        )
        for row in sample_build.read_truth("item_current_status.csv")
    }
    assert {key[0] for key in expected} == set(STATUS_VENDORS)
    assert any(figures[-1] > 0 for figures in expected.values()), "no item was reworked"
    rows = sample_build.query(
        """
        select
            vendor, project_id, item_id, folder_id, current_status, status_since,
            last_changed_at, last_actor_id, transition_count, rework_count
        from marts.fct_item_current_status
        """
    )
    got = {
        (vendor, project, item): (
            folder,
            status,
            millis(as_naive(since)),
            millis(as_naive(last)),
            actor,
            transitions,
            reworks,
        )
        for vendor, project, item, folder, status, since, last, actor, transitions, reworks in rows
    }
    assert got.keys() == expected.keys()
    wrong = {key: (got[key], value) for key, value in expected.items() if got[key] != value}
    assert not wrong, f"{len(wrong)} items differ, e.g. {list(wrong.items())[:2]}"


def test_status_dwell_matches_truth_transitions(sample_build, truth_transitions):
    """Expected from the truth transitions: per item in time order, a transition out of a
    status ends the stay that began with the item's move into it from another status (a
    same-status transition neither ends nor restarts it; the first status has no start); the
    stays that ended inside the window, per Monday week."""
    window_end = dt.date.fromisoformat(SAMPLE_AS_OF_DATE)
    window_start = window_end - dt.timedelta(days=182)
    stays: dict[tuple[str, str, str, dt.date], list[float | None]] = defaultdict(list)
    by_item: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for row in truth_transitions:
        by_item[(row["vendor"], row["project_id"], row["item_id"])].append(row)
    for (vendor, project, _), rows in by_item.items():
        status, entered = None, None  # the status the item is in, and when it moved into it
        for row in sorted(rows, key=lambda r: parse_time(r["changed_at"])):
            moment = parse_time(row["changed_at"])
            leaving, entering = row["from_status"], row["to_status"]
            if leaving != entering:
                on = moment.date()
                if window_start <= on <= window_end:
                    hours = (
                        (moment - entered).total_seconds() / 3600
                        if status == leaving and entered is not None
                        else None
                    )
                    week = on - dt.timedelta(days=on.weekday())
                    stays[(vendor, project, leaving, week)].append(hours)
            if status != entering:
                status, entered = entering, moment if leaving != entering else None
    expected = {}
    for key, hours in stays.items():
        timed = sorted(h for h in hours if h is not None)
        if not timed:
            expected[key] = (len(hours), 0, None, None, None)
            continue
        p90 = (
            statistics.quantiles(timed, n=10, method="inclusive")[-1]
            if len(timed) > 1
            else timed[0]
        )
        expected[key] = (len(hours), len(timed), statistics.median(timed), p90, timed[-1])
    assert any(figures[1] for figures in expected.values())
    rows = sample_build.query(
        """
        select
            vendor, project_id, status, week_start, transitions_out, transitions_out_timed,
            median_hours_in_status, p90_hours_in_status, max_hours_in_status
        from marts.fct_status_dwell
        """
    )
    got = {
        (vendor, project, status, week): figures for vendor, project, status, week, *figures in rows
    }
    assert got.keys() == expected.keys()
    for key, (count, timed, *hours) in expected.items():
        assert tuple(got[key][:2]) == (count, timed), key
        assert got[key][2:] == pytest.approx(hours, abs=1e-6), key

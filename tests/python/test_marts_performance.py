"""Annotator performance marts built from each sample set (conftest.SAMPLE_SETS), compared
with its truth files: every review event, first-pass approvals per labeler computed here from the
truth reviews, Roboflow's own rows, and who is who across vendors."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import SAMPLE_AS_OF_DATE, DbtRun

RETENTION_DAYS = 183
WINDOW_END = date.fromisoformat(SAMPLE_AS_OF_DATE)
WINDOW_START = WINDOW_END - timedelta(days=RETENTION_DAYS - 1)


@pytest.fixture(scope="module")
def annotator_ids(sample_build: Any) -> dict[tuple[str, str], str]:
    """(vendor, lower-cased vendor user ID) -> annotator_id, from dim_annotators."""
    rows = sample_build.query(
        "select vendor, lower(vendor_user_id), annotator_id from marts.dim_annotators"
    )
    return {(vendor, user): annotator_id for vendor, user, annotator_id in rows}


def truth_reviews(run: DbtRun, annotator_ids: dict[tuple[str, str], str]) -> list[dict[str, Any]]:
    reviews = []
    for row in run.read_truth("reviews.csv"):
        vendor = row["vendor"]
        reviews.append(
            {
                "vendor": vendor,
                "project_id": row["project_id"],
                "item_id": row["item_id"],
                "labeler_id": annotator_ids.get((vendor, row["labeler"].lower())),
                "reviewer_id": annotator_ids.get((vendor, row["reviewer"].lower())),
                "review_outcome": row["review_outcome"],
                # truth timestamps: YYYY-MM-DDTHH:MM:SS.fffZ
                "reviewed_at": row["reviewed_at"].rstrip("Z").replace("T", " "),
            }
        )
    return reviews


def truth_persons(run: DbtRun) -> dict[tuple[str, str], str]:
    """(vendor, lower-cased vendor user ID) -> the truth's person_key."""
    return {
        (row["vendor"], row["vendor_user_id"].lower()): row["person_key"]
        for row in run.read_truth("people.csv")
    }


def test_every_truth_identity_is_an_annotator_and_persons_match(sample_build, annotator_ids):
    people = sample_build.read_truth("people.csv")
    missing = [
        (row["vendor"], row["vendor_user_id"])
        for row in people
        if (row["vendor"], row["vendor_user_id"].lower()) not in annotator_ids
    ]
    assert not missing
    persons = {
        (vendor, user): person
        for vendor, user, person in sample_build.query(
            "select vendor, lower(vendor_user_id), person_id from marts.dim_annotators"
        )
    }
    by_key: dict[str, set[str]] = defaultdict(set)
    keys_by_person: dict[str, set[str]] = defaultdict(set)
    for row in people:
        person = persons[(row["vendor"], row["vendor_user_id"].lower())]
        by_key[row["person_key"]].add(person)
        keys_by_person[person].add(row["person_key"])
    crowdai_emails = sample_build.scalar(
        "select count(email) from marts.dim_annotators where vendor = 'crowdai'"
    )
    assert crowdai_emails == 0
    # CrowdAI shows display names only: its people are tied to their other accounts by the
    # landing zone's identity file (identity/people.csv), which the generator writes.
    assert {key: found for key, found in by_key.items() if len(found) > 1} == {}, (
        "one human, several person_ids"
    )
    assert {person: keys for person, keys in keys_by_person.items() if len(keys) > 1} == {}, (
        "one person_id, several humans"
    )


def test_dim_people_is_the_truth_people_rolled_up(sample_build, annotator_ids):
    """One dim_people row per truth person: their vendors and accounts from _truth/people.csv,
    activity from dim_annotators, work summed here from fct_annotator_performance's computed
    rows, the rate and its Wilson interval worked out here."""
    truth = sample_build.read_truth("people.csv")
    key_of = truth_persons(sample_build)
    assert set(key_of) == set(annotator_ids), "dim_annotators accounts the truth does not list"
    person_id_of: dict[str, str] = {}
    activity: dict[str, list] = defaultdict(list)
    for vendor, user, person_id, first_at, last_at in sample_build.query(
        "select vendor, lower(vendor_user_id), person_id, first_activity_at, last_activity_at"
        " from marts.dim_annotators"
    ):
        person_id_of[key_of[(vendor, user)]] = person_id
        activity[key_of[(vendor, user)]].append((first_at, last_at))
    key_of_annotator = {annotator: key_of[account] for account, annotator in annotator_ids.items()}
    work: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, None])
    for annotator_id, labeled, reviewed, first_pass, seconds in sample_build.query(
        "select annotator_id, images_labeled, items_reviewed, first_pass_approved_items,"
        " labeling_seconds from marts.fct_annotator_performance where source = 'computed'"
    ):
        figures = work[key_of_annotator[annotator_id]]
        figures[0] += labeled
        figures[1] += reviewed
        figures[2] += first_pass
        if seconds is not None:
            figures[3] = (figures[3] or 0) + seconds
    rows_by_key: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in truth:
        rows_by_key[row["person_key"]].append(row)

    expected = {}
    for key, rows in rows_by_key.items():
        vendors = sorted({row["vendor"] for row in rows})
        names = sorted(row["vendor_user_id"] for row in rows if not row["email"])
        if any(row["vendor"] == "crowdai" for row in rows):
            name = rows[0]["display_name"]  # the identity file's person_name
        elif names:
            name = names[0]
        else:
            name = min(row["email"].lower() for row in rows)
        firsts = [first for first, _ in activity[key] if first is not None]
        lasts = [last for _, last in activity[key] if last is not None]
        labeled, reviewed, first_pass, seconds = work[key]
        expected[person_id_of[key]] = (
            name,
            ",".join(vendors),
            len(vendors),
            len(rows),
            min(firsts, default=None),
            max(lasts, default=None),
            labeled,
            reviewed,
            first_pass,
            first_pass / reviewed if reviewed else None,
            *(wilson_interval(first_pass, reviewed) if reviewed else (None, None)),
            seconds,
        )
    got = {
        row[0]: row[1:]
        for row in sample_build.query(
            "select person_id, person_name, vendors, vendor_count, annotator_accounts,"
            " first_activity_at, last_activity_at, items_labeled, items_reviewed,"
            " first_pass_approved_items, first_pass_approval_rate,"
            " first_pass_approval_rate_lower_95, first_pass_approval_rate_upper_95,"
            " labeling_seconds from marts.dim_people"
        )
    }
    assert set(got) == set(expected)
    assert len(got) == len(rows_by_key)
    assert any(row[2] > 1 for row in got.values()), "nobody works at two vendors"
    for person_id, row in expected.items():
        exact, approximate = row[:9], row[9:]
        assert got[person_id][:9] == exact, person_id
        for value, wanted in zip(got[person_id][9:], approximate, strict=True):
            assert (value is None) == (wanted is None), person_id
            if wanted is not None:
                assert math.isclose(value, wanted, rel_tol=1e-9, abs_tol=1e-12), person_id


@pytest.mark.parametrize("vendor", ["crowdai", "labelbox", "superannotate", "dataloop"])
def test_fct_reviews_matches_truth_reviews(sample_build, annotator_ids, vendor):
    expected = Counter(
        (
            r["project_id"],
            r["item_id"],
            r["labeler_id"],
            r["reviewer_id"],
            r["review_outcome"],
            r["reviewed_at"],
        )
        for r in truth_reviews(sample_build, annotator_ids)
        if r["vendor"] == vendor
    )
    assert expected, f"the truth has no {vendor} reviews"
    got = Counter(
        sample_build.query(
            f"""
            select
                project_id,
                item_id,
                labeler_id,
                reviewer_id,
                review_outcome,
                strftime(reviewed_at, '%Y-%m-%d %H:%M:%S.%g')
            from marts.fct_reviews
            where vendor = '{vendor}'
            """
        )
    )
    assert got - expected == Counter(), "review events the truth does not hold"
    assert expected - got == Counter(), "truth review events missing from fct_reviews"


def truth_review_figures(
    run: DbtRun, annotator_ids: dict[tuple[str, str], str]
) -> dict[tuple[str, str, str], tuple[int, int, int, int]]:
    """(vendor, project, labeler) -> (items reviewed, items approved, rejection events,
    first-pass approved items) over the window, from the truth reviews (labelers with at
    least one item reviewed in the window only)."""
    items: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for review in truth_reviews(run, annotator_ids):
        reviewed_on = date.fromisoformat(review["reviewed_at"][:10])
        if reviewed_on > WINDOW_END:
            continue
        key = (review["vendor"], review["project_id"], review["labeler_id"])
        state = items[key].setdefault(
            review["item_id"],
            {"in_window": False, "approved": False, "ever_rejected": False, "rejections": 0},
        )
        in_window = reviewed_on >= WINDOW_START
        state["in_window"] |= in_window
        if review["review_outcome"] == "reject":
            state["ever_rejected"] = True
            state["rejections"] += in_window
        elif in_window:
            state["approved"] = True
    figures = {}
    for key, per_item in items.items():
        reviewed = sum(s["in_window"] for s in per_item.values())
        if reviewed == 0:
            continue
        figures[key] = (
            reviewed,
            sum(s["approved"] for s in per_item.values()),
            sum(s["rejections"] for s in per_item.values()),
            sum(s["approved"] and not s["ever_rejected"] for s in per_item.values()),
        )
    return figures


def test_first_pass_approvals_per_labeler_match_truth(sample_build, annotator_ids):
    expected = {
        key: (reviewed, approved, rejections, first_pass, round(first_pass / reviewed, 6))
        for key, (reviewed, approved, rejections, first_pass) in truth_review_figures(
            sample_build, annotator_ids
        ).items()
    }
    rows = sample_build.query(
        """
            select
                vendor, project_id, annotator_id, items_reviewed, items_approved,
                rejection_events, first_pass_approved_items, first_pass_approval_rate
            from marts.fct_annotator_performance
            where source = 'computed' and items_reviewed > 0
            """
    )
    got = {
        (vendor, project, annotator): (reviewed, approved, rejections, first_pass, round(rate, 6))
        for vendor, project, annotator, reviewed, approved, rejections, first_pass, rate in rows
    }
    assert expected
    assert got == expected
    # nothing reviewed: the rate is NULL, never 0
    zero_rates = sample_build.scalar(
        """
        select count(*) from marts.fct_annotator_performance
        where source = 'computed' and items_reviewed = 0 and first_pass_approval_rate is not null
        """
    )
    assert zero_rates == 0


def wilson_interval(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval in its textbook form, from the proportion p."""
    p = successes / trials
    centre = p + z * z / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    scale = 1 + z * z / trials
    return (centre - spread) / scale, (centre + spread) / scale


def test_first_pass_wilson_interval_from_truth_counts(sample_build, annotator_ids):
    expected = {
        key: wilson_interval(first_pass, reviewed)
        for key, (reviewed, _, _, first_pass) in truth_review_figures(
            sample_build, annotator_ids
        ).items()
    }
    rows = sample_build.query(
        """
        select
            vendor, project_id, annotator_id, items_reviewed,
            first_pass_approval_rate_lower_95, first_pass_approval_rate_upper_95
        from marts.fct_annotator_performance
        """
    )
    got = {}
    for vendor, project, annotator, reviewed, lower, upper in rows:
        if reviewed:
            got[(vendor, project, annotator)] = (lower, upper)
        else:  # nothing reviewed, or Roboflow's own rows: no interval
            assert lower is None and upper is None, (vendor, project, annotator)
    assert expected
    assert got.keys() == expected.keys()
    for key, (lower, upper) in expected.items():
        assert got[key] == pytest.approx((lower, upper), abs=1e-12), key


def test_roboflow_rows_pass_through_from_truth(sample_build):
    expected = {}
    for row in sample_build.read_truth("roboflow_labeler_stats.csv"):
        start, end = date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"])
        if start > WINDOW_END or end < WINDOW_START:
            continue
        expected[(row["labeler"].lower(), row["project"], row["start_date"], row["end_date"])] = (
            int(row["images_labeled"]),
            int(row["net_annotations"]),
            int(row["annotations_added"]),
            int(row["annotations_removed"]),
            int(row["annotations_updated"]),
            int(row["model_assisted"]),
            int(row["marked_null"]),
            int(row["approved"]),
            int(row["rejected"]),
            round(float(row["approval_rate"]), 3) if row["approval_rate"] else None,
        )
    got = {
        (labeler, project, str(start), str(end)): (
            *counts,
            None if rate is None else round(rate, 3),
        )
        for labeler, project, start, end, *counts, rate in sample_build.query(
            """
            select
                lower(dim_annotators.vendor_user_id), performance.project_id,
                performance.period_start_date, performance.period_end_date,
                performance.images_labeled, performance.net_annotations,
                performance.annotations_added, performance.annotations_removed,
                performance.annotations_updated, performance.model_assisted,
                performance.marked_null, performance.items_approved,
                performance.rejection_events, performance.first_pass_approval_rate
            from marts.fct_annotator_performance as performance
            inner join marts.dim_annotators
                on performance.annotator_id = dim_annotators.annotator_id
            where performance.source = 'vendor_reported'
            """
        )
    }
    assert expected
    assert got == expected


def test_vendors_without_a_figure_have_null_not_zero(sample_build):
    def count(sql: str) -> int:
        return int(sample_build.scalar(sql))

    # CrowdAI exports no annotation objects, SuperAnnotate no per-label seconds: NULL, not 0
    daily = "from marts.fct_annotator_daily where vendor"
    assert count(f"select count(*) {daily} = 'crowdai'") > 0
    assert count(f"select count(annotations_added) {daily} = 'crowdai'") == 0
    assert count(f"select count(labeling_seconds) {daily} = 'superannotate'") == 0
    assert count(f"select count(annotations_added) {daily} = 'superannotate'") > 0
    assert count(f"select count(labeling_seconds) {daily} = 'crowdai'") > 0


def test_seconds_per_item_percentiles_match_truth(sample_build, annotator_ids):
    """The truth's median and p90 of each labeler's seconds per labeled item (CrowdAI,
    Labelbox, Dataloop) over the window; SuperAnnotate reports no labeling seconds: NULL."""
    expected = {}
    for row in sample_build.read_truth("seconds_per_item.csv"):
        vendor = row["vendor"]
        key = (vendor, row["project_id"], annotator_ids.get((vendor, row["labeler"])))
        expected[key] = (
            int(row["items_labeled"]),
            float(row["median_seconds_per_item"]),
            float(row["p90_seconds_per_item"]),
        )
    assert {key[0] for key in expected} == {"crowdai", "labelbox", "dataloop"}
    rows = sample_build.query(
        """
        select
            vendor, project_id, annotator_id, images_labeled,
            median_seconds_per_item, p90_seconds_per_item
        from marts.fct_annotator_performance
        where source = 'computed' and median_seconds_per_item is not null
        """
    )
    got = {(vendor, project, annotator): figures for vendor, project, annotator, *figures in rows}
    assert got.keys() == expected.keys()
    for key, (items, median, p90) in expected.items():
        assert got[key][0] == items, key
        assert got[key][1:] == pytest.approx((median, p90), abs=1.5e-3), key
    superannotate = sample_build.scalar(
        """
        select count(median_seconds_per_item) + count(p90_seconds_per_item)
        from marts.fct_annotator_performance where vendor = 'superannotate'
        """
    )
    assert superannotate == 0


def test_reviewed_items_match_truth_reviews(sample_build, annotator_ids):
    """fct_reviewed_items per labeler's item over the whole history, from the truth reviews:
    review events, approvals, rejections, first and last review, and the first-pass rule
    (approved at least once, never rejected)."""
    items: dict[tuple[str, str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for review in truth_reviews(sample_build, annotator_ids):
        if review["labeler_id"] is None:
            continue
        key = (review["vendor"], review["project_id"], review["item_id"], review["labeler_id"])
        items[key].append((review["reviewed_at"], review["review_outcome"]))
    expected = {}
    for key, events in items.items():
        outcomes = [outcome for _, outcome in events]
        times = sorted(reviewed_at for reviewed_at, _ in events)
        approvals, rejections = outcomes.count("approve"), outcomes.count("reject")
        expected[key] = (
            len(events),
            approvals,
            rejections,
            approvals > 0 and rejections == 0,
            times[0],
            times[-1],
            times[0][:10],
            times[-1][:10],
        )
    rows = sample_build.query(
        """
        select
            vendor, project_id, item_id, labeler_id,
            review_events, approve_events, rejection_events, is_first_pass_approved,
            strftime(first_reviewed_at, '%Y-%m-%d %H:%M:%S.%g'),
            strftime(last_reviewed_at, '%Y-%m-%d %H:%M:%S.%g'),
            strftime(first_reviewed_date, '%Y-%m-%d'),
            strftime(last_reviewed_date, '%Y-%m-%d')
        from marts.fct_reviewed_items
        """
    )
    got = {tuple(row[:4]): tuple(row[4:]) for row in rows}
    assert len(got) == len(rows)
    assert expected
    assert got == expected
    # the sample holds every case of the rule
    flags = {(figures[1] > 0, figures[2] > 0, figures[3]) for figures in expected.values()}
    assert {(True, False, True), (True, True, False), (False, True, False)} <= flags


ACTIVITY_FLAGS = ("has_label", "has_review", "has_status_change", "has_editor_time")


def truth_activity_days(
    run: DbtRun, annotator_ids: dict[tuple[str, str], str]
) -> dict[tuple[str, str, str, str], set[str]]:
    """(vendor, date, project, annotator_id) -> the kinds of activity that day inside the
    window, from the truth files: reviews (the reviewer), status transitions, Labelbox labels,
    CrowdAI workflow steps (annotate: a label, review phases: a review) and SuperAnnotate
    editor time. The truth lacks SuperAnnotate instances and Dataloop annotations and
    activeUsers, so for those two vendors it is a part of the activity only."""
    days: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)

    def add(vendor: str, at: str, project: str, user: str, kind: str) -> None:
        if not at or not user:
            return
        day = date.fromisoformat(at[:10])
        if WINDOW_START <= day <= WINDOW_END:
            annotator = annotator_ids[(vendor, user.strip().lower())]
            days[(vendor, day.isoformat(), project, annotator)].add(kind)

    for row in run.read_truth("reviews.csv"):
        add(row["vendor"], row["reviewed_at"], row["project_id"], row["reviewer"], "has_review")
    for row in run.read_truth("transitions.csv"):
        vendor = row["vendor"]
        add(vendor, row["changed_at"], row["project_id"], row["changed_by"], "has_status_change")
    for row in run.read_truth("labels.csv"):
        add("labelbox", row["created_at"], row["project_id"], row["created_by"], "has_label")
    for row in run.read_truth("workflow_steps.csv"):
        kind = "has_label" if row["phase"] == "annotate" else "has_review"
        add("crowdai", row["completed_at"], row["project"], row["annotator"], kind)
    for row in run.read_truth("editor_time_daily.csv"):
        day = row["activity_date"]
        add(row["vendor"], day, row["project_id"], row["user_id"], "has_editor_time")
    return days


def test_annotator_activity_days_match_truth(sample_build, annotator_ids):
    """fct_annotator_activity_daily against the truth files: CrowdAI and Labelbox, whose every
    activity the truth holds, annotator-day for annotator-day with the kinds of activity;
    SuperAnnotate and Dataloop hold at least the truth's annotator-days and kinds."""
    truth = truth_activity_days(sample_build, annotator_ids)
    rows = sample_build.query(
        f"""
        select
            vendor, strftime(activity_date, '%Y-%m-%d'), project_id, annotator_id,
            {", ".join(ACTIVITY_FLAGS)}, is_reported_active
        from marts.fct_annotator_activity_daily
        """
    )
    got = {
        tuple(row[:4]): {
            flag for flag, value in zip(ACTIVITY_FLAGS, row[4:8], strict=True) if value
        }
        for row in rows
    }
    reported = {tuple(row[:4]) for row in rows if row[8]}
    assert len(got) == len(rows)
    for vendor in ("crowdai", "labelbox"):
        want = {key: kinds for key, kinds in truth.items() if key[0] == vendor}
        assert want, f"the truth has no {vendor} activity in the window"
        assert {key: kinds for key, kinds in got.items() if key[0] == vendor} == want, vendor
        assert not any(key[0] == vendor for key in reported), vendor
    for vendor in ("superannotate", "dataloop"):
        want = {key: kinds for key, kinds in truth.items() if key[0] == vendor}
        assert want, f"the truth has no {vendor} activity in the window"
        missing = {key: kinds - got.get(key, set()) for key, kinds in want.items()}
        assert {key: kinds for key, kinds in missing.items() if kinds} == {}, vendor
    # Dataloop's activeUsers (day buckets in the samples) count as activity of their day
    assert reported and all(key[0] == "dataloop" for key in reported)

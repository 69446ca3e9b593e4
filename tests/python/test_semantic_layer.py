"""The semantic layer (models/semantic/, MetricFlow) on the bundled sample: `mf query` at day,
week and month grain, by vendor, annotator and status, returns the figures computed here in SQL
straight from the marts - ratios as the period's numerator over its denominator, the end-of-day
backlog as the period's last day - on DuckDB and on PostgreSQL.

`mf` reads `<project dir>/target/semantic_manifest.json` (it ignores DBT_TARGET_PATH), so each
build's manifest is shown to it through a folder holding the project's dbt_project.yml and a
`target` link to that build's target folder; the profile is the repository's, pointed at the
build's warehouse by environment variables. (`mf validate-configs` runs in `make test` after
the sample's build, beside this module.)
"""

from __future__ import annotations

import json
import math
import os
import subprocess
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import DBT, PROJECT_DIR, SAMPLE_AS_OF_DATE, DbtRun, write_file
from mf_cli import Figures, MetricFlow, key_value, metric_project, number, rows_to_figures
from postgres_server import PostgresServer, postgres_server  # noqa: F401 (the fixture)

GRAINS = ("day", "week", "month")

# Metrics queried together by metric_time alone, each compared with mart_figures().
TIME_METRICS = (
    "items_labeled",
    "labels_submitted",
    "active_annotators",
    "labeling_seconds_per_item",
    "active_seconds",
    "review_events",
    "approvals",
    "rejection_events",
    "items_reviewed",
    "first_pass_approved_items",
    "first_pass_approval_rate",
    "avg_benchmark_score",
    "labels_below_threshold",
    "backlog_items",
    "in_review_backlog",
)
# A period without status-flow rows of a status has none of its items at the end of the day:
# mf leaves such a filtered backlog out (or gives 0), the marts give no row; both mean 0.
ZERO_WHEN_MISSING = frozenset({"in_review_backlog"})


def quality_threshold() -> float:
    """The quality_threshold var as dbt_project.yml sets it (the builds here pass no other)."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return float(project["vars"]["quality_threshold"])


def sql_figures(run: DbtRun, sql: str, keys: int) -> Figures:
    """{first `keys` columns: {other column: value}} of a query on the DuckDB build."""
    with duckdb.connect(str(run.database), read_only=True) as connection:
        relation = connection.sql(sql)
        names = list(relation.columns)
        rows = relation.fetchall()
    return {
        tuple(key_value(value) for value in row[:keys]): {
            name: number(value) for name, value in zip(names[keys:], row[keys:], strict=True)
        }
        for row in rows
    }


def mart_figures(run: DbtRun, grain: str) -> Figures:
    """TIME_METRICS per period (date_trunc to `grain`), computed from the marts in SQL."""
    threshold = quality_threshold()
    period = f"cast(date_trunc('{grain}', {{}}) as date)"
    queries = [
        f"""
        select
            {period.format("activity_date")} as period,
            sum(items_labeled) as items_labeled,
            sum(labels_submitted) as labels_submitted,
            sum(labeling_seconds)
                / nullif(sum(items_labeled) filter (where labeling_seconds is not null), 0)
                as labeling_seconds_per_item
        from marts.fct_annotator_daily
        group by 1
        """,
        f"""
        select
            {period.format("activity_date")} as period,
            count(distinct annotator_id) as active_annotators
        from marts.fct_annotator_activity_daily
        group by 1
        """,
        f"""
        select {period.format("activity_date")} as period, sum(active_seconds) as active_seconds
        from marts.fct_editor_time_daily
        group by 1
        """,
        f"""
        select
            {period.format("reviewed_date")} as period,
            count(*) as review_events,
            count(*) filter (where review_outcome = 'approve') as approvals,
            count(*) filter (where review_outcome = 'reject') as rejection_events
        from marts.fct_reviews
        group by 1
        """,
        # First pass: a labeler's item, dated by its first review, approved and never rejected.
        f"""
        with items as (
            select
                min(reviewed_at) as first_reviewed_at,
                bool_or(review_outcome = 'approve') and not bool_or(review_outcome = 'reject')
                    as passed
            from marts.fct_reviews
            where labeler_id is not null
            group by vendor, project_id, item_id, labeler_id
        )
        select
            {period.format("cast(first_reviewed_at as date)")} as period,
            count(*) as items_reviewed,
            count(*) filter (where passed) as first_pass_approved_items,
            count(*) filter (where passed) / count(*) as first_pass_approval_rate
        from items
        group by 1
        """,
        f"""
        select
            {period.format("created_at")} as period,
            avg(benchmark_score) as avg_benchmark_score,
            count(*) filter (
                where benchmark_score < {threshold} or consensus_score < {threshold}
            ) as labels_below_threshold
        from marts.fct_labels
        group by 1
        """,
        # The backlog of a period is its last day's end-of-day counts.
        f"""
        with last_days as (
            select {period.format("date")} as period, max(date) as last_day
            from marts.fct_daily_status_flow
            group by 1
        )
        select
            last_days.period,
            sum(flow.item_count_eop) as backlog_items,
            sum(case when flow.status = 'in_review' then flow.item_count_eop end)
                as in_review_backlog
        from marts.fct_daily_status_flow as flow
        inner join last_days on flow.date = last_days.last_day
        group by 1
        """,
    ]
    figures: Figures = {}
    for sql in queries:
        for key, values in sql_figures(run, sql, 1).items():
            figures.setdefault(key, {}).update(values)
    return figures


def assert_figures_match(actual: Figures, expected: Figures, metrics: Iterable[str]) -> None:
    """Per metric, the non-NULL values of both sides agree: same keys, same numbers."""
    problems = []
    for metric in metrics:
        got = {k: v[metric] for k, v in actual.items() if v.get(metric) is not None}
        want = {k: v[metric] for k, v in expected.items() if v.get(metric) is not None}
        assert want, f"{metric}: the marts give no figure to compare"
        if metric in ZERO_WHEN_MISSING:
            assert any(want.values()), f"{metric}: the marts give only zeros"
            got = {k: got.get(k, 0.0) for k in set(got) | set(want)}
            want = {k: want.get(k, 0.0) for k in set(got) | set(want)}
        for key in sorted(set(got) | set(want), key=str):
            a, b = got.get(key), want.get(key)
            if a is None or b is None or not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
                problems.append((metric, key, a, b))
    assert problems == [], f"(metric, key, mf, marts): {problems[:20]}"


@pytest.fixture(scope="module")
def sample_run(sample_builds) -> DbtRun:
    return sample_builds("bundled")


@pytest.fixture(scope="module")
def mf_duckdb(sample_run: DbtRun, tmp_path_factory) -> MetricFlow:
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET": "duckdb",
        "DBT_DUCKDB_PATH": str(sample_run.database),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    # run_dbt writes the build's target folder beside its warehouse file.
    target_dir = sample_run.database.parent / "target"
    return metric_project(tmp_path_factory.mktemp("mf_duckdb"), target_dir, env)


@pytest.mark.parametrize("grain", GRAINS)
def test_metrics_by_period_match_marts(mf_duckdb, sample_run, grain):
    actual = mf_duckdb.figures(TIME_METRICS, [f"metric_time__{grain}"])
    expected = mart_figures(sample_run, grain)
    assert_figures_match(actual, expected, TIME_METRICS)


def test_month_ratios_and_backlog_are_not_averages_or_sums_of_days(sample_run):
    """On the sample, a month's first-pass rate (approved / reviewed of the month) differs
    from the mean of its daily rates, its seconds per item from the mean of daily ones, its
    active annotators from the sum of daily counts and its backlog from the sum of its days'
    backlogs - so test_metrics_by_period_match_marts, which compares mf's months with the
    month figures, would fail for averaged or summed definitions."""
    months = mart_figures(sample_run, "month")
    days = mart_figures(sample_run, "day")
    by_month: dict[date, list[dict[str, float | None]]] = {}
    for (day,), values in days.items():
        by_month.setdefault(day.replace(day=1), []).append(values)

    def differs(metric: str, combine) -> list[date]:
        found = []
        for (month,), values in months.items():
            daily = [v[metric] for v in by_month.get(month, []) if v.get(metric) is not None]
            if values.get(metric) is not None and daily:
                if not math.isclose(values[metric], combine(daily), rel_tol=1e-6):
                    found.append(month)
        return found

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    assert differs("first_pass_approval_rate", mean)
    assert differs("labeling_seconds_per_item", mean)
    assert differs("active_annotators", sum)
    assert differs("backlog_items", sum)


def test_backlog_by_status_is_the_last_day_of_each_month(mf_duckdb, sample_run):
    actual = mf_duckdb.figures(["backlog_items"], ["metric_time__month", "status_flow__status"])
    expected = sql_figures(
        sample_run,
        """
        with last_days as (
            select date_trunc('month', date) as period, max(date) as last_day
            from marts.fct_daily_status_flow
            group by 1
        )
        select last_days.period, flow.status, sum(flow.item_count_eop) as backlog_items
        from marts.fct_daily_status_flow as flow
        inner join last_days on flow.date = last_days.last_day
        group by 1, 2
        """,
        2,
    )
    assert_figures_match(actual, expected, ["backlog_items"])


def test_metrics_by_vendor_and_annotator(mf_duckdb, sample_run):
    """The project entity (vendor:project_id -> dim_projects) and the annotator entity give
    the facts' own vendor and annotator."""
    metrics = ["items_labeled", "approvals", "first_pass_approval_rate"]
    by_vendor = mf_duckdb.figures(metrics, ["metric_time__month", "project__vendor"])
    expected = sql_figures(
        sample_run,
        """
        with daily as (
            select date_trunc('month', activity_date) as period, vendor,
                sum(items_labeled) as items_labeled
            from marts.fct_annotator_daily group by 1, 2
        ),
        reviews as (
            select date_trunc('month', reviewed_date) as period, vendor,
                count(*) filter (where review_outcome = 'approve') as approvals
            from marts.fct_reviews group by 1, 2
        ),
        items as (
            select vendor, min(reviewed_at) as first_reviewed_at,
                bool_and(review_outcome <> 'reject') and bool_or(review_outcome = 'approve')
                    as passed
            from marts.fct_reviews where labeler_id is not null
            group by vendor, project_id, item_id, labeler_id
        ),
        first_pass as (
            select date_trunc('month', first_reviewed_at) as period, vendor,
                avg(case when passed then 1.0 else 0.0 end) as first_pass_approval_rate
            from items group by 1, 2
        )
        select
            coalesce(daily.period, reviews.period, first_pass.period),
            coalesce(daily.vendor, reviews.vendor, first_pass.vendor),
            daily.items_labeled, reviews.approvals, first_pass.first_pass_approval_rate
        from daily
        full outer join reviews on daily.period = reviews.period and daily.vendor = reviews.vendor
        full outer join first_pass
            on coalesce(daily.period, reviews.period) = first_pass.period
            and coalesce(daily.vendor, reviews.vendor) = first_pass.vendor
        """,
        2,
    )
    assert_figures_match(by_vendor, expected, metrics)
    assert {vendor for _, vendor in by_vendor} == {vendor for _, vendor in expected}

    by_annotator = mf_duckdb.figures(["items_labeled", "approvals"], ["annotator"])
    expected = sql_figures(
        sample_run,
        """
        select coalesce(daily.annotator_id, reviews.labeler_id), daily.items_labeled,
            reviews.approvals
        from (
            select annotator_id, sum(items_labeled) as items_labeled
            from marts.fct_annotator_daily group by 1
        ) as daily
        full outer join (
            select labeler_id, count(*) filter (where review_outcome = 'approve') as approvals
            from marts.fct_reviews where labeler_id is not null group by 1
        ) as reviews on daily.annotator_id = reviews.labeler_id
        """,
        1,
    )
    assert_figures_match(by_annotator, expected, ["items_labeled", "approvals"])


# Where items stand at the end of as_of_date (fct_item_current_status, one row per item) and
# the stays per week (fct_status_dwell, week grain).

ITEM_METRICS = ["stuck_items", "items_open", "rework_rounds"]


def item_status_expected(run: DbtRun, keys: list[str]) -> Figures:
    """ITEM_METRICS per `keys` (columns of fct_item_current_status), counted in SQL: open =
    not done or skipped, stuck = over the threshold the mart gives unfinished items."""
    columns = ", ".join(keys)
    return sql_figures(
        run,
        f"""
        select {columns},
            count(*) filter (where hours_in_status > stuck_threshold_hours) as stuck_items,
            count(*) filter (where current_status not in ('done', 'skipped')) as items_open,
            sum(rework_count) as rework_rounds
        from marts.fct_item_current_status
        group by {columns}
        """,
        len(keys),
    )


def test_item_status_metrics_by_vendor_and_status(mf_duckdb, sample_run):
    by_status = mf_duckdb.figures(ITEM_METRICS, ["project__vendor", "item__current_status"])
    expected = item_status_expected(sample_run, ["vendor", "current_status"])
    assert_figures_match(by_status, expected, ITEM_METRICS)
    assert sum(values["stuck_items"] for values in expected.values()) > 0, "no stuck item"
    assert sum(values["items_open"] for values in expected.values()) > 0, "no open item"

    by_vendor = mf_duckdb.figures(ITEM_METRICS, ["project__vendor"])
    assert_figures_match(by_vendor, item_status_expected(sample_run, ["vendor"]), ITEM_METRICS)

    # metric_time is status_since: today's items by when they entered their current status.
    by_month = mf_duckdb.figures(["items_open"], ["metric_time__month"])
    expected = item_status_expected(sample_run, ["cast(date_trunc('month', status_since) as date)"])
    assert_figures_match(by_month, expected, ["items_open"])


AGREEMENT_METRICS = [
    "annotator_pairs",
    "items_compared",
    "pairwise_agreement_rate",
    "mean_cohens_kappa",
]


def test_agreement_metrics_by_vendor_question_and_month(mf_duckdb, sample_run):
    """Agreement metrics equal SQL over fct_annotator_agreement: the agreement rate as summed
    agreed over summed items (not a mean of the pairs' rates), kappa as the mean over pairs
    where it is defined; by metric_time: the month of the pair's last compared answer."""

    def expected(keys: list[str]) -> Figures:
        return sql_figures(
            sample_run,
            f"""
            select {", ".join(keys)},
                count(*) as annotator_pairs,
                sum(items_in_common) as items_compared,
                sum(answers_agreed) / sum(items_in_common) as pairwise_agreement_rate,
                avg(cohens_kappa) as mean_cohens_kappa
            from marts.fct_annotator_agreement
            group by all
            """,
            len(keys),
        )

    by_question = mf_duckdb.figures(
        AGREEMENT_METRICS, ["project__vendor", "annotator_pair__question"]
    )
    assert_figures_match(by_question, expected(["vendor", "question"]), AGREEMENT_METRICS)
    assert len(by_question) >= 5
    by_month = mf_duckdb.figures(AGREEMENT_METRICS, ["metric_time__month", "project__vendor"])
    month = "cast(date_trunc('month', last_compared_at) as date)"
    assert_figures_match(by_month, expected([month, "vendor"]), AGREEMENT_METRICS)
    # a ratio of sums differs from the mean of the pairs' own rates on the sample
    means = sql_figures(
        sample_run,
        "select vendor, avg(observed_agreement) as rate from marts.fct_annotator_agreement"
        " group by vendor",
        1,
    )
    by_vendor = mf_duckdb.figures(["pairwise_agreement_rate"], ["project__vendor"])
    assert any(
        abs(by_vendor[key]["pairwise_agreement_rate"] - means[key]["rate"]) > 1e-6
        for key in by_vendor
    )


def test_items_labeled_by_person_across_vendors(mf_duckdb, sample_run):
    """Facts reach dim_people through their annotator (annotator__person__...): a person's
    items labeled are the sum over all their vendor accounts."""
    by_person = mf_duckdb.figures(["items_labeled"], ["annotator__person"])
    expected = sql_figures(
        sample_run,
        """
        select annotators.person_id, sum(daily.items_labeled) as items_labeled
        from marts.fct_annotator_daily as daily
        inner join marts.dim_annotators as annotators using (annotator_id)
        group by 1
        """,
        1,
    )
    assert_figures_match(by_person, expected, ["items_labeled"])
    multi_vendor = sql_figures(
        sample_run, "select person_id, vendor_count from marts.dim_people where vendor_count > 1", 1
    )
    assert set(multi_vendor) & set(by_person), "no person with several vendors labeled"


@pytest.mark.parametrize("grain", ["week", "month"])
def test_status_exits_by_week_and_month_match_fct_status_dwell(mf_duckdb, sample_run, grain):
    metrics = ["status_exits", "max_hours_in_status_weekly"]
    actual = mf_duckdb.figures(metrics, [f"metric_time__{grain}", "status_dwell__status"])
    expected = sql_figures(
        sample_run,
        f"""
        select cast(date_trunc('{grain}', week_start) as date), status,
            sum(transitions_out) as status_exits,
            max(max_hours_in_status) as max_hours_in_status_weekly
        from marts.fct_status_dwell
        group by 1, 2
        """,
        2,
    )
    assert_figures_match(actual, expected, metrics)

    totals = mf_duckdb.figures(["status_exits"], [f"metric_time__{grain}"])
    expected = sql_figures(
        sample_run,
        f"""
        select cast(date_trunc('{grain}', week_start) as date), sum(transitions_out) as status_exits
        from marts.fct_status_dwell
        group by 1
        """,
        1,
    )
    assert_figures_match(totals, expected, ["status_exits"])


# Active annotators: one definition, fct_annotator_activity_daily (an annotator-day with any
# activity that can be placed on a day), which the metric counts distinct over and
# fct_active_annotators counts its days, weeks and months from. Both are compared with the
# activities themselves (int_annotator_activities_unioned), counted here.

# Activity whose time says its day; and, per period, the vendor buckets (Dataloop activeUsers
# by week or month) it holds besides, which cannot be placed on a day.
DAY_PRECISE = ("instant", "hour", "day")
PERIOD_BUCKETS = {"day": (), "week": ("week",), "month": ("week", "month")}


def retention_window() -> tuple[date, date]:
    """The retention window of the builds here: retention_days dates ending at as_of_date."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    end = date.fromisoformat(SAMPLE_AS_OF_DATE)
    return end - timedelta(days=int(project["vars"]["retention_days"]) - 1), end


def sql_list(values: Iterable[str]) -> str:
    return ", ".join(f"'{value}'" for value in values) or "null"


def source_active_annotators(run: DbtRun, grain: str, keys: list[str]) -> Figures:
    """Per period (`grain`) and `keys` columns, the distinct annotators with activity inside
    the window: `day_precise` over the activity placed on a day, `with_buckets` adding the
    week and month buckets the period holds (a week bucket in its week and month, a month
    bucket in its month)."""
    start, end = retention_window()
    columns = ", ".join(keys)
    return sql_figures(
        run,
        f"""
        with activities as (
            select
                date_trunc('{grain}', activity_at) as period,
                {columns},
                annotator_id,
                activity_granularity in ({sql_list(DAY_PRECISE)}) as is_day_precise,
                coalesce(activity_granularity in ({sql_list(PERIOD_BUCKETS[grain])}), false)
                    as is_bucket
            from intermediate.int_annotator_activities_unioned
            where activity_at is not null and project_id is not null
                and cast(activity_at as date) between date '{start}' and date '{end}'
        )
        select
            period,
            {columns},
            count(distinct annotator_id) filter (where is_day_precise) as day_precise,
            count(distinct annotator_id) filter (where is_day_precise or is_bucket)
                as with_buckets
        from activities
        group by all
        having count(*) filter (where is_day_precise or is_bucket) > 0
        """,
        1 + len(keys),
    )


@pytest.mark.parametrize("grain", GRAINS)
def test_active_annotators_match_fct_active_annotators(mf_duckdb, sample_run, grain):
    """Per vendor and project, mf's active_annotators equals fct_active_annotators at day
    grain, and at week and month grain less exactly the annotators seen only in week or month
    buckets, which the metric cannot place on a day; fct_active_annotators itself equals the
    activities counted here."""
    keys = ["project__vendor", "project__project_id"]
    actual = mf_duckdb.figures(["active_annotators"], [f"metric_time__{grain}", *keys])
    source = source_active_annotators(sample_run, grain, ["vendor", "project_id"])
    mart = sql_figures(
        sample_run,
        f"""
        select period_start, vendor, project_id, active_annotators
        from marts.fct_active_annotators
        where granularity = '{grain}'
        """,
        3,
    )
    assert mart, f"fct_active_annotators has no {grain} rows"
    assert mart == {key: {"active_annotators": v["with_buckets"]} for key, v in source.items()}
    bucket_only = {key: v["with_buckets"] - v["day_precise"] for key, v in source.items()}
    expected = {
        key: {"active_annotators": values["active_annotators"] - bucket_only[key]}
        for key, values in mart.items()
        if values["active_annotators"] - bucket_only[key] > 0
    }
    assert_figures_match(actual, expected, ["active_annotators"])
    assert set(actual) == set(expected)
    if grain == "day":
        assert not any(bucket_only.values()), "a day holds no week or month bucket"


@pytest.mark.parametrize("grain", GRAINS)
def test_active_annotators_by_vendor_count_each_annotator_once(mf_duckdb, sample_run, grain):
    """By vendor alone the metric counts each annotator once across the vendor's projects,
    as the activities counted here do; fct_active_annotators' rows are per project and do not
    add up to it (an annotator working in two projects in one month counts in both)."""
    actual = mf_duckdb.figures(["active_annotators"], [f"metric_time__{grain}", "project__vendor"])
    source = source_active_annotators(sample_run, grain, ["vendor"])
    expected = {
        key: {"active_annotators": values["day_precise"]}
        for key, values in source.items()
        if values["day_precise"]
    }
    assert_figures_match(actual, expected, ["active_annotators"])
    if grain == "month":
        summed = sql_figures(
            sample_run,
            """
            select period_start, vendor, sum(active_annotators) as active_annotators
            from marts.fct_active_annotators
            where granularity = 'month'
            group by 1, 2
            """,
            2,
        )
        assert any(
            summed[key]["active_annotators"] > values["active_annotators"]
            for key, values in expected.items()
        ), "the sample should hold an annotator active in two projects of a vendor in a month"


def epoch_ms(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp() * 1000)


def test_week_and_month_buckets_are_the_only_difference(build, landing_zone, tmp_path):
    """Dataloop's activeUsers by day, week and month: a day bucket is activity of its day, for
    the metric and fct_active_annotators alike; week and month buckets count only in
    fct_active_annotators' weeks and months, so the metric there is the mart's figure less
    exactly the annotators seen only in those buckets."""
    users = {
        "day": [("a", "2026-11-03"), ("a", "2026-11-10"), ("b", "2026-10-27")],
        # e's first week starts in October (a Monday) and counts in October's month
        "week": [("a", "2026-11-09"), ("e", "2026-11-09"), ("e", "2026-10-26")],
        "month": [("a", "2026-11-01"), ("f", "2026-11-01")],
    }
    analytics = {
        "request": {
            "startTime": epoch_ms("2026-10-01"),
            "endTime": epoch_ms("2026-11-15"),
            "context": {"projectId": ["p1"]},
            "measures": [{"measureType": "activeUsers", "timeGranularity": list(users)}],
        },
        "response": [
            {
                "response": [
                    {"time": epoch_ms(day), "userId": f"{user}@x.io"} for user, day in rows
                ],
                "hasNext": False,
            }
            for rows in users.values()
        ],
    }
    write_file(
        landing_zone, "dataloop/analytics/analytics_p1_2026-10-01.json", json.dumps(analytics)
    )
    run = build(landing_zone, select="+fct_active_annotators time_spine_daily")
    assert run.ok, run.output[-5000:]

    # worked out by hand from the rows above
    mart = {
        ("day", date(2026, 10, 27)): 1,  # b
        ("day", date(2026, 11, 3)): 1,  # a
        ("day", date(2026, 11, 10)): 1,  # a
        ("week", date(2026, 10, 26)): 2,  # b by day, e by week
        ("week", date(2026, 11, 2)): 1,  # a
        ("week", date(2026, 11, 9)): 2,  # a by day and week, e by week
        ("month", date(2026, 10, 1)): 2,  # b by day, e by week
        ("month", date(2026, 11, 1)): 3,  # a by day, week and month, e by week, f by month
    }
    bucket_only = {
        ("week", date(2026, 10, 26)): 1,  # e
        ("week", date(2026, 11, 9)): 1,  # e
        ("month", date(2026, 10, 1)): 1,  # e
        ("month", date(2026, 11, 1)): 2,  # e, f
    }
    got = {
        (granularity, key_value(period)): count
        for granularity, period, count in run.query(
            "select granularity, period_start, active_annotators from marts.fct_active_annotators"
        )
    }
    assert got == mart
    assert run.query(
        "select count(*), count(*) filter (where is_reported_active)"
        " from marts.fct_annotator_activity_daily"
    ) == [(3, 3)]

    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET": "duckdb",
        "DBT_DUCKDB_PATH": str(run.database),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    mf = metric_project(tmp_path / "mf", run.database.parent / "target", env)
    for grain in GRAINS:
        actual = mf.figures(["active_annotators"], [f"metric_time__{grain}"])
        expected = {
            (period,): {"active_annotators": count - bucket_only.get((granularity, period), 0)}
            for (granularity, period), count in mart.items()
            if granularity == grain
        }
        assert actual == expected, grain


def stuck_expected(run: DbtRun) -> Figures:
    """analyses/where_items_get_stuck.sql, in hours, per vendor, project and status left."""
    return sql_figures(
        run,
        """
        select vendor, project_id, from_status,
            count(*) as timed_status_exits,
            avg(seconds_in_from_status) / 3600 as avg_hours_in_status,
            quantile_cont(seconds_in_from_status, 0.5) / 3600 as median_hours_in_status,
            quantile_cont(seconds_in_from_status, 0.9) / 3600 as p90_hours_in_status
        from marts.fct_status_transitions
        where seconds_in_from_status is not null and from_status <> to_status
        group by 1, 2, 3
        """,
        3,
    )


STUCK_METRICS = [
    "timed_status_exits",
    "avg_hours_in_status",
    "median_hours_in_status",
    "p90_hours_in_status",
]
STUCK_KEYS = ["project__vendor", "project__project_id", "transition__from_status"]


def check_saved_queries(mf: MetricFlow, run: DbtRun) -> None:
    rows = mf.query("--saved-query", "where_items_get_stuck")
    stuck = rows_to_figures(rows, STUCK_KEYS, STUCK_METRICS)
    timed = {key: values for key, values in stuck.items() if values["timed_status_exits"]}
    assert_figures_match(timed, stuck_expected(run), STUCK_METRICS)
    p90 = [values["p90_hours_in_status"] for values in timed.values()]
    assert p90 == sorted(p90, reverse=True), "ordered by the 90th percentile, slowest first"

    rows = mf.query("--saved-query", "first_pass_approval_by_vendor")
    metrics = ["items_reviewed", "first_pass_approved_items", "first_pass_approval_rate"]
    by_vendor = rows_to_figures(rows, ["project__vendor"], metrics)
    expected = sql_figures(
        run,
        """
        with items as (
            select vendor,
                max(case when review_outcome = 'reject' then 1 else 0 end) as rejected,
                max(case when review_outcome = 'approve' then 1 else 0 end) as approved
            from marts.fct_reviews where labeler_id is not null
            group by vendor, project_id, item_id, labeler_id
        )
        select vendor, count(*) as items_reviewed,
            sum(approved * (1 - rejected)) as first_pass_approved_items,
            sum(approved * (1 - rejected)) / count(*) as first_pass_approval_rate
        from items group by 1
        """,
        1,
    )
    assert_figures_match(by_vendor, expected, metrics)


def test_saved_queries_match_the_analyses(mf_duckdb, sample_run):
    check_saved_queries(mf_duckdb, sample_run)


# PostgreSQL: the marts the semantic models read are copied from the DuckDB build into a
# throw-away server (the full PostgreSQL build is test_engine_postgres.py's), the semantic
# folder is built there with dbt, and mf on PostgreSQL must give the same figures.

PG_TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "HUGEINT": "numeric",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
}


def semantic_mart_tables(target_dir: Path) -> list[str]:
    """The marts the semantic models read, from the build's semantic manifest."""
    manifest = json.loads((target_dir / "semantic_manifest.json").read_text(encoding="utf-8"))
    tables = {
        model["node_relation"]["alias"]
        for model in manifest["semantic_models"]
        if model["node_relation"]["schema_name"] == "marts"
    }
    assert tables
    return sorted(tables)


def copy_marts(run: DbtRun, tables: list[str], server: PostgresServer, database: str) -> None:
    from psycopg2.extras import execute_values

    connection = server.connect(database)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("create schema if not exists marts")
            for table in tables:
                columns = run.query(
                    "select column_name, data_type from information_schema.columns"
                    f" where table_schema = 'marts' and table_name = '{table}'"
                    " order by ordinal_position"
                )
                definition = ", ".join(f'"{name}" {PG_TYPES[kind]}' for name, kind in columns)
                cursor.execute(f"create table marts.{table} ({definition})")
                names = ", ".join(f'"{name}"' for name, _ in columns)
                rows = run.query(f"select {names} from marts.{table}")
                execute_values(cursor, f"insert into marts.{table} ({names}) values %s", rows)
    finally:
        connection.close()


@pytest.fixture(scope="module")
def mf_postgres(postgres_server, sample_run, mf_duckdb, tmp_path_factory):  # noqa: F811
    database = postgres_server.create_database("semantic_layer")
    copy_marts(
        sample_run,
        semantic_mart_tables(mf_duckdb.project_dir / "target"),
        postgres_server,
        database,
    )
    work_dir: Path = tmp_path_factory.mktemp("semantic_postgres")
    env = {
        **os.environ,
        **postgres_server.dbt_env(database),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    completed = subprocess.run(
        [
            str(DBT),
            "build",
            "--select",
            "path:models/semantic",
            "--vars",
            json.dumps({"as_of_date": SAMPLE_AS_OF_DATE}),
            "--target-path",
            str(work_dir / "target"),
            "--log-path",
            str(work_dir / "logs"),
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0 and "ERROR=0" in output, output[-5000:]
    return metric_project(work_dir / "mf", work_dir / "target", env)


def test_postgres_metrics_by_month_match_marts(mf_postgres, sample_run):
    actual = mf_postgres.figures(TIME_METRICS, ["metric_time__month"])
    assert_figures_match(actual, mart_figures(sample_run, "month"), TIME_METRICS)


def test_postgres_saved_queries_match_the_analyses(mf_postgres, sample_run):
    check_saved_queries(mf_postgres, sample_run)

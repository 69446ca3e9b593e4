"""The dashboard's data access: every figure it shows, as SQL over the tables of schema
`marts`, on either engine.

The SQL is written once for DuckDB and PostgreSQL: schema-qualified `marts.` names, no
engine-specific functions, counts and sums cast to bigint / double precision (PostgreSQL
sums of bigint are numeric), dates compared as dates, parameters bound by name
(`%(name)s`, rewritten to DuckDB's `$name`). Aggregation happens in SQL; the pages only
shape what comes back. Nothing here imports Streamlit, so the tests call it directly.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pandas as pd

from annotation_ops.serving import (
    SERVING_SCHEMA,
    ServingError,
    build_database_path,
    connect_serving,
)

# Wilson score interval, 95 %: the z the marts use for first_pass_approval_rate_lower_95.
WILSON_Z = 1.959964
# The env vars `--engine postgres` reads (each falls back to libpq's own PG* variable).
POSTGRES_ENV = {
    "host": ("ANNOTATION_OPS_PGHOST", "PGHOST"),
    "port": ("ANNOTATION_OPS_PGPORT", "PGPORT"),
    "user": ("ANNOTATION_OPS_PGUSER", "PGUSER"),
    "password": ("ANNOTATION_OPS_PGPASSWORD", "PGPASSWORD"),
    "dbname": ("ANNOTATION_OPS_PGDATABASE", "PGDATABASE"),
}
_PARAMETER = re.compile(r"%\((\w+)\)s")
Params = Mapping[str, Any]


class DataError(Exception):
    """The marts cannot be read; the message says what to do."""


class Source(Protocol):
    """Where the marts are read from: `query` returns a DataFrame of one SELECT."""

    def query(self, sql: str, params: Params | None = None) -> pd.DataFrame: ...


def _frame(rows: Sequence[tuple[Any, ...]], columns: Sequence[str]) -> pd.DataFrame:
    """Rows as a DataFrame with the same types from both engines (Decimal -> float)."""
    frame = pd.DataFrame.from_records(list(rows), columns=list(columns))
    for column in frame.columns:
        if frame[column].map(lambda value: isinstance(value, Decimal)).any():
            frame[column] = frame[column].astype(float)
    return frame


def _used(sql: str, params: Params | None) -> dict[str, Any]:
    """Only the parameters the statement names (DuckDB refuses unused ones)."""
    names = set(_PARAMETER.findall(sql))
    return {name: value for name, value in (params or {}).items() if name in names}


class DuckDBSource:
    """The serving copy, attached read-only for each query (never the build's own file)."""

    def __init__(self, path: Path) -> None:
        path = Path(path).resolve()
        if path == build_database_path().resolve():
            raise DataError(
                f"{path} is the build's own file, which dbt writes; the dashboard reads the "
                "serving copy (`annotation-ops publish`)"
            )
        if not path.exists():
            raise DataError(
                f"no serving copy at {path}: run `annotation-ops demo` (or `build`, "
                "`publish`) first"
            )
        self.path = path

        self._lock = threading.Lock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._version: tuple[int, int] | None = None

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the copy as it is now: a new publish (a new file swapped in) is
        attached afresh; the old one stays readable for queries still running on it."""
        stat = self.path.stat()
        version = (stat.st_ino, stat.st_mtime_ns)
        with self._lock:
            if self._connection is None or version != self._version:
                connection = connect_serving(self.path)
                if self._connection is not None:
                    self._connection.close()
                self._connection, self._version = connection, version
            return self._connection.cursor()

    def query(self, sql: str, params: Params | None = None) -> pd.DataFrame:
        duck_sql = _PARAMETER.sub(lambda match: f"${match.group(1)}", sql)
        try:
            cursor = self._cursor()
        except (OSError, duckdb.Error, ServingError) as error:
            raise DataError(f"cannot open the serving copy {self.path}: {error}") from error
        try:
            cursor.execute(f"use serving.{SERVING_SCHEMA}")
            result = cursor.execute(duck_sql, _used(sql, params))
            columns = [column[0] for column in result.description or []]
            return _frame(result.fetchall(), columns)
        except duckdb.Error as error:
            raise DataError(f"the serving copy {self.path} answered: {error}") from error
        finally:
            cursor.close()


def postgres_params(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Connection settings from ANNOTATION_OPS_PG*, else libpq's PG* variables."""
    environ = os.environ if environ is None else environ
    params: dict[str, str] = {}
    for key, names in POSTGRES_ENV.items():
        for name in names:
            if environ.get(name):
                params[key] = environ[name]
                break
    return params


class PostgresSource:
    """A PostgreSQL warehouse's marts through the read-only BI role (a read-only session)."""

    def __init__(self, params: Mapping[str, Any] | None = None) -> None:
        self.params = dict(postgres_params() if params is None else params)
        # one session, queries in turn: a new connection costs more than most queries
        self._lock = threading.Lock()
        self._connection: Any = None

    def connect(self) -> Any:
        import psycopg2

        try:
            connection = psycopg2.connect(
                connect_timeout=10, application_name="annotation-ops dashboard", **self.params
            )
        except psycopg2.Error as error:
            message = " ".join(str(error).split())
            raise DataError(f"cannot connect to PostgreSQL: {message}") from error
        connection.set_session(readonly=True, autocommit=True)
        with connection.cursor() as cursor:
            cursor.execute("set time zone 'UTC'")
        return connection

    def _run(self, sql: str, params: Params | None) -> pd.DataFrame:
        if self._connection is None or self._connection.closed:
            self._connection = self.connect()
        with self._connection.cursor() as cursor:
            cursor.execute(sql, _used(sql, params))
            columns = [column[0] for column in cursor.description or []]
            return _frame(cursor.fetchall(), columns)

    def query(self, sql: str, params: Params | None = None) -> pd.DataFrame:
        import psycopg2

        with self._lock:
            try:
                try:
                    return self._run(sql, params)
                except (psycopg2.OperationalError, psycopg2.InterfaceError):
                    # the server restarted or dropped the session: one new connection
                    self.close()
                    return self._run(sql, params)
            except psycopg2.Error as error:
                message = " ".join(str(error).split())
                raise DataError(f"PostgreSQL answered: {message}") from error

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def open_source(engine: str, database: Path | None) -> Source:
    """The source for `--engine`: DuckDB needs the serving copy's path."""
    if engine == "postgres":
        return PostgresSource()
    if engine == "duckdb":
        if database is None:
            raise DataError("no DuckDB serving copy given")
        try:
            return DuckDBSource(database)
        except ServingError as error:
            raise DataError(str(error)) from error
    raise DataError(f"unknown engine {engine!r} (duckdb or postgres)")


# --- filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices: a date range inside the window, one vendor or all, one
    project (of that vendor) or all."""

    start: dt.date
    end: dt.date
    vendor: str | None = None
    project_id: str | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The period of equal length just before this one."""
        return replace(
            self,
            start=self.start - dt.timedelta(days=self.days),
            end=self.start - dt.timedelta(days=1),
        )

    def params(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "vendor": self.vendor,
            "project_id": self.project_id,
        }


def scope(filters: Filters, alias: str = "") -> str:
    """The vendor/project conditions of a WHERE clause (`and ...`, or nothing)."""
    prefix = f"{alias}." if alias else ""
    conditions = ""
    if filters.vendor:
        conditions += f" and {prefix}vendor = %(vendor)s"
    if filters.project_id:
        conditions += f" and {prefix}project_id = %(project_id)s"
    return conditions


# --- catalog: window, vendors, projects, which marts exist -------------------------------


def mart_columns(source: Source) -> dict[str, set[str]]:
    """Every table of schema marts with its columns (marts still being added are optional)."""
    frame = source.query(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = %(schema)s",
        {"schema": SERVING_SCHEMA},
    )
    columns: dict[str, set[str]] = {}
    for table, column in frame.itertuples(index=False):
        columns.setdefault(table, set()).add(column)
    return columns


def retention_window(source: Source) -> tuple[dt.date, dt.date] | None:
    """First and last date of the daily marts (the retention window), None when empty."""
    frame = source.query(
        """
        select min(first_date) as first_date, max(last_date) as last_date
        from (
            select min(activity_date) as first_date, max(activity_date) as last_date
            from marts.fct_annotator_daily
            union all
            select min(date) as first_date, max(date) as last_date
            from marts.fct_daily_status_flow
            union all
            select min(activity_date) as first_date, max(activity_date) as last_date
            from marts.fct_editor_time_daily
        ) as daily_dates
        """
    )
    first, last = frame.iloc[0]
    if first is None or pd.isna(first):
        return None
    return _as_date(first), _as_date(last)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


def projects(source: Source) -> pd.DataFrame:
    """vendor, project_id, project_name of every project the marts know."""
    return source.query(
        """
        select vendor, project_id, coalesce(project_name, project_id) as project_name
        from marts.dim_projects
        order by vendor, project_name, project_id
        """
    )


# --- overview ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The Overview's headline figures for one period (None: no data for it)."""

    items_labeled: int
    items_reviewed: int
    first_pass_approved_items: int
    active_annotators: int
    review_backlog: int | None
    editor_hours: float | None

    @property
    def first_pass_approval_rate(self) -> float | None:
        if not self.items_reviewed:
            return None
        return self.first_pass_approved_items / self.items_reviewed

    @property
    def is_empty(self) -> bool:
        return (
            not self.items_labeled
            and not self.items_reviewed
            and not self.active_annotators
            and not self.review_backlog
            and not self.editor_hours
        )


# The marts the Overview's figures read (a serving copy published by an older build may lack
# the newest of them).
OVERVIEW_MARTS = (
    "fct_annotator_daily",
    "fct_reviewed_items",
    "fct_annotator_activity_daily",
    "fct_daily_status_flow",
    "fct_editor_time_daily",
)

# What each figure means, shown as its help text on the page. Each is a metric of the
# semantic layer (models/semantic/, named at the end of its text), so `mf query` for the same
# dates, vendor and project gives the same number.
DEFINITIONS = {
    "items_labeled": (
        "Sum of fct_annotator_daily.items_labeled over the dates in range: per annotator "
        "and day, the distinct items with a non-skipped label, a submitted labeling step or "
        "a marked-null submission. An item labeled by two annotators, or on two days, "
        "counts twice. The metric items_labeled."
    ),
    "first_pass_approval_rate": (
        "First-pass approved items / items reviewed, over the items of a labeler (vendor, "
        "project, item, labeler) whose first review event falls in range "
        "(fct_reviewed_items.first_reviewed_date): first-pass approved = approved at least "
        "once and never rejected, over the item's whole review history (a rejection before "
        "or after the approval, even after the range, spoils it). Review events without a "
        "known labeler are left out. The metric first_pass_approval_rate. The Annotators "
        "page ranks people by fct_annotator_performance's window rate instead (items "
        "reviewed in the retention window and approved in it)."
    ),
    "active_annotators": (
        "Distinct annotator accounts (annotator_id) with any activity in range in "
        "fct_annotator_activity_daily: a label or annotation object created or updated, a "
        "review performed, a status change, editor time, or Dataloop's activeUsers of an "
        "hour or day. Accounts: a person working for two vendors counts twice; the "
        "Annotators page shows people. The metric active_annotators."
    ),
    "review_backlog": (
        "Items in status in_review at the end of the range's last day: sum of "
        "fct_daily_status_flow.item_count_eop for status in_review on that date. Vendors "
        "without status history (CrowdAI, Roboflow) have none. The metric "
        "in_review_backlog of that day."
    ),
    "editor_hours": (
        "Sum of fct_editor_time_daily.active_seconds over the dates in range, in hours "
        "(SuperAnnotate editor samples by the idle cut-off, Dataloop active time). Other "
        "vendors export no editor time. The metric active_seconds / 3600."
    ),
}


def figures(source: Source, filters: Filters) -> Figures:
    """The five headline figures of one period; the definitions are DEFINITIONS."""
    params = filters.params()
    labeled = source.query(
        f"""
        select cast(coalesce(sum(items_labeled), 0) as bigint) as items_labeled
        from marts.fct_annotator_daily
        where activity_date between %(start)s and %(end)s {scope(filters)}
        """,
        params,
    )
    # the items of a labeler first reviewed in range, as the metric first_pass_approval_rate
    reviews = source.query(
        f"""
        select
            cast(count(*) as bigint) as items_reviewed,
            cast(
                coalesce(sum(case when is_first_pass_approved then 1 else 0 end), 0) as bigint
            ) as first_pass_approved_items
        from marts.fct_reviewed_items
        where first_reviewed_date between %(start)s and %(end)s {scope(filters)}
        """,
        params,
    )
    # annotator accounts with any activity in range, as the metric active_annotators
    active = source.query(
        f"""
        select cast(count(distinct annotator_id) as bigint) as active_annotators
        from marts.fct_annotator_activity_daily
        where activity_date between %(start)s and %(end)s {scope(filters)}
        """,
        params,
    )
    # None (not 0) when the selection has no status history or no editor time at all
    backlog = source.query(
        f"""
        select
            cast(
                sum(case when status = 'in_review' and date = %(end)s then item_count_eop end)
                as bigint
            ) as review_backlog,
            count(*) as flow_rows
        from marts.fct_daily_status_flow
        where date <= %(end)s {scope(filters)}
        """,
        params,
    )
    editor = source.query(
        f"""
        select
            sum(
                case when activity_date between %(start)s and %(end)s then active_seconds end
            ) / 3600.0 as editor_hours,
            count(*) as editor_rows
        from marts.fct_editor_time_daily
        where 1 = 1 {scope(filters)}
        """,
        params,
    )
    has_flow = int(backlog.at[0, "flow_rows"]) > 0
    has_editor = int(editor.at[0, "editor_rows"]) > 0
    backlog_value = backlog.at[0, "review_backlog"]
    editor_value = editor.at[0, "editor_hours"]
    return Figures(
        items_labeled=int(labeled.at[0, "items_labeled"]),
        items_reviewed=int(reviews.at[0, "items_reviewed"]),
        first_pass_approved_items=int(reviews.at[0, "first_pass_approved_items"]),
        active_annotators=int(active.at[0, "active_annotators"]),
        review_backlog=(
            int(backlog_value) if not pd.isna(backlog_value) else 0 if has_flow else None
        ),
        editor_hours=(
            float(editor_value) if not pd.isna(editor_value) else 0.0 if has_editor else None
        ),
    )


def weekly_labeled(source: Source, filters: Filters) -> pd.DataFrame:
    """Items labeled per week (starting Monday) and vendor in range."""
    return source.query(
        f"""
        select
            cast(date_trunc('week', activity_date) as date) as week_start,
            vendor,
            cast(sum(items_labeled) as bigint) as items_labeled
        from marts.fct_annotator_daily
        where activity_date between %(start)s and %(end)s {scope(filters)}
        group by cast(date_trunc('week', activity_date) as date), vendor
        having sum(items_labeled) > 0
        order by week_start, vendor
        """,
        filters.params(),
    )


def vendor_breakdown(source: Source, filters: Filters) -> pd.DataFrame:
    """Per vendor in range: items labeled, items first reviewed and their first-pass
    approval rate (as the headline), labeling hours."""
    return source.query(
        f"""
        with

        labeled as (
            select
                vendor,
                cast(sum(items_labeled) as bigint) as items_labeled,
                sum(labeling_seconds) / 3600.0 as labeling_hours
            from marts.fct_annotator_daily
            where activity_date between %(start)s and %(end)s {scope(filters)}
            group by vendor
        ),

        reviewed as (
            select
                vendor,
                cast(count(*) as bigint) as items_reviewed,
                cast(
                    sum(case when is_first_pass_approved then 1 else 0 end) as bigint
                ) as first_pass_approved_items
            from marts.fct_reviewed_items
            where first_reviewed_date between %(start)s and %(end)s {scope(filters)}
            group by vendor
        ),

        vendors as (
            select vendor from labeled
            union
            select vendor from reviewed
        )

        select
            vendors.vendor,
            coalesce(labeled.items_labeled, 0) as items_labeled,
            coalesce(reviewed.items_reviewed, 0) as items_reviewed,
            cast(reviewed.first_pass_approved_items as double precision)
            / nullif(reviewed.items_reviewed, 0) as first_pass_approval_rate,
            labeled.labeling_hours
        from vendors
        left join labeled on vendors.vendor = labeled.vendor
        left join reviewed on vendors.vendor = reviewed.vendor
        order by vendors.vendor
        """,
        filters.params(),
    )


# --- annotators --------------------------------------------------------------------------


def _wilson(successes: str, trials: str, bound: str) -> str:
    """SQL for the Wilson score bound (`lower` or `upper`) of successes / trials."""
    sign = "-" if bound == "lower" else "+"
    z = WILSON_Z
    n = f"cast({trials} as double precision)"
    p = f"(cast({successes} as double precision) / {n})"
    return (
        f"case when {trials} > 0 then ({p} + {z * z} / (2 * {n}) {sign} {z} * sqrt("
        f"{p} * (1 - {p}) / {n} + {z * z} / (4 * {n} * {n}))) / (1 + {z * z} / {n}) end"
    )


def leaderboard(
    source: Source, filters: Filters, columns: set[str], has_people: bool = False
) -> pd.DataFrame:
    """One row per person (dim_annotators.person_id) over the retention window, computed
    rows of fct_annotator_performance summed across the person's vendors and projects; the
    Wilson lower bound of the summed counts ranks them. A person with one row keeps the
    mart's own bounds and percentiles (`columns`: the mart's columns, newer ones optional).
    The name is dim_people's where that mart exists (`has_people`): the identity file's."""
    has_bounds = "first_pass_approval_rate_lower_95" in columns
    has_percentiles = "median_seconds_per_item" in columns
    mart_lower = "performance.first_pass_approval_rate_lower_95" if has_bounds else "null"
    mart_upper = "performance.first_pass_approval_rate_upper_95" if has_bounds else "null"
    median = "performance.median_seconds_per_item" if has_percentiles else "null"
    p90 = "performance.p90_seconds_per_item" if has_percentiles else "null"
    person_name = "people.person_name, " if has_people else ""
    people_join = (
        "left join marts.dim_people as people on annotators.person_id = people.person_id"
        if has_people
        else ""
    )
    return source.query(
        f"""
        with

        performance as (
            select
                annotators.person_id,
                performance.vendor,
                coalesce({person_name}annotators.display_name, annotators.vendor_user_id)
                    as annotator_name,
                performance.images_labeled,
                performance.items_reviewed,
                performance.first_pass_approved_items,
                performance.rejection_events,
                performance.labeling_seconds,
                case
                    when performance.labeling_seconds is not null
                        then performance.images_labeled
                end as timed_items,
                cast({mart_lower} as double precision) as mart_lower_95,
                cast({mart_upper} as double precision) as mart_upper_95,
                cast({median} as double precision) as mart_median_seconds,
                cast({p90} as double precision) as mart_p90_seconds
            from marts.fct_annotator_performance as performance
            inner join marts.dim_annotators as annotators
                on performance.annotator_id = annotators.annotator_id
            {people_join}
            where performance.source = 'computed' {scope(filters, "performance")}
        ),

        people as (
            select
                person_id,
                min(annotator_name) as annotator_name,
                count(*) as performance_rows,
                count(distinct vendor) as vendor_count,
                min(vendor) as first_vendor,
                max(vendor) as last_vendor,
                cast(sum(images_labeled) as bigint) as images_labeled,
                cast(sum(items_reviewed) as bigint) as items_reviewed,
                cast(sum(first_pass_approved_items) as bigint) as first_pass_approved_items,
                cast(sum(rejection_events) as bigint) as rejection_events,
                sum(labeling_seconds) as labeling_seconds,
                sum(timed_items) as timed_items,
                max(mart_lower_95) as mart_lower_95,
                max(mart_upper_95) as mart_upper_95,
                max(mart_median_seconds) as mart_median_seconds,
                max(mart_p90_seconds) as mart_p90_seconds
            from performance
            group by person_id
        )

        select
            person_id,
            annotator_name,
            performance_rows,
            vendor_count,
            first_vendor,
            last_vendor,
            images_labeled,
            items_reviewed,
            first_pass_approved_items,
            rejection_events,
            cast(first_pass_approved_items as double precision)
            / nullif(items_reviewed, 0) as first_pass_approval_rate,
            case
                when performance_rows = 1 and mart_lower_95 is not null then mart_lower_95
                else {_wilson("first_pass_approved_items", "items_reviewed", "lower")}
            end as approval_lower_95,
            case
                when performance_rows = 1 and mart_upper_95 is not null then mart_upper_95
                else {_wilson("first_pass_approved_items", "items_reviewed", "upper")}
            end as approval_upper_95,
            labeling_seconds / nullif(timed_items, 0) as avg_seconds_per_item,
            case when performance_rows = 1 then mart_median_seconds end as median_seconds_per_item,
            case when performance_rows = 1 then mart_p90_seconds end as p90_seconds_per_item
        from people
        order by approval_lower_95 desc nulls last, items_reviewed desc, annotator_name
        """,
        filters.params(),
    )


def person_vendors(source: Source, filters: Filters) -> pd.DataFrame:
    """person_id -> vendor, one row per (person, vendor) with computed performance rows."""
    return source.query(
        f"""
        select distinct annotators.person_id, performance.vendor
        from marts.fct_annotator_performance as performance
        inner join marts.dim_annotators as annotators
            on performance.annotator_id = annotators.annotator_id
        where performance.source = 'computed' {scope(filters, "performance")}
        order by annotators.person_id, performance.vendor
        """,
        filters.params(),
    )


def people_across_vendors(source: Source, filters: Filters) -> pd.DataFrame:
    """dim_people's people with accounts at two or more vendors (with a vendor chosen: those
    who have an account there), the busiest first."""
    vendor = (
        "and person_id in (select person_id from marts.dim_annotators where vendor = %(vendor)s)"
        if filters.vendor
        else ""
    )
    return source.query(
        f"""
        select
            person_id,
            person_name,
            vendors,
            vendor_count,
            annotator_accounts,
            first_activity_at,
            last_activity_at,
            items_labeled,
            items_reviewed,
            first_pass_approved_items,
            first_pass_approval_rate,
            first_pass_approval_rate_lower_95
        from marts.dim_people
        where vendor_count > 1 {vendor}
        order by items_labeled desc nulls last, person_name
        """,
        filters.params(),
    )


def vendor_reported(source: Source, filters: Filters) -> pd.DataFrame:
    """Roboflow's own Labeler Statistics rows (source vendor_reported) as exported."""
    return source.query(
        f"""
        select
            performance.vendor,
            performance.project_id,
            coalesce(annotators.display_name, annotators.vendor_user_id) as annotator_name,
            performance.period_start_date,
            performance.period_end_date,
            performance.images_labeled,
            performance.items_approved,
            performance.rejection_events,
            performance.first_pass_approval_rate
        from marts.fct_annotator_performance as performance
        inner join marts.dim_annotators as annotators
            on performance.annotator_id = annotators.annotator_id
        where performance.source = 'vendor_reported' {scope(filters, "performance")}
        order by performance.project_id, annotator_name, performance.period_start_date
        """,
        filters.params(),
    )


# --- flow --------------------------------------------------------------------------------


def status_flow(source: Source, filters: Filters) -> pd.DataFrame:
    """Per date and status in range: items in, out, and at the end of the day."""
    return source.query(
        f"""
        select
            date,
            status,
            cast(sum(item_count_in) as bigint) as items_in,
            cast(sum(item_count_out) as bigint) as items_out,
            cast(sum(item_count_eop) as bigint) as items_eop
        from marts.fct_daily_status_flow
        where date between %(start)s and %(end)s {scope(filters)}
        group by date, status
        order by date, status
        """,
        filters.params(),
    )


def weekly_status_moves(source: Source, filters: Filters) -> pd.DataFrame:
    """Per week (starting Monday) and status in range: moves into and out of it."""
    return source.query(
        f"""
        select
            cast(date_trunc('week', date) as date) as week_start,
            status,
            cast(sum(item_count_in) as bigint) as items_in,
            cast(sum(item_count_out) as bigint) as items_out
        from marts.fct_daily_status_flow
        where date between %(start)s and %(end)s {scope(filters)}
        group by cast(date_trunc('week', date) as date), status
        order by week_start, status
        """,
        filters.params(),
    )


def time_in_status(source: Source, filters: Filters) -> pd.DataFrame:
    """Per status: moves out of it in range and the hours items had spent in it."""
    return source.query(
        f"""
        select
            from_status as status,
            count(*) as transitions,
            avg(seconds_in_from_status) / 3600.0 as avg_hours,
            percentile_cont(0.5) within group (order by seconds_in_from_status) / 3600.0
                as median_hours,
            percentile_cont(0.9) within group (order by seconds_in_from_status) / 3600.0
                as p90_hours,
            max(seconds_in_from_status) / 3600.0 as max_hours
        from marts.fct_status_transitions
        where
            from_status <> to_status
            and seconds_in_from_status is not null
            and cast(changed_at as date) between %(start)s and %(end)s {scope(filters)}
        group by from_status
        order by median_hours desc
        """,
        filters.params(),
    )


STUCK_COLUMNS = {
    "current_status",
    "status_since",
    "hours_in_status",
    "is_stuck",
    "stuck_threshold_hours",
    "rework_count",
    "last_actor_id",
}


def stuck_items(source: Source, filters: Filters, limit: int = 500) -> pd.DataFrame:
    """Items fct_item_current_status flags is_stuck (as of the window's last day), longest
    waiting first, with the project's name and the last actor's."""
    return source.query(
        f"""
        select
            items.vendor,
            coalesce(projects.project_name, items.project_id) as project_name,
            items.item_id,
            items.current_status,
            items.status_since,
            items.hours_in_status,
            items.stuck_threshold_hours,
            items.rework_count,
            coalesce(annotators.display_name, annotators.vendor_user_id) as last_actor_name
        from marts.fct_item_current_status as items
        left join marts.dim_projects as projects
            on items.vendor = projects.vendor and items.project_id = projects.project_id
        left join marts.dim_annotators as annotators
            on items.last_actor_id = annotators.annotator_id
        where items.is_stuck {scope(filters, "items")}
        order by items.hours_in_status desc, items.vendor, items.item_id
        limit {int(limit)}
        """,
        filters.params(),
    )


# --- quality -----------------------------------------------------------------------------


def project_quality(source: Source, filters: Filters) -> pd.DataFrame:
    """fct_project_quality with project names."""
    return source.query(
        f"""
        select
            quality.vendor,
            coalesce(projects.project_name, quality.project_id) as project_name,
            quality.annotators,
            quality.labels_total,
            quality.labels_with_benchmark,
            quality.avg_benchmark_score,
            quality.min_benchmark_score,
            quality.labels_with_consensus,
            quality.avg_consensus_score,
            quality.labels_below_threshold
        from marts.fct_project_quality as quality
        left join marts.dim_projects as projects
            on quality.vendor = projects.vendor and quality.project_id = projects.project_id
        where 1 = 1 {scope(filters, "quality")}
        order by quality.vendor, project_name
        """,
        filters.params(),
    )


def annotator_quality(source: Source, filters: Filters) -> pd.DataFrame:
    """fct_quality_summary of the annotators whose labels carry a score."""
    return source.query(
        f"""
        select
            quality.vendor,
            coalesce(projects.project_name, quality.project_id) as project_name,
            coalesce(annotators.display_name, annotators.vendor_user_id) as annotator_name,
            quality.labels_total,
            quality.labels_with_benchmark,
            quality.avg_benchmark_score,
            quality.min_benchmark_score,
            quality.labels_with_consensus,
            quality.avg_consensus_score,
            quality.labels_below_threshold
        from marts.fct_quality_summary as quality
        inner join marts.dim_annotators as annotators
            on quality.annotator_id = annotators.annotator_id
        left join marts.dim_projects as projects
            on quality.vendor = projects.vendor and quality.project_id = projects.project_id
        where
            (quality.labels_with_benchmark > 0 or quality.labels_with_consensus > 0)
            {scope(filters, "quality")}
        order by quality.labels_below_threshold desc, quality.avg_benchmark_score
        """,
        filters.params(),
    )


def scored_labels(source: Source, filters: Filters) -> pd.DataFrame:
    """Labels created in range with a benchmark or consensus score."""
    return source.query(
        f"""
        select
            labels.vendor,
            coalesce(projects.project_name, labels.project_id) as project_name,
            labels.item_id,
            coalesce(annotators.display_name, annotators.vendor_user_id) as annotator_name,
            labels.created_at,
            labels.benchmark_score,
            labels.consensus_score
        from marts.fct_labels as labels
        left join marts.dim_annotators as annotators
            on labels.labeler_id = annotators.annotator_id
        left join marts.dim_projects as projects
            on labels.vendor = projects.vendor and labels.project_id = projects.project_id
        where
            (labels.benchmark_score is not null or labels.consensus_score is not null)
            and cast(labels.created_at as date) between %(start)s and %(end)s
            {scope(filters, "labels")}
        order by labels.created_at
        """,
        filters.params(),
    )


def agreement_pairs(source: Source, filters: Filters) -> pd.DataFrame:
    """fct_annotator_agreement with names: one row per (project, question, pair)."""
    return source.query(
        f"""
        select
            agreement.vendor,
            agreement.project_id,
            coalesce(projects.project_name, agreement.project_id) as project_name,
            agreement.question,
            agreement.annotator_id_a,
            agreement.annotator_id_b,
            coalesce(first_annotators.display_name, first_annotators.vendor_user_id)
                as annotator_a,
            coalesce(second_annotators.display_name, second_annotators.vendor_user_id)
                as annotator_b,
            agreement.items_in_common,
            agreement.answers_agreed,
            agreement.observed_agreement,
            agreement.expected_agreement,
            agreement.cohens_kappa
        from marts.fct_annotator_agreement as agreement
        inner join marts.dim_annotators as first_annotators
            on agreement.annotator_id_a = first_annotators.annotator_id
        inner join marts.dim_annotators as second_annotators
            on agreement.annotator_id_b = second_annotators.annotator_id
        left join marts.dim_projects as projects
            on agreement.vendor = projects.vendor and agreement.project_id = projects.project_id
        where 1 = 1 {scope(filters, "agreement")}
        order by agreement.vendor, project_name, agreement.question, annotator_a, annotator_b
        """,
        filters.params(),
    )


def agreement_by_annotator(source: Source, filters: Filters) -> pd.DataFrame:
    """Each annotator against their peers over the pairs in scope: with no project chosen
    this is fct_annotator_agreement_summary, and it follows a project filter too."""
    return source.query(
        f"""
        with

        sides as (
            select vendor, annotator_id_a as annotator_id, annotator_id_b as peer_id,
                items_in_common, observed_agreement, cohens_kappa
            from marts.fct_annotator_agreement
            where 1 = 1 {scope(filters)}
            union all
            select vendor, annotator_id_b as annotator_id, annotator_id_a as peer_id,
                items_in_common, observed_agreement, cohens_kappa
            from marts.fct_annotator_agreement
            where 1 = 1 {scope(filters)}
        )

        select
            sides.vendor,
            coalesce(annotators.display_name, annotators.vendor_user_id) as annotator_name,
            cast(count(*) as bigint) as peer_pairs,
            cast(count(distinct sides.peer_id) as bigint) as peers,
            cast(sum(sides.items_in_common) as bigint) as items_compared,
            avg(sides.cohens_kappa) as mean_cohens_kappa,
            avg(sides.observed_agreement) as mean_observed_agreement
        from sides
        inner join marts.dim_annotators as annotators
            on sides.annotator_id = annotators.annotator_id
        group by sides.vendor, annotators.annotator_id, annotator_name
        order by mean_cohens_kappa desc nulls last, items_compared desc, annotator_name
        """,
        filters.params(),
    )


# --- data health -------------------------------------------------------------------------


def rejected_rows(source: Source, filters: Filters) -> pd.DataFrame:
    """audit_rejected_rows per file and reason."""
    return source.query(
        f"""
        select
            vendor,
            source_name,
            source_file,
            reason,
            count(*) as rows_rejected,
            min(source_row) as first_row
        from marts.audit_rejected_rows
        where 1 = 1 {scope(replace(filters, project_id=None))}
        group by vendor, source_name, source_file, reason
        order by vendor, source_file, reason
        """,
        filters.params(),
    )


def rejected_records(source: Source, filters: Filters, limit: int = 500) -> pd.DataFrame:
    """The rejected records themselves (raw_record is NULL with pii_mode hash)."""
    return source.query(
        f"""
        select vendor, source_file, source_row, reason, raw_record
        from marts.audit_rejected_rows
        where 1 = 1 {scope(replace(filters, project_id=None))}
        order by vendor, source_file, source_row
        limit {int(limit)}
        """,
        filters.params(),
    )


def reconciliation(source: Source, filters: Filters) -> pd.DataFrame:
    """audit_row_reconciliation per file, with whether it balances."""
    return source.query(
        f"""
        select
            vendor,
            source_name,
            source_file,
            rows_read,
            rows_staged,
            rows_rejected,
            rows_duplicate,
            rows_read = rows_staged + rows_rejected + rows_duplicate as is_balanced
        from marts.audit_row_reconciliation
        where 1 = 1 {scope(replace(filters, project_id=None))}
        order by vendor, source_name, source_file
        """,
        filters.params(),
    )


def freshness(source: Source, filters: Filters) -> pd.DataFrame:
    """Each vendor's newest record in the marts and the mart it is in."""
    where = f"where 1 = 1 {scope(filters)}"
    return source.query(
        f"""
        with

        newest as (
            select vendor, 'label' as record, max(created_at) as newest_at
            from marts.fct_labels {where} group by vendor
            union all
            select vendor, 'status change' as record, max(changed_at) as newest_at
            from marts.fct_status_transitions {where} group by vendor
            union all
            select vendor, 'review' as record, max(reviewed_at) as newest_at
            from marts.fct_reviews {where} group by vendor
            union all
            select vendor, 'workflow step' as record, max(completed_at) as newest_at
            from marts.fct_workflow_steps {where} group by vendor
            union all
            select vendor, 'editor time' as record,
                cast(max(activity_date) as timestamp) as newest_at
            from marts.fct_editor_time_daily {where} group by vendor
            union all
            select vendor, 'labeler statistics period' as record,
                cast(max(period_end_date) as timestamp) as newest_at
            from marts.fct_annotator_performance
            {where} and source = 'vendor_reported' group by vendor
        ),

        ranked as (
            select
                vendor,
                record,
                newest_at,
                row_number() over (partition by vendor order by newest_at desc, record)
                    as recency_rank
            from newest
            where newest_at is not null
        )

        select vendor, newest_at, record
        from ranked
        where recency_rank = 1
        order by newest_at desc, vendor
        """,
        filters.params(),
    )

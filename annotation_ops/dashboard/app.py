"""The Streamlit script `annotation-ops dashboard` serves: sidebar filters and the pages.

Streamlit runs this file on every interaction. The engine and the DuckDB serving copy come
from the environment `launch()` sets (ANNOTATION_OPS_DASHBOARD_ENGINE, _DATABASE). The
filters are bound to the URL's query parameters, by their labels (`?vendor=Labelbox&
dates=2026-10-01&dates=2026-11-15&project=Street scenes - vehicles (Labelbox)`), so a link
shares the view.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from annotation_ops.dashboard import data
from annotation_ops.dashboard.common import Context, empty, vendor_name
from annotation_ops.dashboard.views import annotators, flow, health, overview, quality

ENGINE_ENV = "ANNOTATION_OPS_DASHBOARD_ENGINE"
DATABASE_ENV = "ANNOTATION_OPS_DASHBOARD_DATABASE"
ALL = "all"
# Results are cached this long (a new serving copy is read at once: its mtime is in the key).
CACHE_SECONDS = 300


@st.cache_resource(show_spinner=False)
def _source(engine: str, database: str) -> data.Source:
    """One source per engine and file for the server's life (it keeps its connection)."""
    return data.open_source(engine, Path(database) if database else None)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=2000)
def _cached_query(
    engine: str, database: str, version: float, sql: str, params: tuple[tuple[str, Any], ...]
) -> pd.DataFrame:
    return _source(engine, database).query(sql, dict(params))


class CachedSource:
    """The configured source behind Streamlit's cache."""

    def __init__(self, engine: str, database: str) -> None:
        self.engine = engine
        self.database = database
        # fail here, once, with the data layer's message (missing file, build file)
        _source(engine, database)

    def _version(self) -> float:
        if self.engine == "duckdb":
            try:
                return Path(self.database).stat().st_mtime
            except OSError as error:
                raise data.DataError(f"the serving copy is gone: {error}") from error
        return float(int(time.time() // CACHE_SECONDS))

    def query(self, sql: str, params: data.Params | None = None) -> pd.DataFrame:
        items = tuple(sorted((params or {}).items()))
        return _cached_query(self.engine, self.database, self._version(), sql, items).copy()


def _sidebar(
    window: tuple[dt.date, dt.date], projects: pd.DataFrame, vendors: list[str]
) -> data.Filters:
    """The filters, bound to query parameters (`dates`, `vendor`, `project`)."""
    with st.sidebar:
        st.header("Filters")
        dates = st.date_input(
            "Dates",
            value=window,
            min_value=window[0],
            max_value=window[1],
            format="YYYY-MM-DD",
            key="dates",
            bind="query-params",
            help="Inside the retention window the marts cover: "
            f"{window[0]:%d %b %Y} – {window[1]:%d %b %Y}.",
        )
        vendor = st.selectbox(
            "Vendor",
            [ALL, *vendors],
            format_func=lambda value: "All vendors" if value == ALL else vendor_name(value),
            key="vendor",
            bind="query-params",
            on_change=lambda: st.session_state.update(project=ALL),
        )
        in_scope = projects if vendor == ALL else projects[projects["vendor"] == vendor]
        # The label is what the URL shows (`?project=Street scenes (Labelbox)`).
        names = {
            f"{row.vendor}:{row.project_id}": f"{row.project_name} ({vendor_name(row.vendor)})"
            for row in in_scope.itertuples(index=False)
        }
        project = st.selectbox(
            "Project",
            [ALL, *names],
            format_func=lambda value: "All projects" if value == ALL else names[value],
            key="project",
            bind="query-params",
        )
        st.caption(
            f"Retention window: {window[0]:%d %b %Y} – {window[1]:%d %b %Y}. "
            "The URL keeps the filters: copy it to share this view."
        )
    start, end = (tuple(dates) + tuple(dates))[:2] if dates else window
    project_vendor, _, project_id = project.partition(":") if project != ALL else ("", "", "")
    return data.Filters(
        start=start,
        end=end,
        vendor=project_vendor or (None if vendor == ALL else vendor),
        project_id=project_id or None,
    )


def main() -> None:
    st.set_page_config(page_title="Annotation ops", page_icon=":material/insights:", layout="wide")
    engine = os.environ.get(ENGINE_ENV, "duckdb")
    database = os.environ.get(DATABASE_ENV, "")
    try:
        source = CachedSource(engine, database)
        window = data.retention_window(source)
        projects = data.projects(source)
        columns = data.mart_columns(source)
    except data.DataError as error:
        st.error(str(error))
        return
    if window is None:
        empty(
            "The marts hold no dated activity yet: build a landing zone with exports "
            "(`annotation-ops build --data-dir DIR`), then reload."
        )
        return
    vendors = sorted(set(projects["vendor"]), key=lambda vendor: vendor_name(vendor).lower())
    filters = _sidebar(window, projects, vendors)
    context = Context(source, filters, window, columns, projects)

    # One URL path per page; each page is a function of the same context.
    pages = [
        st.Page(
            lambda: overview.render(context),
            title="Overview",
            icon=":material/dashboard:",
            url_path="overview",
            default=True,
        ),
        st.Page(
            lambda: annotators.render(context),
            title="Annotators",
            icon=":material/group:",
            url_path="annotators",
        ),
        st.Page(
            lambda: flow.render(context),
            title="Flow",
            icon=":material/swap_horiz:",
            url_path="flow",
        ),
        st.Page(
            lambda: quality.render(context),
            title="Quality",
            icon=":material/verified:",
            url_path="quality",
        ),
        st.Page(
            lambda: health.render(context),
            title="Data health",
            icon=":material/health_and_safety:",
            url_path="data-health",
        ),
    ]
    page = st.navigation(pages, position="top")
    try:
        page.run()
    except data.DataError as error:
        # the copy vanished or the server went away: one line, not a traceback
        st.error(f"The marts cannot be read: {error}")


main()

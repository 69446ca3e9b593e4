"""What every page shares: the context (source, filters, window), the words a lead reads
instead of column names, and small display helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from annotation_ops.dashboard.data import Filters, Source

VENDOR_NAMES = {
    "crowdai": "CrowdAI",
    "labelbox": "Labelbox",
    "superannotate": "SuperAnnotate",
    "roboflow": "Roboflow",
    "dataloop": "Dataloop",
}
STATUS_NAMES = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "in_review": "In review",
    "in_rework": "In rework",
    "done": "Done",
    "skipped": "Skipped",
    "custom": "Other (vendor-specific)",
}
# Workflow order, so charts and tables list statuses as items move through them.
STATUS_ORDER = list(STATUS_NAMES.values())
OPEN_STATUSES = ("not_started", "in_progress", "in_review", "in_rework", "custom")
# Shared colours: a vendor keeps its colour on every chart.
VENDOR_COLORS = {
    "CrowdAI": "#4c78a8",
    "Labelbox": "#f58518",
    "SuperAnnotate": "#54a24b",
    "Roboflow": "#b279a2",
    "Dataloop": "#e45756",
    "Several vendors": "#79706e",
}


@dataclass(frozen=True)
class Context:
    """What a page needs: where to read, what is selected, the window and the marts."""

    source: Source
    filters: Filters
    window: tuple[dt.date, dt.date]
    columns: dict[str, set[str]]
    projects: pd.DataFrame

    @property
    def selection(self) -> str:
        """The selection in words, e.g. `Labelbox · Street scenes`."""
        vendor = vendor_name(self.filters.vendor) if self.filters.vendor else "All vendors"
        if not self.filters.project_id:
            return f"{vendor} · all projects"
        return f"{vendor} · {project_name(self.projects, self.filters)}"

    @property
    def period(self) -> str:
        return period_text(self.filters.start, self.filters.end)


def vendor_name(vendor: str | None) -> str:
    return VENDOR_NAMES.get(vendor or "", vendor or "")


def status_name(status: str) -> str:
    return STATUS_NAMES.get(status, status)


def project_name(projects: pd.DataFrame, filters: Filters) -> str:
    match = projects[
        (projects["vendor"] == filters.vendor) & (projects["project_id"] == filters.project_id)
    ]
    return str(match["project_name"].iloc[0]) if len(match) else str(filters.project_id)


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def period_text(start: dt.date, end: dt.date) -> str:
    days = (end - start).days + 1
    return f"{day_text(start)} – {day_text(end)} ({days} day{'s' if days != 1 else ''})"


def header(context: Context, title: str, note: str) -> None:
    """Page title, the selection it shows, and what the page reads."""
    st.title(title)
    st.caption(f"**{context.selection}** · {context.period}. {note}")


def empty(message: str) -> None:
    """The empty state: a sentence instead of an empty chart."""
    st.info(message, icon=":material/info:")


def vendor_labels(frame: pd.DataFrame, column: str = "vendor") -> pd.DataFrame:
    """The frame with the vendor column in words."""
    frame = frame.copy()
    frame[column] = frame[column].map(vendor_name)
    return frame


def vendor_scale(names: pd.Series) -> alt.Scale:
    """A colour scale of only the vendors present, each in its own colour."""
    domain = [name for name in VENDOR_COLORS if name in set(names)]
    return alt.Scale(domain=domain, range=[VENDOR_COLORS[name] for name in domain])


def percent(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Fractions as percentages (tables show `83.9 %`, not 0.839)."""
    return frame.assign(**{column: frame[column] * 100 for column in columns})


def week_span(frame: pd.DataFrame) -> pd.DataFrame:
    """week_start as a date-time plus week_end six days on: a bar spans its week."""
    start = pd.to_datetime(frame["week_start"])
    return frame.assign(week_start=start, week_end=start + pd.Timedelta(days=6))


def table(frame: pd.DataFrame, **options: Any) -> None:
    """st.dataframe as every page shows it: no index, full width, missing values as a dash."""
    st.dataframe(frame, hide_index=True, width="stretch", placeholder="—", **options)


def page_done(name: str) -> None:
    """An empty marker element at the end of a page: the browser test waits for it."""
    st.container(key=f"page-done-{name}", height=1, border=False)

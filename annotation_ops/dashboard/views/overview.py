"""Overview: the headline figures of the selection against the period before it."""

from __future__ import annotations

import altair as alt
import streamlit as st

from annotation_ops.dashboard import data
from annotation_ops.dashboard.common import (
    Context,
    day_text,
    empty,
    header,
    page_done,
    percent,
    period_text,
    table,
    vendor_labels,
    vendor_scale,
    week_span,
)


def _count_delta(current: float | None, previous: float | None, digits: int = 0) -> str | None:
    if current is None or previous is None:
        return None
    return f"{current - previous:+,.{digits}f}"


def render(context: Context) -> None:
    header(
        context,
        "Overview",
        "Hover over the question mark beside a figure for its definition and semantic-layer "
        "metric.",
    )
    filters = context.filters
    missing = [name for name in data.OVERVIEW_MARTS if name not in context.columns]
    if missing:
        empty(
            f"The marts have no {', '.join(missing)}: they were built by an older version of "
            "the project. Run `annotation-ops build` (or `demo`) and reload."
        )
        page_done("overview")
        return
    current = data.figures(context.source, filters)
    if current.is_empty:
        why = (
            "Roboflow exports only per-period Labeler Statistics, with no dates of their own "
            "(see Annotators)."
            if filters.vendor == "roboflow"
            else "No export in the landing zone covers these dates for this selection."
        )
        empty(
            f"No labeling, review, status or editor activity for {context.selection} between "
            f"{day_text(filters.start)} and {day_text(filters.end)}. {why}"
        )
        page_done("overview")
        return
    previous_filters = filters.previous()
    previous = (
        data.figures(context.source, previous_filters)
        if previous_filters.start >= context.window[0]
        else None
    )

    rate = current.first_pass_approval_rate
    previous_rate = previous.first_pass_approval_rate if previous else None
    columns = st.columns(5)
    columns[0].metric(
        "Items labeled",
        f"{current.items_labeled:,}",
        _count_delta(current.items_labeled, previous.items_labeled if previous else None),
        help=data.DEFINITIONS["items_labeled"],
        border=True,
    )
    columns[1].metric(
        "First-pass approval",
        f"{rate:.1%}" if rate is not None else "—",
        (
            f"{(rate - previous_rate) * 100:+.1f} pp"
            if rate is not None and previous_rate is not None
            else None
        ),
        help=data.DEFINITIONS["first_pass_approval_rate"]
        + f" This range: {current.first_pass_approved_items:,} of "
        f"{current.items_reviewed:,} reviewed items.",
        border=True,
    )
    columns[2].metric(
        "Active annotators",
        f"{current.active_annotators:,}",
        _count_delta(current.active_annotators, previous.active_annotators if previous else None),
        help=data.DEFINITIONS["active_annotators"],
        border=True,
    )
    columns[3].metric(
        "Review backlog",
        f"{current.review_backlog:,}" if current.review_backlog is not None else "—",
        _count_delta(current.review_backlog, previous.review_backlog if previous else None),
        delta_color="inverse",
        help=data.DEFINITIONS["review_backlog"],
        border=True,
    )
    columns[4].metric(
        "Editor hours",
        f"{current.editor_hours:,.1f}" if current.editor_hours is not None else "—",
        _count_delta(current.editor_hours, previous.editor_hours if previous else None, 1),
        help=data.DEFINITIONS["editor_hours"],
        border=True,
    )
    backlog_note = f"Review backlog: items in review at the end of {day_text(filters.end)}. "
    if previous is not None:
        st.caption(
            backlog_note + "Changes compare with the previous period of equal length, "
            f"{period_text(previous_filters.start, previous_filters.end)}."
        )
    else:
        st.caption(
            backlog_note + f"No change shown: the {filters.days} days before this range lie "
            f"outside the retention window (it starts {day_text(context.window[0])}); choose "
            "a range in the window's second half to compare with the period before it."
        )

    left, right = st.columns([1, 1], gap="large")
    with left:
        st.subheader("Items labeled per week")
        weekly = data.weekly_labeled(context.source, filters)
        if weekly.empty:
            empty("Nothing was labeled in this range.")
        else:
            weekly = week_span(vendor_labels(weekly))
            chart = (
                alt.Chart(weekly)
                .mark_bar()
                .encode(
                    x=alt.X("week_start:T", title="Week starting", axis=alt.Axis(format="%d %b")),
                    x2="week_end:T",
                    y=alt.Y("sum(items_labeled):Q", title="Items labeled"),
                    color=alt.Color(
                        "vendor:N",
                        title="Vendor",
                        scale=vendor_scale(weekly["vendor"]),
                        legend=alt.Legend(orient="bottom"),
                    ),
                    tooltip=[
                        alt.Tooltip("week_start:T", title="Week starting", format="%d %b %Y"),
                        alt.Tooltip("vendor:N", title="Vendor"),
                        alt.Tooltip("items_labeled:Q", title="Items labeled"),
                    ],
                )
                .properties(height=300)
            )
            st.altair_chart(chart, width="stretch")
    with right:
        st.subheader("By vendor")
        breakdown = data.vendor_breakdown(context.source, filters)
        if breakdown.empty:
            empty("No labeling or review in this range.")
        else:
            table(
                percent(vendor_labels(breakdown), "first_pass_approval_rate"),
                column_config={
                    "vendor": st.column_config.TextColumn("Vendor", width=110),
                    "items_labeled": st.column_config.NumberColumn("Labeled", width=70),
                    "items_reviewed": st.column_config.NumberColumn(
                        "Reviewed",
                        width=75,
                        help="Items of a labeler whose first review falls in the range "
                        "(fct_reviewed_items), as in the headline.",
                    ),
                    "first_pass_approval_rate": st.column_config.NumberColumn(
                        "First pass",
                        format="%.1f %%",
                        width=80,
                        help="Of those items, the share approved and never rejected, as "
                        "in the headline (the metric first_pass_approval_rate by vendor).",
                    ),
                    "labeling_hours": st.column_config.NumberColumn(
                        "Labeling h",
                        format="%.1f",
                        width=80,
                        help="Hours the vendor reports for labeling work (SuperAnnotate "
                        "reports none; its time is editor time).",
                    ),
                },
            )
    page_done("overview")

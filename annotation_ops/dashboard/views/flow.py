"""Flow: how items move through the statuses, and where they wait."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from annotation_ops.dashboard import data
from annotation_ops.dashboard.common import (
    OPEN_STATUSES,
    STATUS_NAMES,
    STATUS_ORDER,
    Context,
    day_text,
    empty,
    header,
    page_done,
    status_name,
    table,
    vendor_labels,
    week_span,
)


def _open_items(flow: pd.DataFrame) -> None:
    st.subheader("Open items at the end of each day")
    open_items = flow[flow["status"].isin(OPEN_STATUSES)].assign(
        status=lambda frame: frame["status"].map(status_name)
    )
    if open_items.empty or not open_items["items_eop"].any():
        empty("No item was open (not done or skipped) at the end of any day in this range.")
        return
    chart = (
        alt.Chart(open_items)
        .mark_area(opacity=0.85, interpolate="step-after")
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%d %b")),
            y=alt.Y("items_eop:Q", title="Items", stack="zero"),
            color=alt.Color(
                "status:N",
                title="Status",
                sort=STATUS_ORDER,
                scale=alt.Scale(
                    domain=[STATUS_NAMES[status] for status in OPEN_STATUSES],
                    range=["#bab0ac", "#72b7b2", "#f58518", "#e45756", "#b279a2"],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("status:N"),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("items_eop:Q", title="Items at end of day"),
            ],
        )
        .properties(height=280)
    )
    st.altair_chart(chart, width="stretch")


def _moves(context: Context, flow: pd.DataFrame) -> None:
    st.subheader("Moves in and out of a status, per week")
    present = [status for status in STATUS_NAMES if status in set(flow["status"])]
    default = "in_review" if "in_review" in present else present[0]
    status = st.segmented_control(
        "Status",
        present,
        default=default,
        format_func=status_name,
        key="flow_status",
        label_visibility="collapsed",
    )
    status = status or default
    weekly = data.weekly_status_moves(context.source, context.filters)
    weekly = weekly[weekly["status"] == status]
    if weekly.empty or not (weekly["items_in"].any() or weekly["items_out"].any()):
        empty(f"No item moved into or out of “{status_name(status)}” in this range.")
        return
    weekly = week_span(weekly)
    moves = pd.concat(
        [
            weekly.assign(direction="Moved in", items=weekly["items_in"]),
            weekly.assign(direction="Moved out", items=-weekly["items_out"]),
        ]
    )
    bars = (
        alt.Chart(moves)
        .mark_bar()
        .encode(
            x=alt.X("week_start:T", title="Week starting", axis=alt.Axis(format="%d %b")),
            x2="week_end:T",
            y=alt.Y("items:Q", title="Items (out below zero)"),
            y2=alt.datum(0),
            color=alt.Color(
                "direction:N",
                title=None,
                scale=alt.Scale(domain=["Moved in", "Moved out"], range=["#4c78a8", "#e45756"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("week_start:T", title="Week starting", format="%d %b %Y"),
                alt.Tooltip("direction:N", title="Direction"),
                alt.Tooltip("items_in:Q", title="Moved in"),
                alt.Tooltip("items_out:Q", title="Moved out"),
            ],
        )
    )
    end_of_day = flow[flow["status"] == status]
    line = (
        alt.Chart(end_of_day)
        .mark_line(color="#333333", strokeWidth=1.5)
        .encode(
            x="date:T",
            y=alt.Y("items_eop:Q"),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("items_eop:Q", title="In this status at end of day"),
            ],
        )
    )
    st.altair_chart((bars + line).properties(height=280), width="stretch")
    st.caption(
        "Bars: transitions into (up) and out of (down) the status each week; line: items in "
        "the status at the end of each day (fct_daily_status_flow)."
    )


def _waits(context: Context) -> None:
    st.subheader("Where items wait")
    waits = data.time_in_status(context.source, context.filters)
    if waits.empty:
        empty("No item left a status in this range, so there is no waiting time to show.")
        return
    waits = waits.assign(status=waits["status"].map(status_name))
    base = alt.Chart(waits).encode(
        y=alt.Y("status:N", title=None, sort="-x", axis=alt.Axis(labelLimit=220))
    )
    bars = base.mark_bar(color="#4c78a8").encode(
        x=alt.X("median_hours:Q", title="Hours in the status before moving on (bar: median)"),
        tooltip=[
            alt.Tooltip("status:N", title="Status"),
            alt.Tooltip("transitions:Q", title="Moves out"),
            alt.Tooltip("median_hours:Q", title="Median hours", format=",.1f"),
            alt.Tooltip("p90_hours:Q", title="90th percentile hours", format=",.1f"),
            alt.Tooltip("max_hours:Q", title="Longest, hours", format=",.1f"),
        ],
    )
    ticks = base.mark_tick(color="#e45756", thickness=3, size=22).encode(x="p90_hours:Q")
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.altair_chart(
            (bars + ticks).properties(height=max(160, 44 * len(waits))), width="stretch"
        )
        st.caption(
            "Red tick: 90th percentile. Time in a status is measured when the item leaves it "
            "(fct_status_transitions.seconds_in_from_status), for moves in this range."
        )
    with right:
        table(
            waits,
            column_order=["status", "transitions", "median_hours", "p90_hours", "max_hours"],
            column_config={
                "status": st.column_config.TextColumn("Status"),
                "transitions": st.column_config.NumberColumn("Moves out"),
                "avg_hours": st.column_config.NumberColumn("Average h", format="%.1f"),
                "median_hours": st.column_config.NumberColumn("Median h", format="%.1f"),
                "p90_hours": st.column_config.NumberColumn("P90 h", format="%.1f"),
                "max_hours": st.column_config.NumberColumn("Longest h", format="%.1f"),
            },
        )


def _stuck(context: Context) -> None:
    """The stuck items, where the marts have fct_item_current_status."""
    if not data.STUCK_COLUMNS <= context.columns.get("fct_item_current_status", set()):
        return
    st.subheader(f"Stuck items on {day_text(context.window[1])}")
    stuck = data.stuck_items(context.source, context.filters)
    if stuck.empty:
        empty(f"No item of {context.selection} is stuck.")
        return
    st.caption(
        "Items not done or skipped that have sat in their status longer than the threshold "
        "(the build's stuck_after_hours, else the project's 90th percentile stay there), "
        "longest first (fct_item_current_status). The dates do not apply: this is the state "
        "at the end of the window."
    )
    stuck = vendor_labels(stuck).assign(
        current_status=lambda frame: frame["current_status"].map(status_name)
    )
    table(
        stuck,
        height=min(38 + 35 * len(stuck), 420),
        column_config={
            "vendor": st.column_config.TextColumn("Vendor", width=105),
            "project_name": st.column_config.TextColumn("Project", width=130),
            "item_id": st.column_config.TextColumn("Item", width=100),
            "current_status": st.column_config.TextColumn("Status", width=95),
            "status_since": st.column_config.DatetimeColumn("Since", format="D MMM YYYY", width=90),
            "hours_in_status": st.column_config.NumberColumn("Hours", format="%.0f", width=60),
            "stuck_threshold_hours": st.column_config.NumberColumn(
                "Limit h", format="%.0f", width=65, help="The threshold this item exceeded."
            ),
            "rework_count": st.column_config.NumberColumn(
                "Reworks", width=65, help="Times the item entered rework."
            ),
            "last_actor_name": st.column_config.TextColumn("Last moved by", width=200),
        },
    )


def render(context: Context) -> None:
    header(
        context,
        "Flow",
        "From the status history (fct_daily_status_flow, fct_status_transitions); CrowdAI and "
        "Roboflow exports carry none.",
    )
    flow = data.status_flow(context.source, context.filters)
    if flow.empty:
        empty(f"No status history for {context.selection} in this range.")
        page_done("flow")
        return
    _open_items(flow)
    _moves(context, flow)
    _waits(context)
    _stuck(context)
    page_done("flow")

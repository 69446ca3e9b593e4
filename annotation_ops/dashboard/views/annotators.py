"""Annotators: who labels most accurately and how fast, one person across vendors."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from annotation_ops.dashboard import data
from annotation_ops.dashboard.common import (
    Context,
    empty,
    header,
    page_done,
    percent,
    table,
    vendor_labels,
    vendor_name,
    vendor_scale,
)

# The leaderboard's rate: fct_annotator_performance's, over the retention window.
WINDOW_RATE_HELP = (
    "fct_annotator_performance's window rate: of this person's items with a review event in "
    "the retention window, the share approved in it and never rejected. The Overview counts "
    "items by their first review instead (fct_reviewed_items, the semantic layer's "
    "first_pass_approval_rate), so its whole-window figure can differ slightly."
)
RANKING_HELP = (
    "People are ranked by the lower end of the 95 % Wilson interval of their first-pass "
    "approval rate, the mart's window rate "
    "(fct_annotator_performance.first_pass_approval_rate_lower_95; for a "
    "person with several vendors or projects, the same bound of the summed counts, "
    f"z = {data.WILSON_Z}). Few reviewed items give a wide interval and a low bound, so a "
    "perfect score on three items does not beat a good one on thirty."
)


def _people(context: Context) -> pd.DataFrame:
    """The leaderboard with the person's vendors in words."""
    board = data.leaderboard(
        context.source,
        context.filters,
        context.columns.get("fct_annotator_performance", set()),
        has_people="dim_people" in context.columns,
    )
    vendors = data.person_vendors(context.source, context.filters)
    names = (
        vendors.assign(vendor=vendors["vendor"].map(vendor_name))
        .groupby("person_id")["vendor"]
        .agg(", ".join)
    )
    board["vendors"] = board["person_id"].map(names)
    board["vendor_group"] = [
        vendor_name(vendor) if count == 1 else "Several vendors"
        for vendor, count in zip(board["first_vendor"], board["vendor_count"], strict=True)
    ]
    return board


def _leaderboard(board: pd.DataFrame, minimum: int) -> None:
    ranked = board["items_reviewed"] >= minimum
    ranks = pd.Series(pd.NA, index=board.index, dtype="Int64")
    ranks[ranked] = range(1, int(ranked.sum()) + 1)
    board = board.assign(rank=ranks)
    board = pd.concat([board[ranked], board[~ranked]])
    board = percent(board, "first_pass_approval_rate", "approval_lower_95")
    # median and 90th percentile side by side, one column: the table fits the page
    board["spread"] = [
        f"{median:,.0f} / {p90:,.0f}" if pd.notna(median) and pd.notna(p90) else None
        for median, p90 in zip(
            board["median_seconds_per_item"], board["p90_seconds_per_item"], strict=True
        )
    ]
    table(
        board,
        height=min(38 + 35 * len(board), 560),
        column_order=[
            "rank",
            "annotator_name",
            "vendors",
            "images_labeled",
            "items_reviewed",
            "first_pass_approval_rate",
            "approval_lower_95",
            "avg_seconds_per_item",
            "spread",
        ],
        column_config={
            "rank": st.column_config.NumberColumn(
                "Rank",
                width=45,
                help=f"Only people with at least {minimum} reviewed items are ranked.",
            ),
            "annotator_name": st.column_config.TextColumn("Annotator", width=215),
            "vendors": st.column_config.TextColumn("Vendors", width=150),
            "images_labeled": st.column_config.NumberColumn("Labeled", width=65),
            "items_reviewed": st.column_config.NumberColumn(
                "Reviewed",
                width=70,
                help="Distinct items of this person with a review event in the retention "
                "window (fct_annotator_performance).",
            ),
            "first_pass_approval_rate": st.column_config.NumberColumn(
                "First pass", format="%.1f %%", width=75, help=WINDOW_RATE_HELP
            ),
            "approval_lower_95": st.column_config.NumberColumn(
                "At least (95 %)", format="%.1f %%", width=95, help=RANKING_HELP
            ),
            "avg_seconds_per_item": st.column_config.NumberColumn(
                "Avg s/item",
                format="%.0f",
                width=70,
                help="Labeling seconds the vendors report / items labeled with such seconds.",
            ),
            "spread": st.column_config.TextColumn(
                "Median / P90 s",
                width=110,
                help="Median and 90th percentile seconds per item, from the mart, for a "
                "person with one vendor and project (percentiles cannot be added up).",
            ),
        },
    )


def _scatter(board: pd.DataFrame) -> None:
    plotted = board[board["approval_lower_95"].notna() & board["avg_seconds_per_item"].notna()]
    missing = len(board[board["items_reviewed"] > 0]) - len(plotted)
    if plotted.empty:
        empty(
            "No one in this selection has both reviewed items and labeling seconds, so "
            "there is no speed to plot (SuperAnnotate exports no per-label seconds)."
        )
        return
    base = alt.Chart(plotted).encode(
        x=alt.X(
            "avg_seconds_per_item:Q",
            title="Average seconds per item (faster ←)",
            scale=alt.Scale(zero=False, nice=True),
        ),
        color=alt.Color(
            "vendor_group:N",
            title="Vendor",
            scale=vendor_scale(plotted["vendor_group"]),
            legend=alt.Legend(orient="bottom"),
        ),
    )
    interval = base.mark_rule(opacity=0.3, strokeWidth=2).encode(
        y=alt.Y("approval_lower_95:Q"), y2="approval_upper_95:Q"
    )
    points = base.mark_circle(opacity=0.85, stroke="white", strokeWidth=0.5).encode(
        y=alt.Y(
            "first_pass_approval_rate:Q",
            title="First-pass approval (line: 95 % interval)",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        size=alt.Size("items_reviewed:Q", title="Items reviewed", scale=alt.Scale(range=[30, 400])),
        tooltip=[
            alt.Tooltip("annotator_name:N", title="Annotator"),
            alt.Tooltip("vendors:N", title="Vendors"),
            alt.Tooltip("items_reviewed:Q", title="Items reviewed"),
            alt.Tooltip("first_pass_approval_rate:Q", title="First-pass approval", format=".1%"),
            alt.Tooltip("approval_lower_95:Q", title="Lower bound (95 %)", format=".1%"),
            alt.Tooltip("avg_seconds_per_item:Q", title="Avg s / item", format=",.0f"),
        ],
    )
    chart = (
        (interval + points)
        .properties(height=380)
        .configure_legend(orient="bottom", symbolOpacity=1, titleFontWeight="normal")
    )
    st.altair_chart(chart, width="stretch")
    if missing > 0:
        st.caption(
            f"{missing} reviewed {'person has' if missing == 1 else 'people have'} no "
            "labeling seconds (SuperAnnotate reports none) and are not plotted."
        )


def _across_vendors(context: Context) -> None:
    if "dim_people" not in context.columns:
        return
    people = data.people_across_vendors(context.source, context.filters)
    if people.empty:
        return
    st.subheader("One person, several vendors")
    st.caption(
        "dim_people: a person's accounts at every vendor tied together by the identity file "
        "(identity/*.csv), else by email; figures over the retention window summed across "
        "their vendors. The project filter does not apply here."
    )
    people = people.assign(
        vendors=[
            ", ".join(vendor_name(vendor.strip()) for vendor in vendors.split(","))
            for vendors in people["vendors"]
        ]
    )
    table(
        percent(people, "first_pass_approval_rate", "first_pass_approval_rate_lower_95"),
        height=min(38 + 35 * len(people), 420),
        column_order=[
            "person_name",
            "vendors",
            "annotator_accounts",
            "items_labeled",
            "items_reviewed",
            "first_pass_approval_rate",
            "first_pass_approval_rate_lower_95",
            "first_activity_at",
            "last_activity_at",
        ],
        column_config={
            "person_name": st.column_config.TextColumn("Person", width=180),
            "vendors": st.column_config.TextColumn("Vendors", width=200),
            "annotator_accounts": st.column_config.NumberColumn("Accounts", width=70),
            "items_labeled": st.column_config.NumberColumn("Labeled", width=65),
            "items_reviewed": st.column_config.NumberColumn("Reviewed", width=70),
            "first_pass_approval_rate": st.column_config.NumberColumn(
                "First pass", format="%.1f %%", width=75
            ),
            "first_pass_approval_rate_lower_95": st.column_config.NumberColumn(
                "At least (95 %)", format="%.1f %%", width=95, help=RANKING_HELP
            ),
            "first_activity_at": st.column_config.DatetimeColumn(
                "First seen", format="D MMM YYYY", width=95
            ),
            "last_activity_at": st.column_config.DatetimeColumn(
                "Last seen", format="D MMM YYYY", width=95
            ),
        },
    )


def _vendor_reported(context: Context) -> None:
    reported = data.vendor_reported(context.source, context.filters)
    if reported.empty:
        return
    st.subheader("As the vendor reports it")
    st.caption(
        "Roboflow's Labeler Statistics, one row per export period, as exported: Roboflow "
        "shows no review events, so these people are not ranked above."
    )
    table(
        percent(vendor_labels(reported), "first_pass_approval_rate"),
        column_config={
            "vendor": st.column_config.TextColumn("Vendor"),
            "project_id": st.column_config.TextColumn("Project"),
            "annotator_name": st.column_config.TextColumn("Annotator"),
            "period_start_date": st.column_config.DateColumn("From", format="D MMM YYYY"),
            "period_end_date": st.column_config.DateColumn("To", format="D MMM YYYY"),
            "images_labeled": st.column_config.NumberColumn("Images labeled"),
            "items_approved": st.column_config.NumberColumn("Approved"),
            "rejection_events": st.column_config.NumberColumn("Rejected"),
            "first_pass_approval_rate": st.column_config.NumberColumn(
                "Approval rate", format="%.1f %%"
            ),
        },
    )


def render(context: Context) -> None:
    header(
        context,
        "Annotators",
        "Figures cover the whole retention window (fct_annotator_performance); the vendor "
        "and project filters apply, the dates do not.",
    )
    board = _people(context)
    has_reported = not data.vendor_reported(context.source, context.filters).empty
    if board.empty and not has_reported:
        empty(f"No annotator activity for {context.selection} in the retention window.")
        page_done("annotators")
        return
    if board.empty:
        empty(
            f"{context.selection}: no labels or reviews in the marts to rank people by; the "
            "vendor's own Labeler Statistics follow."
        )
    else:
        minimum = st.number_input(
            "Rank people with at least this many reviewed items",
            min_value=1,
            max_value=1000,
            value=10,
            step=1,
            key="minimum_reviewed",
            help=RANKING_HELP,
            width=360,
        )
        st.subheader("Leaderboard")
        _leaderboard(board, int(minimum))
        st.subheader("Speed against accuracy")
        _scatter(board)
    _across_vendors(context)
    _vendor_reported(context)
    page_done("annotators")

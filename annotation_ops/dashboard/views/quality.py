"""Quality: benchmark and consensus scores by project and annotator, the weak labels, and
who agrees with whom on classification questions."""

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
)

# The project's default `quality_threshold` var; the marts' counts use the build's value.
DEFAULT_THRESHOLD = 0.7
KAPPA_HELP = (
    "Cohen's kappa: agreement beyond what the two annotators' own answer frequencies would "
    "give by chance (1 = always agree, 0 = chance, below 0 = worse than chance). Empty when "
    "both always gave one and the same answer."
)

SCORE_COLUMNS = {
    "vendor": st.column_config.TextColumn("Vendor", width=110),
    "project_name": st.column_config.TextColumn("Project", width=190),
    "annotator_name": st.column_config.TextColumn("Annotator", width=230),
    "annotators": st.column_config.NumberColumn("Annotators", width=85),
    "labels_total": st.column_config.NumberColumn("Labels", width=65),
    "kind": st.column_config.TextColumn("Score", width=95),
    "labels_scored": st.column_config.NumberColumn("Scored", width=65),
    "avg_score": st.column_config.NumberColumn("Average", format="%.2f", width=70),
    "min_score": st.column_config.NumberColumn(
        "Lowest",
        format="%.2f",
        width=65,
        help="Benchmark only: the mart keeps no lowest consensus.",
    ),
    "labels_below_threshold": st.column_config.NumberColumn(
        "Below threshold",
        width=115,
        help="Labels whose benchmark or consensus score is below the build's quality_threshold "
        "(default 0.7), each label once.",
    ),
}


def _by_score(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per score kind (benchmark, consensus) that the row's labels carry."""
    benchmark = frame.assign(
        kind="Benchmark",
        labels_scored=frame["labels_with_benchmark"],
        avg_score=frame["avg_benchmark_score"],
        min_score=frame["min_benchmark_score"],
    )
    consensus = frame.assign(
        kind="Consensus",
        labels_scored=frame["labels_with_consensus"],
        avg_score=frame["avg_consensus_score"],
        min_score=None,
    )
    both = pd.concat([benchmark, consensus]).sort_index(kind="stable")
    return both[both["labels_scored"].fillna(0) > 0]


def _has_scores(frame: pd.DataFrame) -> bool:
    counts = frame[["labels_with_benchmark", "labels_with_consensus"]].fillna(0)
    return bool(counts.to_numpy().sum() > 0)


def _weak_labels(context: Context) -> None:
    st.subheader("Labels under the threshold")
    labels = data.scored_labels(context.source, context.filters)
    if labels.empty:
        empty("No scored label was created in this range.")
        return
    threshold = st.slider(
        "Show labels scoring under",
        min_value=0.0,
        max_value=1.0,
        value=DEFAULT_THRESHOLD,
        step=0.05,
        key="quality_threshold",
        width=360,
        help="The marts count labels under the build's quality_threshold var (default 0.7).",
    )
    scores = pd.concat(
        [
            labels.assign(kind="Benchmark", score=labels["benchmark_score"]),
            labels.assign(kind="Consensus", score=labels["consensus_score"]),
        ]
    ).dropna(subset=["score"])
    bins = alt.Bin(step=0.05, extent=[0, 1])
    histogram = (
        alt.Chart(scores)
        .mark_bar()
        .encode(
            x=alt.X(
                "score:Q",
                bin=bins,
                title="Score",
                axis=alt.Axis(values=[step / 10 for step in range(11)], format=".1f"),
            ),
            y=alt.Y("count():Q", title="Labels", stack="zero"),
            color=alt.Color(
                "kind:N",
                title=None,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=["Benchmark", "Consensus"], range=["#4c78a8", "#f58518"]),
            ),
            tooltip=[
                alt.Tooltip("kind:N", title="Score"),
                alt.Tooltip("score:Q", bin=bins, title="Range"),
                alt.Tooltip("count():Q", title="Labels"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"threshold": [threshold]}))
        .mark_rule(color="#e45756", strokeDash=[4, 3], strokeWidth=2)
        .encode(x="threshold:Q")
    )
    st.altair_chart((histogram + rule).properties(height=220), width="stretch")
    st.caption(
        f"Scores of the {len(labels):,} scored labels created in this range; dashed line: "
        f"{threshold:.2f}."
    )
    weak = labels[(labels["benchmark_score"] < threshold) | (labels["consensus_score"] < threshold)]
    if weak.empty:
        empty(f"No label created in this range scores under {threshold:.2f}.")
        return
    table(
        weak,
        height=min(38 + 35 * len(weak), 400),
        column_order=[
            "created_at",
            "project_name",
            "annotator_name",
            "item_id",
            "benchmark_score",
            "consensus_score",
        ],
        column_config={
            **SCORE_COLUMNS,
            "created_at": st.column_config.DatetimeColumn(
                "Created", format="D MMM YYYY, HH:mm", width=135
            ),
            "item_id": st.column_config.TextColumn("Item", width=180),
            "benchmark_score": st.column_config.NumberColumn("Benchmark", format="%.2f", width=90),
            "consensus_score": st.column_config.NumberColumn("Consensus", format="%.2f", width=90),
        },
    )


def _agreement_matrix(pairs: pd.DataFrame) -> None:
    """Kappa of every pair on one question of one project, as a symmetric grid."""
    groups = (
        pairs.groupby(["vendor", "project_name", "question"], sort=False)
        .size()
        .sort_values(ascending=False, kind="stable")
    )
    options = [
        f"{vendor_name(vendor)} · {project} · {question}"
        for vendor, project, question in groups.index
    ]
    chosen = st.selectbox(
        "Question",
        options,
        key="agreement_question",
        width=520,
        help="Questions with the most annotator pairs first.",
    )
    vendor, project, question = groups.index[options.index(chosen)]
    one = pairs[
        (pairs["vendor"] == vendor)
        & (pairs["project_name"] == project)
        & (pairs["question"] == question)
    ]
    both_ways = pd.concat(
        [
            one,
            one.rename(columns={"annotator_a": "annotator_b", "annotator_b": "annotator_a"}),
        ]
    )
    # white numbers on the dark ends of the scale
    both_ways["text_color"] = [
        "white" if pd.notna(kappa) and abs(kappa) > 0.55 else "#262730"
        for kappa in both_ways["cohens_kappa"]
    ]
    names = sorted(set(both_ways["annotator_a"]))
    base = alt.Chart(both_ways).encode(
        x=alt.X(
            "annotator_a:N",
            title=None,
            sort=names,
            axis=alt.Axis(labelAngle=-40, labelLimit=200, labelOverlap=False, orient="top"),
        ),
        y=alt.Y("annotator_b:N", title=None, sort=names, axis=alt.Axis(labelLimit=220)),
        tooltip=[
            alt.Tooltip("annotator_a:N", title="Annotator"),
            alt.Tooltip("annotator_b:N", title="Peer"),
            alt.Tooltip("items_in_common:Q", title="Items in common"),
            alt.Tooltip("answers_agreed:Q", title="Same answer"),
            alt.Tooltip("observed_agreement:Q", title="Observed", format=".0%"),
            alt.Tooltip("expected_agreement:Q", title="By chance", format=".0%"),
            alt.Tooltip("cohens_kappa:Q", title="Kappa", format=".2f"),
        ],
    )
    # grey under every pair: a pair whose kappa is undefined stays grey
    undefined = base.mark_rect(stroke="white", color="#d9d9d9")
    cells = (
        base.transform_filter("isValid(datum.cohens_kappa)")
        .mark_rect(stroke="white")
        .encode(
            color=alt.Color(
                "cohens_kappa:Q",
                title="Kappa",
                scale=alt.Scale(scheme="redblue", domain=[-1, 1]),
                legend=alt.Legend(orient="right"),
            )
        )
    )
    counts = base.mark_text(fontSize=11).encode(
        text=alt.Text("items_in_common:Q"),
        color=alt.Color("text_color:N", scale=None),
    )
    chart = (
        (undefined + cells + counts)
        .resolve_scale(color="independent")
        .properties(height=alt.Step(30))
    )
    st.altair_chart(chart, width="stretch")
    st.caption(
        "Colour: Cohen's kappa of the pair on this question (grey: undefined, both always "
        "gave the same single answer); number: items both answered."
    )


def _agreement(context: Context) -> None:
    st.subheader("Who agrees with whom")
    if "fct_annotator_agreement" not in context.columns:
        empty("These marts predate fct_annotator_agreement: rebuild to see agreement.")
        return
    pairs = data.agreement_pairs(context.source, context.filters)
    if pairs.empty:
        empty(
            f"No two annotators answered the same classification question on an item for "
            f"{context.selection}: agreement needs Labelbox consensus labels, Dataloop class "
            "annotations or SuperAnnotate tags by several people."
        )
        return
    people = data.agreement_by_annotator(context.source, context.filters)
    st.caption(
        "Every pair of annotators who answered the same classification question on the same "
        "items (fct_annotator_agreement, over all history); each annotator's mean kappa "
        "against their peers, questions counted separately."
    )
    table(
        vendor_labels(percent(people, "mean_observed_agreement")),
        height=min(38 + 35 * len(people), 420),
        column_order=[
            "annotator_name",
            "vendor",
            "peers",
            "peer_pairs",
            "items_compared",
            "mean_observed_agreement",
            "mean_cohens_kappa",
        ],
        column_config={
            "annotator_name": st.column_config.TextColumn("Annotator", width=230),
            "vendor": st.column_config.TextColumn("Vendor", width=110),
            "peers": st.column_config.NumberColumn("Peers", width=60),
            "peer_pairs": st.column_config.NumberColumn(
                "Pairs", width=60, help="Peers times the questions they both answered."
            ),
            "items_compared": st.column_config.NumberColumn("Items compared", width=110),
            "mean_observed_agreement": st.column_config.NumberColumn(
                "Same answer", format="%.1f %%", width=95
            ),
            "mean_cohens_kappa": st.column_config.NumberColumn(
                "Mean kappa", format="%.2f", width=90, help=KAPPA_HELP
            ),
        },
    )
    _agreement_matrix(pairs)


def _scores(context: Context) -> None:
    projects = data.project_quality(context.source, context.filters)
    if projects.empty or not _has_scores(projects):
        empty(
            f"No benchmark or consensus scores for {context.selection}: of the five vendors "
            "only Labelbox exports them."
        )
        return
    st.subheader("By project")
    table(
        vendor_labels(_by_score(projects)),
        column_order=[
            "vendor",
            "project_name",
            "annotators",
            "labels_total",
            "kind",
            "labels_scored",
            "avg_score",
            "min_score",
            "labels_below_threshold",
        ],
        column_config=SCORE_COLUMNS,
    )
    st.subheader("By annotator")
    annotators = _by_score(data.annotator_quality(context.source, context.filters))
    table(
        annotators,
        height=min(38 + 35 * len(annotators), 420),
        column_order=[
            "project_name",
            "annotator_name",
            "labels_total",
            "kind",
            "labels_scored",
            "avg_score",
            "min_score",
            "labels_below_threshold",
        ],
        column_config=SCORE_COLUMNS,
    )
    _weak_labels(context)


def render(context: Context) -> None:
    header(
        context,
        "Quality",
        "Projects and annotators over all their labels (fct_project_quality, "
        "fct_quality_summary); the labels below follow the dates.",
    )
    _scores(context)
    _agreement(context)
    page_done("quality")

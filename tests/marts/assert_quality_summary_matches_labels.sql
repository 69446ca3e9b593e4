-- The quality roll-ups lose no label: per vendor and project, labels_total (and the scored
-- counts) of fct_quality_summary and of fct_project_quality equal fct_labels'. Fails with every
-- project whose figures differ.
with

labels as (
    select * from {{ ref('fct_labels') }}
),

quality_summary as (
    select * from {{ ref('fct_quality_summary') }}
),

project_quality as (
    select * from {{ ref('fct_project_quality') }}
),

label_counts as (
    select
        vendor,
        project_id,
        count(*) as labels_total,
        count(benchmark_score) as labels_with_benchmark,
        count(consensus_score) as labels_with_consensus
    from labels
    group by 1, 2
),

summary_counts as (
    select
        vendor,
        project_id,
        sum(labels_total) as labels_total,
        coalesce(sum(labels_with_benchmark), 0) as labels_with_benchmark,
        coalesce(sum(labels_with_consensus), 0) as labels_with_consensus,
        sum(labels_below_threshold) as labels_below_threshold
    from quality_summary
    group by 1, 2
),

compared as (
    select
        label_counts.vendor,
        label_counts.project_id,
        label_counts.labels_total,
        summary_counts.labels_total as summary_labels_total,
        project_quality.labels_total as project_labels_total,
        label_counts.labels_with_benchmark,
        summary_counts.labels_with_benchmark as summary_labels_with_benchmark,
        label_counts.labels_with_consensus,
        summary_counts.labels_with_consensus as summary_labels_with_consensus,
        summary_counts.labels_below_threshold as summary_labels_below_threshold,
        project_quality.labels_below_threshold as project_labels_below_threshold
    from label_counts
    left join summary_counts
        on label_counts.vendor = summary_counts.vendor
            and label_counts.project_id = summary_counts.project_id
    left join project_quality
        on label_counts.vendor = project_quality.vendor
            and label_counts.project_id = project_quality.project_id
)

select * from compared
where
    summary_labels_total is null
    or project_labels_total is null
    or labels_total <> summary_labels_total
    or labels_total <> project_labels_total
    or labels_with_benchmark <> summary_labels_with_benchmark
    or labels_with_consensus <> summary_labels_with_consensus
    or coalesce(summary_labels_below_threshold, -1) <> coalesce(project_labels_below_threshold, -1)

{#- Quality per vendor, project and annotator: how many labels, how many carry a benchmark or
    consensus score, their averages (NULL scores, the "not computed" sentinel included, are
    left out), and the labels whose benchmark or consensus score is below the
    quality_threshold var (each label counted once). Vendors that compute no scores get NULL
    counts, never 0. -#}
{%- set scoring_vendors = "'labelbox'" %}
with

labels as (
    select * from {{ ref('fct_labels') }}
),

labels_flagged as (
    select
        vendor,
        project_id,
        labeler_id as annotator_id,
        benchmark_score,
        consensus_score,
        case
            when
                benchmark_score < {{ quality_threshold() }}
                or consensus_score < {{ quality_threshold() }}
                then 1
            else 0
        end as is_below_threshold
    from labels
),

summary as (
    select
        vendor,
        project_id,
        annotator_id,
        count(*) as labels_total,
        count(benchmark_score) as labels_with_benchmark,
        avg(benchmark_score) as avg_benchmark_score,
        min(benchmark_score) as min_benchmark_score,
        count(consensus_score) as labels_with_consensus,
        avg(consensus_score) as avg_consensus_score,
        cast(sum(is_below_threshold) as {{ dbt.type_bigint() }}) as labels_below_threshold
    from labels_flagged
    group by 1, 2, 3
),

final as (
    select
        vendor,
        project_id,
        annotator_id,
        labels_total,
        case when vendor in ({{ scoring_vendors }}) then labels_with_benchmark end as labels_with_benchmark,
        avg_benchmark_score,
        min_benchmark_score,
        case when vendor in ({{ scoring_vendors }}) then labels_with_consensus end as labels_with_consensus,
        avg_consensus_score,
        case when vendor in ({{ scoring_vendors }}) then labels_below_threshold end as labels_below_threshold
    from summary
)

select * from final

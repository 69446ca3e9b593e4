{#- fct_quality_summary rolled up to the project: the same figures over all the project's
    labels (averages weighted by each annotator's scored labels), plus the number of
    annotators who labeled in it. -#}
with

annotator_quality as (
    select * from {{ ref('fct_quality_summary') }}
),

final as (
    select
        vendor,
        project_id,
        count(distinct annotator_id) as annotators,
        cast(sum(labels_total) as {{ dbt.type_bigint() }}) as labels_total,
        cast(sum(labels_with_benchmark) as {{ dbt.type_bigint() }}) as labels_with_benchmark,
        sum(avg_benchmark_score * labels_with_benchmark)
        / nullif(sum(case when avg_benchmark_score is not null then labels_with_benchmark end), 0)
            as avg_benchmark_score,
        min(min_benchmark_score) as min_benchmark_score,
        cast(sum(labels_with_consensus) as {{ dbt.type_bigint() }}) as labels_with_consensus,
        sum(avg_consensus_score * labels_with_consensus)
        / nullif(sum(case when avg_consensus_score is not null then labels_with_consensus end), 0)
            as avg_consensus_score,
        cast(sum(labels_below_threshold) as {{ dbt.type_bigint() }}) as labels_below_threshold
    from annotator_quality
    group by 1, 2
)

select * from final

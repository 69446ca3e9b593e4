-- Who are our fastest and most accurate annotators this month?
-- Speed: labeling seconds per item labeled; accuracy: first-pass approval and benchmark score.
-- "This month" is the calendar month of as_of_date, across every vendor.
with

daily as (
    select * from {{ ref('fct_annotator_daily') }}
),

annotators as (
    select * from {{ ref('dim_annotators') }}
),

quality as (
    select * from {{ ref('fct_quality_summary') }}
),

this_month as (
    select
        annotator_id,
        vendor,
        sum(items_labeled) as items_labeled,
        sum(labeling_seconds) as labeling_seconds,
        sum(approve_events) as approve_events,
        sum(rejection_events) as rejection_events
    from daily
    where activity_date >= {{ dbt.date_trunc('month', "cast('" ~ as_of_date() ~ "' as date)") }}
    group by 1, 2
),

final as (
    select
        annotators.person_id,
        coalesce(annotators.display_name, annotators.vendor_user_id) as annotator,
        this_month.vendor,
        this_month.items_labeled,
        this_month.labeling_seconds / nullif(this_month.items_labeled, 0) as seconds_per_item,
        this_month.approve_events,
        this_month.rejection_events,
        quality.avg_benchmark_score,
        quality.avg_consensus_score
    from this_month
    inner join annotators on this_month.annotator_id = annotators.annotator_id
    left join quality
        on this_month.annotator_id = quality.annotator_id
            and this_month.vendor = quality.vendor
    where this_month.items_labeled > 0
)

select * from final
order by seconds_per_item asc nulls last, avg_benchmark_score desc nulls last

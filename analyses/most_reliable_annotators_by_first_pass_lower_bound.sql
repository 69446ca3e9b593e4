-- Who is really best at first pass? Annotators ranked by the lower end of the 95 % Wilson
-- interval of their first-pass approval rate over the retention window, so that two perfect
-- reviews do not outrank forty good ones; the interval's width shows how much the rate is
-- still a guess. Speed beside it: median and 90th percentile labeling seconds per item.
with

performance as (
    select * from {{ ref('fct_annotator_performance') }}
),

annotators as (
    select * from {{ ref('dim_annotators') }}
),

final as (
    select
        performance.vendor,
        performance.project_id,
        annotators.person_id,
        coalesce(annotators.display_name, annotators.vendor_user_id) as annotator,
        performance.items_reviewed,
        performance.first_pass_approved_items,
        performance.first_pass_approval_rate,
        performance.first_pass_approval_rate_lower_95,
        performance.first_pass_approval_rate_upper_95,
        performance.median_seconds_per_item,
        performance.p90_seconds_per_item
    from performance
    inner join annotators on performance.annotator_id = annotators.annotator_id
    where performance.source = 'computed' and performance.items_reviewed > 0
)

select * from final
order by first_pass_approval_rate_lower_95 desc, items_reviewed desc

-- First-pass approval by vendor over the retention window: the share of reviewed items
-- approved without ever being rejected (Roboflow's own figures beside the computed ones).
with

performance as (
    select * from {{ ref('fct_annotator_performance') }}
),

final as (
    select
        vendor,
        source,
        sum(items_reviewed) as items_reviewed,
        sum(first_pass_approved_items) as first_pass_approved_items,
        sum(rejection_events) as rejection_events,
        sum(first_pass_approved_items) * 1.0 / nullif(sum(items_reviewed), 0) as first_pass_approval_rate
    from performance
    group by 1, 2
)

select * from final
order by vendor, source

{#- Time spent on each item, every vendor, over its whole history (int_item_times_unioned:
    each vendor's rule in its int_<vendor>__item_times model), and the item's bucket of
    labeling time (edges from the time_buckets seed: lower edge included, upper excluded).
    A sum over no reported durations is NULL. -#}
with

items_unioned as (
    select * from {{ ref('int_item_times_unioned') }}
),

time_buckets as (
    select * from {{ ref('time_buckets') }}
),

final as (
    select
        items_unioned.vendor,
        items_unioned.project_id,
        items_unioned.item_id,
        items_unioned.annotation_seconds,
        items_unioned.review_seconds,
        time_buckets.time_bucket
    from items_unioned
    left join time_buckets
        on items_unioned.annotation_seconds >= time_buckets.lower_seconds
            and (
                items_unioned.annotation_seconds < time_buckets.upper_seconds
                or time_buckets.upper_seconds is null
            )
)

select * from final

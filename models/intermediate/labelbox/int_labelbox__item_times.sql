{#- Time spent on each Labelbox data row over its whole history: the sum of its labels'
    seconds_to_create (labeling) and seconds_to_review (review), over int_labelbox__labels;
    NULL when no label reports any. -#}

with

labels as (
    select * from {{ ref('int_labelbox__labels') }}
),

final as (
    select
        vendor,
        project_id,
        item_id,
        sum(seconds_to_create) as annotation_seconds,
        sum(seconds_to_review) as review_seconds
    from labels
    group by 1, 2, 3
)

select * from final

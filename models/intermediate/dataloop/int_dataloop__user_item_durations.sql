{#- One row per Dataloop item and user (compared case-insensitively): the user's annotation
    time on the item, the sum of its itemAnnotationDuration rows over every project and
    request. Rows without a user cannot be credited and are left out. -#}

with

item_annotation_durations as (
    select * from {{ ref('stg_dataloop__item_annotation_durations') }}
),

final as (
    select
        item_id,
        lower(user_id) as user_key,
        sum(duration_seconds) as duration_seconds
    from item_annotation_durations
    where user_id is not null
    group by 1, 2
)

select * from final

{#- One row per vendor and media ID: the file a task is about, its parent (CrowdAI
    transformed media), dataset, media type and frame count. -#}
with

media as (
    select * from {{ ref('int_media_unioned') }}
),

final as (
    select
        {{ surrogate_key(['vendor', 'media_id']) }} as media_key,
        vendor,
        media_id,
        parent_media_id,
        dataset_id,
        media_name,
        media_type,
        frame_count,
        parent_media_id is not null as has_parent,
        has_vendor_media_id
    from media
)

select * from final

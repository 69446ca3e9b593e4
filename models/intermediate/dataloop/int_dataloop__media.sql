{#- Dataloop media, one row per item: dataset, file name, media type from the MIME type. -#}

with

items as (
    select * from {{ ref('stg_dataloop__items') }}
),

final as (
    select
        vendor,
        item_id as media_id,
        dataset_id,
        filename as media_name,
        media_type,
        true as has_vendor_media_id,
        false as is_in_media_file
    from items
)

select * from final

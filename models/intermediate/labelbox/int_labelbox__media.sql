{#- Labelbox media, one row per data row: dataset, name (global key, else external ID),
    media type and frame count. -#}

with

data_rows as (
    select * from {{ ref('stg_labelbox__data_rows') }}
),

final as (
    select
        vendor,
        data_row_id as media_id,
        dataset_id,
        coalesce(global_key, external_id) as media_name,
        media_type,
        frame_count,
        true as has_vendor_media_id,
        false as is_in_media_file
    from data_rows
)

select * from final

with

source as (
    select * from {{ ref('base_dataloop__items') }}
    where rejection_reason is null and not is_duplicate
),

renamed as (
    select
        vendor,
        item_id,
        dataset_id,
        filename,
        mimetype,
        {#- image, video, audio, text...: the type part of the MIME type. -#}
        nullif(lower({{ dbt.split_part('mimetype', "'/'", 1) }}), '') as media_type,
        item_status_raw,
        case
            when item_status_raw is not null
                then {{ vocabulary_lookup(
                    'status_map', 'dataloop', 'item_status_raw', 'status_key', 'status', "'custom'",
                ) }}
        end as item_status,
        source_file,
        source_row
    from source
)

select * from renamed

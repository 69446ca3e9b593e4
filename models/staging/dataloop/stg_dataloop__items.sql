{{ config(**incremental_by_base_rows('base_dataloop__items', 'dataloop', 'items')) }}

with

source as (
    select * from {{ base_rows(ref('base_dataloop__items')) }} as base_records
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
        source_row,
        source_loaded_at,
        base_written_at
    from source
)

select * from renamed

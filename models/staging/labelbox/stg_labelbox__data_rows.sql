{#- One row per Labelbox data row (the newest export's copy). A data-row timestamp or number
    that does not parse does not reject the line: the value is NULL, its text stays in the
    `_raw` column and its name is listed in invalid_fields. -#}

{{ config(**incremental_by_base_rows('base_labelbox__export_v2', 'labelbox', 'export_v2')) }}

with

source as (
    select * from {{ base_rows(ref('base_labelbox__export_v2')) }} as export_lines
    where rejection_reason is null and not is_duplicate
),

extracted as (
    select
        vendor,
        data_row_id,
        {{ json_text('raw_record', 'data_row.global_key') }} as global_key,
        {{ json_text('raw_record', 'data_row.external_id') }} as external_id,
        {{ json_text('raw_record', 'data_row.row_data') }} as row_data,
        {{ json_text('raw_record', 'data_row.details.dataset_id') }} as dataset_id,
        {{ json_text('raw_record', 'data_row.details.dataset_name') }} as dataset_name,
        {{ json_text('raw_record', 'data_row.details.created_by') }} as created_by,
        {{ json_text('raw_record', 'data_row.details.created_at') }} as created_at_raw,
        {{ json_text('raw_record', 'data_row.details.updated_at') }} as updated_at_raw,
        {{ json_text('raw_record', 'data_row.details.last_activity_at') }} as last_activity_at_raw,
        coalesce(
            {{ json_text('raw_record', 'media_attributes.media_type') }},
            {{ json_text('raw_record', 'media_attributes.asset_type') }}
        ) as declared_media_type,
        {{ json_text('raw_record', 'media_attributes.mime_type') }} as mime_type,
        {{ json_text('raw_record', 'media_attributes.frame_count') }} as frame_count_raw,
        {{ json_type('raw_record', 'projects') }} = 'object' as has_projects,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from source
),

renamed as (
    select
        vendor,
        data_row_id,
        global_key,
        external_id,
        row_data,
        dataset_id,
        dataset_name,
        created_by,
        lower(coalesce(
            declared_media_type,
            case when mime_type like '%/%' then {{ dbt.split_part('mime_type', "'/'", 1) }} end
        )) as media_type,
        mime_type,
        {{ try_cast_integer('frame_count_raw') }} as frame_count,
        frame_count_raw,
        {{ try_cast_timestamp('created_at_raw') }} as created_at,
        {{ try_cast_timestamp('updated_at_raw') }} as updated_at,
        {{ try_cast_timestamp('last_activity_at_raw') }} as last_activity_at,
        created_at_raw,
        updated_at_raw,
        last_activity_at_raw,
        coalesce(has_projects, false) as has_projects,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from extracted
),

flagged as (
    select
        *,
        nullif(concat_ws(
            ',',
            case when {{ unparseable('created_at_raw', 'created_at') }} then 'created_at' end,
            case when {{ unparseable('updated_at_raw', 'updated_at') }} then 'updated_at' end,
            case
                when {{ unparseable('last_activity_at_raw', 'last_activity_at') }}
                    then 'last_activity_at'
            end,
            case when {{ unparseable('frame_count_raw', 'frame_count') }} then 'frame_count' end
        ), '') as invalid_fields
    from renamed
)

select * from flagged

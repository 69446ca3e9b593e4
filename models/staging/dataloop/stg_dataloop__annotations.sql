{#- One row per annotation of a staged item (items' `annotations[]`). The base model has
    already rejected items whose annotations lack an ID or carry a timestamp that does not
    parse, so created_at / updated_at are NULL here only where the export left them out. -#}

{{ config(**incremental_by_base_rows('base_dataloop__items', 'dataloop', 'items')) }}

with

source as (
    select * from {{ base_rows(ref('base_dataloop__items')) }} as base_records
    where rejection_reason is null and not is_duplicate
),

annotations_unnested as (
    select
        source.vendor,
        source.item_id,
        source.dataset_id,
        cast(annotation.annotation_key as bigint) + 1 as annotation_position,
        annotation.annotation_value as annotation_json,
        source.source_file,
        source.source_row,
        source.source_loaded_at,
        source.base_written_at
    from source
    {{ json_each('source.item_json', 'annotations', 'annotation') }}
),

extracted as (
    select
        vendor,
        item_id,
        dataset_id,
        annotation_position,
        trim({{ json_text('annotation_json', 'id') }}) as annotation_id,
        trim({{ json_text('annotation_json', 'creator') }}) as creator,
        {{ json_text('annotation_json', 'createdAt') }} as created_at_raw,
        trim({{ json_text('annotation_json', 'updatedBy') }}) as updated_by,
        {{ json_text('annotation_json', 'updatedAt') }} as updated_at_raw,
        {{ json_text('annotation_json', 'label') }} as label,  -- noqa: RF04
        trim({{ json_text('annotation_json', 'type') }}) as annotation_type,
        trim({{ json_text('annotation_json', 'metadata.system.status') }}) as annotation_status_raw,
        {{ json_text('annotation_json', 'metadata.system.automated') }} as is_automated_raw,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from annotations_unnested
),

renamed as (
    select
        vendor,
        annotation_id,
        item_id,
        dataset_id,
        annotation_position,
        creator,
        updated_by,
        label,
        annotation_type,
        annotation_status_raw,
        nullif(lower(trim(annotation_status_raw)), '') as annotation_status,
        {{ vocabulary_lookup(
            'review_action_map', 'dataloop', 'annotation_status_raw', 'action_key', 'review_outcome',
        ) }} as review_outcome,
        is_automated_raw,
        {{ try_cast_boolean('is_automated_raw') }} as is_automated,
        created_at_raw,
        {{ try_cast_timestamp('created_at_raw') }} as created_at,
        updated_at_raw,
        {{ try_cast_timestamp('updated_at_raw') }} as updated_at,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from extracted
)

select * from renamed

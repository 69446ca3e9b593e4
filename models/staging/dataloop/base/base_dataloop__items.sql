{#- One row per Dataloop item. The parser reads a file holding a list as one record per item
    (source_row = the item's 1-based position in the list) and any other file as one record:
    one item object (source_row 1), text that does not parse (rejected as invalid_json) or an
    empty list (rejected as empty_item_list), so every file is accounted for.
    The item's ID is `id`, or `_id` as in dtlpy's JSON exports (the real sample). Its metadata
    is `metadata`, or `itemMetadata` as in those exports.
    The nested annotations and task status log are unnested by the stg models; a nested value
    that would be lost there (an annotation without ID, a timestamp that does not parse, a
    status log entry without time) rejects the whole item, so that it reaches
    audit_rejected_rows with a reason instead of staging as a silent NULL. -#}

{{ config(**incremental_by_file('dataloop', 'items')) }}

with

source as (
    {{ archived_rows('dataloop', 'items') }}
),

records as (
    select
        source_file,
        source_row,
        source_loaded_at,
        raw_record,
        list_index,
        {{ json_is_valid('raw_record') }} as is_valid_json
    from source
),

{# A file read whole that holds a list holds an empty one (the parser splits the others).
    The file is wrapped in an object so that its root can be addressed by a path. #}
records_classified as (
    select
        source_file,
        source_row,
        source_loaded_at,
        raw_record,
        is_valid_json,
        coalesce(
            case
                when list_index is null and is_valid_json
                    then {{ json_array_length(dbt.concat(["'{\"file\": '", 'raw_record', "'}'"]), 'file') }}
            end = 0,
            false
        ) as is_empty_list
    from records
),

renamed as (
    select
        'dataloop' as vendor,
        'items' as source_name,
        source_file,
        source_row,
        source_loaded_at,
        raw_record,
        is_valid_json,
        is_empty_list,
        case when is_valid_json then raw_record end as item_json
    from records_classified
),

items_with_metadata as (
    select
        *,
        coalesce(
            {{ json_fragment('item_json', 'metadata') }},
            {{ json_fragment('item_json', 'itemMetadata') }}
        ) as item_metadata_json
    from renamed
),

extracted as (
    select
        vendor,
        source_name,
        source_file,
        source_row,
        source_loaded_at,
        raw_record,
        is_valid_json,
        item_json,
        item_metadata_json,
        is_empty_list,
        coalesce(
            nullif(trim({{ json_text('item_json', 'id') }}), ''),
            nullif(trim({{ json_text('item_json', '_id') }}), '')
        ) as item_id,
        trim({{ json_text('item_json', 'filename') }}) as filename,
        coalesce(
            nullif(trim({{ json_text('item_json', 'datasetId') }}), ''),
            nullif(trim({{ json_text('item_json', 'dataset') }}), ''),
            {{ json_pick(
                'items_with_metadata.item_json', 'annotations', 'first_annotation',
                "coalesce(
                    nullif(trim(" ~ json_text('first_annotation.first_annotation_value', 'datasetId') ~ "), ''),
                    nullif(trim(" ~ json_text('first_annotation.first_annotation_value', 'dataset') ~ "), '')
                )",
                "first_annotation.first_annotation_key = '0'",
            ) }}
        ) as dataset_ref,
        trim({{ json_text('item_metadata_json', 'system.mimetype') }}) as mimetype,
        coalesce(
            nullif(trim({{ json_text('item_json', 'status') }}), ''),
            nullif(trim({{ json_text('item_metadata_json', 'system.status') }}), '')
        ) as item_status_raw,
        {{ json_fragment('item_json', 'annotations') }} as annotations_json,
        {{ json_fragment('item_metadata_json', 'system.taskStatusLog') }} as task_status_log_json
    from items_with_metadata
),

{# The nested checks: annotations and status log entries that could not be staged. #}
nested_checked as (
    select
        *,
        {#- `dataset` may be the dataset's API URL: its last path segment is the ID. -#}
        
        case
            when dataset_ref like '%/%' then {{ dbt.split_part('extracted.dataset_ref', "'/'", -1) }}
            else dataset_ref
        end as dataset_id,
        {{ json_any(
            'extracted.item_json', 'annotations', 'annotation',
            blank(json_text('annotation.annotation_value', 'id')),
        ) }} as has_annotation_without_id,
        {{ json_any('extracted.item_json', 'annotations', 'annotation', unparseable(
                json_text('annotation.annotation_value', 'createdAt'),
                try_cast_timestamp(json_text('annotation.annotation_value', 'createdAt')),
            )) }} as has_unparseable_annotation_created_at,
        {{ json_any('extracted.item_json', 'annotations', 'annotation', unparseable(
                json_text('annotation.annotation_value', 'updatedAt'),
                try_cast_timestamp(json_text('annotation.annotation_value', 'updatedAt')),
            )) }} as has_unparseable_annotation_updated_at,
        {{ json_any(
            'extracted.item_metadata_json', 'system.taskStatusLog', 'log_entry',
            blank(json_text('log_entry.log_entry_value', 'status.timestamp')),
        ) }} as has_task_status_without_timestamp,
        {{ json_any('extracted.item_metadata_json', 'system.taskStatusLog', 'log_entry', unparseable(
                json_text('log_entry.log_entry_value', 'status.timestamp'),
                try_cast_timestamp(json_text('log_entry.log_entry_value', 'status.timestamp')),
            )) }} as has_unparseable_task_status_timestamp
    from extracted
),

validated as (
    select
        *,
        {{ first_rejection_reason([
            ('not is_valid_json', 'invalid_json'),
            ('is_empty_list', 'empty_item_list'),
            ('item_id is null', 'missing_item_id'),
            ('has_annotation_without_id', 'missing_annotation_id'),
            ('has_unparseable_annotation_created_at', 'unparseable_annotation_created_at'),
            ('has_unparseable_annotation_updated_at', 'unparseable_annotation_updated_at'),
            ('has_task_status_without_timestamp', 'missing_task_status_timestamp'),
            ('has_unparseable_task_status_timestamp', 'unparseable_task_status_timestamp'),
        ]) }} as rejection_reason
    from nested_checked
),

selected as (
    select
        vendor,
        source_name,
        source_file,
        source_row,
        source_loaded_at,
        raw_record,
        item_id,
        filename,
        dataset_id,
        mimetype,
        item_status_raw,
        item_json,
        item_metadata_json,
        annotations_json,
        task_status_log_json,
        rejection_reason
    from validated
),

{{ newest_file_wins('selected', 'dataloop', 'items', ['item_id']) }}

select * from final

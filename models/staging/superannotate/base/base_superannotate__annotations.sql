with

source as (
    select * from {{ source('superannotate', 'annotations') }}
),

parsed as (
    select
        'superannotate' as vendor,
        'annotations' as source_name,
        source_file,
        source_row,
        raw_record,
        {{ json_is_valid('raw_record') }} as is_valid_json
    from source
),

renamed as (
    select
        vendor,
        source_name,
        source_file,
        source_row,
        raw_record,
        is_valid_json,
        case when is_valid_json then nullif(trim({{ json_text('raw_record', 'metadata.projectId') }}), '') end
            as project_id,
        case when is_valid_json then nullif(trim({{ json_text('raw_record', 'metadata.name') }}), '') end
            as item_name,
        case when is_valid_json then nullif(trim({{ json_text('raw_record', 'metadata.status') }}), '') end
            as status_raw,
        case when is_valid_json then nullif(trim({{ json_text('raw_record', 'metadata.annotatorEmail') }}), '') end
            as annotator_email,
        case when is_valid_json then nullif(trim({{ json_text('raw_record', 'metadata.qaEmail') }}), '') end
            as qa_email,
        case when is_valid_json then nullif(trim({{ json_text('raw_record', 'metadata.lastAction.email') }}), '') end
            as last_action_email,
        case when is_valid_json then {{ json_text('raw_record', 'metadata.lastAction.timestamp') }} end
            as last_action_timestamp_raw,
        case when is_valid_json then {{ json_type('raw_record', 'instances') }} end as instances_type
    from parsed
),

converted as (
    select
        *,
        {{ try_cast_timestamp('last_action_timestamp_raw') }} as last_action_at,
        {#- An instance whose createdAt or updatedAt is given but does not parse. -#}
        case
            when instances_type = 'array' then exists (
                select 1
                from (select renamed.raw_record as item_record) as item_records
                {{ json_each('item_records.item_record', 'instances', 'instance') }}
                where {{ unparseable(
                    json_text('instance.instance_value', 'createdAt'),
                    try_cast_timestamp(json_text('instance.instance_value', 'createdAt')),
                ) }}
            )
            else false
        end as has_unparseable_created_at,
        case
            when instances_type = 'array' then exists (
                select 1
                from (select renamed.raw_record as item_record) as item_records
                {{ json_each('item_records.item_record', 'instances', 'instance') }}
                where {{ unparseable(
                    json_text('instance.instance_value', 'updatedAt'),
                    try_cast_timestamp(json_text('instance.instance_value', 'updatedAt')),
                ) }}
            )
            else false
        end as has_unparseable_updated_at
    from renamed
),

validated as (
    select
        *,
        {{ first_rejection_reason([
            ('not is_valid_json', 'invalid_json'),
            ('project_id is null', 'missing_project_id'),
            ('item_name is null', 'missing_item_name'),
            (unparseable('last_action_timestamp_raw', 'last_action_at'), 'unparseable_last_action_timestamp'),
            ('has_unparseable_created_at', 'unparseable_instance_created_at'),
            ('has_unparseable_updated_at', 'unparseable_instance_updated_at'),
        ]) }} as rejection_reason
    from converted
),

final as (
    {#- One item per project and name: the newest export of an item wins. -#}
    select
        *,
        {{ is_superseded(['project_id', 'item_name']) }} as is_duplicate
    from validated
)

select * from final

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

guarded as (
    {#- JSON functions only ever see parseable text: json_record is NULL for a file that
        does not parse (a CASE guard alone is not enough once the optimiser folds constants). -#}
    select
        *,
        case when is_valid_json then raw_record end as json_record
    from parsed
),

renamed as (
    select
        vendor,
        source_name,
        source_file,
        source_row,
        raw_record,
        is_valid_json,
        json_record,
        nullif(trim({{ json_text('json_record', 'metadata.projectId') }}), '') as project_id,
        nullif(trim({{ json_text('json_record', 'metadata.name') }}), '') as item_name,
        nullif(trim({{ json_text('json_record', 'metadata.status') }}), '') as status_raw,
        nullif(trim({{ json_text('json_record', 'metadata.annotatorEmail') }}), '') as annotator_email,
        nullif(trim({{ json_text('json_record', 'metadata.qaEmail') }}), '') as qa_email,
        nullif(trim({{ json_text('json_record', 'metadata.lastAction.email') }}), '') as last_action_email,
        {{ json_text('json_record', 'metadata.lastAction.timestamp') }} as last_action_timestamp_raw,
        {{ json_type('json_record', 'instances') }} as instances_type
    from guarded
),

converted as (
    select
        *,
        {{ try_cast_timestamp('last_action_timestamp_raw') }} as last_action_at,
        {#- An instance whose createdAt or updatedAt is given but does not parse. -#}
        {%- set created_at_text = json_text('instance.instance_value', 'createdAt') %}
        {%- set updated_at_text = json_text('instance.instance_value', 'updatedAt') %}
        coalesce(instances_type = 'array', false) and {{ json_any(
            'renamed.json_record', 'instances', 'instance',
            unparseable(created_at_text, try_cast_timestamp(created_at_text)),
        ) }} as has_unparseable_created_at,
        coalesce(instances_type = 'array', false) and {{ json_any(
            'renamed.json_record', 'instances', 'instance',
            unparseable(updated_at_text, try_cast_timestamp(updated_at_text)),
        ) }} as has_unparseable_updated_at
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

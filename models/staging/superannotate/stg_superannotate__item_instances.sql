with

source as (
    select * from {{ ref('base_superannotate__annotations') }}
    where rejection_reason is null and not is_duplicate
),

unnested as (
    select
        source.vendor,
        source.project_id,
        source.item_name,
        cast(instance.instance_key as {{ dbt.type_int() }}) + 1 as instance_index,
        instance.instance_value,
        source.source_file,
        source.source_row
    from source
    {{ json_each('source.raw_record', 'instances', 'instance') }}
    where source.instances_type = 'array'
),

extracted as (
    select
        vendor,
        project_id,
        item_name,
        instance_index,
        nullif(trim({{ json_text('instance_value', 'type') }}), '') as instance_type,
        nullif(trim({{ json_text('instance_value', 'classId') }}), '') as class_id,
        nullif(trim({{ json_text('instance_value', 'className') }}), '') as class_name,
        nullif(trim({{ json_text('instance_value', 'createdBy.email') }}), '') as created_by_email,
        nullif(trim({{ json_text('instance_value', 'createdBy.role') }}), '') as created_by_role,
        nullif(trim({{ json_text('instance_value', 'updatedBy.email') }}), '') as updated_by_email,
        nullif(trim({{ json_text('instance_value', 'updatedBy.role') }}), '') as updated_by_role,
        nullif(trim({{ json_text('instance_value', 'creationType') }}), '') as creation_type,
        {{ try_cast_timestamp(json_text('instance_value', 'createdAt')) }} as created_at,
        {{ try_cast_timestamp(json_text('instance_value', 'updatedAt')) }} as updated_at,
        source_file,
        source_row
    from unnested
),

renamed as (
    {#- creationType: `Manual` for hand-drawn instances (the real samples); the SDK writes
        `Preannotation` for uploaded pre-annotations and `Prediction` for model predictions.
        Those, and other model/AI spellings, count as model-assisted; NULL when absent. -#}
    {%- set model_assisted_creation_types = "'" ~ [
        'prediction', 'predicted', 'preannotation', 'preannotated', 'model', 'modelassisted',
        'ai', 'aiassisted', 'autoannotation', 'autoannotate', 'automatic', 'automated',
    ] | join("', '") ~ "'" %}
    select
        vendor,
        project_id,
        item_name,
        instance_index,
        instance_type,
        class_id,
        class_name,
        created_by_email,
        created_by_role,
        updated_by_email,
        updated_by_role,
        creation_type,
        case
            when creation_type is not null
                then {{ normalize_enum('creation_type') }} in ({{ model_assisted_creation_types }})
        end as is_model_assisted,
        created_at,
        updated_at,
        source_file,
        source_row
    from extracted
)

select * from renamed

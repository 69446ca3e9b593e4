{#- One row per attribute of a tag instance (`instances[]` with type `tag`) in the
    SuperAnnotate item annotation JSON: the attribute group is the question asked about the
    tag's class, the attribute's name the option chosen. A tag without attributes answers
    nothing and has no row. Items are keyed by (project_id, item_name), as in
    stg_superannotate__item_instances. -#}

with

source as (
    select * from {{ ref('base_superannotate__annotations') }}
    where rejection_reason is null and not is_duplicate
),

instances as (
    select
        source.vendor,
        source.project_id,
        source.item_name,
        cast(instance.instance_key as {{ dbt.type_int() }}) + 1 as instance_index,
        instance.instance_value as instance_json,
        source.source_file,
        source.source_row
    from source
    {{ json_each('source.raw_record', 'instances', 'instance') }}
    where source.instances_type = 'array'
),

tags as (
    select *
    from instances
    where lower(trim({{ json_text('instance_json', 'type') }})) = 'tag'
),

attributes as (
    select
        tags.vendor,
        tags.project_id,
        tags.item_name,
        tags.instance_index,
        cast(tag_attribute.tag_attribute_key as {{ dbt.type_int() }}) + 1 as attribute_index,
        tags.instance_json,
        tag_attribute.tag_attribute_value as attribute_json,
        tags.source_file,
        tags.source_row
    from tags
    {{ json_each('tags.instance_json', 'attributes', 'tag_attribute') }}
),

renamed as (
    select
        vendor,
        project_id,
        item_name,
        instance_index,
        attribute_index,
        nullif(trim({{ json_text('instance_json', 'classId') }}), '') as class_id,
        nullif(trim({{ json_text('instance_json', 'className') }}), '') as class_name,
        nullif(trim({{ json_text('instance_json', 'createdBy.email') }}), '') as created_by_email,
        {{ try_cast_timestamp(json_text('instance_json', 'createdAt')) }} as created_at,
        nullif(trim({{ json_text('attribute_json', 'groupId') }}), '') as group_id,
        nullif(trim({{ json_text('attribute_json', 'groupName') }}), '') as group_name,
        nullif(trim({{ json_text('attribute_json', 'id') }}), '') as attribute_id,
        {{ json_text('attribute_json', 'name') }} as attribute_name,
        source_file,
        source_row
    from attributes
)

select * from renamed

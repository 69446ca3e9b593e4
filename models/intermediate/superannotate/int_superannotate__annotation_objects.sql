{#- SuperAnnotate annotation objects with their authors, one row per instance of the item
    JSON export: who created it and when, who last updated it and when. The export names the
    item by name only: item_id is the item name. -#}

with

item_instances as (
    select * from {{ ref('stg_superannotate__item_instances') }}
),

final as (
    select
        vendor,
        project_id,
        item_name as item_id,
        created_by_email as created_by,
        created_at,
        updated_by_email as updated_by,
        updated_at,
        source_file,
        source_row,
        instance_index
    from item_instances
)

select * from final

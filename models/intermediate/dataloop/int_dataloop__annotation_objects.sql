{#- Dataloop annotation objects with their authors, one row per annotation: who created it
    and when, who last updated it and when; the project is the item's
    (int_dataloop__annotations). -#}

with

annotations as (
    select * from {{ ref('int_dataloop__annotations') }}
),

final as (
    select
        annotation_id,
        vendor,
        project_id,
        item_id,
        creator as created_by,
        created_at,
        updated_by,
        updated_at,
        source_file,
        source_row
    from annotations
)

select * from final
